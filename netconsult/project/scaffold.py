"""The files of a new engagement (`netconsult init`), and copies of the bundled samples."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from netconsult import __version__
from netconsult.errors import UsageError
from netconsult.project.schema import SCHEMA_DIR, SCHEMAS, schema_comment, schema_text
from netconsult.project.write import write_new


@dataclass(frozen=True)
class NewEngagement:
    title: str
    client: str
    network: str
    regions: list[tuple[str, str]]  # (id, name)
    start: dt.date
    end: dt.date
    effort_days: float = 25
    languages: list[str] = field(default_factory=lambda: ["en"])
    funder: str | None = None
    consultant: str | None = None


def slug(text: str) -> str:
    """An id from a name: 'Middle East' → 'middle-east'."""
    # Ids are at most 64 characters (models.Id).
    return re.sub(r"[^a-z0-9]+", "-", text.lower())[:64].strip("-") or "region"


def parse_region(text: str) -> tuple[str, str]:
    """'europe=Europe' or plain 'Sub-Saharan Africa' → (id, name)."""
    if "=" in text:
        rid, name = (part.strip() for part in text.split("=", 1))
        return slug(rid), name or rid
    return slug(text), text.strip()


def _q(text: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar: safe for colons, quotes, accents.
    return json.dumps(text, ensure_ascii=False)


# The arc of seed 000: share of the engagement's duration at which each deliverable is due,
# and share of the effort budget planned for it.
_ARC = (
    ("D1", "Kick-off meeting and agreed workplan", "kickoff", None, 0.12, 0.08),
    ("D2", "Assessment of the network's goals and current practices", "assessment", None,
     0.4, 0.24),
    ("D3", "Recommendation report on practices of highly functional networks",
     "recommendations", None, 0.55, 0.2),
    ("D4", "Network collaboration improvement plan", "improvement-plan", None, 0.7, 0.2),
    ("D5", "Improvement plan presented, first workshop held", "workshop", None, 0.75, 0.08),
    ("D6", "Follow-up mentoring of the steering group", "mentoring", 0.78, 1.0, 0.2),
)


def _on(start: dt.date, end: dt.date, share: float) -> dt.date:
    return start + dt.timedelta(days=round((end - start).days * share))


def engagement_files(spec: NewEngagement) -> dict[str, str]:
    """Every file of a new project folder, by project-relative path."""
    if spec.end <= spec.start:
        raise UsageError.at("--end", f"the engagement must end after it starts ({spec.start})")
    if not spec.regions:
        raise UsageError.at("--region", "name at least one region of the network",
                            hint="e.g. --region europe=Europe --region 'Middle East'")
    seen: set[str] = set()
    for rid, name in spec.regions:
        if rid in seen:  # 'Europe' and 'europe', or two names without Latin letters
            raise UsageError.at("--region", f"two regions would get the id '{rid}' ({name})",
                                hint=f"give each region its own id, e.g. --region {rid}-2={name}")
        seen.add(rid)
    files: dict[str, str] = {}
    regions = "\n".join(f"    - {{id: {rid}, name: {_q(name)}}}" for rid, name in spec.regions)
    consultants = (f"\n  consultants:\n    - {{name: {_q(spec.consultant)}}}"
                   if spec.consultant else "")
    funder = f"\n  funder: {_q(spec.funder)}" if spec.funder else ""
    files["netconsult.yaml"] = (
        schema_comment("netconsult")
        + "netconsult: 1\n"
        "engagement:\n"
        f"  title: {_q(spec.title)}\n"
        f"  client: {_q(spec.client)}{funder}{consultants}\n"
        f"  start: {spec.start.isoformat()}\n"
        f"  end: {spec.end.isoformat()}\n"
        f"  effort_days: {spec.effort_days:g}\n"
        f"  languages: [{', '.join(spec.languages)}]\n"
        "network:\n"
        f"  name: {_q(spec.network)}\n"
        "  regions:\n"
        f"{regions}\n"
        "  # themes: [{id: trust, name: Trust and relationships}]   findings then use these ids\n"
        "  # groups: [{id: liaison-group, name: Liaison Group, members: []}]   action owners\n"
        "privacy:\n"
        "  min_group_size: 5   # breakdowns of smaller groups are never shown\n"
    )
    first = spec.regions[0][0]
    files["members.yaml"] = (
        schema_comment("members")
        + "# One entry per member organisation. Example:\n"
        f"#  - {{id: centre-one, name: Centre One, country: HU, region: {first}, liaison: true}}\n"
        "members: []\n"
    )
    budget = spec.effort_days
    lines = [schema_comment("workplan").rstrip("\n"),
             "# status: planned | in-progress | submitted | accepted", "deliverables:"]
    for did, title, kind, start_share, due_share, effort_share in _ARC:
        lines.append(f"  - id: {did}")
        lines.append(f"    title: {_q(title)}")
        lines.append(f"    kind: {kind}")
        if start_share is not None:
            lines.append(f"    start: {_on(spec.start, spec.end, start_share).isoformat()}")
        lines.append(f"    due: {_on(spec.start, spec.end, due_share).isoformat()}")
        lines.append(f"    effort_days: {round(budget * effort_share * 2) / 2:g}")
        lines.append("    status: planned")
    files["workplan.yaml"] = "\n".join(lines) + "\n"
    files["recommendations.yaml"] = (
        schema_comment("recommendations")
        + "# category: digital-tools | rituals | incentives | collaboration-principles |\n"
        "#           governance | funding | other\n"
        "# evidence: meeting:<file name>, finding:<id>, survey:<dimension>\n"
        "recommendations: []\n"
    )
    files["improvement-plan.yaml"] = (
        schema_comment("improvement-plan")
        + "actions: []\n"
        "# events: workshops, trainings, discussions, e.g.\n"
        "#  - {id: W1, title: Launch workshop, kind: workshop,\n"
        "#     start: \"2020-10-28T14:00:00+00:00\", duration_minutes: 120}\n"
        "events: []\n"
    )
    files["timesheet.yaml"] = (
        schema_comment("timesheet")
        + "# Days worked, by deliverable; `netconsult log` adds entries here.\n"
        "entries: []\n"
    )
    files["meetings/.gitkeep"] = ""
    files.update(support_files(spec.title))
    return files


def support_files(title: str) -> dict[str, str]:
    """The files around the data: .gitignore, README, CI workflow and JSON Schemas."""
    files = {
        ".gitignore": "# generated reports\nbuild/\n# survey exports can hold personal data: keep "
                      "them out of git\nsurvey/raw/\n",
        "README.md": _readme(title),
        ".github/workflows/netconsult-check.yml": _workflow(),
    }
    for name in SCHEMAS:
        files[f"{SCHEMA_DIR}/{name}.schema.json"] = schema_text(name)
    return files


def _readme(title: str) -> str:
    return f"""# {title}

