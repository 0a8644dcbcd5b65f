"""Where the output goes when it is not a plain file: FIFOs, devices, symlinks, a full or
closed standard output. Each case runs `python -m webskills` in a fresh process, as a shell
would, and looks at what a user sees: the exit code, stderr, and what is left on disk."""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES

from webskills.errors import ExitCode
from webskills.files.answers import read_answers, write_answers
from webskills.files.catalog import load_catalog

EXAMPLE = EXAMPLES / "camille-webmestre.yaml"
TIMEOUT = 30


def webskills(
    *args: str, stdout: int | None = subprocess.PIPE, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m webskills ARGS` in a fresh process; stdout is a pipe unless given."""
    return subprocess.run(
        [sys.executable, "-m", "webskills", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        timeout=TIMEOUT,
        check=False,
    )


def markdown_report() -> str:
    result = webskills("report", str(EXAMPLE), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Bilan de compétences")
    return result.stdout


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    assert "erreur interne" not in stderr


# --- --output onto a FIFO, a device, a symlink -----------------------------------------------


@pytest.mark.parametrize("size", ["small", "big"])
def test_output_into_a_fifo_is_written_into_it_for_its_reader(
    tmp_path: Path, size: str, request: pytest.FixtureRequest
) -> None:
    """A reader thread drains the FIFO while webskills writes; the big report (450 KB, far
    more than a pipe holds) makes webskills wait for its reader, as `>` into a pipe does."""
    args = ["report", str(EXAMPLE)] if size == "small" else request.getfixturevalue("big_report")
    expected = webskills(*args, "--format", "md").stdout.encode()
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    # Opened before webskills starts, without waiting for a writer: the reader is there.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(reader, True)
    received = bytearray()
    done = threading.Event()

    def drain() -> None:
        while True:
            chunk = os.read(reader, 65536)
            if chunk:
                received.extend(chunk)
            elif done.is_set():
                return  # EOF once webskills has exited; before it opens the FIFO, EOF too
            else:
                time.sleep(0.01)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    try:
        result = webskills(*args, "-o", str(fifo), "--format", "md")
        done.set()
        thread.join(TIMEOUT)
    finally:
        os.close(reader)
    assert result.returncode == 0, result.stderr
    assert bytes(received) == expected
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not a file put in its place
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "data")  # data: big_report's
    assert left == ["tube"]  # no temporary file beside it


def test_output_into_a_fifo_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    result = webskills("report", str(EXAMPLE), "-o", str(fifo))  # timeout: never a hang
    assert result.returncode == ExitCode.OUTPUT == 7
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert str(fifo) in result.stderr and "sans lecteur" in result.stderr
    no_traceback(result.stderr)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tube"]


def device(tmp_path: Path, name: str) -> Path:
    """A character device to write to, `/dev/NAME` as the user meets it.

    For root, a private node of the same device in `tmp_path`: root could replace the real
    `/dev/null` (the bug these tests guard against), so a regression must break a copy, not
    the machine. Anyone else gets `/dev/NAME` itself, which they could not replace anyway.
    """
    real = Path("/dev") / name
    if os.geteuid() != 0:
        return real
    node = tmp_path / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.stat(real).st_rdev)
    except PermissionError:
        pytest.skip("root without CAP_MKNOD: no private device node to write to")
    return node


def test_output_to_dev_null_leaves_it_a_character_device(tmp_path: Path) -> None:
    null = device(tmp_path, "null")
    before = os.stat(null)
    result = webskills("report", str(EXAMPLE), "-o", str(null))
    assert result.returncode == 0, result.stderr
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)  # the same node
    assert not [name for name in os.listdir(null.parent) if name.startswith(".null.")]


def test_output_to_dev_stdout_reaches_standard_output(tmp_path: Path) -> None:
    # /dev/stdout is this link; one of our own, so that a regression replaces only it.
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    result = webskills("report", str(EXAMPLE), "-o", str(stdout), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert result.stdout == markdown_report()
    assert stdout.is_symlink()


def test_output_to_a_full_device_is_one_line_and_exit_7(tmp_path: Path) -> None:
    full = device(tmp_path, "full")
    result = webskills("report", str(EXAMPLE), "-o", str(full))
    assert result.returncode == ExitCode.OUTPUT
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"{full}: écriture impossible" in result.stderr
    no_traceback(result.stderr)
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("ancien\n", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "bilan.md"
    link.symlink_to("real.md")
    result = webskills("report", str(EXAMPLE), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert real.read_text(encoding="utf-8") == markdown_report()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # the target's permissions kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bilan.md", "real.md"]


def test_output_through_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "bilan.md"
    link.symlink_to("nouveau.md")
    result = webskills("report", str(EXAMPLE), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert (tmp_path / "nouveau.md").read_text(encoding="utf-8") == markdown_report()


def test_output_through_a_symlink_to_dev_null_keeps_both(tmp_path: Path) -> None:
    null = device(tmp_path, "null")
    link = tmp_path / "nulle-part.md"
    link.symlink_to(null)
    result = webskills("report", str(EXAMPLE), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(null)
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_output_onto_a_socket_is_refused_and_left_alone(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.md"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = webskills("report", str(EXAMPLE), "-o", str(path))
    assert result.returncode == ExitCode.OUTPUT
    assert result.stderr.count("\n") == 1, result.stderr
    assert str(path) in result.stderr
    no_traceback(result.stderr)
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_an_answers_file_behind_a_symlink_stays_a_link(tmp_path: Path) -> None:
    """`assess` saves through the same writer: a linked answers file is updated in place."""
    catalog = load_catalog()
    answers = read_answers(EXAMPLE, catalog)
    real = tmp_path / "camille.yaml"
    real.write_text("ancien\n", encoding="utf-8")
    link = tmp_path / "lien.yaml"
    link.symlink_to(real)
    write_answers(link, answers)
    assert link.is_symlink()
    assert read_answers(real, catalog).ratings == answers.ratings


# --- standard output full or closed ----------------------------------------------------------

COMMANDS = [
    pytest.param(["codes"], id="codes"),
    pytest.param(["report", str(EXAMPLE)], id="report-term"),
    pytest.param(["report", str(EXAMPLE), "--format", "json"], id="report-json"),
    pytest.param(["profiles"], id="profiles"),
    pytest.param(["--version"], id="version"),
]


@pytest.mark.parametrize("args", COMMANDS)
def test_a_full_standard_output_is_one_line_and_exit_7(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = webskills(*args, stdout=full.fileno())
    assert result.returncode == ExitCode.OUTPUT, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "sortie standard" in result.stderr
    no_traceback(result.stderr)


@pytest.mark.parametrize("args", COMMANDS)
def test_a_standard_output_closed_by_its_reader_ends_silently_with_0(args: list[str]) -> None:
    """The reader is gone before the first byte (`| true`): every write fails."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = webskills(*args, stdout=write_end)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.fixture
def big_report(data_copy: Path) -> list[str]:
    """`report` arguments whose output is some 450 KB, far more than a pipe holds (64 KB):
    a profile of 2,000 competences, every one a gap."""
    count = 2000
    competences = "".join(
        f'  - {{id: X{i}, title: "Compétence {i}, un titre long pour remplir la ligne", '
        "area: X, levels: [3], required: true, codes: [], source: domain-facts}\n"
        for i in range(count)
    )
    (data_copy / "profiles" / "grand.yaml").write_text(
        "format: 1\ntitle: Grand métier\nsources: [domain-facts]\n"
        "rome:\n  - {code: E1101, title: Community manager, source: domain-facts}\n"
        "areas:\n  - {id: X, title: Faire}\ncompetences:\n" + competences,
        encoding="utf-8",
    )
    answers = data_copy / "grand.yaml"
    ratings = "".join(f"  X{i}: 0\n" for i in range(count))
    answers.write_text(f"format: 1\nprofile: grand\nratings:\n{ratings}", encoding="utf-8")
    return ["--data-dir", str(data_copy), "report", str(answers)]


@pytest.mark.parametrize("fmt", ["term", "md", "json"])
def test_head_1_on_a_big_report_ends_silently_with_0(big_report: list[str], fmt: str) -> None:
    whole = webskills(*big_report, "--format", fmt)
    assert whole.returncode == 0, whole.stderr
    assert len(whole.stdout) > 200_000  # a pipe cannot hold it: head leaves while it writes
    command = shlex.join([sys.executable, "-m", "webskills", *big_report, "--format", fmt])
    result = subprocess.run(
        ["bash", "-c", f'{command} | head -1; echo "status=${{PIPESTATUS[0]}}" >&2'],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.stdout == whole.stdout.splitlines(keepends=True)[0]
    assert result.stderr == "status=0\n"  # webskills said nothing, and its own status is 0


def test_head_1_on_codes_ends_silently_with_0() -> None:
    command = shlex.join([sys.executable, "-m", "webskills", "codes"])
    result = subprocess.run(
        ["bash", "-c", f'{command} | head -1; echo "status=${{PIPESTATUS[0]}}" >&2'],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.stdout.count("\n") == 1
    assert result.stderr == "status=0\n"


def test_a_reader_that_leaves_mid_output_ends_it_silently(big_report: list[str]) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "webskills", *big_report, "--format", "md"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline().startswith(b"# Bilan")
    child.stdout.close()
    stderr = child.stderr.read()
    assert child.wait(TIMEOUT) == 0
    assert stderr == b""
