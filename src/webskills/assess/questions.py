"""The questionnaire as data: questions built from a profile, and the screens that ask them.

Each screen is a `Select` (a message, choices, a header of lines); `prompts.QuestionaryPrompter`
draws it with questionary, a scripted fake does in the tests. Nothing here imports
questionary, reads or writes a file.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from webskills.engine.results import ReportWarning
from webskills.i18n import _, current_language
from webskills.models import Catalog, Competence, Profile, ScaleLevel
from webskills.render.report_text import warning_text


def instruction() -> str:
    return _("(flèches ↑ ↓, puis Entrée)")


def rating_instruction() -> str:
    return _("(chiffre 0–5 ou ↑ ↓ Entrée ; ? ne sais pas ; d détails)")


def english() -> bool:
    return current_language() == "en"


def dont_know() -> str:
    return _("Je ne sais pas")


def back_label() -> str:
    return _("← Revenir à la question précédente")


REVIEW_TITLE_WIDTH = 60


class Action(enum.Enum):
    """Choices that are not a rating: navigation and decisions."""

    BACK = "back"
    DETAILS = "details"
    FINISH = "finish"
    REVIEW = "review"
    SAVE = "save"
    RESUME = "resume"
    RENAME = "rename"
    REPLACE = "replace"


# A choice's value: a level (0–5), None (« je ne sais pas »), a profile or competence id, or
# an Action. None is a real answer here, so "no default" is spelled with an index, not a value.
Value = int | str | Action | None


class Emphasis(enum.Enum):
    PLAIN = "plain"
    STRONG = "strong"
    MUTED = "muted"


@dataclass(frozen=True, slots=True)
class Line:
    """A line shown above a question; the prompter decides what the emphasis looks like."""

    text: str
    emphasis: Emphasis = Emphasis.PLAIN


@dataclass(frozen=True, slots=True)
class Choice:
    """One option; `short` is what stays on screen once chosen (the title if not given)."""

    title: str
    value: Value
    short: str | None = None

    @property
    def answer(self) -> str:
        return self.short or self.title


@dataclass(frozen=True, slots=True)
class Select:
    """One choice to make: what is shown above it, the question, the choices, the cursor."""

    message: str
    choices: tuple[Choice, ...]
    default: int | None = None  # index into `choices` of the pre-selected one
    header: tuple[Line, ...] = ()
    instruction: str = field(default_factory=instruction)
    # Keys that choose at once (a digit its level, `?` « je ne sais pas », `d` the details):
    # key → the value returned, which need not be one of the choices (Action.DETAILS).
    keys: Mapping[str, Value] = field(default_factory=dict)

    def titles(self) -> list[str]:
        return [c.title for c in self.choices]


class Prompter(Protocol):
    """The one seam between the flow and a person: show a line, make a choice.

    `select` returns the `value` of the chosen `Choice`; on Ctrl-C / Ctrl-D it raises
    `errors.Interrupted`.
    """

    def say(self, text: str) -> None: ...

    def select(self, question: Select) -> Value: ...


class TextPrompter(Prompter, Protocol):
    """A prompter that can also take a line of text (the name, the id: Enter skips)."""

    def text(self, message: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Question:
    """One competence to rate, with its place in the whole questionnaire."""

    competence: Competence
    number: int
    total: int
    area: str

    @property
    def id(self) -> str:
        return self.competence.id

    @property
    def progress(self) -> str:
        return _("question {number}/{total} — {area}").format(
            number=self.number, total=self.total, area=self.area
        )

    @property
    def text(self) -> str:
        """What is asked: the plain question (English with --lang en), else the title."""
        competence = self.competence
        if english() and competence.question_en:
            return competence.question_en
        return competence.question or competence.title

    def header(self) -> tuple[Line, ...]:
        lines = [
            Line(""),
            Line(self.progress, Emphasis.MUTED),
            Line(self.text, Emphasis.STRONG),
        ]
        if self.competence.question is None and self.competence.description:
            # A user's profile without a question: its title is asked, explained at once.
            lines.append(Line(" ".join(self.competence.description.split())))
        return tuple(lines)

    def details(self) -> tuple[Line, ...]:
        """The source's own words (title, description), one key away from the question.

        Never the expected levels, nor their descriptors: they would anchor the answer.
        """
        competence = self.competence
        lines = [
            Line(""),
            Line(_("Détails — ce que dit la source"), Emphasis.STRONG),
            Line(f"{competence.id} {competence.title}"),
        ]
        if competence.description:
            lines.append(Line(" ".join(competence.description.split())))
        lines.append(Line(_("Source : {source}").format(source=competence.source), Emphasis.MUTED))
        return tuple(lines)


def area_label(profile: Profile, area_id: str | None) -> str:
    title = profile.area_title(area_id)
    return f"{area_id} {title}" if area_id is not None and title else _("Autres compétences")


def build_questions(profile: Profile, *, quick: bool = False) -> tuple[Question, ...]:
    """The scored competences, area by area in the profile's area order (stable within);
    with `quick`, only the key ones (`assess --quick`)."""
    order = {area.id: index for index, area in enumerate(profile.areas)}
    scored = sorted(
        (c for c in profile.competences if c.scored and (c.key or not quick)),
        key=lambda c: order.get(c.area, len(order)) if c.area is not None else len(order),
    )
    return tuple(
        Question(c, number, len(scored), area_label(profile, c.area))
        for number, c in enumerate(scored, start=1)
    )


def unscored(profile: Profile) -> tuple[Competence, ...]:
    return tuple(c for c in profile.competences if not c.scored)


def level_sentence(level: ScaleLevel) -> str:
    return level.sentence_en if english() and level.sentence_en else level.sentence


def level_title(level: ScaleLevel) -> str:
    """« 2 — Je le fais seul·e dans des situations courantes. (e-2 Professionnel) »: the
    sentence first; the framework's label, where it has one, after it, never leading."""
    label = level.label_en if english() and level.label_en else level.label
    title = f"{level.level} — {level_sentence(level)}"
    return f"{title} ({label})" if label else title


