"""The performance budget of webskills (issue 6), measured on this machine.

    python benchmarks/run.py            # every row, default sizes
    python benchmarks/run.py --quick    # fewer repetitions, 2,000 people for batch

Each start-up figure is a ratio to `python -c pass` measured in the same run, interleaved,
so a noisy machine moves both sides together. Medians of N runs. The catalog cache is warm
for the start-up rows (as on any second run); the cold figure is printed too.

This is a benchmark, not a test: CI times nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "camille-webmestre.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def executable() -> str:
    """The installed `webskills` next to this interpreter (as a user runs it)."""
    candidate = Path(sys.executable).parent / "webskills"
    found = str(candidate) if candidate.exists() else shutil.which("webskills")
    if not found:
        sys.exit("webskills is not installed in this environment: pip install -e .")
    return found


def compile_package() -> None:
    """Write the package's bytecode, as `pip install` does, so runs load it."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("webskills")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def startup_ratios(runs: int, env: dict[str, str]) -> list[tuple[str, float, float, float]]:
    """(label, median seconds, baseline median, goal ratio) for the start-up rows."""
    exe = executable()
    rows = [
        ("webskills --version", [exe, "--version"], 6.0),
        (
            "webskills report EXAMPLE --format json",
            [exe, "report", str(EXAMPLE), "-f", "json"],
            8.0,
        ),
        ("webskills report EXAMPLE (terminal)", [exe, "report", str(EXAMPLE), "-f", "term"], 12.0),
        # Jinja2 alone costs ~6 bare interpreters (issue 15): imported on this path only.
        (
            "webskills report EXAMPLE --format html",
            [exe, "report", str(EXAMPLE), "-f", "html"],
            16.0,
        ),
    ]
    baseline_cmd = [sys.executable, "-c", "pass"]
    for _, cmd, _ in rows:  # warm the OS file cache and the catalog cache
        wall(cmd, env)
    base: list[float] = []
    times: dict[str, list[float]] = {label: [] for label, _, _ in rows}
    for _ in range(runs):
        base.append(wall(baseline_cmd, env))
        for label, cmd, _ in rows:
            times[label].append(wall(cmd, env))
    baseline = statistics.median(base)
    return [(label, statistics.median(times[label]), baseline, goal) for label, _, goal in rows]


def cold_report(env: dict[str, str]) -> float:
    cold = dict(env, WEBSKILLS_NO_CACHE="1")
    return statistics.median(
        wall([executable(), "report", str(EXAMPLE), "-f", "json"], cold) for _ in range(5)
    )


# Who is answering is given, as `--name`/`--id`/`--diploma` do, so that the first screen is
# the first question (asked, they are three prompts the person types at their own pace).
ASSESS_ARGS = ["--profile", "webmestre", "--name", "B", "--id", "b-1", "--diploma", "bac"]
ANSWERED = 20  # questions answered in each run of `assess_answer`


def assess_first_question(runs: int, env: dict[str, str]) -> float:
    """Seconds from launching `webskills assess` in a pseudo-terminal to the first question."""
    import pexpect

    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            start = time.perf_counter()
            child = pexpect.spawn(
                executable(),
                ["assess", *ASSESS_ARGS, "--output", f"{tmp}/a{i}.yaml"],
                env=env,
                encoding="utf-8",
                dimensions=(40, 120),
                timeout=10,
            )
            child.expect(r"1/\d+")
            samples.append(time.perf_counter() - start)
            child.sendcontrol("c")
            child.expect(pexpect.EOF)
            child.close()
    return statistics.median(samples)