This folder is a netconsult project: the engagement's single source of truth.

| file | what it holds |
| --- | --- |
| `netconsult.yaml` | the engagement, the network and its regions, privacy settings |
| `members.yaml` | the member organisations |
| `workplan.yaml` | deliverables, due dates, effort and status |
| `meetings/*.md` | one note per meeting: YAML front matter, then Markdown notes |
| `recommendations.yaml` | recommendations and the evidence behind each |
| `improvement-plan.yaml` | actions with owners and dates, scheduled workshops |
| `timesheet.yaml` | days worked, by deliverable (`netconsult log`) |
| `survey/raw/` | survey exports as downloaded; kept out of git |
| `build/` | generated reports; kept out of git |

Everyday commands:

    netconsult status          # where the engagement stands
    netconsult check           # what is missing, late or inconsistent (CI runs this too)
    netconsult meeting new --date 2020-07-21 --kind regional --region europe --deliverable D2
    netconsult log 0.5 --deliverable D2 --note "notes from the Europe meeting"

Editors that understand `# yaml-language-server` comments (VS Code with the YAML extension)
complete and validate the files from `.schemas/`; `netconsult schema` regenerates them.
"""


def _workflow() -> str:
    return f"""# Runs `netconsult check` on every push: fails when a deliverable is missing, late or
# inconsistent with its evidence, and annotates the offending lines.
name: netconsult check
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    env:
      NETCONSULT: "netconsult=={__version__}"   # or a git URL of the netconsult repository
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install "$NETCONSULT"
      - run: netconsult check --format github .
"""


def sample_files(name: str) -> dict[str, bytes]:
    """The files of a bundled sample project, without its generated build/ folder."""
    from netconsult.resources import resource_dir, sample_names

    names = sample_names()
    if name not in names:
        from netconsult.errors import did_you_mean

        raise UsageError.at("--sample", f"no bundled sample called '{name}'",
                            hint=did_you_mean(name, names, "samples"))
    root = resource_dir("sample-projects") / name
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.parts[0] != "build" and "__pycache__" not in rel.parts:
            files[rel.as_posix()] = path.read_bytes()
    return files


def title_of(files: dict[str, str | bytes]) -> str:
    """The engagement title in a set of project files (for the README of a copied sample)."""
    import yaml

    raw = files.get("netconsult.yaml", b"")
    data = yaml.safe_load(raw.decode("utf-8") if isinstance(raw, bytes) else raw) or {}
    return str(data.get("engagement", {}).get("title", "netconsult project"))


def create_project(target: Path, files: dict[str, str | bytes], *,
                   force: bool = False) -> list[tuple[str, bool]]:
    """Write `files` into `target`; refuse a non-empty folder without force.

    Returns (relative path, replaced an existing file) for each file written.
    """
    if target.exists() and not target.is_dir():
        raise UsageError.at(str(target), "exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UsageError.at(str(target), "folder is not empty; not writing into it",
                            hint="choose an empty or new folder, or pass --force to write "
                                 "into it (existing files with the same names are replaced)")
    written = []
    for rel, content in files.items():
        replaced = write_new(target / rel, content, force=force, shown=str(target / rel))
        written.append((rel, replaced))
    return written