def answer_label(rating: int | None, scale: Sequence[ScaleLevel]) -> str:
    if rating is None:
        return dont_know().lower()
    for level in scale:
        if level.level == rating:
            return f"{rating} — {level_sentence(level)}"
    return str(rating)


def rating_select(
    question: Question,
    scale: Sequence[ScaleLevel],
    ratings: Mapping[str, int | None],
    back: bool,
) -> Select:
    """The levels with their sentences, « je ne sais pas », and back when there is a before.

    A digit picks its level, `?` « je ne sais pas », `d` shows the details. The profile's
    expected levels are deliberately absent: seeing them biases the answer.
    """
    choices = [
        Choice(level_title(level), level.level, answer_label(level.level, scale)) for level in scale
    ]
    choices.append(Choice(dont_know(), None))
    if back:
        choices.append(Choice(back_label(), Action.BACK))
    default = None
    if question.id in ratings:
        current = ratings[question.id]
        default = next(i for i, c in enumerate(choices) if c.value == current)
    keys: dict[str, Value] = {str(level.level): level.level for level in scale}
    keys["?"] = None
    keys["d"] = Action.DETAILS
    return Select(
        _("Votre niveau :"),
        tuple(choices),
        default,
        question.header(),
        instruction=rating_instruction(),
        keys=keys,
    )


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def review_select(
    questions: Sequence[Question],
    ratings: Mapping[str, int | None],
    scale: Sequence[ScaleLevel],
    scales: Mapping[str, Sequence[ScaleLevel]] | None = None,
) -> Select:
    """Every answer, each worded on its own competence's scale (`scales`, else `scale`)."""
    choices = [Choice(_("Terminer : enregistrer et voir le rapport"), Action.FINISH)]
    for question in questions:
        title = shorten(question.competence.title, REVIEW_TITLE_WIDTH)
        own = (scales or {}).get(question.competence.scale) or scale
        answer = answer_label(ratings.get(question.id), own)
        choices.append(Choice(f"{question.id} {title} : {answer}", question.id))
    header = (
        Line(""),
        Line(_("Relecture de vos {count} réponses").format(count=len(questions)), Emphasis.STRONG),
    )
    return Select(_("Modifier une réponse, ou terminer :"), tuple(choices), 0, header)


def warning_select(warning: ReportWarning) -> Select:
    choices = (
        Choice(_("Revoir mes réponses"), Action.REVIEW),
        Choice(_("Enregistrer quand même"), Action.SAVE),
    )
    header = (
        Line(""),
        Line(_("Attention : {warning}").format(warning=warning_text(warning)), Emphasis.STRONG),
    )
    return Select(_("Que voulez-vous faire ?"), choices, 0, header)


def profile_select(catalog: Catalog) -> Select:
    choices = []
    for profile in sorted(catalog.profiles.values(), key=lambda p: p.title.casefold()):
        rome = f" — ROME {', '.join(profile.rome_codes)}" if profile.rome else ""
        choices.append(Choice(f"{profile.title}{rome}", profile.id))
    return Select(_("Quel métier voulez-vous évaluer ?"), tuple(choices), 0)


def diploma_select() -> Select:
    """The highest diploma, as people know it; the value is the level the data uses."""
    choices = (
        Choice(_("Pas de diplôme (ou le brevet des collèges)"), 2),
        Choice(_("CAP / BEP"), 3),
        Choice(_("Bac (général, technologique ou professionnel)"), 4),
        Choice(_("Bac+2 (BTS, BUT 2e année, DEUST…)"), 5),
        Choice(_("Bac+3 (licence, licence pro, BUT)"), 6),
        Choice(_("Bac+5 (master, diplôme d'ingénieur)"), 7),
        Choice(_("Doctorat"), 8),
        Choice(_("Je préfère ne pas dire"), None, _("non précisé")),
    )
    header = (
        Line(""),
        Line(
            _("Votre diplôme aide à choisir les formations que vous pouvez commencer."),
            Emphasis.MUTED,
        ),
    )
    return Select(_("Votre diplôme le plus élevé :"), choices, len(choices) - 1, header)


def existing_file_select(path: str, other: str, backup: str, can_resume: bool) -> Select:
    """`-o FILE` names a file that exists: nothing is touched before the person chooses."""
    choices = []
    if can_resume:
        choices.append(
            Choice(_("Reprendre ce fichier (ne poser que les questions manquantes)"), Action.RESUME)
        )
    choices.append(
        Choice(_("Enregistrer sous un autre nom : {other}").format(other=other), Action.RENAME)
    )
    choices.append(
        Choice(
            _("Le remplacer par une nouvelle évaluation (copie gardée dans {backup})").format(
                backup=backup
            ),
            Action.REPLACE,
        )
    )
    header = (
        Line(""),
        Line(_("{path} existe déjà.").format(path=path), Emphasis.STRONG),
    )
    return Select(_("Que voulez-vous faire ?"), tuple(choices), 0, header)
