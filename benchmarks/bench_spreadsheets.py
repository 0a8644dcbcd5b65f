"""Reading a group from a workbook against reading the same group from a CSV (issue 16).

    python benchmarks/bench_spreadsheets.py --n 10000

The same N synthetic people (bench_batch's generator, fixed seed) are written as a CSV and
as an .xlsx (XlsxWriter, as a spreadsheet would save them: numbers as numbers). Each file is
then read in a fresh process up to the report step: every row parsed, checked and turned
into answers (`spreadsheet.read_csv`, `workbook.read_workbook`), nothing rendered. The
figures are people per second and the child's peak memory. Goal: the workbook at least as
fast as the CSV; memory flat with the group's size for CSV, and for XLSX no worse than
the reader library's own footprint (calamine loads the sheet it reads).

This is a benchmark, not a test: CI times nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import PROFILE, _competence_ids, _people, _write_csv

READ_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from webskills.files.catalog import load_catalog
catalog = load_catalog()
path = Path(sys.argv[1])
if path.suffix == ".csv":
    from webskills.files.spreadsheet import read_csv as read
else:
    from webskills.files.workbook import read_workbook as read
start = time.perf_counter()
people = sum(1 for row in read(path, catalog) if row.answers is not None)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"people": people, "seconds": seconds, "peak_mb": peak}))
"""


def write_xlsx(path: Path, people: list[dict[str, Any]], ids: list[str]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Groupe")
    sheet.write_row(0, 0, ["id", "nom", "profil", "diplome", *ids])
    for number, person in enumerate(people, start=1):
        cells = [person["id"], person["name"], PROFILE, person["diploma"]]
        cells += list(person["ratings"].values())
        for column, value in enumerate(cells):
            if value is not None:
                sheet.write(number, column, value)
    workbook.close()


def read(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", READ_SCRIPT, str(path)], capture_output=True, text=True, check=True
    )
    figures: dict[str, Any] = json.loads(done.stdout)
    figures["people_per_s"] = figures["people"] / figures["seconds"]
    return figures


def measure(n: int, workdir: Path, rounds: int = 3) -> dict[str, dict[str, float]]:
    """The best of `rounds` interleaved reads of each file (the machine is noisy)."""
    ids = _competence_ids()
    people = _people(n, ids)
    csv_path, xlsx_path = workdir / "groupe.csv", workdir / "groupe.xlsx"
    _write_csv(csv_path, people, ids)
    write_xlsx(xlsx_path, people, ids)
    best: dict[str, dict[str, float]] = {}
    for _ in range(rounds):
        for kind, path in (("csv", csv_path), ("xlsx", xlsx_path)):
            figures = read(path)
            assert figures["people"] == n, figures
            if kind not in best or figures["people_per_s"] > best[kind]["people_per_s"]:
                best[kind] = figures
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="people in the group")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        best = measure(args.n, Path(tmp))
    for kind, figures in best.items():
        print(
            f"{kind:<5} {figures['people_per_s']:>9.0f} people/s "
            f"({figures['seconds']:.2f} s for {args.n}), peak {figures['peak_mb']:.1f} MB"
        )
    ratio = best["xlsx"]["people_per_s"] / best["csv"]["people_per_s"]
    print(f"xlsx / csv: {ratio:.2f} (goal ≥ 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
