"""`webskills batch` at scale and side by side: naming in linear time, one run per output
folder (a lock), what killed runs leave cleaned by the next one, nothing created when
nothing can be written. Runs that must really be separate processes are subprocesses."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_batch import MINI_HEADER

from webskills.batch.naming import MAX_STEM, RESERVED_STEMS, NameAllocator, slugify

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="flock and fork: Linux")

TIMEOUT = 60


def _rows(count: int, name: str | None = None) -> list[str]:
    return [f"p{i};{name or f'P{i}'};mini;;{i % 6};;;" for i in range(count)]


def _table(path: Path, rows: list[str], header: str = MINI_HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _webskills(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`webskills --data-dir DATA ARGS…` as a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "webskills", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


@contextmanager
def _held(folder: Path) -> Iterator[None]:
    """Hold the folder's lock, as a live `webskills batch` writing it does."""
    import fcntl  # POSIX only: the module is skipped elsewhere

    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


def _names(folder: Path) -> list[str]:
    """The reports and summaries written (the answers files and summary.xlsx that every run
    also writes are tested in test_batch_outputs.py)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("answers", "summary.xlsx"))


# --- naming ------------------------------------------------------------------------------


def _reference_allocate(used: set[str], raw: str) -> str:
    """The names as they were chosen before (search from `-2` upward, every time)."""
    base = slugify(raw)
    stem, number = base, 1
    while stem in used or stem in RESERVED_STEMS:
        number += 1
        suffix = f"-{number}"
        stem = base[: MAX_STEM - len(suffix)].rstrip("-_") + suffix
    used.add(stem)
    return stem


def test_naming_twenty_thousand_namesakes_is_linear() -> None:
    names = NameAllocator()
    start = time.perf_counter()
    stems = [names.allocate("Dupont") for _ in range(20_000)]
    elapsed = time.perf_counter() - start
    # Linear: ~20 ms here. The search from `-2` upward took minutes (200 million tries).
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert stems[:3] == ["dupont", "dupont-2", "dupont-3"]
    assert stems[-1] == "dupont-20000"
    assert len(set(stems)) == 20_000


def test_naming_gives_the_same_names_as_before() -> None:
    """Random runs mixing namesakes, names that look like suffixed ones, reserved names and
    names long enough to be cut: every stem is the one the plain search gives."""
    pool = [
        "Dupont",
        "dupont-2",
        "DUPONT-3",
        "dupont-2-2",
        "summary",
        "summary-2",
        "CON",
        "a" * 80,
        "a" * 79,
        "a" * 78 + "-2",
        "a" * 78,
        "x-",
        "x",
        "",
    ]
    rng = random.Random(17)
    for _ in range(500):
        people = [rng.choice(pool) for _ in range(rng.randint(1, 40))]
        names, used = NameAllocator(), set[str]()
        assert [names.allocate(p) for p in people] == [
            _reference_allocate(used, p) for p in people
        ], people


# --- one run per folder ------------------------------------------------------------------


def test_a_folder_in_use_is_refused_at_once(tmp_path: Path, mini_data: Path) -> None:
    table = _table(tmp_path / "g.csv", _rows(5))
    out = tmp_path / "out"
    out.mkdir()
    with _held(out):
        refused = _webskills(mini_data, "batch", str(table), "--out", str(out))
    assert refused.returncode == 7
    lines = refused.stderr.splitlines()
    assert len(lines) == 1 and str(out) in lines[0], refused.stderr
    assert "autre exécution" in lines[0]
    assert _names(out) == []  # nothing written by the refused run
    # Once the other run is over, the folder is free.
    done = _webskills(mini_data, "batch", str(table), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert len(_names(out)) == 5 + 2


def test_a_new_folder_being_built_by_another_run_is_refused(
    tmp_path: Path, mini_data: Path
) -> None:
    table = _table(tmp_path / "g.csv", _rows(5))
    out = tmp_path / "out"
    staging = tmp_path / ".out.webskills-0123abcd"  # another run, alive, building `out`
    staging.mkdir()
    (staging / "p1.md").write_text("# en cours\n", encoding="utf-8")
    with _held(staging):
        refused = _webskills(mini_data, "batch", str(table), "--out", str(out))
    assert refused.returncode == 7
    lines = refused.stderr.splitlines()
    assert len(lines) == 1 and str(out) in lines[0], refused.stderr
    assert not out.exists()
    assert _names(staging) == ["p1.md"]  # a live run's folder is never touched


_STOPPABLE = """\
import sys, time
from pathlib import Path
from webskills.batch.run import run_batch
from webskills.files.catalog import load_catalog

data, table, out, marker, go, jobs = sys.argv[1:]

def on_progress(handled):
    if handled == 40:
        Path(marker).write_text("holding", encoding="utf-8")
        deadline = time.monotonic() + 30
        while not Path(go).exists() and time.monotonic() < deadline:
            time.sleep(0.01)

result = run_batch([Path(table)], load_catalog(Path(data)), Path(out), on_progress=on_progress,
                   jobs=int(jobs))
