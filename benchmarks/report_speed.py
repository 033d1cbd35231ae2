"""Wall time of `netconsult report all` on the sample, as a ratio to WeasyPrint alone.

The floor is one Python process that imports WeasyPrint and renders the same three HTML
files one after another: the layout work any implementation must do. `report all` renders
the PDFs in parallel worker processes, so on two or more cores it can beat that floor.
Also prints the time of a second `report all` with nothing changed (target < 0.5 s), and
of one after editing the notes of one meeting note (only the reports that show that meeting
are rendered again: the assessment and the recommendation report, not the plan).

    .venv/bin/python benchmarks/report_speed.py [--runs 3]

Target: ratio <= 0.75.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample-projects" / "partners-network"
FLOOR = """
import sys, weasyprint
for path in sys.argv[1:]:
    weasyprint.HTML(filename=path).write_pdf(path + ".pdf")
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--note", default="meetings/2020-07-14-europe.md",
                        help="the meeting note to edit for the one-note case")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1608249600")
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = work / "project"
        shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build"))
        subprocess.run([py, "-m", "netconsult", "report", "all", str(project), "--format",
                        "html", "--out", str(work / "html")], check=True,
                       stdout=subprocess.DEVNULL)
        html = sorted(str(p) for p in (work / "html").glob("*.html"))
        note = project / args.note
        floors, reports, cached, edited = [], [], [], []
        for run in range(args.runs):
            floors.append(timed([py, "-c", FLOOR, *html]))
            out = work / f"out-{run}"
            cmd = [py, "-m", "netconsult", "report", "all", str(project), "--out", str(out)]
            reports.append(timed(cmd))
            cached.append(timed(cmd))
            with note.open("a", encoding="utf-8") as stream:
                stream.write(f"\nEdited for run {run}.\n")
            edited.append(timed(cmd))
    floor, report = statistics.median(floors), statistics.median(reports)
    print(f"WeasyPrint, three HTML files one after another: {floor:6.2f} s")
    print(f"netconsult report all (PDF + HTML):             {report:6.2f} s")
    print(f"netconsult report all, nothing changed:         {statistics.median(cached):6.2f} s")
    print(f"netconsult report all, one meeting note edited: {statistics.median(edited):6.2f} s")
    print(f"ratio: {report / floor:.2f} (target <= 0.75) on {os.cpu_count()} cores, "
          f"median of {args.runs} interleaved runs")
    print("runs (floor / report all): " + ", ".join(
        f"{f:.2f}/{r:.2f}" for f, r in zip(floors, reports, strict=True)))


if __name__ == "__main__":
    main()
