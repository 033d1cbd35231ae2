"""Generate the sample engagement's survey export: a KoboToolbox-style XLSX of made-up answers.

    .venv/bin/python scripts/gen_sample_survey.py            # rewrite the export
    .venv/bin/netconsult survey import --round baseline --force \\
        sample-projects/partners-network/survey/exports/<file> sample-projects/partners-network

No real person answered this survey. The script draws answers from a seeded generator
(`SEED`), so the file changes only when this script does. The shape follows a KoboToolbox
"XML values and headers" XLSX export with the default options: one sheet named after the
form title, group names stripped from headers, select-multiple questions as a summary column
plus one 0/1 column per option, dates as Excel date-times, then Kobo's metadata columns.
The follow-up ratings of each partner named are the repeat group `partners_ties`, on a sheet
of that name as KoboToolbox writes repeats: the calculated partner id and name, one column
per item, then `_index`, `_parent_table_name`, `_parent_index` and the submission's metadata
prefixed `_submission_`. They are drawn from a second generator (`RATINGS_SEED`), so adding
or changing them leaves the main sheet's answers as they were.

The made-up answers follow what the regional meetings heard, so the report tells one story:
- centres trust each other but mostly reach the rest of the network through the
  coordinator (low "vital connections", the reverse-scored vc3 agreed with);
- small centres and those working in Spanish or French take part less (participation);
- the value of membership is rated well in Europe and lower further away;
- partners in one's own region are trusted more than those further away, the coordinator
  (pg-us) is seen as influential and as bringing resources, and most ties are cooperation or
  coordination (intensity 2-3), a few integration (4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import sys
import uuid
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample-projects" / "partners-network"
SEED = 2020
RATINGS_SEED = "2020:ties"  # a str seed: same draws on every platform and Python version
FORM_TITLE = "Partners Network member survey 2020"  # Kobo's _parent_table_name: not cut
TIES_SHEET = "partners_ties"
RATED = "partners"
ITEMS = ("intensity", "reliability", "openness", "mission", "influence", "resources",
         "involvement")
#: The KoboToolbox export name pattern: <title>_-_<versions>_-_<labels or False>_-_<time>.
EXPORT = "exports/Partners_Network_member_survey_2020_-_latest_version_-_False_-_2020-08-10.xlsx"
FIXED_ZIP_TIME = (2020, 8, 10, 9, 30, 0)

#: Who answers: respondents per centre by size; these centres did not answer at all.
RESPONDENTS = {"large": (3, 4), "medium": (2, 3), "small": (1, 2)}
SILENT = {"kccm-xk", "ypp-ye", "isc-sv"}

#: Where each region's centres stand on each dimension (1-5, before noise).
BASE = {
    "vital-connections": 2.7,
    "trust": 3.8,
    "shared-purpose": 3.6,
    "participation": 3.3,
    "value-of-membership": 3.6,
}
REGION_SHIFT = {
    "europe": {"value-of-membership": 0.4, "participation": 0.3},
    "north-america": {"vital-connections": 0.8, "participation": 0.4},
    "latin-america": {"participation": -0.6, "value-of-membership": -0.3},
    "middle-east": {"vital-connections": -0.3, "participation": -0.4},
    "sub-saharan-africa": {"participation": -0.7, "value-of-membership": -0.5},
}
SIZE_SHIFT = {"small": {"participation": -0.5, "shared-purpose": -0.3}, "large": {"trust": 0.2}}

#: Intensity 1-4 by how the rater stands to the partner (weights of 1, 2, 3, 4).
INTENSITY_WEIGHTS = {
    "coordinator": (0.02, 0.38, 0.45, 0.15),
    "same-region": (0.05, 0.42, 0.41, 0.12),
    "other-region": (0.14, 0.52, 0.29, 0.05),
}
#: Centres of the trust items (reliability, openness, mission) and of influence and resources.
TRUST_CENTRE = {"coordinator": 3.1, "same-region": 3.3, "other-region": 2.5}
INFLUENCE_CENTRE = {"coordinator": 3.7, "large": 2.9, "medium": 2.4, "small": 2.0}
RESOURCES_CENTRE = {"coordinator": 3.6, "large": 2.8, "medium": 2.3, "small": 1.9}

ONE_CHANGE = [
    "Hold some network meetings in Spanish and French, not only in English.",
    "Put us in touch directly with centres in other regions working on the same issues.",
    "A shared calendar of what every centre is doing, so we can join in.",
    "Rotate meeting times so the same regions do not always meet at night.",
    "Help smaller centres take part in joint funding proposals.",
    "Short exchange visits between staff, not only directors.",
    "A simple online space to ask other centres for advice.",
    "Fewer long reports, more conversations between practitioners.",
    "Make the liaison group's decisions visible to all members.",
    "Support for translation of training materials.",
]
COMMENTS = [
    "Our director changed this year; please contact the new one for interviews.",
    "We could not attend the regional meeting because of travel restrictions.",
    "Thank you for asking.",
    "The survey was long but useful.",
]


def _likert(rng: random.Random, centre: float, reverse: bool) -> str:
    if rng.random() < 0.04:
        return "98"  # don't know
    if rng.random() < 0.02:
        return "99"  # not applicable
    value = round(rng.gauss(centre, 0.55))
    value = min(5, max(1, value))
    return str(6 - value if reverse else value)


def _point(rng: random.Random, centre: float, spread: float = 0.55) -> str:
    """A 1-4 answer around `centre`; now and then skipped (empty)."""
    if rng.random() < 0.03:
        return ""
    return str(min(4, max(1, round(rng.gauss(centre, spread)))))


def _ratings(rng: random.Random, rater: dict, partner: dict) -> list[str]:
    """One respondent's answers about one partner, in ITEMS order."""
    if partner.get("type") == "coordinator":
        stance = "coordinator"
    else:
        stance = "same-region" if partner["region"] == rater["region"] else "other-region"
    intensity = rng.choices("1234", INTENSITY_WEIGHTS[stance])[0]
    size = "coordinator" if stance == "coordinator" else partner.get("size") or "medium"
    trust = TRUST_CENTRE[stance] + rng.gauss(0, 0.3)  # one view of the partner, three items
    return [
        intensity if rng.random() >= 0.03 else "",
        _point(rng, trust), _point(rng, trust), _point(rng, trust + 0.2),
        _point(rng, INFLUENCE_CENTRE[size]), _point(rng, RESOURCES_CENTRE[size]),
        # involvement follows how closely the two work together
        _point(rng, 1.2 + 0.6 * int(intensity), 0.5),
    ]


