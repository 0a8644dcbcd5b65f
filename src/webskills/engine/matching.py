"""Best fit across profiles: ratings carried from one profile to another through annex codes.

The three profiles cite the same annex codes (TC/CC/MC/BC, `data/codes.yaml`), so what a
person said about one profile's competences says something about another's. The carry rule
is conservative: it never credits a competence with more than the answers support.

1. A code's level is the highest rating among the rated competences that cite it (with a
   `codes:` answers file, the level given for the code). « Je ne sais pas » gives no level.
2. A competence of another profile is *covered* when every code it cites has a level; its
   carried rating is the lowest of those levels, because a competence needs all its parts.
3. A competence citing no code is covered only by a direct rating.
4. The answers' own profile keeps exactly its direct ratings: nothing is carried into it,
   so its result is the one `webskills report` gives.

Per profile, the gap engine (`gaps.build_report`) runs on the covered ratings; *fit* is its
readiness restricted to the covered competences (`gaps.readiness`), *coverage* the share of
the profile's scored competences that are covered. Profiles are ranked by fit, then
coverage. `report --profile ID` on a `codes:` file uses the same `profile_answers`.

Pure functions, no I/O: `commands/match.py` reads and renders.
"""

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import NamedTuple

from webskills.engine.report import CompetenceResult, Report, build_report, percent, readiness
from webskills.errors import input_error
from webskills.i18n import _
from webskills.models import (
    MIN_LEVEL,
    Answers,
    Area,
    Catalog,
    CodeAnswers,
    Competence,
    Profile,
)

TOP_GAPS = 5
# The pseudo-profile `assess --all` asks: its id names the default answers file.
ALL_CODES_ID = "toutes-competences"


def rule_text() -> str:
    """The carry rule in one French sentence, as every output states it."""
    return _(
        "le niveau d'un code est la plus haute note des compétences notées qui le citent ; "
        "une compétence d'un autre métier est couverte quand chacun de ses codes a un niveau "
        "et reçoit le plus bas de ces niveaux ; une compétence sans code n'est couverte que "
        "par une note directe ; le métier des réponses garde ses seules notes directes."
    )


def code_levels(answers: Answers | CodeAnswers, catalog: Catalog) -> dict[str, int]:
    """Each code's level: the highest rating citing it, or the level given for it."""
    if isinstance(answers, CodeAnswers):
        return {code: level for code, level in answers.codes.items() if level is not None}
    profile = catalog.profiles[answers.profile]
    levels: dict[str, int] = {}
    for competence in profile.competences:
        rating = answers.ratings.get(competence.id)
        if rating is None:
            continue
        for code in competence.codes:
            levels[code] = max(levels.get(code, rating), rating)
    return levels


def carried_rating(competence: Competence, levels: Mapping[str, int]) -> int | None:
    """The lowest level of the competence's codes, or None if one is missing (or none cited)."""
    if not competence.codes or any(code not in levels for code in competence.codes):
        return None
    return min(levels[code] for code in competence.codes)


def profile_answers(answers: Answers | CodeAnswers, profile: Profile, catalog: Catalog) -> Answers:
    """The answers as ratings of `profile`: direct ones for its own profile, carried otherwise.

    Only covered competences get a rating; the others stay absent (unrated), exactly as in
    an answers file where the person skipped them.
    """
    if isinstance(answers, Answers) and answers.profile == profile.id:
        return answers
    levels = code_levels(answers, catalog)
    ratings = {}
    for competence in profile.competences:
        rating = carried_rating(competence, levels)
        if rating is not None:
            ratings[competence.id] = rating
    if isinstance(answers, Answers):
        return replace(answers, profile=profile.id, ratings=MappingProxyType(ratings))
    return Answers(
        profile=profile.id,
        ratings=MappingProxyType(ratings),
        person=answers.person,
        date=answers.date,
        source=answers.source,
    )


