"""Flow tests of the questionnaire with a scripted person: what is asked, what is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from webskills.assess.questions import (
    Action,
    Select,
    Value,
    back_label,
    build_questions,
    dont_know,
    level_title,
)
from webskills.assess.session import Session, default_output, open_session, run_session
from webskills.errors import ExitCode, InputError, Interrupted, OutputError
from webskills.files.answers import read_answers
from webskills.files.catalog import load_catalog
from webskills.models import Catalog

DAY = dt.date(2026, 3, 9)
LATER = dt.date(2026, 4, 1)

# Three scored competences in two areas, listed out of area order, plus one without levels.
MINI = """\
format: 1
title: "Mini métier"
sources: [domain-facts]
rome:
  - {code: E1101, title: "Community manager", source: "domain-facts §4"}
areas:
  - {id: X, title: "Faire"}
  - {id: Y, title: "Dire"}
competences:
  - {id: Y1, title: "Expliquer un projet", area: Y, levels: [2, 3], required: true, codes: [], source: domain-facts}
  - {id: X1, title: "Publier une page", description: "Mettre en ligne  une page\\n avec le CMS", area: X, levels: [2], required: true, codes: [], source: domain-facts}
  - {id: X2, title: "Mesurer l'audience", area: X, levels: [1, 3], required: false, codes: [], source: domain-facts}
  - {id: Z0, title: "Sans niveau", area: X, levels: [], required: false, codes: [], source: domain-facts}
