"""Benchmark of `webskills batch`: throughput next to the cost of merely parsing the inputs.

It generates N synthetic assessments of the webmestre profile (fixed seed) twice: as N YAML
answers files and as one CSV of N people (`;`, UTF-8 with BOM, as French Excel writes it).
Then, each measured in a fresh process, side by side:

- `yaml_files_parse_s`: reading and parsing the N YAML files with PyYAML's CSafeLoader only;
- `yaml_files_batch_s`: `webskills batch` over the same folder (whole command, Markdown);
- `ratio`: batch / parse (goal ≤ 3, issue 6);
- `csv_batch_s`, `people_per_s`: `webskills batch` over the CSV (goal ≥ 5,000 people/s),
  in the default format (md), and the same in JSON and with one process (`--jobs 1`);
- `peak_rss_mb`: the largest resident memory of any process of the CSV run, next to
  `peak_rss_mb_small` for a CSV ten times smaller: equal figures mean flat memory;
- two floors, to tell the machine's share from webskills' own: `io_floor_s`, a fresh
  process that only creates N files of the reports' mean size in a new folder and syncs
  that folder's filesystem with `syncfs` (what any batch must do), and `compute_us_per_person`, the CPU time of reading,
  building, rendering and digesting one person of the CSV, in one process, with no file
  written. A batch cannot beat either ceiling: `people_per_s_io_floor` (the files and the
  sync alone) and `people_per_s_compute_floor` (the computing alone, shared perfectly by
  every core of the machine).

Run:  python benchmarks/bench_batch.py --n 10000   (benchmarks/run.py calls `measure_batch`)
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROFILE = "webmestre"
SEED = 20261123
FIRST_NAMES = ("Camille", "Léa", "Yanis", "Élodie", "Noé", "Inès", "Loïc", "Maëlle", "Hugo")
LAST_NAMES = ("Dupont", "Martin", "Benali", "Lefèvre", "Nguyen", "Moreau", "Garçon", "Roux")
PARSE_SCRIPT = """
import sys, yaml
from pathlib import Path
loader = yaml.CSafeLoader
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
"""

IO_FLOOR_SCRIPT = """
import ctypes, os, sys
folder, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = b"x" * size
os.mkdir(folder)
for index in range(n):
    with open(os.path.join(folder, f"p-{index:06d}.md"), "xb") as handle:
        handle.write(data)
fd = os.open(folder, os.O_RDONLY)
ctypes.CDLL(None).syncfs(fd)  # the folder's filesystem only, as batch does (Linux)
os.fsync(fd)
os.close(fd)
"""
COMPUTE_SCRIPT = """
import sys, time
from pathlib import Path
from webskills.batch.run import report_renderers
from webskills.files.catalog import load_catalog
from webskills.engine.cohort import Digest
from webskills.files.spreadsheet import read_csv
from webskills.engine.report import build_report
from webskills.engine.gaps_fast import FastGaps
catalog = load_catalog()
fast = FastGaps(catalog)
render = report_renderers(("md",))[0]  # one renderer for the run, as batch keeps
start = time.process_time()
for row in read_csv(Path(sys.argv[1]), catalog, None, sys.argv[1]):
    report = build_report(row.answers, catalog, gaps=fast.gap_report)
    render(report).encode()
    Digest.of(report)