def _respondents(rng: random.Random, members: list[dict]) -> list[dict]:
    rows = []
    for member in members:
        if member["id"] in SILENT:
            continue
        low, high = RESPONDENTS[member.get("size") or "medium"]
        for _ in range(rng.randint(low, high)):
            rows.append({"member": member})
    rng.shuffle(rows)
    return rows


def generate(seed: int = SEED) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    from netconsult.io.xlsx_tracker import restamped

    rng = random.Random(seed)
    survey = yaml.safe_load((SAMPLE / "survey/survey.yaml").read_text("utf-8"))
    members = yaml.safe_load((SAMPLE / "members.yaml").read_text("utf-8"))["members"]
    questions = survey["questions"]
    member_ids = [m["id"] for m in members]

    header: list[str] = ["start", "end"]
    for q in questions:
        header.append(q["id"])
        if q["type"] == "multiple":
            header += [f"{q['id']}/{c['name']}" for c in q["choices"]]
        elif q["type"] == "members":
            header += [f"{q['id']}/{mid}" for mid in member_ids]
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
               "_submitted_by", "__version__", "_tags", "_index"]

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Partners Network member surv...")  # Kobo truncates at 31
    sheet.append(header)
    opened = dt.datetime(2020, 7, 6, 8, 0)
    named: list[tuple[list[object], dict, list[str]]] = []  # submission metadata, rater, partners
    for index, person in enumerate(_respondents(rng, members), start=1):
        member = person["member"]
        shift: dict[str, float] = {}
        for table, key in ((REGION_SHIFT, member["region"]), (SIZE_SHIFT, member.get("size"))):
            for dim, delta in table.get(key, {}).items():
                shift[dim] = shift.get(dim, 0.0) + delta
        mood = rng.gauss(0, 0.35)  # some people rate everything a little higher or lower
        # ...and each person has a view of each dimension that all its items share, which
        # is what makes a dimension's items hang together (Cronbach's alpha).
        view = {dim: rng.gauss(0, 0.6) for dim in BASE}
        start = opened + dt.timedelta(days=rng.randint(0, 31), minutes=rng.randint(0, 600))
        row: list[object] = [start, start + dt.timedelta(minutes=rng.randint(9, 30))]
        partners: list[str] = []
        for q in questions:
            kind = q["type"]
            if kind == "member":
                row.append(member["id"])
            elif kind == "single":
                names = [c["name"] for c in q["choices"]]
                weights = [0.5, 0.42, 0.08] if q["id"] == "gender" else [0.35, 0.5, 0.15]
                row.append("" if rng.random() < 0.03 else rng.choices(names, weights)[0])
            elif kind == "number":
                row.append(min(40, max(0, 2020 - int(member.get("joined") or 2010)
                                       - rng.randint(0, 3))))
            elif kind == "likert":
                dim = q["dimension"]
                centre = BASE[dim] + shift.get(dim, 0.0) + mood + view[dim]
                # select_one answers are choice names: text, even when they look like numbers
                row.append(_likert(rng, centre, bool(q.get("reverse"))))
            elif kind in ("multiple", "members"):
                if kind == "multiple":
                    options = [c["name"] for c in q["choices"]]
                    chosen = [o for o in options if rng.random() < 0.45]
                else:
                    options = member_ids
                    peers = [m["id"] for m in members if m["id"] != member["id"]]
                    same = [m["id"] for m in members if m["id"] != member["id"]
                            and m["region"] == member["region"]]
                    chosen = sorted({*rng.sample(same, min(len(same), rng.randint(1, 3))),
                                     *rng.sample(peers, rng.randint(0, 2)), "pg-us"}
                                    - {member["id"]}, key=options.index)
                row.append(" ".join(chosen))
                row += [1 if o in chosen else 0 for o in options]
                if q["id"] == RATED:
                    partners = [o for o in options if o in chosen]
            elif kind == "text":
                pool = ONE_CHANGE if q.get("quotable") else COMMENTS
                row.append(rng.choice(pool) if rng.random() < 0.6 else "")
        submitted = start + dt.timedelta(minutes=rng.randint(31, 90))
        meta = [10_000_000 + index, str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                submitted, "", "", "submitted_via_web", "", "vPnNetwork2020a", ""]
        row += [*meta, index]
        sheet.append(row)
        named.append(([index, *meta], member, partners))
    _ties_sheet(book.create_sheet(TIES_SHEET), named, {m["id"]: m for m in members})
    book.properties.creator = "netconsult sample generator"
    book.properties.created = book.properties.modified = opened
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps `modified` with the wall clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    # Same seed, same bytes: zip entries carry the time they were written, so pin it.
    return restamped(buffer.getvalue(), dt.datetime(*FIXED_ZIP_TIME))


def _ties_sheet(sheet: object, named: list[tuple[list[object], dict, list[str]]],
                members: dict[str, dict]) -> None:
    """The repeat group's sheet: one row per partner each respondent named."""
    rng = random.Random(RATINGS_SEED)
    sheet.append([f"{RATED}_partner", f"{RATED}_partner_name",  # type: ignore[attr-defined]
                  *(f"{RATED}_{item}" for item in ITEMS),
                  "_index", "_parent_table_name", "_parent_index", "_submission__id",
                  "_submission__uuid", "_submission__submission_time",
                  "_submission__validation_status", "_submission__notes",
                  "_submission__status", "_submission__submitted_by",
                  "_submission___version__", "_submission__tags"])
    entry = 0
    for (parent, *meta), rater, partners in named:
        for partner in partners:
            entry += 1
            sheet.append([partner, members[partner]["name"],  # type: ignore[attr-defined]
                          *_ratings(rng, rater, members[partner]),
                          entry, FORM_TITLE, parent, *meta])


def main() -> int:
    data = generate()
    path = SAMPLE / "survey" / EXPORT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes, "
          f"sha256 {hashlib.sha256(data).hexdigest()[:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