def answers_for(
    answers: Answers | CodeAnswers, profile_id: str | None, catalog: Catalog
) -> Answers:
    """What `report --profile` reports on; a ratings file for another profile is refused.

    A ratings file reports on its own profile only: carried ratings are for comparing
    profiles (`match`), where they are labelled as such, not for a report that reads as if
    the person had rated that profile.
    """
    label = answers.source or ""
    if isinstance(answers, Answers):
        if profile_id is not None and profile_id != answers.profile:
            raise input_error(
                label,
                "profile",
                _(
                    "ce fichier est pour le profil {profile}, pas {asked} ; pour comparer "
                    "les métiers : webskills match"
                ).format(profile=answers.profile, asked=profile_id),
            )
        return answers
    if profile_id is None:
        known = ", ".join(sorted(catalog.profiles))
        raise input_error(
            label,
            "codes",
            _(
                "niveaux par code : choisissez le métier avec --profile ID ({known}), "
                "ou comparez-les tous avec webskills match"
            ).format(known=known),
        )
    from webskills.files.catalog import get_profile

    return profile_answers(answers, get_profile(catalog, profile_id), catalog)


class ProfileFit(NamedTuple):
    """One profile seen through the answers: its report on what is covered, and the figures."""

    report: Report
    direct: bool  # the answers' own profile: ratings as given, nothing carried
    fit: int | None  # readiness on the covered competences; None when none it counts is covered
    covered: int
    scored: int
    top_gaps: tuple[CompetenceResult, ...]

    @property
    def profile(self) -> Profile:
        return self.report.profile

    @property
    def coverage(self) -> int:
        return percent(self.covered, self.scored)


class Match(NamedTuple):
    """Every profile for one set of answers, best fit first."""

    answers: Answers | CodeAnswers
    fits: tuple[ProfileFit, ...]

    @property
    def own_profile(self) -> str | None:
        return self.answers.profile if isinstance(self.answers, Answers) else None


def profile_fit(answers: Answers | CodeAnswers, profile: Profile, catalog: Catalog) -> ProfileFit:
    report = build_report(profile_answers(answers, profile, catalog), catalog)
    results = report.results
    scored = [i for i, r in enumerate(results) if r.competence.scored]
    covered = [i for i in scored if results[i].rating is not None]
    # readiness counts required competences, or all of them in a profile without any
    # required (gaps.readiness); fit counts the same ones, among those covered.
    has_required = any(results[i].competence.required for i in scored)
    pool = tuple(i for i in covered if results[i].competence.required or not has_required)
    return ProfileFit(
        report,
        isinstance(answers, Answers) and answers.profile == profile.id,
        readiness(results, pool) if pool else None,
        len(covered),
        report.summary.scored,
        report.priorities[:TOP_GAPS],
    )


def match(answers: Answers | CodeAnswers, catalog: Catalog) -> Match:
    """Rank every profile: fit, then coverage (a share, then the count), then id."""
    fits = [profile_fit(answers, p, catalog) for p in catalog.profiles.values()]
    fits.sort(
        key=lambda f: (
            -1 if f.fit is None else -f.fit,
            -f.covered * 1.0 / f.scored if f.scored else 0.0,
            -f.covered,
            f.profile.id,
        )
    )
    return Match(answers, tuple(fits))


def carried(fit: ProfileFit, result: CompetenceResult) -> bool:
    """Whether a rating in this profile's report comes from the codes, not from the person."""
    return not fit.direct and result.rating is not None


# --- the questionnaire of `assess --all` -------------------------------------------------------


def used_codes(catalog: Catalog) -> tuple[str, ...]:
    """The codes cited by at least one profile competence, in the vocabulary's order."""
    cited = {code for p in catalog.profiles.values() for c in p.competences for code in c.codes}
    return tuple(code for code in catalog.vocabulary.codes if code in cited)


def code_prefix(code: str) -> str:
    """`TC12` → `TC`: the family letters, used as the questionnaire's area."""
    return code.rstrip("0123456789")


def codes_profile(catalog: Catalog) -> Profile:
    """The used codes as a pseudo-profile, so that `assess --all` runs the same questionnaire.

    One « competence » per code, grouped by family (TC, CC, MC, BC). Their `levels` only
    mark them as asked: the questionnaire never shows expected levels, and nothing scores
    this profile (the answers are saved as `codes:`, then carried to the real profiles).
    """
    vocabulary = catalog.vocabulary
    codes = used_codes(catalog)
    areas: dict[str, Area] = {}
    for code in codes:
        family = vocabulary.codes[code].family
        prefix = code_prefix(code)
        title = vocabulary.families.get(family, family).removesuffix(f" ({prefix})")
        areas.setdefault(prefix, Area(id=prefix, title=title))
    competences = tuple(
        Competence(
            id=code,
            title=vocabulary.codes[code].title,
            area=code_prefix(code),
            levels=(MIN_LEVEL,),
            required=True,
            codes=(code,),
            source=vocabulary.codes[code].source,
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
