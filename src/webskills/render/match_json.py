"""JSON of `webskills match`, for scripts: stable English keys, plain values.

```
{
  "rule": str,                  # the carry rule, one sentence (in the output language)
  "answers": {"kind": "ratings" | "codes", "profile": str | null},
  "person": {"name", "id", "diploma_level"},      # each str/int or null
  "date": "YYYY-MM-DD" | null,
  "profiles": [                 # the readiest first (readiness, coverage, fit, id)
    {"rank": int, "id": str, "title": str,
     "direct": bool,            # the answers' own profile (ratings as given)
     "readiness": int,          # 0–100, as `report` counts it (uncovered = not yet shown)
     "coverage": int,           # 0–100, covered / scored
     "covered": int, "scored": int,
     "fit": int | null,         # 0–100, readiness on the covered competences (optimistic)
     "top_gaps": [{"id", "title", "rating", "level_min", "level_max",
                   "gap_min", "gap_max", "carried": bool}]}
  ]
}
```
"""

from __future__ import annotations

from typing import Any

from webskills.engine.matching import Match, ProfileFit, carried
from webskills.models import Answers
from webskills.render.data_json import dumps
from webskills.render.match_text import rule_text


def _profile(rank: int, fit: ProfileFit) -> dict[str, Any]:
    return {
        "rank": rank,
        "id": fit.profile.id,
        "title": fit.profile.title,
        "direct": fit.direct,
        "readiness": fit.readiness,
        "coverage": fit.coverage,
        "covered": fit.covered,
        "scored": fit.scored,
        "fit": fit.fit,
        "top_gaps": [
            {
                "id": r.id,
                "title": r.competence.title,
                "rating": r.rating,
                "level_min": r.competence.level_min,
                "level_max": r.competence.level_max,
                "gap_min": r.gap_min,
                "gap_max": r.gap_max,
                "carried": carried(fit, r),
            }
            for r in fit.top_gaps
        ],
    }


def match_dict(result: Match) -> dict[str, Any]:
    answers = result.answers
    person = answers.person
    return {
        "rule": rule_text(),
        "answers": {
            "kind": "ratings" if isinstance(answers, Answers) else "codes",
            "profile": result.own_profile,
        },
        "person": {"name": person.name, "id": person.id, "diploma_level": person.diploma_level},
        "date": answers.date.isoformat() if answers.date else None,
        "profiles": [_profile(rank, fit) for rank, fit in enumerate(result.fits, 1)],
    }


def render(result: Match) -> str:
    return dumps(match_dict(result))
