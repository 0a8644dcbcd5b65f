"""Numbers as a reader of the current language writes them: `1,4` and `40 %` in French
(decimal comma, non-breaking space before `%`), `1.4` and `40%` in English.

Every Markdown and terminal renderer formats its decimals and percentages here; JSON keeps
plain numbers. The language is read at each call (`current_language`), like `_()`.

The space before `%` is U+00A0 NO-BREAK SPACE, the « espace insécable » of French
typography: a Markdown viewer never puts the `%` at the start of a line, and every terminal
font has the character (U+202F, the narrow one, is missing from some).
"""

from __future__ import annotations

from webskills.i18n import current_language

NO_BREAK_SPACE = "\u00a0"


def decimal(value: float | None, digits: int = 1) -> str:
    """`value` with `digits` decimals: « 1,4 » in French, « 1.4 » in English; « — » for None."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text if current_language() == "en" else text.replace(".", ",")


def percent(value: int | None) -> str:
    """A percentage: « 40 % » (no-break space) in French, « 40% » in English; « — » for None."""
    if value is None:
        return "—"
    return f"{value}%" if current_language() == "en" else f"{value}{NO_BREAK_SPACE}%"
