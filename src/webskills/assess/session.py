"""The self-assessment's flow: open or resume a session, ask each question, save each answer.

Nothing here imports questionary: `prompts.QuestionaryPrompter` is one `Prompter`, a scripted
fake in the tests is another (STYLE.md, habits 5–6); the screens are `assess.questions`. The
answers file is written after every answer, so an interrupted session loses nothing and
`--resume` asks only what is missing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from msgspec.structs import replace

from webskills.assess.all_codes import as_session_answers, code_answers, codes_profile
from webskills.assess.questions import (
    Action,
    Prompter,
    Question,
    Value,
    build_questions,
    profile_select,
    rating_select,
    review_select,
    unscored,
    warning_select,
)
from webskills.engine.gaps import same_level_warning
from webskills.errors import Interrupted, input_error
from webskills.files.answers import read_document, write_answers, write_code_answers
from webskills.files.catalog import get_profile
from webskills.i18n import _, ngettext
from webskills.models import Answers, Catalog, CodeAnswers, Person, Profile, ScaleLevel


def default_output(profile_id: str, today: dt.date, folder: Path) -> Path:
    """`webskills-<profil>-<date>.yaml`, with -2, -3… so an earlier session is never overwritten."""
    base = f"webskills-{profile_id}-{today.isoformat()}"
    candidate = folder / f"{base}.yaml"
    number = 2
    while candidate.exists():
        candidate = folder / f"{base}-{number}.yaml"
        number += 1
    return candidate


@dataclass(frozen=True, slots=True)
class Session:
    """What a run starts from: the profile, where answers go, and the answers already given."""

    profile: Profile
    path: Path
    answers: Answers
    resumed: bool = False
    data_dir: Path | None = None  # a custom data folder must be given again to resume
    # `assess --all`: the profile is `all_codes.codes_profile`, answers are saved as `codes:`
    by_code: bool = False


def open_session(
    catalog: Catalog,
    prompter: Prompter,
    *,
    profile_id: str | None = None,
    output: Path | None = None,
    name: str | None = None,
    resume: Path | None = None,
    today: dt.date,
    folder: Path = Path(),
    data_dir: Path | None = None,
    all_codes: bool = False,
) -> Session:
    """Start fresh (asking for the profile if needed) or from a `--resume` file.

    On resume the file's date is kept, so finishing in two sittings writes the same file as
    finishing in one. With `all_codes` (or on resuming a `codes:` file) the questions are
    the annex codes of every profile (`all_codes.codes_profile`).
    """
    if resume is not None:
        document = read_document(resume, catalog)
        if isinstance(document, CodeAnswers):
            return _resume_codes(
                catalog, document, resume, output, name, today, data_dir, profile_id
            )
        answers = document
        if all_codes:
            raise input_error(
                str(resume),
                "profile",
                _(
                    "ce fichier est pour le profil {profile} ; --all reprend un fichier de "
                    "niveaux par code (codes:)"
                ).format(profile=answers.profile),
            )
        if profile_id is not None and profile_id != answers.profile:
            raise input_error(
                str(resume),
                "profile",
                _("ce fichier est pour le profil {profile}, pas {wanted}").format(
                    profile=answers.profile, wanted=profile_id
                ),
            )
        person = replace(answers.person, name=name) if name else answers.person
        answers = replace(answers, person=person, date=answers.date or today)
        profile = catalog.profiles[answers.profile]
        return Session(profile, output or resume, answers, True, data_dir)
    if all_codes:
        profile = codes_profile(catalog)
        answers = Answers(
            profile=profile.id, ratings=MappingProxyType({}), person=Person(name=name), date=today
        )
        path = output or default_output(profile.id, today, folder)
        return Session(profile, path, answers, False, data_dir, by_code=True)
    try:
        if profile_id is not None:
            profile = get_profile(catalog, profile_id)
        else:
            chosen = prompter.select(profile_select(catalog))
            profile = catalog.profiles[str(chosen)]
    except (Interrupted, KeyboardInterrupt):
        raise Interrupted(
            _("interrompu avant la première question ; rien n'a été enregistré")
        ) from None
    answers = Answers(
        profile=profile.id, ratings=MappingProxyType({}), person=Person(name=name), date=today
    )
    return Session(
        profile, output or default_output(profile.id, today, folder), answers, False, data_dir
    )


def _resume_codes(
    catalog: Catalog,
    document: CodeAnswers,
    resume: Path,
    output: Path | None,
    name: str | None,
    today: dt.date,
    data_dir: Path | None,
    profile_id: str | None,
) -> Session:
    """Resume an `assess --all` file: the same questions, whatever `--all` says."""
    if profile_id is not None:
        raise input_error(
            str(resume),
            "codes",
            _(
                "ce fichier donne des niveaux par code (assess --all), pas les notes du "
                "profil {profile}"
            ).format(profile=profile_id),
        )
    answers = as_session_answers(document)
    person = replace(answers.person, name=name) if name else answers.person
    answers = replace(answers, person=person, date=answers.date or today)
    return Session(codes_profile(catalog), output or resume, answers, True, data_dir, by_code=True)


def intro_lines(session: Session, questions: Sequence[Question]) -> list[str]:
    profile = session.profile
    lines = [
        _("{title} : {count} compétences à évaluer, aire par aire.").format(
            title=profile.title, count=len(questions)
        ),
    ]
    skipped = unscored(profile)
    if skipped:
        names = ", ".join(f"{c.id} {c.title}" for c in skipped)
        lines.append(
            ngettext(
                "Non évaluée(s), car la source ne leur donne aucun niveau : {names}.",
                "Non évaluée(s), car la source ne leur donne aucun niveau : {names}.",
                len(skipped),
            ).format(names=names)
        )
    if session.by_code:
        lines.append(
            _(
                "Une seule série de questions pour tous les métiers : à la fin, chacun est "
                "classé selon vos réponses."
            )
        )
    else:
        lines.append(
            _("Les niveaux attendus pour ce métier n'apparaissent qu'à la fin, dans le rapport.")
        )
    if session.resumed:
        done = sum(1 for q in questions if q.id in session.answers.ratings)
        lines.append(
            ngettext(
                "Reprise : {done} réponse(s) déjà données, {left} à compléter.",
                "Reprise : {done} réponse(s) déjà données, {left} à compléter.",
                done,
            ).format(done=done, left=len(questions) - done)
        )
    lines.append(
        _("Vos réponses sont enregistrées au fur et à mesure dans {path}").format(path=session.path)
    )
    lines.append(_("Ctrl-C arrête à tout moment : vous pourrez reprendre là où vous en étiez."))
    return lines


def interrupted_message(path: Path, answered: int, data_dir: Path | None = None) -> str:
    data = f"--data-dir {shlex.quote(str(data_dir))} " if data_dir is not None else ""
    return ngettext(
        "interrompu ; {count} réponse(s) enregistrée(s) dans {path} ; "
        "pour reprendre : webskills {data}assess --resume {quoted}",
        "interrompu ; {count} réponse(s) enregistrée(s) dans {path} ; "
        "pour reprendre : webskills {data}assess --resume {quoted}",
        answered,
    ).format(count=answered, path=path, data=data, quoted=shlex.quote(str(path)))


class _SaveGuard:
    """A stop asked from outside the prompts (SIGTERM, SIGHUP: see `cli.commands.assess`)
    waits while an answer is being written, so that the count in the resume hint is what
    the file holds. Signal handlers run in the main thread, between two bytecodes: a flag
    is enough, whatever threads the prompt library runs."""

    def __init__(self) -> None:
        self.saving = False
        self.pending = False

    def request_stop(self) -> None:
        """Stop the session now (KeyboardInterrupt, Ctrl-C's path), or after the save."""
        if self.saving:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        self.saving = True
        try:
            yield
        finally:
            self.saving = False
            pending, self.pending = self.pending, False
        if pending:
            raise KeyboardInterrupt


_SAVES = _SaveGuard()
request_stop = _SAVES.request_stop


class _Run:
    """The mutable state of one sitting: ratings so far, saved after every change."""

    def __init__(self, session: Session, scale: Sequence[ScaleLevel], prompter: Prompter) -> None:
        self.session = session
        self.scale = scale
        self.prompter = prompter
        self.questions = build_questions(session.profile)
        self.ratings: dict[str, int | None] = dict(session.answers.ratings)

    def answers(self) -> Answers:
        profile = self.session.profile
        ordered = {c.id: self.ratings[c.id] for c in profile.competences if c.id in self.ratings}
        return replace(self.session.answers, ratings=MappingProxyType(ordered))

    def save(self) -> None:
        with _SAVES.hold():  # a SIGTERM now stops the session once the file is written
            if self.session.by_code:
                write_code_answers(self.session.path, code_answers(self.answers()))
            else:
                write_answers(self.session.path, self.answers())

    def rate(self, question: Question, back: bool) -> Value:
        value = self.prompter.select(rating_select(question, self.scale, self.ratings, back))
        if value is Action.BACK:
            return value
        if not (value is None or isinstance(value, int)):
            raise ValueError(f"not a rating: {value!r}")
        self.ratings[question.id] = value
        self.save()
        return value

    def ask_missing(self) -> None:
        """Ask each unanswered question in order; « back » steps through this sitting's ones."""
        todo = [q for q in self.questions if q.id not in self.ratings]
        position = 0
        while position < len(todo):
            if self.rate(todo[position], back=position > 0) is Action.BACK:
                position -= 1
            else:
                position += 1

    def review(self) -> None:
        """List every answer; change any; warn before saving answers that are all the same."""
        by_id = {q.id: q for q in self.questions}
        while True:
            chosen = self.prompter.select(review_select(self.questions, self.ratings, self.scale))
            if chosen is Action.FINISH:
                warning = same_level_warning(self.ratings)
                if warning is None or self.prompter.select(warning_select(warning)) is Action.SAVE:
                    return
            elif isinstance(chosen, str) and chosen in by_id:
                self.rate(by_id[chosen], back=False)
            else:
                raise ValueError(f"not a review choice: {chosen!r}")


def run_session(session: Session, scale: Sequence[ScaleLevel], prompter: Prompter) -> Answers:
    """Ask what is missing, review, and return the final answers (already saved).

    The file is written before the first question, so a wrong `--output` fails now rather
    than after ten minutes of answers, and an early Ctrl-C still leaves a file to resume.
    """
    run = _Run(session, scale, prompter)
    try:
        run.save()
        for line in intro_lines(session, run.questions):
            prompter.say(line)
        run.ask_missing()
        run.review()
    except (Interrupted, KeyboardInterrupt):
        answered = sum(1 for q in run.questions if q.id in run.ratings)
        message = interrupted_message(session.path, answered, session.data_dir)
        raise Interrupted(message) from None
    return run.answers()