print(result.written)
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_two_runs_into_one_folder_never_interleave(
    tmp_path: Path, mini_data: Path, jobs: int
) -> None:
    """Run A pauses mid-run (deterministically, at its 40th person); run B, a real second
    process into the same folder, is refused at once; A then finishes, and the summary
    agrees with every report in the folder."""
    first = _table(tmp_path / "a.csv", _rows(300))
    second = _table(tmp_path / "b.csv", [f"q{i};Q{i};mini;;1;;;" for i in range(300)])
    out = tmp_path / "out"
    out.mkdir()
    marker, go = tmp_path / "holding", tmp_path / "go"
    script = tmp_path / "stoppable.py"
    script.write_text(_STOPPABLE, encoding="utf-8")
    arguments = [str(p) for p in (script, mini_data, first, out, marker, go)]
    run_a = subprocess.Popen(
        [sys.executable, *arguments, str(jobs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not marker.exists():
            assert run_a.poll() is None, run_a.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        run_b = _webskills(mini_data, "batch", str(second), "--out", str(out), "--jobs", "1")
        go.write_text("", encoding="utf-8")
        stdout, stderr = run_a.communicate(timeout=TIMEOUT)
    finally:
        if run_a.poll() is None:
            run_a.kill()
            run_a.wait()
    assert run_a.returncode == 0, stderr
    assert stdout == "300\n"
    assert run_b.returncode == 7
    assert len(run_b.stderr.splitlines()) == 1 and str(out) in run_b.stderr
    reports = [name for name in _names(out) if not name.startswith("summary")]
    assert reports == sorted(f"p{i}.md" for i in range(300))
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(summary) == 1 + 300 and all(line.startswith("p") for line in summary[1:])


# --- what killed runs leave --------------------------------------------------------------


def test_a_dead_runs_staging_folder_is_removed_by_the_next_run(
    tmp_path: Path, mini_data: Path
) -> None:
    table = _table(tmp_path / "g.csv", _rows(3))
    out = tmp_path / "out"
    dead = tmp_path / ".out.webskills-deadbeef"  # nobody holds its lock: its run is gone
    dead.mkdir()
    (dead / "p1.md").write_text("# à moitié\n", encoding="utf-8")
    other = tmp_path / ".autre.webskills-deadbeef"  # another folder's: not ours to judge
    other.mkdir()
    result = _webskills(mini_data, "batch", str(table), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and str(dead) in lines[0], result.stderr
    assert not dead.exists() and other.exists()
    assert _names(out) == ["p0.md", "p1.md", "p2.md", "summary.csv", "summary.md"]


def test_a_dead_runs_temporary_files_are_removed_by_the_next_run(
    tmp_path: Path, mini_data: Path
) -> None:
    table = _table(tmp_path / "g.csv", _rows(3))
    out = tmp_path / "out"
    out.mkdir()
    leftovers = [".webskills-deadbeef-3.md", ".webskills-deadbeef-12.json", ".summary.csv.x1_y.tmp"]
    for name in leftovers:
        (out / name).write_text("à moitié", encoding="utf-8")
    (out / ".mes-notes.md").write_text("à moi", encoding="utf-8")  # not a leftover
    result = _webskills(mini_data, "batch", str(table), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and str(out) in lines[0] and "3" in lines[0], result.stderr
    assert _names(out) == [".mes-notes.md", "p0.md", "p1.md", "p2.md", "summary.csv", "summary.md"]


_KILLED = """\
import os, signal, sys
from pathlib import Path
from webskills.batch.run import run_batch
from webskills.files.catalog import load_catalog

data, table, out, jobs = sys.argv[1:]

def on_progress(handled):
    if handled == 150:
        os.kill(os.getpid(), signal.SIGKILL)

run_batch([Path(table)], load_catalog(Path(data)), Path(out), on_progress=on_progress,
          jobs=int(jobs))
"""


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "existing folder"])
def test_after_kill_9_the_next_run_cleans_up_and_proceeds(
    tmp_path: Path, mini_data: Path, jobs: int, existing: bool
) -> None:
    table = _table(tmp_path / "g.csv", _rows(300))
    out = tmp_path / "out"
    if existing:
        out.mkdir()
    script = tmp_path / "killed.py"
    script.write_text(_KILLED, encoding="utf-8")
    killed = subprocess.run(
        [sys.executable, str(script), str(mini_data), str(table), str(out), str(jobs)],
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert killed.returncode == -9, killed.stderr
    # The dead run left its traces (the staging folder, or temporary reports).
    if existing:
        assert [n for n in _names(out) if n.startswith(".webskills-")] or jobs == 1
    else:
        assert not out.exists()
        assert [p.name for p in tmp_path.glob(".out.webskills-*")]
    # Its workers died with it, or at least do not hold the folder: the next run proceeds.
    again = _webskills(mini_data, "batch", str(table), "--out", str(out), "--jobs", str(jobs))
    assert again.returncode == 0, again.stderr
    assert not list(tmp_path.glob(".out.webskills-*"))
    assert _names(out) == sorted([f"p{i}.md" for i in range(300)] + ["summary.csv", "summary.md"])


# --- nothing to write, nothing created ---------------------------------------------------


def test_a_run_that_writes_nothing_creates_no_folder(tmp_path: Path, mini_data: Path) -> None:
    work = tmp_path / "work"  # the data copy lives in tmp_path: keep the run apart
    work.mkdir()
    table = _table(work / "g.csv", ["p1;Ana;mini;;7;;;", "p2;Bob;mini;;x;;;"])
    out = work / "deep" / "er" / "out"  # and no parent either
    result = _webskills(mini_data, "batch", str(table), "--out", str(out))
    assert result.returncode == 4
    assert result.stderr.splitlines()[-1] == (
        f"0 rapport(s) écrit(s), 2 erreur(s) — {out} (rien n'est écrit)"
    )
    assert _names(work) == ["g.csv"]  # no `deep`, no hidden staging folder
    # --fail-fast stopping at the first person: nothing either.
    stopped = _webskills(mini_data, "batch", str(table), "--out", str(out), "--fail-fast")
    assert stopped.returncode == 4
    assert _names(work) == ["g.csv"]
    # An existing folder stays as it was.
    existing = work / "existing"
    existing.mkdir()
    (existing / "notes.txt").write_text("à moi", encoding="utf-8")
    result = _webskills(mini_data, "batch", str(table), "--out", str(existing))
    assert result.returncode == 4
    assert _names(existing) == ["notes.txt"]
