"""Hostile inputs (issue 17, classes 1–4): special files, alias bombs, deep nesting, huge
integers and UTF-16 spreadsheets, each run as a user would, in a subprocess with a timeout.

A hang must fail the test rather than block the suite: every run has a `timeout`, and
`subprocess.run` raises `TimeoutExpired` when it passes. Output is read with a size cap too,
since printing the expanded value of an alias bomb is one of the failures guarded against.
"""

from __future__ import annotations

import codecs
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES

CAMILLE = EXAMPLES / "camille-webmestre.yaml"
TIMEOUT = 20  # seconds: every case below ends in well under one on a laptop


def webskills(
    *args: str, stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    """Run `webskills ARGS` in a subprocess, failing the test if it does not end in time."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "LANG": "fr_FR.UTF-8", "LANGUAGE": ""}
    env.pop("WEBSKILLS_DATA_DIR", None)
    env.pop("WEBSKILLS_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "webskills", *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT,
        env=env,
    )


_MEASURED = """
import resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, capture_output=True)
seconds = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
sys.stderr.buffer.write(done.stderr[:100_000])
print(done.returncode, round(seconds, 2), peak)
"""


def measured(*args: str) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """`webskills(ARGS)` with its wall time (s) and peak memory (MB), measured in a fresh
    process whose only child is the run (the peak of RUSAGE_CHILDREN is over all children)."""
    env = {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": ""}
    env.pop("WEBSKILLS_LANG", None)
    probe = subprocess.run(
        [sys.executable, "-c", _MEASURED, sys.executable, "-m", "webskills", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
    )
    code, seconds, peak = probe.stdout.split()
    done = subprocess.CompletedProcess(args, int(code), "", probe.stderr)
    return done, float(seconds), int(peak)


def one_error(done: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """The run ended with `code` and one clean stderr line holding `words`; that line."""
    lines = done.stderr.splitlines()
    assert done.returncode == code, done.stderr[:2000]
    assert "Traceback" not in done.stderr
    assert len(lines) == 1, lines[:5]
    for word in words:
        assert word in lines[0], lines[0]
    assert len(lines[0]) < 400
    assert "\x00" not in done.stderr
    return lines[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe nobody writes to: reading it blocks for ever."""
    path = tmp_path / "camille.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def zero(tmp_path: Path) -> Path:
    """A symlink to /dev/zero, which reads without end, under an answers file's name."""
    path = tmp_path / "zero.yaml"
    path.symlink_to("/dev/zero")
    return path


# --- class 1: special files -------------------------------------------------------------


