"""The self-assessment's flow: open or resume a session, ask each question, save each answer.

Nothing here imports questionary: `prompts.QuestionaryPrompter` is one `Prompter`, a scripted
fake in the tests is another (STYLE.md, habits 5–6); the screens are `assess.questions`. The
answers file is written after every answer, so an interrupted session loses nothing and
`--resume` asks only what is missing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import shlex
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from msgspec.structs import replace

from webskills.assess.all_codes import as_session_answers, code_answers, codes_profile
from webskills.assess.questions import (
    Action,
    Prompter,
    Question,
    Select,
    Value,
    build_questions,
    diploma_select,
    existing_file_select,
    profile_select,
    rating_select,
    review_select,
    unscored,
    warning_select,
)
from webskills.engine.gaps import same_level_warning
from webskills.errors import Interrupted, NotFoundError, WebskillsError, input_error
from webskills.files.answers import read_document, write_answers, write_code_answers
from webskills.files.atomic import atomic_open
from webskills.files.catalog import get_profile
from webskills.files.checks import MAX_ID, MAX_NAME, person_text_problem
from webskills.i18n import _, ngettext
from webskills.models import Answers, Catalog, CodeAnswers, Person, Profile, ScaleLevel

# The person's details `assess` asks at the start (each skippable) unless given as options.
PERSON_FIELDS = ("name", "id", "diploma")


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
    # The answer scales by name (Vocabulary.scales): each question is worded on its own.
    scales: Mapping[str, tuple[ScaleLevel, ...]] = field(default_factory=dict)
    quick: bool = False  # `assess --quick`: only the key competences are asked
    ask_person: tuple[str, ...] = ()  # of PERSON_FIELDS, those to ask before the questions
    backup: Path | None = None  # where the file the person chose to replace was copied


def free_name(path: Path) -> Path:
    """`bilan.yaml` → `bilan-2.yaml` (then -3…): a name that no file has yet."""
    number = 2
    candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def backup_name(path: Path) -> Path:
    """`bilan.yaml.bak`, else `bilan.yaml.1.bak`, `bilan.yaml.2.bak`…: never an existing file."""
    candidate = path.with_name(f"{path.name}.bak")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{number}.bak")
        number += 1
    return candidate


def keep_backup(path: Path) -> Path:
    """Copy `path` byte for byte to a free backup name, atomically (a whole copy or none)."""
    backup = backup_name(path)
    content = path.read_bytes().decode("latin-1")  # any bytes, written back unchanged
    with atomic_open(backup, encoding="latin-1") as stream:
        stream.write(content)
    return backup


def _resumable(path: Path, catalog: Catalog, profile_id: str | None, all_codes: bool) -> bool:
    """Whether `path` is an answers file this run could resume (same profile, or --all)."""
    try:
        document = read_document(path, catalog)
    except WebskillsError:
        return False
    if isinstance(document, CodeAnswers):
        return all_codes or profile_id is None
    return not all_codes and profile_id in (None, document.profile)


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
    ident: str | None = None,
    diploma: int | None = None,
    quick: bool = False,
    ask_person: bool = False,
) -> Session:
    """Start fresh (asking for the profile if needed) or from a `--resume` file.

    On resume the file's date is kept, so finishing in two sittings writes the same file as
    finishing in one. With `all_codes` (or on resuming a `codes:` file) the questions are
    the annex codes of every profile (`all_codes.codes_profile`).

    An `output` that is an existing file is not touched before the person chooses: resume
    it, save under another name, or replace it (a backup is kept first). `ask_person`: a
    fresh session asks the name, id and diploma not given here (each may be skipped).
    """
    backup = None
    if resume is None and output is not None and output.is_file():
        try:
            choice = prompter.select(
                existing_file_select(
                    str(output),
                    str(free_name(output)),
                    str(backup_name(output)),
                    _resumable(output, catalog, profile_id, all_codes),
                )
            )
        except (Interrupted, KeyboardInterrupt):
            raise Interrupted(
                _("interrompu ; {path} n'a pas été modifié").format(path=output)
            ) from None
        if choice is Action.RESUME:
            resume, output = output, None
        elif choice is Action.RENAME:
            output = free_name(output)
        elif choice is Action.REPLACE:
            backup = keep_backup(output)
    person = Person(name=name, id=ident, diploma_level=diploma)
    given = {"name": name, "id": ident, "diploma": diploma}
    asked = tuple(f for f in PERSON_FIELDS if given[f] is None) if ask_person else ()
    session = _open(
        catalog, prompter, profile_id, output, person, resume, today, folder, data_dir, all_codes
    )
    if quick and not session.by_code and not any(c.key for c in session.profile.competences):
        raise NotFoundError(
            _(
                "le profil {profile} n'a pas de compétences clés (key: true) pour un bilan "
                "rapide : lancez le bilan complet, sans --quick"
            ).format(profile=session.profile.id)
        )
    if session.resumed:
        asked = ()  # asked in the first sitting; options still replace what the file says
    return dataclasses.replace(
        session,
        ask_person=asked,
        scales=MappingProxyType(dict(catalog.vocabulary.scales)),
        quick=quick and not session.by_code,
        backup=backup,
    )


def _with_person(answers: Answers, person: Person) -> Answers:
    """The file's person, with what the command line gives in its place."""
    given: dict[str, str | int] = {k: v for k, v in (("name", person.name), ("id", person.id)) if v}
    if person.diploma_level is not None:
        given["diploma_level"] = person.diploma_level
    return replace(answers, person=replace(answers.person, **given)) if given else answers