def assess_answer(runs: int, env: dict[str, str]) -> tuple[float, float]:
    """(median, 90th percentile) seconds from a digit typed on a question to the next
    question drawn whole (its last choice on screen): the answer saved atomically, the
    screen erased and the next one drawn, as a person waits for it."""
    import pexpect

    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            child = pexpect.spawn(
                executable(),
                ["assess", *ASSESS_ARGS, "--output", f"{tmp}/b{i}.yaml"],
                env=env | {"PROMPT_TOOLKIT_NO_CPR": "1"},
                encoding="utf-8",
                dimensions=(40, 120),
                timeout=10,
            )
            child.delaybeforesend = None  # pexpect waits 50 ms before each send by default
            child.expect(r"question 1/(\d+)")
            total = int(child.match.group(1))
            child.expect_exact("Je ne sais pas")
            for number in range(2, min(ANSWERED, total) + 1):
                start = time.perf_counter()
                child.send(str(number % 6))
                child.expect_exact(f"question {number}/{total}")
                child.expect_exact("Je ne sais pas")
                samples.append(time.perf_counter() - start)
            child.sendcontrol("c")
            child.expect(pexpect.EOF)
            child.close()
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller batch")
    parser.add_argument("--people", type=int, default=None, help="batch size (default 10000)")
    args = parser.parse_args()
    runs = 7 if args.quick else 21
    people = args.people or (2000 if args.quick else 10000)

    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    # An installed webskills runs from bytecode: pip compiles it at install time. An
    # editable checkout under PYTHONDONTWRITEBYTECODE would recompile every module on
    # every run, which measures the compiler rather than webskills.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compile_package()
    with tempfile.TemporaryDirectory() as cache:
        env["WEBSKILLS_CACHE_DIR"] = cache
        print(
            f"webskills benchmarks — {time.strftime('%Y-%m-%d')} — {platform.node()} "
            f"({os.cpu_count()} cores, Python {platform.python_version()})"
        )
        print(f"{'measure':<52} {'figure':>14} {'goal':>10}  ok")
        for label, seconds, baseline, goal in startup_ratios(runs, env):
            ratio = seconds / baseline
            print(
                f"{label + ' vs python -c pass':<52} {ratio:>6.1f}× ({seconds * 1000:.0f} ms)"
                f" {'≤ ' + format(goal, 'g') + '×':>8}  {'yes' if ratio <= goal else 'NO'}"
            )
        print(
            f"{'  (python -c pass: ' + format(baseline * 1000, '.0f') + ' ms; cold cache report json: ' + format(cold_report(env) * 1000, '.0f') + ' ms)':<52}"
        )
        first = assess_first_question(5 if args.quick else 9, env)
        print(
            f"{'webskills assess: start to first question':<52} {first:>9.3f} s {'≤ 0.3 s':>10}  "
            f"{'yes' if first <= 0.3 else 'NO'}"
        )
        answer, slow = assess_answer(3 if args.quick else 5, env)
        print(
            f"{'webskills assess: key press to next question drawn':<52} "
            f"{answer * 1000:>7.0f} ms {'≤ 100 ms':>10}  {'yes' if answer <= 0.1 else 'NO'}"
        )
        print(f"{'  (90th percentile: ' + format(slow * 1000, '.0f') + ' ms)':<52}")

        from bench_batch import measure_batch

        # Inputs and reports go under the current folder: the disk a counsellor's project
        # folder is on. Each run writes a new folder (see `bench_batch._batch`).
        with tempfile.TemporaryDirectory(prefix=".bench-", dir=".") as work:
            figures = measure_batch(people, Path(work))
        ratio = figures["ratio"]
        print(
            f"{'batch over ' + str(people) + ' YAML files vs parsing them (CSafeLoader)':<52} "
            f"{ratio:>9.2f}× {'≤ 3×':>10}  {'yes' if ratio <= 3 else 'NO'}"
        )
        print(
            f"{'  (parse ' + format(figures['yaml_files_parse_s'], '.2f') + ' s, batch ' + format(figures['yaml_files_batch_s'], '.2f') + ' s)':<52}"
        )
        rate = figures["people_per_s"]
        print(
            f"{'batch over a CSV of ' + str(figures['csv_people']) + ' people':<52} "
            f"{rate:>7.0f} p/s {'≥ 5000 p/s':>10}  {'yes' if rate >= 5000 else 'NO'}"
        )
        print(
            f"{'  (one process: ' + format(figures['people_per_s_one_process']) + ' p/s; JSON: ' + format(figures['people_per_s_json']) + ' p/s)':<52}"
        )
        html_rate = figures["people_per_s_html"]
        print(
            f"{'batch over the same CSV, --format html':<52} "
            f"{html_rate:>7.0f} p/s {'≥ 1000 p/s':>10}  {'yes' if html_rate >= 1000 else 'NO'}"
        )
        print(
            f"{'  (html / md in the same minutes: ' + format(html_rate / rate, '.2f') + '; goal ≥ 0.5)':<52}"
        )
        print(f"{'  peak memory (RSS) of batch':<52} {figures['peak_rss_mb']:>8.1f} MB")
        print(
            f"  ceilings on this machine: writing and syncing {people} files of "
            f"{figures['report_mean_bytes']:,} bytes alone, {figures['people_per_s_io_floor']:,} p/s; "
            f"computing alone ({figures['compute_us_per_person']} µs of CPU a person) "
            f"on every core, {figures['people_per_s_compute_floor']:,} p/s"
        )

        from bench_spreadsheets import measure as measure_spreadsheets

        with tempfile.TemporaryDirectory(prefix=".bench-", dir=".") as work:
            read = measure_spreadsheets(people, Path(work), rounds=2 if args.quick else 3)
        ratio = read["xlsx"]["people_per_s"] / read["csv"]["people_per_s"]
        print(
            f"{'reading ' + str(people) + ' people: xlsx vs csv (up to the report)':<52} "
            f"{ratio:>9.2f}× {'≥ 1×':>10}  {'yes' if ratio >= 1 else 'NO'}"
        )
        print(
            f"{'  (csv ' + format(read['csv']['people_per_s'], '.0f') + ' p/s, ' + format(read['csv']['peak_mb'], '.1f') + ' MB; xlsx ' + format(read['xlsx']['people_per_s'], '.0f') + ' p/s, ' + format(read['xlsx']['peak_mb'], '.1f') + ' MB)':<52}"
        )


if __name__ == "__main__":
    main()