"""


class Stop(Exception):
    """Raised by a script entry: the person pressed Ctrl-C (or something else broke)."""


class ScriptedPrompter:
    """A person who answers from a script; each entry is the value to choose, or an exception.

    Choosing a value the screen does not offer fails the test: a script cannot take the
    "back" option on the first question, say, unless the flow shows it.
    """

    def __init__(self, script: Sequence[Value | BaseException]) -> None:
        self.script = list(script)
        self.shown: list[Select] = []
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def select(self, question: Select) -> Value:
        self.shown.append(question)
        assert self.script, f"script exhausted at {question.message!r}"
        step = self.script.pop(0)
        if isinstance(step, BaseException):
            raise step
        values = [c.value for c in question.choices]
        assert step in values, f"{step!r} not offered in {question.titles()}"
        return step

    def ratings_shown(self) -> list[Select]:
        return [s for s in self.shown if s.message == "Votre niveau :"]

    def progress_shown(self) -> list[str]:
        return [s.header[1].text for s in self.ratings_shown()]


@pytest.fixture
def catalog(data_copy: Path) -> Catalog:
    (data_copy / "profiles" / "mini.yaml").write_text(MINI, encoding="utf-8")
    return load_catalog(data_copy)


def start(catalog: Catalog, path: Path, today: dt.date = DAY, **kwargs: object) -> Session:
    return open_session(
        catalog, ScriptedPrompter([]), profile_id="mini", output=path, today=today, **kwargs
    )  # type: ignore[arg-type]


def run(catalog: Catalog, session: Session, script: Sequence[Value | BaseException]):  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(script)
    answers = run_session(session, catalog.vocabulary.scale, prompter)
    assert prompter.script == [], "the flow stopped before the end of the script"
    return answers, prompter


def ratings_in(path: Path, catalog: Catalog) -> dict[str, int | None]:
    return dict(read_answers(path, catalog).ratings)


def test_questions_go_area_by_area_and_skip_unscored(catalog: Catalog) -> None:
    questions = build_questions(catalog.profiles["mini"])
    assert [q.id for q in questions] == ["X1", "X2", "Y1"]
    assert [q.progress for q in questions] == [
        "question 1/3 — X Faire",
        "question 2/3 — X Faire",
        "question 3/3 — Y Dire",
    ]
    assert [line.text for line in questions[0].header()][1:] == [
        "question 1/3 — X Faire",
        "Publier une page",
        "Mettre en ligne une page avec le CMS",
    ]


def test_full_run_saves_every_answer_in_profile_order(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    answers, prompter = run(catalog, start(catalog, path, name="Camille"), [2, 3, 1, Action.FINISH])
    assert dict(answers.ratings) == {"Y1": 1, "X1": 2, "X2": 3}
    assert path.read_text(encoding="utf-8").splitlines()[1:] == [
        "format: 1",
        "profile: mini",
        "person:",
        "  name: Camille",
        "date: 2026-03-09",
        "ratings:",
        "  Y1: 1",
        "  X1: 2",
        "  X2: 3",
    ]
    assert prompter.progress_shown() == [
        "question 1/3 — X Faire",
        "question 2/3 — X Faire",
        "question 3/3 — Y Dire",
    ]
    intro = "\n".join(prompter.said)
    assert f"enregistrées au fur et à mesure dans {path}" in intro
    assert "Z0 Sans niveau" in intro  # the skipped competence is named


def test_rating_choices_show_the_scale_never_the_expected_levels(
    catalog: Catalog, tmp_path: Path
) -> None:
    # Every competence gets the very same choices whatever its expected levels: nothing
    # on screen can hint at what the job expects.
    webmestre = catalog.profiles["webmestre"]
    questions = build_questions(webmestre)
    session = open_session(
        catalog, ScriptedPrompter([]), profile_id="webmestre", output=tmp_path / "w.yaml", today=DAY
    )
    script: list[Value] = [0] * len(questions) + [Action.FINISH, Action.SAVE]
    _, prompter = run(catalog, session, script)
    shown = prompter.ratings_shown()
    assert len(shown) == len(questions) == sum(c.scored for c in webmestre.competences)
    # The sentence first; the framework's label after it, never leading.
    assert shown[0].titles() == [
        "0 — Je ne l'ai jamais fait.",
        "1 — Je le fais avec de l'aide. (e-1 Associé)",
        "2 — Je le fais seul·e dans des situations courantes. (e-2 Professionnel)",
        "3 — Je le fais seul·e, même dans des situations complexes, et j'en suis responsable. (e-3 Professionnel senior / Manager)",
        "4 — Je guide les autres et j'organise le travail. (e-4 Professionnel référent / Manager senior)",
        "5 — Je fais référence : je définis les pratiques et la stratégie. (e-5 Principal)",
        dont_know(),
    ]
    # Each competence gets its own scale's choices (task, knowledge, behaviour), the same
    # whatever its expected levels.
    for question, screen in zip(questions, shown, strict=True):
        levels = catalog.vocabulary.levels_of(question.competence.scale)
        expected = [level_title(level) for level in levels] + [dont_know()]
        assert screen.titles() == expected + ([back_label()] if question.number > 1 else [])
    assert {q.competence.scale for q in questions} == {"task", "knowledge", "behaviour"}
    assert "A.6" not in {q.id for q in questions}


def test_back_reasks_the_previous_question_with_its_answer_selected(
    catalog: Catalog, tmp_path: Path
) -> None:
    path = tmp_path / "out.yaml"
    script: list[Value] = [2, Action.BACK, 4, 1, Action.BACK, Action.BACK, 5, 1, 3, Action.FINISH]
    _, prompter = run(catalog, start(catalog, path), script)
    assert ratings_in(path, catalog) == {"Y1": 3, "X1": 5, "X2": 1}
    assert prompter.progress_shown() == [
        "question 1/3 — X Faire",
        "question 2/3 — X Faire",
        "question 1/3 — X Faire",
        "question 2/3 — X Faire",
        "question 3/3 — Y Dire",
        "question 2/3 — X Faire",
        "question 1/3 — X Faire",
        "question 2/3 — X Faire",
        "question 3/3 — Y Dire",
    ]
    shown = prompter.ratings_shown()
    assert shown[0].default is None and back_label() not in shown[0].titles()
    assert back_label() in shown[1].titles()
    assert shown[2].choices[shown[2].default or 0].value == 2  # back on X1 shows the old 2
    assert shown[6].choices[shown[6].default or 0].value == 4  # and later the changed 4


def test_dont_know_is_saved_as_null(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    run(catalog, start(catalog, path), [None, 2, None, Action.FINISH])
    assert ratings_in(path, catalog) == {"Y1": None, "X1": None, "X2": 2}
    assert "  X1: null" in path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("k", [0, 1, 2, 3])
@pytest.mark.parametrize("how", [Interrupted("interrompu"), KeyboardInterrupt()])
def test_interrupt_after_k_answers_keeps_exactly_those(
    catalog: Catalog, tmp_path: Path, k: int, how: BaseException
) -> None:
    path = tmp_path / "out.yaml"
    given: list[Value] = [3, None, 1][:k]
    prompter = ScriptedPrompter([*given, how])
    with pytest.raises(Interrupted) as caught:
        run_session(start(catalog, path), catalog.vocabulary.scale, prompter)
    assert caught.value.exit_code == ExitCode.INTERRUPTED == 130
    assert f"webskills assess --resume {path}" in caught.value.message
    assert f"{k} réponse(s) enregistrée(s) dans {path}" in caught.value.message
    assert ratings_in(path, catalog) == dict(zip(["X1", "X2", "Y1"], given, strict=False))


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_resume_writes_the_same_file_as_one_sitting(
    catalog: Catalog, tmp_path: Path, k: int
) -> None:
    answers: list[Value] = [4, None, 2]
    whole = tmp_path / "whole.yaml"
    run(catalog, start(catalog, whole, name="Léa"), [*answers, Action.FINISH])

    split = tmp_path / "split.yaml"
    with pytest.raises(Interrupted):
        run_session(
            start(catalog, split, name="Léa"),
            catalog.vocabulary.scale,
            ScriptedPrompter([*answers[:k], Interrupted("interrompu")]),
        )
    # A later day: the date of the first sitting is kept.
    session = open_session(catalog, ScriptedPrompter([]), resume=split, today=LATER)
    assert session.path == split and session.resumed
    _, prompter = run(catalog, session, [*answers[k:], Action.FINISH])

    assert split.read_bytes() == whole.read_bytes()
    asked = [p.split(" — ")[0] for p in prompter.progress_shown()]
    assert asked == [f"question {n}/3" for n in range(k + 1, 4)]
    assert len(prompter.ratings_shown()) == 3 - k
    if k < 3:
        assert (
            back_label() not in prompter.ratings_shown()[0].titles()
        )  # nothing before, this sitting


def test_resume_counts_dont_know_as_answered(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("profile: mini\ndate: 2026-01-02\nratings: {X2: null}\n", encoding="utf-8")
    session = open_session(catalog, ScriptedPrompter([]), resume=path, today=DAY)
    _, prompter = run(catalog, session, [1, 2, Action.FINISH])
    assert [s.header[1].text for s in prompter.ratings_shown()] == [
        "question 1/3 — X Faire",
        "question 3/3 — Y Dire",
    ]
    assert ratings_in(path, catalog) == {"Y1": 2, "X1": 1, "X2": None}
    assert "date: 2026-01-02" in path.read_text(encoding="utf-8")
    assert any("Reprise : 1 réponse(s) déjà données, 2 à compléter" in s for s in prompter.said)


def test_review_changes_one_answer(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    script: list[Value] = [1, 1, 2, "X2", 5, Action.FINISH]
    _, prompter = run(catalog, start(catalog, path), script)
    assert ratings_in(path, catalog) == {"Y1": 2, "X1": 1, "X2": 5}
    reviews = [s for s in prompter.shown if s.choices[0].value is Action.FINISH]
    assert len(reviews) == 2
    assert "X2 Mesurer l'audience : 1 — Je le fais avec de l'aide." in reviews[0].titles()
    assert (
        "X2 Mesurer l'audience : 5 — Je fais référence : je définis les pratiques et la stratégie."
        in reviews[1].titles()
    )
    changed = prompter.ratings_shown()[3]
    assert changed.choices[changed.default or 0].value == 1  # current answer pre-selected
    assert back_label() not in changed.titles()


def test_review_shows_dont_know(catalog: Catalog, tmp_path: Path) -> None:
    _, prompter = run(catalog, start(catalog, tmp_path / "o.yaml"), [None, 0, 3, Action.FINISH])
    review = prompter.shown[-1]
    assert review.titles()[1:] == [
        "X1 Publier une page : je ne sais pas",
        "X2 Mesurer l'audience : 0 — Je ne l'ai jamais fait.",
        "Y1 Expliquer un projet : 3 — Je le fais seul·e, même dans des situations complexes, "
        "et j'en suis responsable.",
    ]


def test_same_level_warning_sends_back_to_review(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    script: list[Value] = [2, 2, 2, Action.FINISH, Action.REVIEW, "Y1", 3, Action.FINISH]
    _, prompter = run(catalog, start(catalog, path), script)
    warnings = [s for s in prompter.shown if s.choices[0].value is Action.REVIEW]
    assert len(warnings) == 1  # not shown again once the answers differ
    assert "toutes les réponses sont au niveau 2" in warnings[0].header[1].text
    assert ratings_in(path, catalog) == {"Y1": 3, "X1": 2, "X2": 2}


def test_same_level_warning_can_be_overridden(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    run(catalog, start(catalog, path), [4, 4, 4, Action.FINISH, Action.SAVE])
    assert ratings_in(path, catalog) == {"Y1": 4, "X1": 4, "X2": 4}


def test_complete_resume_goes_straight_to_review(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "done.yaml"
    path.write_text("profile: mini\ndate: 2026-01-02\nratings: {X1: 1, X2: 2, Y1: 3}\n")
    out = tmp_path / "copy.yaml"
    session = open_session(catalog, ScriptedPrompter([]), resume=path, output=out, today=DAY)
    _, prompter = run(catalog, session, [Action.FINISH])
    assert prompter.ratings_shown() == []
    assert ratings_in(out, catalog) == {"X1": 1, "X2": 2, "Y1": 3}


def test_profile_is_asked_when_not_given(catalog: Catalog, tmp_path: Path) -> None:
    prompter = ScriptedPrompter(["mini"])
    session = open_session(catalog, prompter, today=DAY, folder=tmp_path)
    assert session.profile.id == "mini"
    titles = prompter.shown[0].titles()
    assert "Mini métier — ROME E1101" in titles
    assert "Webmestre — ROME M1834, M1801" in titles
    assert session.path == tmp_path / "webskills-mini-2026-03-09.yaml"


def test_interrupt_at_profile_choice_says_nothing_was_saved(
    catalog: Catalog, tmp_path: Path
) -> None:
    folder = tmp_path / "here"
    folder.mkdir()
    with pytest.raises(Interrupted) as caught:
        open_session(catalog, ScriptedPrompter([Interrupted("x")]), today=DAY, folder=folder)
    assert "rien n'a été enregistré" in caught.value.message
    assert list(folder.iterdir()) == []


def test_default_output_never_overwrites(tmp_path: Path) -> None:
    first = default_output("webmestre", DAY, tmp_path)
    assert first.name == "webskills-webmestre-2026-03-09.yaml"
    first.write_text("x")
    second = default_output("webmestre", DAY, tmp_path)
    assert second.name == "webskills-webmestre-2026-03-09-2.yaml"
    second.write_text("x")
    assert (
        default_output("webmestre", DAY, tmp_path).name == "webskills-webmestre-2026-03-09-3.yaml"
    )


def test_file_exists_before_the_first_answer(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"

    class Check(ScriptedPrompter):
        def select(self, question: Select) -> Value:
            assert path.exists()
            return super().select(question)

    run_session(start(catalog, path), catalog.vocabulary.scale, Check([0, 0, 1, Action.FINISH]))


def test_resume_rejects_another_profile(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("profile: mini\nratings: {}\n")
    with pytest.raises(InputError, match="pour le profil mini, pas webmestre"):
        open_session(catalog, ScriptedPrompter([]), profile_id="webmestre", resume=path, today=DAY)


def test_resume_keeps_the_person_and_takes_a_new_name(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("profile: mini\nperson: {name: A, id: p-1}\nratings: {}\n")
    kept = open_session(catalog, ScriptedPrompter([]), resume=path, today=DAY)
    assert (kept.answers.person.name, kept.answers.person.id, kept.answers.date) == (
        "A",
        "p-1",
        DAY,
    )
    renamed = open_session(catalog, ScriptedPrompter([]), resume=path, name="B", today=DAY)
    assert (renamed.answers.person.name, renamed.answers.person.id) == ("B", "p-1")


def test_unwritable_output_fails_before_any_question(catalog: Catalog, tmp_path: Path) -> None:
    prompter = ScriptedPrompter([])
    with pytest.raises(OutputError, match="n'existe pas"):
        run_session(
            start(catalog, tmp_path / "nope" / "out.yaml"), catalog.vocabulary.scale, prompter
        )
    assert prompter.shown == []
    assert prompter.said == []  # nothing announced as saved in a file that cannot be written