print(time.process_time() - start)
"""


def _competence_ids() -> list[str]:
    from webskills.files.catalog import load_catalog

    return [c.id for c in load_catalog().profiles[PROFILE].competences]


def _people(n: int, ids: list[str]) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    people = []
    for index in range(n):
        ratings: dict[str, int | None] = {}
        for cid in ids:
            ratings[cid] = None if rng.random() < 0.05 else rng.randint(0, 5)
        people.append(
            {
                "id": f"p-{index:06d}",
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "diploma": rng.choice((None, 3, 4, 5, 6)),
                "ratings": ratings,
            }
        )
    return people


def generate(n: int, workdir: Path) -> tuple[Path, Path]:
    """Write N answers files into workdir/yaml and one CSV of N people; return both paths."""
    ids = _competence_ids()
    people = _people(n, ids)
    folder = workdir / "yaml"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for person in people:
        lines = [
            "format: 1",
            f"profile: {PROFILE}",
            "person:",
            f"  name: {person['name']}",
            f"  id: {person['id']}",
        ]
        if person["diploma"] is not None:
            lines.append(f"  diploma_level: {person['diploma']}")
        lines += ["date: 2026-11-23", "ratings:"]
        lines += [f"  {cid}: {'null' if v is None else v}" for cid, v in person["ratings"].items()]
        (folder / f"{person['id']}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = workdir / f"groupe-{n}.csv"
    _write_csv(table, people, ids)
    return folder, table


def _write_csv(path: Path, people: list[dict[str, Any]], ids: list[str]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["id", "nom", "profil", "diplome", *ids])
        for person in people:
            writer.writerow(
                [
                    person["id"],
                    person["name"],
                    PROFILE,
                    "" if person["diploma"] is None else person["diploma"],
                    *("" if v is None else v for v in person["ratings"].values()),
                ]
            )


def _run(args: list[str]) -> tuple[float, float]:
    """Run a command in a fresh process: (wall seconds, peak RSS in MB of it or a child).

    The disk is synced first: files written by the previous step (or its clean-up) are still
    being flushed, and creating files meanwhile costs up to ten times more on this machine,
    which would charge one step for the other's writes.
    """
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} → {process.returncode}\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def _batch(inputs: list[Path], out: Path, *options: str) -> tuple[float, float]:
    """One batch run into `out`, a folder that must not exist yet.

    Each run writes into a new folder and all are removed at the end: on this VM's disk
    (mounted with `discard`), creating files right after deleting thousands costs 10–20×
    more (0.7 ms instead of 35 µs a file) while the freed blocks are trimmed, which would
    charge a run for the previous one's clean-up.
    """
    assert not out.exists(), out
    command = [sys.executable, "-m", "webskills", "batch", *map(str, inputs), "--out", str(out)]
    return _run([*command, *options])


def measure_batch(n: int, workdir: Path) -> dict[str, Any]:
    """Generate N assessments in `workdir` and return the figures (seconds, ratios, MB)."""
    workdir.mkdir(parents=True, exist_ok=True)
    folder, table = generate(n, workdir)
    small = workdir / f"groupe-{max(n // 10, 1)}.csv"
    _write_csv(small, _people(max(n // 10, 1), _competence_ids()), _competence_ids())
    outs = (workdir / f"out-{step}" for step in itertools.count())

    parse_s, _ = _run([sys.executable, "-c", PARSE_SCRIPT, str(folder)])
    yaml_batch_s, _ = _batch([folder], next(outs))
    csv_out = next(outs)
    csv_s, rss = _batch([table], csv_out)
    csv_json_s, _ = _batch([table], next(outs), "--format", "json")
    csv_html_s, _ = _batch([table], next(outs), "--format", "html")
    csv_one_s, rss_one = _batch([table], next(outs), "--jobs", "1")
    _, rss_small = _batch([small], next(outs))
    reports = [path.stat().st_size for path in csv_out.glob("*.md")]
    mean_size = sum(reports) // len(reports)
    io_floor_s, _ = _run(
        [sys.executable, "-c", IO_FLOOR_SCRIPT, str(next(outs)), str(n), str(mean_size)]
    )
    compute = subprocess.run(
        [sys.executable, "-c", COMPUTE_SCRIPT, str(table)],
        capture_output=True,
        text=True,
        check=True,
    )
    compute_s = float(compute.stdout)
    from webskills.batch.run import choose_jobs, usable_cpus

    return {
        "n": n,
        "cpus": os.cpu_count(),
        "jobs": choose_jobs(0, n),
        "yaml_files_parse_s": round(parse_s, 3),
        "yaml_files_batch_s": round(yaml_batch_s, 3),
        "ratio": round(yaml_batch_s / parse_s, 2),
        "csv_people": n,
        "csv_batch_s": round(csv_s, 3),
        "people_per_s": round(n / csv_s),
        "csv_batch_json_s": round(csv_json_s, 3),
        "people_per_s_json": round(n / csv_json_s),
        "csv_batch_html_s": round(csv_html_s, 3),
        "people_per_s_html": round(n / csv_html_s),
        "csv_batch_one_process_s": round(csv_one_s, 3),
        "people_per_s_one_process": round(n / csv_one_s),
        "peak_rss_mb": round(rss, 1),
        "peak_rss_mb_one_process": round(rss_one, 1),
        "peak_rss_mb_small": round(rss_small, 1),
        "report_mean_bytes": mean_size,
        "io_floor_s": round(io_floor_s, 3),
        "people_per_s_io_floor": round(n / io_floor_s),
        "compute_us_per_person": round(compute_s / n * 1e6),
        "people_per_s_compute_floor": round(usable_cpus() * n / compute_s),
    }


GOALS = {"ratio": ("≤", 3.0), "people_per_s": ("≥", 5000), "people_per_s_html": ("≥", 1000)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=10_000, help="assessments to generate")
    parser.add_argument("--workdir", type=Path, help="keep the generated inputs here")
    args = parser.parse_args(argv)
    # Under the current folder, as benchmarks/run.py does.
    with tempfile.TemporaryDirectory(prefix=".bench-", dir=".") as tmp:
        figures = measure_batch(args.n, args.workdir or Path(tmp))
    width = max(map(len, figures))
    for key, value in figures.items():
        goal = GOALS.get(key)
        note = f"   (objectif {goal[0]} {goal[1]})" if goal else ""
        print(f"{key:<{width}}  {value}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
