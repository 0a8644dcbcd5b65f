"""The engine speaks in values: its results are the same in every language, and its only
words are those of the errors it raises (renderers word everything else)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import EXAMPLES

from webskills.engine.comparison import compare
from webskills.engine.matching import match
from webskills.engine.report import build_report
from webskills.files.answers import read_answers, read_document
from webskills.files.catalog import load_catalog
from webskills.i18n import LANGUAGES, use_language

ENGINE = Path(__file__).resolve().parents[1] / "src" / "webskills" / "engine"


def _results_in(language: str) -> tuple[object, ...]:
    with use_language(language):
        catalog = load_catalog()
        camille = read_answers(EXAMPLES / "camille-webmestre.yaml", catalog)
        later = read_answers(EXAMPLES / "camille-webmestre-2027.yaml", catalog)
        return (
            build_report(camille, catalog),
            build_report(
                read_answers(EXAMPLES / "lea-charge-communication.yaml", catalog), catalog
            ),
            build_report(read_answers(EXAMPLES / "yanis-animateur.yaml", catalog), catalog),
            match(read_document(EXAMPLES / "sami-toutes-competences.yaml", catalog), catalog),
            compare(later, camille, catalog),  # dates reversed: a warning
        )


def test_results_do_not_depend_on_the_language() -> None:
    french, english = (_results_in(language) for language in LANGUAGES)
    assert french == english
    assert french[-1].warnings  # type: ignore[attr-defined]


def _calls_outside_raise(tree: ast.AST) -> list[int]:
    """Lines where `_()` or `ngettext()` is called anywhere but inside a `raise`."""
    found: list[int] = []

    def walk(node: ast.AST, in_raise: bool) -> None:
        in_raise = in_raise or isinstance(node, ast.Raise)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"_", "ngettext"}
            and not in_raise
        ):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            walk(child, in_raise)

    walk(tree, False)
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in ENGINE.glob("*.py")))
def test_the_engine_words_only_its_errors(module: str) -> None:
    tree = ast.parse((ENGINE / module).read_text(encoding="utf-8"))
    assert _calls_outside_raise(tree) == [], module


def test_the_check_sees_a_sentence_outside_a_raise() -> None:
    planted = ast.parse('def f():\n    return _("Autres compétences")\n')
    assert _calls_outside_raise(planted) == [2]
    allowed = ast.parse('def f():\n    raise error(_("non"))\n')
    assert _calls_outside_raise(allowed) == []


@pytest.mark.parametrize(
    "value",
    [
        {"a": [], "b": {}, "c": [1, 2.5, None, True], "é": '« x »\u2028\u00a0\x1f"\\'},
        # Reports' floats are means rounded to two decimals (never an exponent form, where
        # msgspec writes 1e-7 and json 1e-07).
        {"n": -0.0, "big": 10**18, "f": [0.01, 4.67, 2.5, 100.0], "nested": [{"k": [[]]}]},
    ],
)
def test_json_output_is_the_standard_librarys_text(value: object) -> None:
    """`render.data_json.dumps` encodes with msgspec for speed: same text as `json`."""
    import json

    from webskills.render.data_json import dumps

    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
