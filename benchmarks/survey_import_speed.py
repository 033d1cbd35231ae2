"""How long `netconsult survey import` takes on a big KoboToolbox export, as a ratio to a bare
python-calamine pass over the same file, measured in the same run.

Generates (seeded, in a temporary folder) a copy of the sample engagement with a 60-question
instrument and a 5,400-respondent KoboToolbox XLSX export of it ("XML values and headers",
select-multiple as summary and option columns, the usual metadata columns; laid out as
xlsxwriter, which KoboToolbox uses, writes it: shared strings, dates as numbers), then times,
interleaved, in this process:

- the floor: `CalamineWorkbook.from_path(file)`, its first sheet, every row iterated;
- the import: `netconsult survey import --force FILE DIR` run through the CLI in-process
  (Typer's CliRunner), so it includes loading the project, the zip checks, the mapping, the
  conversion of every cell, hashing the file and writing the CSV and its provenance file.

The files live in /dev/shm when there is one (see --tmp): the import's writes fsync, and a
busy disk's fsync measures the disk. Medians of wall time are compared (of CPU time too:
other processes on the machine shift wall time, not CPU time). Then memory: the peak of
Python allocations (tracemalloc) during the import, next to the size of the parsed data
itself (the sheet as python-calamine's Python lists), at half and full size, so growth can
be compared; and each side's peak RSS in a fresh process. Also prints the subprocess times
(Python start-up and imports included) for reference.

    .venv/bin/python benchmarks/survey_import_speed.py [--runs 7] [--respondents 5400]
        [--tmp DIR]

Target: ratio <= 1.5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample-projects" / "partners-network"
SEED = 4
SHM = Path("/dev/shm")  # in memory: fsync is free there
QUESTIONS = 60
ACTIVITIES = ("webinars", "regional", "exchange", "joint_projects", "newsletter", "training")

FLOOR = """
import sys, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for row in book.get_sheet_by_index(0).iter_rows():
    pass
"""
# Peak RSS of this process: VmHWM on Linux (ru_maxrss of a child started by fork can carry
# the parent's peak across exec); ru_maxrss elsewhere.
RSS = """
import resource
try:
    with open("/proc/self/status") as status:
        print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def instrument(dimensions: list[str]) -> dict[str, Any]:
    """60 questions: the member, 2 single, 1 number, 48 likert, 4 multiple, members, 3 text."""
    questions: list[dict[str, Any]] = [
        {"id": "centre", "type": "member", "label": "Which member centre do you work for?"},
        {"id": "role", "type": "single", "label": "Your role?", "attribute": True,
         "choices": [{"name": n, "label": n.title()} for n in ("director", "staff", "board")]},
        {"id": "gender", "type": "single", "label": "Gender?", "attribute": True,
         "choices": [{"name": n, "label": n.title()} for n in ("woman", "man", "other")]},
        {"id": "years", "type": "number", "label": "Years in the network?", "minimum": 0,
         "maximum": 40},
    ]
    for i in range(48):
        questions.append({"id": f"q{i + 1:02d}", "type": "likert",
                          "dimension": dimensions[i % len(dimensions)],
                          "reverse": i % 7 == 3,
                          "label": f"Statement number {i + 1} about the network."})
    for i in range(4):
        questions.append({"id": f"act{i + 1}", "type": "multiple",
                          "label": f"Which activities ({i + 1})?",
                          "choices": [{"name": a, "label": a.replace("_", " ").title()}
                                      for a in ACTIVITIES]})
    questions.append({"id": "partners", "type": "members",
                      "label": "Which centres did you work with?"})
    for i in range(3):
        questions.append({"id": f"text{i + 1}", "type": "text", "label": f"Comment {i + 1}?"})
    assert len(questions) == QUESTIONS
    return {"title": "Benchmark survey", "tool": "kobo", "rounds": [{"id": "baseline"}],
            "questions": questions}


def make_project(folder: Path) -> tuple[Path, dict[str, Any], list[str]]:
    project = folder / "project"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "responses"))
    sample = yaml.safe_load((SAMPLE / "survey" / "survey.yaml").read_text(encoding="utf-8"))
    survey = instrument([d["id"] for d in sample["dimensions"]])
    survey["dimensions"] = sample["dimensions"]
    (project / "survey" / "survey.yaml").write_text(yaml.safe_dump(survey, sort_keys=False),
                                                    encoding="utf-8")
    members = yaml.safe_load((project / "members.yaml").read_text(encoding="utf-8"))["members"]
    return project, survey, [m["id"] for m in members]