@pytest.mark.parametrize("special", ["fifo", "zero"])
@pytest.mark.parametrize(
    "command",
    [
        ("report", "{}"),
        ("match", "{}"),
        ("compare", "{}", str(CAMILLE)),
        ("compare", str(CAMILLE), "{}"),
    ],
)
def test_a_special_answers_file_is_refused_at_once(
    special: str, command: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    path = request.getfixturevalue(special)
    done = webskills(*(arg.format(path) for arg in command))
    kind = "tube nommé" if special == "fifo" else "périphérique caractère"
    one_error(done, 4, str(path), kind, "pas un fichier ordinaire")


@pytest.mark.parametrize("special", ["fifo", "zero"])
def test_validate_refuses_a_special_file(special: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(special)
    done = webskills("validate", str(path))
    assert done.returncode == 3, done.stderr
    assert "pas un fichier ordinaire" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("which", ["profiles/webmestre.yaml", "codes.yaml"])
def test_a_special_file_in_a_data_dir_is_a_data_error(data_copy: Path, which: str) -> None:
    target = data_copy / which
    target.unlink()
    os.mkfifo(target)
    done = webskills("--data-dir", str(data_copy), "report", str(CAMILLE))
    one_error(done, 3, which, "tube nommé")
    done = webskills("validate", str(data_copy))
    assert done.returncode == 3
    assert "tube nommé" in done.stdout + done.stderr


def test_data_dir_codes_linked_to_dev_zero(data_copy: Path) -> None:
    codes = data_copy / "codes.yaml"
    codes.unlink()
    codes.symlink_to("/dev/zero")
    done = webskills("--data-dir", str(data_copy), "report", str(CAMILLE))
    one_error(done, 3, "codes.yaml", "périphérique caractère")


def test_assess_resume_from_a_fifo_in_a_terminal(fifo: Path, tmp_path: Path) -> None:
    """`assess` needs a terminal: given one (a pseudo-terminal), --resume on a FIFO is
    refused at once instead of waiting for a writer."""
    leader, follower = pty.openpty()
    try:
        done = webskills("assess", "--resume", str(fifo), stdin=follower)
    finally:
        os.close(follower)
        os.close(leader)
    one_error(done, 4, str(fifo), "tube nommé")


def test_batch_skips_special_files_in_a_folder_with_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "groupe"
    folder.mkdir()
    (folder / "camille.yaml").write_bytes(CAMILLE.read_bytes())
    os.mkfifo(folder / "pipe.yaml")
    os.mkfifo(folder / "pipe.csv")
    (folder / "zero.csv").symlink_to("/dev/zero")
    out = tmp_path / "out"
    done = webskills("batch", str(folder), "--out", str(out))
    # Skipped with a notice, not refused: nobody was in them, and the run is complete.
    assert done.returncode == 0, done.stderr
    skipped = [line for line in done.stderr.splitlines() if "pas un fichier ordinaire" in line]
    assert all(line.endswith("; passé") for line in skipped), skipped
    assert len(skipped) == 3, done.stderr
    assert {line.split(":")[0] for line in skipped} == {
        str(folder / name) for name in ("pipe.yaml", "pipe.csv", "zero.csv")
    }
    assert "Traceback" not in done.stderr
    assert (out / "cd-2026-001.md").is_file()  # Camille's report, written all the same


def test_batch_refuses_a_named_fifo(tmp_path: Path) -> None:
    pipe = tmp_path / "groupe.csv"
    os.mkfifo(pipe)
    done = webskills("batch", str(pipe), "--out", str(tmp_path / "out"))
    assert done.returncode in (4, 6), done.stderr
    assert str(pipe) in done.stderr and "tube nommé" in done.stderr
    assert "Traceback" not in done.stderr


def test_reads_are_bounded_by_bytes_read_not_by_reported_size(tmp_path: Path) -> None:
    """/proc files report a size of 0 whatever they hold: the cap counts what is read."""
    from webskills.files import opening

    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 100)
    with pytest.raises(opening.FileProblem, match="trop gros"):
        opening.read_bytes(path, limit=99)
    assert opening.read_bytes(path, limit=100) == b"#" * 100


def test_standard_input_is_still_read_with_a_dash() -> None:
    with CAMILLE.open("rb") as handle:
        done = webskills("report", "-", "--format", "json", stdin=handle.fileno())
    assert done.returncode == 0, done.stderr


# --- class 2: alias bombs and memory -----------------------------------------------------


def _laughs(levels: int, width: int = 9) -> str:
    """A « billion laughs »: each level names the previous one `width` times."""
    lines = ["format: 1", "profile: webmestre", f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{refs}]")
    lines.append(f"ratings: {{A.1: *l{levels - 1}}}")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_an_answers_file_is_refused_quickly(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_laughs(9))  # 9**9 = 387 million values once expanded, ~400 bytes
    assert bomb.stat().st_size < 600
    done, seconds, peak = measured("report", str(bomb))
    one_error(done, 4, str(bomb), "alias")
    assert len(done.stderr) < 2000
    assert seconds < 5 and peak < 200, (seconds, peak)


@pytest.mark.parametrize(
    "body",
    [
        "ratings: {A.1: [" + ",".join(["0"] * 2_500_000) + "]}\n",  # 5 MB, 2.5 million values
        "ratings:\n" + "".join(f" k{i}: 1\n" for i in range(400_000)),  # 800,000 values
    ],
    ids=["wide-list", "many-keys"],
)
def test_a_document_of_millions_of_values_is_refused_before_it_is_built(
    tmp_path: Path, body: str
) -> None:
    """Composing a node costs ~300 bytes and 2.5 µs: 5 MB of them took 7.8 s and 970 MB."""
    path = tmp_path / "wide.yaml"
    path.write_text("format: 1\nprofile: webmestre\n" + body)
    assert path.stat().st_size <= 5 * 1024 * 1024
    done, seconds, peak = measured("report", str(path))
    one_error(done, 4, str(path), "trop grand")
    assert seconds < 3 and peak < 150, (seconds, peak)


def test_an_alias_bomb_on_standard_input_is_refused_quickly() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "webskills", "report", "-"],
        input=_laughs(9),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    one_error(done, 4, "<stdin>", "alias")


def test_aliases_in_a_data_file_are_bounded(data_copy: Path) -> None:
    profile = data_copy / "profiles" / "webmestre.yaml"
    profile.write_text(profile.read_text() + _laughs(9).replace("format: 1\n", "", 1))
    start = time.monotonic()
    done = webskills("--data-dir", str(data_copy), "report", str(CAMILLE))
    assert time.monotonic() - start < 10
    one_error(done, 3, "webmestre.yaml", "alias")


def test_a_few_aliases_in_a_data_file_are_fine(data_copy: Path) -> None:
    codes = data_copy / "codes.yaml"
    text = codes.read_text(encoding="utf-8")
    assert "\nfamilies:" in text
    codes.write_text(text.replace("\nfamilies:", "\nshared: &shared {a: 1}\nfamilies:", 1))
    # `shared` is an unknown key, but the alias itself is no problem: validate names the key
    done = webskills("validate", str(data_copy))
    assert "alias YAML" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_recursive_alias_is_refused(data_copy: Path) -> None:
    codes = data_copy / "codes.yaml"
    codes.write_text(codes.read_text(encoding="utf-8") + "loop: &loop [*loop]\n")
    done = webskills("--data-dir", str(data_copy), "report", str(CAMILLE))
    one_error(done, 3, "codes.yaml", "alias récursif")


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 100_000 + "]" * 100_000,
        "{a: " * 100_000 + "1" + "}" * 100_000,
        "[" * 150 + "]" * 150,  # within libyaml's own limit (1,000), beyond ours
    ],
    ids=["lists-100k", "maps-100k", "lists-150"],
)
def test_deep_nesting_is_one_line(tmp_path: Path, nested: str) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text(f"format: 1\nprofile: webmestre\nratings:\n  A.1: {nested}\n")
    done = webskills("report", str(deep))
    line = one_error(done, 4, str(deep))
    assert "imbriqué" in line or "nesting" in line


