"""`assess --all`: one question per annex code that the profiles cite, as a pseudo-profile.

The questionnaire runs on a profile; for `--all` that profile is made of the codes (one
« competence » per code, grouped by family), and its answers are saved as a `codes:` file,
which `match` carries to every real profile (`engine.matching`).
"""

from __future__ import annotations

from webskills.i18n import _
from webskills.models import MIN_LEVEL, Answers, Area, Catalog, CodeAnswers, Competence, Profile

# The pseudo-profile's id; it names the default answers file.
ALL_CODES_ID = "toutes-competences"


def used_codes(catalog: Catalog) -> tuple[str, ...]:
    """The codes cited by at least one profile competence, in the vocabulary's order."""
    cited = {code for p in catalog.profiles.values() for c in p.competences for code in c.codes}
    return tuple(code for code in catalog.vocabulary.codes if code in cited)


def code_prefix(code: str) -> str:
    """`TC12` → `TC`: the family letters, used as the questionnaire's area."""
    return code.rstrip("0123456789")


def codes_profile(catalog: Catalog) -> Profile:
    """The used codes as a pseudo-profile, so that `assess --all` runs the same questionnaire.

    One « competence » per code, grouped by family (TC, CC, MC, BC). Each carries its code's
    plain question (French, English) and answer scale from codes.yaml: the annex titles are
    the source's words, written for experts (« Prépare le contenu module »), so they stay
    the title that reports quote, and the question is what the person is asked. Their
    `levels` only mark them as asked: the questionnaire never shows expected levels, and
    nothing scores this profile (the answers are saved as `codes:`, then carried to the real
    profiles).
    """
    vocabulary = catalog.vocabulary
    codes = tuple(vocabulary.codes[code] for code in used_codes(catalog))
    areas: dict[str, Area] = {}
    for code in codes:
        prefix = code_prefix(code.code)
        title = vocabulary.families.get(code.family, code.family).removesuffix(f" ({prefix})")
        areas.setdefault(prefix, Area(id=prefix, title=title))
    competences = tuple(
        Competence(
            id=code.code,
            title=code.title,
            area=code_prefix(code.code),
            levels=(MIN_LEVEL,),
            required=True,
            codes=(code.code,),
            source=code.source,
            question=code.question,
            question_en=code.question_en,
            scale=code.scale,
        )
        for code in codes
    )
    return Profile(
        id=ALL_CODES_ID,
        title=_("Toutes les compétences des métiers du web"),
        summary=None,
        sources=(),
        rome=(),
        access=None,
        level_rule=None,
        areas=tuple(areas.values()),
        competences=competences,
    )


def code_answers(answers: Answers) -> CodeAnswers:
    """The questionnaire's answers on the pseudo-profile, as the `codes:` file stores them."""
    return CodeAnswers(
        codes=answers.ratings, person=answers.person, date=answers.date, source=answers.source
    )


def as_session_answers(answers: CodeAnswers) -> Answers:
    """A `codes:` file as answers on the pseudo-profile, to resume the questionnaire."""
    return Answers(
        profile=ALL_CODES_ID,
        ratings=answers.codes,
        person=answers.person,
        date=answers.date,
        source=answers.source,
    )