def _open(
    catalog: Catalog,
    prompter: Prompter,
    profile_id: str | None,
    output: Path | None,
    person: Person,
    resume: Path | None,
    today: dt.date,
    folder: Path,
    data_dir: Path | None,
    all_codes: bool,
) -> Session:
    if resume is not None:
        document = read_document(resume, catalog)
        if isinstance(document, CodeAnswers):
            return _resume_codes(
                catalog, document, resume, output, person, today, data_dir, profile_id
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
        answers = _with_person(answers, person)
        answers = replace(answers, date=answers.date or today)
        profile = catalog.profiles[answers.profile]
        return Session(profile, output or resume, answers, True, data_dir)
    if all_codes:
        profile = codes_profile(catalog)
        answers = Answers(
            profile=profile.id, ratings=MappingProxyType({}), person=person, date=today
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
    answers = Answers(profile=profile.id, ratings=MappingProxyType({}), person=person, date=today)
    return Session(
        profile, output or default_output(profile.id, today, folder), answers, False, data_dir
    )


def _resume_codes(
    catalog: Catalog,
    document: CodeAnswers,
    resume: Path,
    output: Path | None,
    person: Person,
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
    answers = _with_person(as_session_answers(document), person)
    answers = replace(answers, date=answers.date or today)
    return Session(codes_profile(catalog), output or resume, answers, True, data_dir, by_code=True)


def intro_lines(session: Session, questions: Sequence[Question]) -> list[str]:
    profile = session.profile
    lines = [
        _("{title} : {count} compétences à évaluer, aire par aire.").format(
            title=profile.title, count=len(questions)
        ),
    ]
    if session.quick:
        scored = sum(1 for c in profile.competences if c.scored)
        lines[0] = _(
            "{title} — bilan rapide : les {count} compétences clés sur {total}, en quelques "
            "minutes. Les autres pourront être ajoutées ensuite avec --resume."
        ).format(title=profile.title, count=len(questions), total=scored)
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
    if session.backup is not None:
        lines.append(_("L'ancien fichier est gardé dans {backup}").format(backup=session.backup))
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
        self.questions = build_questions(session.profile, quick=session.quick)
        self.ratings: dict[str, int | None] = dict(session.answers.ratings)
        self.person = session.answers.person
        self.warned = False  # the uniform-answers warning was shown: the person decided

    def answers(self) -> Answers:
        profile = self.session.profile
        ordered = {c.id: self.ratings[c.id] for c in profile.competences if c.id in self.ratings}
        # `quick` stays while any scored competence is unanswered, whichever sitting it is.
        started_quick = self.session.quick or self.session.answers.quick
        complete = all(c.id in ordered for c in profile.competences if c.scored)
        return replace(
            self.session.answers,
            ratings=MappingProxyType(ordered),
            person=self.person,
            quick=started_quick and not complete,
            source=str(self.session.path),  # as `report` reads them back from their file
        )

    def scale_of(self, question: Question) -> Sequence[ScaleLevel]:
        return self.session.scales.get(question.competence.scale) or self.scale

    def save(self) -> None:
        with _SAVES.hold():  # a SIGTERM now stops the session once the file is written
            if self.session.by_code:
                write_code_answers(self.session.path, code_answers(self.answers()))
            else:
                write_answers(self.session.path, self.answers())

    def rate(self, question: Question, back: bool) -> Value:
        screen = rating_select(question, self.scale_of(question), self.ratings, back)
        value = self.prompter.select(screen)
        while value is Action.DETAILS:  # the source's words above the same choices
            value = self.prompter.select(
                Select(
                    screen.message,
                    screen.choices,
                    screen.default,
                    question.details() + screen.header,
                    screen.instruction,
                    screen.keys,
                )
            )
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

    def ask_person(self) -> None:
        """Who is answering: each of `session.ask_person`, skippable (Enter, « ne pas dire »)."""
        asked = self.session.ask_person
        text = getattr(self.prompter, "text", None)
        changes: dict[str, object] = {}
        if text is not None and "name" in asked:
            changes["name"] = _ask_text(
                text, _("Votre nom (facultatif, Entrée pour passer) :"), MAX_NAME
            )
        if text is not None and "id" in asked:
            changes["id"] = _ask_text(
                text, _("Votre identifiant, par exemple France Travail (facultatif) :"), MAX_ID
            )
        if "diploma" in asked:
            level = self.prompter.select(diploma_select())
            changes["diploma_level"] = level if isinstance(level, int) else None
        self.person = replace(self.person, **changes)
        self.save()

    def review(self) -> None:
        """List every answer; change any; warn before saving answers that are all the same."""
        by_id = {q.id: q for q in self.questions}
        while True:
            chosen = self.prompter.select(
                review_select(self.questions, self.ratings, self.scale, self.session.scales)
            )
            if chosen is Action.FINISH:
                warning = None if self.warned else same_level_warning(self.ratings)
                if warning is None:
                    return
                # Shown once: « Terminer » in the review it leads to ends the quiz.
                self.warned = True
                if self.prompter.select(warning_select(warning)) is Action.SAVE:
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
        if session.ask_person:
            run.ask_person()
        run.ask_missing()
        run.review()
    except (Interrupted, KeyboardInterrupt):
        answered = sum(1 for q in run.questions if q.id in run.ratings)
        message = interrupted_message(session.path, answered, session.data_dir)
        raise Interrupted(message) from None
    return run.answers()


def _ask_text(text: Callable[[str], str], message: str, limit: int) -> str | None:
    """A name or an id, asked again while it could not be read back from the answers file
    (a control character, or longer than `limit`); Enter alone skips it."""
    prompt = message
    while True:
        answer = text(prompt).strip()
        if not answer:
            return None
        problem = person_text_problem(answer, limit)
        if problem is None:
            return answer
        prompt = _("{problem} ; {question}").format(problem=problem, question=message)