def export_rows(survey: dict[str, Any], member_ids: list[str], respondents: int,
                ) -> tuple[list[str], list[list[object]]]:
    """The header and rows of a KoboToolbox "XML values and headers" export, seeded."""
    rng = random.Random(SEED)
    questions = survey["questions"]
    header = ["start", "end"]
    for q in questions:
        header.append(q["id"])
        if q["type"] == "multiple":
            header += [f"{q['id']}/{c['name']}" for c in q["choices"]]
        elif q["type"] == "members":
            header += [f"{q['id']}/{m}" for m in member_ids]
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
               "_submitted_by", "__version__", "_tags", "_index"]
    opened = dt.datetime(2020, 7, 6, 8, 0)
    rows: list[list[object]] = []
    for index in range(1, respondents + 1):
        start = opened + dt.timedelta(minutes=rng.randint(0, 40_000))
        row: list[object] = [start, start + dt.timedelta(minutes=rng.randint(5, 40))]
        member = rng.choice(member_ids)
        for q in questions:
            kind = q["type"]
            if kind == "member":
                row.append(member)
            elif kind == "single":
                row.append(rng.choice([c["name"] for c in q["choices"]]))
            elif kind == "number":
                row.append(rng.randint(0, 40))
            elif kind == "likert":
                row.append(rng.choice(("1", "2", "3", "4", "5", "98", "")))
            elif kind in ("multiple", "members"):
                options = ([c["name"] for c in q["choices"]] if kind == "multiple"
                           else member_ids)
                chosen = [o for o in options if rng.random() < 0.3]
                row.append(" ".join(chosen))
                row += [1 if o in chosen else 0 for o in options]
            else:
                row.append(rng.choice(("", "", "Fewer reports, more conversations.",
                                       f"Note {rng.randint(1, 10**6)}")))
        row += [10_000_000 + index, str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                start + dt.timedelta(minutes=45), "", "", "submitted_via_web", "",
                "vBenchmark", "", index]
        rows.append(row)
    return header, rows


def write_xlsx(path: Path, sheet: str, header: list[str], rows: list[list[object]]) -> None:
    """A minimal XLSX as xlsxwriter (which KoboToolbox uses) lays it out: shared strings,
    dates as serial numbers with a date format. Far faster to write than openpyxl."""
    import zipfile
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    epoch = dt.datetime(1899, 12, 30)
    letters = []
    for i in range(len(header)):
        name, n = "", i + 1
        while n:
            n, r = divmod(n - 1, 26)
            name = chr(65 + r) + name
        letters.append(name)

    def cell(ref: str, value: object) -> str:
        if value == "" or value is None:
            return ""
        if isinstance(value, dt.datetime):
            return f'<c r="{ref}" s="1"><v>{(value - epoch).total_seconds() / 86400!r}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        index = strings.setdefault(str(value), len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    body = []
    for number, row in enumerate([header, *rows], start=1):
        cells = "".join(cell(f"{letters[i]}{number}", v) for i, v in enumerate(row))
        body.append(f'<row r="{number}">{cells}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
        'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+'
        'xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/'
        'styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="'
        f'{rel}"><sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>",
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
        f'Id="rId2" Type="{rel}/styles" Target="styles.xml"/><Relationship Id="rId3" '
        f'Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}><fonts '
        'count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/>'
        '</borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf '
        'numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}>'
        f'<sheetData>{"".join(body)}</sheetData></worksheet>',
    }
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} '
                                     f'count="{len(strings)}" uniqueCount="{len(strings)}">'
                                     f"{shared}</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


def write_export(path: Path, survey: dict[str, Any], member_ids: list[str],
                 respondents: int) -> None:
    header, rows = export_rows(survey, member_ids, respondents)
    write_xlsx(path, "Benchmark survey", header, rows)


def floor_pass(path: Path) -> int:
    import python_calamine

    rows = 0
    for _ in python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0) \
            .iter_rows():
        rows += 1
    return rows


def import_in_process(runner: Any, app: Any, export: Path, project: Path) -> None:
    result = runner.invoke(app, ["survey", "import", "--force", str(export), str(project)])
    if result.exit_code != 0:
        sys.exit(f"import failed ({result.exit_code}):\n{result.output}")


