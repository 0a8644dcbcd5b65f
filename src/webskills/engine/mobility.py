"""Career mobility: the jobs a profile's ROME sheet leads to, and the readiness there.

The neighbours come from the profile's `mobility` entries (seed 002's « proches » and « si
évolution » for E1101, and the ROME 4.0 mobility of `domain-facts.md` §4); nothing is
inferred. A neighbour is linked to a webskills profile when that profile's ROME codes
include the neighbour's code (M1801 → webmestre, E1112 → chargé de communication web). The
readiness shown there is `webskills match`'s *readiness*: the same answers, carried through
the annex codes they share (`engine.matching`), an uncovered competence counting as not yet
shown, with the share of that profile they cover (and match's optimistic *fit*, in JSON).
"""

from __future__ import annotations

from webskills.engine.matching import GapBuilder, profile_fit
from webskills.engine.results import Neighbour, Report
from webskills.models import Catalog, Profile


def profile_for_rome(code: str, catalog: Catalog, besides: str) -> Profile | None:
    """The webskills profile (other than `besides`) whose ROME codes include `code`."""
    for profile in catalog.profiles.values():
        if profile.id != besides and code in profile.rome_codes:
            return profile
    return None


def neighbours(report: Report, catalog: Catalog, gaps: GapBuilder) -> tuple[Neighbour, ...]:
    """The report's neighbouring jobs; the fit is computed once per linked profile."""
    fits: dict[str, tuple[int, int | None, int]] = {}
    found = []
    for entry in report.profile.mobility:
        target = profile_for_rome(entry.code, catalog, report.profile.id)
        if target is None:
            found.append(
                Neighbour(code=entry.code, title=entry.title, kind=entry.kind, source=entry.source)
            )
            continue
        if target.id not in fits:
            fit = profile_fit(report.answers, target, catalog, gaps)
            fits[target.id] = (fit.readiness, fit.fit, fit.coverage)
        readiness, score, coverage = fits[target.id]
        found.append(
            Neighbour(
                code=entry.code,
                title=entry.title,
                kind=entry.kind,
                source=entry.source,
                profile=target.id,
                profile_title=target.title,
                readiness=readiness,
                fit=score,
                coverage=coverage,
            )
        )
    return tuple(found)
