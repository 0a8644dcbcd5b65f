"""Markdown comparison of a group assessed twice; text from files goes through `md_escape`."""

from __future__ import annotations

from webskills.engine.group_comparison import GroupComparison
from webskills.render.group_compare_text import sections, title_text, totals_text
from webskills.render.markdown import md_escape


def render(group: GroupComparison) -> str:
    out = ["# " + title_text(group, md_escape), "", totals_text(group), ""]
    for heading, lines in sections(group, md_escape):
        out += ["## " + heading, ""]
        out += [f"- {line}" for line in lines]
        out.append("")
    return "\n".join(out)