def run_quietly(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed(fn: Any, *args: Any) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def timed_both(fn: Any, *args: Any) -> tuple[float, float]:
    """Wall time and this process's CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def traced_peak(fn: Any, *args: Any) -> tuple[int, Any]:
    gc.collect()
    tracemalloc.start()
    value = fn(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, value


def parsed_size(path: Path) -> int:
    """Bytes Python holds for the sheet as python-calamine's lists (kept, then measured)."""
    import python_calamine

    gc.collect()
    tracemalloc.start()
    data = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0) \
        .to_python(skip_empty_area=False)
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del data
    return current


def rss_kb(cmd: list[str]) -> int:
    out = subprocess.run([*cmd[:2], cmd[2] + "\n" + RSS, *cmd[3:]], check=True,
                         capture_output=True, text=True).stdout
    return int(out.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--respondents", type=int, default=5400)
    parser.add_argument("--tmp", type=Path, default=SHM if SHM.is_dir() else None,
                        help="Where to put the project and export (default: /dev/shm when "
                        "there is one, else the system's temporary folder).")
    args = parser.parse_args()
    from typer.testing import CliRunner

    from netconsult.cli import app

    runner = CliRunner()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        folder = Path(tmp)
        project, survey, member_ids = make_project(folder)
        export = folder / "Benchmark_survey_-_latest_version_-_False_-_2020-08-10.xlsx"
        half = folder / "half.xlsx"
        start = time.perf_counter()
        write_export(export, survey, member_ids, args.respondents)
        write_export(half, survey, member_ids, args.respondents // 2)
        width = len(survey["questions"])
        print(f"export: {args.respondents:,} respondents x {width} questions, "
              f"{export.stat().st_size:,} bytes (written in {time.perf_counter() - start:.1f} s)"
              f" in {folder.parent}")

        import_in_process(runner, app, export, project)  # warm imports and file cache
        floor_pass(export)
        floors, imports = [], []
        for _ in range(args.runs):
            floors.append(timed_both(floor_pass, export))
            imports.append(timed_both(import_in_process, runner, app, export, project))
        floor, whole = (statistics.median(t[0] for t in floors),
                        statistics.median(t[0] for t in imports))
        floor_cpu, whole_cpu = (statistics.median(t[1] for t in floors),
                                statistics.median(t[1] for t in imports))
        written = project / "survey" / "responses" / "baseline.csv"
        rows = written.read_text(encoding="utf-8").count("\n") - 1
        print(f"floor (python-calamine: open, first sheet, iterate rows): {floor * 1000:7.1f} ms")
        print(f"netconsult survey import (in-process, CliRunner):         {whole * 1000:7.1f} ms"
              f"  ({rows:,} respondents written)")
        print(f"ratio: {whole / floor:.2f} (target <= 1.50); in CPU time: "
              f"{whole_cpu / floor_cpu:.2f} ({floor_cpu * 1000:.0f} and {whole_cpu * 1000:.0f} ms)")

        py = sys.executable
        floor_cmd = [py, "-c", FLOOR, str(export)]
        import_cmd = [py, "-m", "netconsult", "survey", "import", "--force", str(export),
                      str(project)]
        sub_floor = statistics.median(timed(run_quietly, floor_cmd) for _ in range(3))
        sub_import = statistics.median(timed(run_quietly, import_cmd) for _ in range(3))
        print(f"for reference, as subprocesses: floor {sub_floor * 1000:.0f} ms, import "
              f"{sub_import * 1000:.0f} ms (ratio {sub_import / sub_floor:.2f}; Python start-up "
              "and netconsult's imports included)")

        for label, path in (("half", half), ("full", export)):
            data = parsed_size(path)
            peak, _ = traced_peak(import_in_process, runner, app, path, project)
            print(f"memory ({label}): import peak {peak / 2**20:6.1f} MiB of Python allocations;"
                  f" the parsed sheet alone {data / 2**20:6.1f} MiB (ratio {peak / data:.2f})")
        floor_rss = rss_kb([py, "-c", FLOOR, str(export)])
        import_rss = rss_kb([py, "-c", "import sys; from netconsult.cli import app; "
                             "sys.argv = ['netconsult', *sys.argv[1:]]\n"
                             "try:\n    app()\nexcept SystemExit:\n    pass",
                             "survey", "import", "--force", str(export), str(project)])
        idle_rss = rss_kb([py, "-c", "import python_calamine; from netconsult.cli import app; "
                           "import netconsult.io.survey_import.importer"])
        print(f"peak RSS in a fresh process: floor {floor_rss / 1024:.0f} MiB, import "
              f"{import_rss / 1024:.0f} MiB (netconsult and its libraries loaded, nothing read: "
              f"{idle_rss / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
