"""How long `netconsult check` takes on the sample, as a ratio to a floor measured in the same run.

The floor is the least any implementation of `check` could cost in Python: a process that
imports typer, yaml and pydantic and parses the same files with the libyaml loader. Runs
are interleaved so both sides see the same machine load; medians are compared.

    .venv/bin/python benchmarks/check_speed.py [--runs 15] [PROJECT]

Target: ratio <= 1.3. A second floor also builds one pydantic model, which loads pydantic's
model machinery and plugin discovery: the part of the gap any pydantic-validated `check` pays.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample-projects" / "partners-network"

FLOOR = """
import sys
from pathlib import Path
import typer, yaml, pydantic
root = Path(sys.argv[1])
for path in sorted(root.rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
for path in sorted((root / "meetings").glob("*.md")):
    text = path.read_text(encoding="utf-8")
    yaml.load(text.split("---", 2)[1], Loader=yaml.CSafeLoader)
"""

# The same, plus what the first pydantic model costs (BaseModel machinery, plugin discovery).
PYDANTIC_FLOOR = FLOOR + """
from pydantic import BaseModel
class Probe(BaseModel):
    x: int
Probe(x=1)
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    floor_cmd = [py, "-c", FLOOR, str(args.project)]
    model_cmd = [py, "-c", PYDANTIC_FLOOR, str(args.project)]
    check_cmd = [py, "-m", "netconsult", "check", "--as-of", "2021-01-15", str(args.project)]
    result = subprocess.run(check_cmd, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"check failed on {args.project}:\n{result.stderr}")
    timed(floor_cmd), timed(model_cmd), timed(check_cmd)  # warm file cache and bytecode
    floors, models, checks = [], [], []
    for _ in range(args.runs):
        floors.append(timed(floor_cmd))
        models.append(timed(model_cmd))
        checks.append(timed(check_cmd))
    floor, model = statistics.median(floors), statistics.median(models)
    check = statistics.median(checks)
    print(f"floor (typer+yaml+pydantic import, libyaml parse): {floor * 1000:7.1f} ms")
    print(f"floor + one pydantic model:                        {model * 1000:7.1f} ms")
    print(f"netconsult check:                                  {check * 1000:7.1f} ms")
    print(f"ratio: {check / floor:.2f} (target <= 1.30); "
          f"against the model floor: {check / model:.2f}")


if __name__ == "__main__":
    main()