# --- class 3: integers beyond Python's digit limit --------------------------------------

BIG = {
    "decimal": "9" * 5000,
    "hex": "0x" + "f" * 5000,
    "binary": "0b" + "1" * 20_000,
    "octal": "0" + "7" * 5000,  # YAML 1.1 octal (0o777 is a string there)
    "sexagesimal": "1:" + ":".join(["59"] * 3000),
}


@pytest.mark.parametrize("number", BIG.values(), ids=BIG.keys())
@pytest.mark.parametrize(
    ("key", "document"),
    [
        ("ratings.A.1", "format: 1\nprofile: webmestre\nratings: {{A.1: {n}}}\n"),
        ("profile", "format: 1\nprofile: {n}\n"),
        ("format", "format: {n}\nprofile: webmestre\n"),
        ("person.diploma_level", "profile: webmestre\nperson: {{diploma_level: {n}}}\n"),
        ("person.id", "profile: webmestre\nperson: {{id: {n}}}\n"),
    ],
    ids=["rating", "profile", "format", "diploma_level", "id"],
)
def test_a_huge_integer_in_an_answers_file_names_its_key(
    tmp_path: Path, key: str, document: str, number: str
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(document.format(n=number))
    done = webskills("report", str(path))
    one_error(done, 4, f"{path}: {key}:", "nombre entier trop long", "…")


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("  level_min: 5\n", "  level_min: {n}\n", "level_min"),
        ("    levels: [2]\n", "    levels: [{n}]\n", "levels[0]"),
    ],
    ids=["level_min", "levels"],
)
def test_a_huge_integer_in_a_profile_names_its_key(
    data_copy: Path, old: str, new: str, key: str
) -> None:
    profile = data_copy / "profiles" / "webmestre.yaml"
    text = profile.read_text(encoding="utf-8")
    assert old in text
    profile.write_text(text.replace(old, new.format(n=BIG["hex"]), 1))
    for done in (
        webskills("validate", str(data_copy)),
        webskills("--data-dir", str(data_copy), "report", str(CAMILLE)),
    ):
        assert done.returncode == 3
        output = done.stdout + done.stderr
        assert f"{key}: nombre entier trop long" in output, output
        assert "Traceback" not in output and max(map(len, output.splitlines())) < 400


def test_a_huge_number_in_a_csv_cell_is_a_row_problem(tmp_path: Path) -> None:
    sheet = tmp_path / "groupe.csv"
    big = BIG["decimal"]
    sheet.write_text(f"id;nom;profil;diplome;A.1\n1;Camille;webmestre;{big};{big}\n")
    done = webskills("batch", str(sheet), "--out", str(tmp_path / "out"))
    assert done.returncode in (4, 6), done.stderr
    assert "Traceback" not in done.stderr and "erreur interne" not in done.stderr
    lines = done.stderr.splitlines()
    assert "niveau de diplôme" in next(line for line in lines if "colonne D (diplome)" in line)
    assert "n'est pas un niveau" in next(line for line in lines if "colonne E (A.1)" in line)
    assert max(map(len, lines)) < 400


# --- class 4: UTF-16 spreadsheets --------------------------------------------------------

SHEET = "id\tnom\tprofil\tA.1\tA.3\r\nc1\tCamille Dupont\twebmestre\t2\t1\r\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_text_export_is_read(tmp_path: Path, encoding: str) -> None:
    """Excel's « Texte Unicode »: UTF-16 with its BOM, tab-separated."""
    bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
    sheet = tmp_path / "groupe.csv"
    sheet.write_bytes(bom + SHEET.replace("Camille", "Héloïse").encode(encoding))
    out = tmp_path / "out"
    done = webskills("batch", str(sheet), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "\x00" not in done.stderr
    assert "Héloïse Dupont" in (out / "c1.md").read_text(encoding="utf-8")


def test_nul_bytes_never_reach_a_message(tmp_path: Path) -> None:
    """UTF-16 without its BOM (or any binary file) holds NUL bytes: one line, none printed."""
    sheet = tmp_path / "groupe.csv"
    sheet.write_bytes(("id;nom;profil;A.1;colonne inconnue\r\n" * 50).encode("utf-16-le"))
    done = webskills("batch", str(sheet), "--out", str(tmp_path / "out"))
    assert done.returncode in (4, 6)
    assert "\x00" not in done.stderr and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if str(sheet) in line]
    assert len(errors) == 1 and "U+0000" in errors[0], done.stderr
