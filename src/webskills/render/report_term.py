"""Terminal gap report with Rich: colour where there is one, words and symbols always.

Text from files is never parsed as Rich markup: it goes into `Text` objects, so a title like
`[bold]x[/]` prints as written. Long list items wrap with a hanging indent, and no line ends
with padding spaces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from webskills.engine.results import ActionPlan, Goal, Report, TrainingMatch
from webskills.i18n import _, ngettext
from webskills.models import rncp_url
from webskills.render.numbers import percent
from webskills.render.plan_text import (
    PLAN_GROUP_TRAININGS,
    PLAN_TRAININGS,
    covers_text,
    described_gap,
    entry_group_heading,
    expected_sentence,
    funding_titles,
    goal_text,
    legend_text,
    next_commands,
    no_training_now_text,
    now_heading,
    path_heading,
    path_text,
    plan_heading,
    priority_text,
    quick_text,
    recap_lines,
    training_line_facts,
    unconfirmed_mark,
)
from webskills.render.report_text import (
    area_title_text,
    counts_text,
    expected_text,
    gap_text,
    level_name,
    mobility_kind,
    mobility_note,
    neighbour_fit,
    no_mobility_text,
    one_line,
    optional_mark,
    person_text,
    rating_text,
    status_text,
    warning_text,
)
from webskills.render.terminal import (
    BAR_WIDTH,
    MIN_TEXT_WIDTH,
    STATUS_STYLES,
    bar,
    print_item,
    readiness_style,
    wrap,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def print_areas(console: Console, report: Report) -> None:
    """A bar per area; a long area title wraps instead of being cut.

    On a terminal too narrow for title, bar and figures side by side, each area takes two
    lines: its title, then a shorter bar with the figures.
    """
    from rich.cells import cell_len
    from rich.text import Text

    areas = report.summary.areas
    labels = [
        one_line(f"{a.id} {area_title_text(a.title)}" if a.id else area_title_text(a.title))
        for a in areas
    ]
    scores = [percent(a.score) for a in areas]
    score_width = len(percent(100))
    tails = [
        f"{s:>{score_width}} ({a.reached}/{a.scored})" for s, a in zip(scores, areas, strict=True)
    ]
    tail_width = max((len(t) for t in tails), default=0)
    room = console.width - 2 - BAR_WIDTH - 2 - tail_width
    if room < MIN_TEXT_WIDTH:
        bar_width = max(1, min(BAR_WIDTH, console.width - 4 - 1 - tail_width))
        for area, label, tail in zip(areas, labels, tails, strict=True):
            for line in wrap(console, Text(label), console.width - 2):
                console.print(Text("  ") + line)
            style = readiness_style(area.score)
            console.print(Text.assemble("    ", (bar(area.score, bar_width), style), " ", tail))
        return
    width = max(MIN_TEXT_WIDTH, min(max((cell_len(x) for x in labels), default=0), room))
    for area, label, tail in zip(areas, labels, tails, strict=True):
        lines = wrap(console, Text(label), width)
        first = lines[0]
        first.align("left", width)
        style = readiness_style(area.score)
        console.print(Text.assemble("  ", first, " ", (bar(area.score), style), " ", tail))
        for line in lines[1:]:
            console.print(Text("  ") + line)


def competence_table(console: Console, report: Report) -> list[Text] | None:
    """The competence table, boxed like Rich's default table, as lines of text.

    Drawn here rather than with `rich.table.Table`: Rich measures and renders every cell of
    every row through its generic layout, which took about half of the whole report's run
    time for 50 rows. Columns here have known widths; only the title column wraps.
    """
    from rich.cells import cell_len
    from rich.text import Text

    headers = [_("Id"), _("Compétence"), _("Vous"), _("Attendu"), _("Écart"), _("Statut")]
    rows = [
        (
            r.id,
            one_line(r.competence.title) + ("" if r.competence.required else " " + optional_mark()),
            rating_text(r.rating),
            expected_text(r.competence.level_min, r.competence.level_max),
            gap_text(r.gap_min, r.gap_max, r.status),
            status_text(r.status),
            STATUS_STYLES[r.status],
        )
        for r in report.results
    ]
    widths = [
        max([cell_len(h)] + [cell_len(row[i]) for row in rows]) for i, h in enumerate(headers)
    ]
    # Each column has one space of padding on each side, and there are seven borders.
    room = console.width - sum(w + 2 for i, w in enumerate(widths) if i != 1) - 7 - 2
    if room < MIN_TEXT_WIDTH:
        return None  # too narrow for columns: the caller lists the competences instead
    widths[1] = min(widths[1], room)
    centred = (False, False, True, True, True, False)

    def cell(text: str | Text, index: int) -> Text:
        value = Text(text) if isinstance(text, str) else text
        pad = widths[index] - cell_len(value.plain)
        left = pad // 2 if centred[index] else 0
        return Text.assemble(" " * (left + 1), value, " " * (pad - left + 1))

    def rule(left: str, middle: str, right: str, fill: str) -> Text:
        return Text(left + middle.join(fill * (w + 2) for w in widths) + right)

    lines = [rule("┏", "┳", "┓", "━")]
    header = [cell(Text(h, style="bold"), i) for i, h in enumerate(headers)]
    lines.append(Text("┃").join([Text(""), *header, Text("")]))
    lines.append(rule("┡", "╇", "┩", "━"))
    for ident, title, rating, expected, gap, status, style in rows:
        titles = wrap(console, Text(title), widths[1])
        first = [
            cell(ident, 0),
            cell(titles[0], 1),
            cell(rating, 2),
            cell(expected, 3),
            cell(gap, 4),
            cell(Text(status, style=style), 5),
        ]
        lines.append(Text("│").join([Text(""), *first, Text("")]))
        for more in titles[1:]:
            cells = [cell("", 0), cell(more, 1), *(cell("", i) for i in range(2, 6))]
            lines.append(Text("│").join([Text(""), *cells, Text("")]))
    lines.append(rule("└", "┴", "┘", "─"))
    return lines


class LineBuffer:
    """Collects the lines of a report and prints them in one call to Rich.

    Each `Console.print` call goes through Rich's whole render pipeline (options, size,
    segments); a report makes about eighty of them. Every line here is already cut to the
    width by `wrap` or the table, so they are joined and printed once, unwrapped. Anything
    else (width, tab size…) is read from the real console.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self.width = console.width  # read once: Rich recomputes it on every access
        self.lines: list[Text] = []

    def print(self, line: Text | None = None) -> None:
        from rich.text import Text

        self.lines.append(Text("") if line is None else line)

    def __getattr__(self, name: str) -> object:
        return getattr(self.console, name)

    def flush(self) -> None:
        from rich.text import Text

        if self.lines:
            self.console.print(
                Text("\n").join(self.lines), no_wrap=True, overflow="ignore", crop=False
            )
        self.lines = []


def print_report(console: Console, report: Report) -> None:
    """The whole report, printed at once (see `LineBuffer`)."""
    buffer = LineBuffer(console)
    _print_report(buffer, report)  # type: ignore[arg-type]  # duck-typed console
    buffer.flush()


def _print_report(console: Console, report: Report) -> None:
    from rich.text import Text

    profile = report.profile
    answers = report.answers
    person = answers.person
    summary = report.summary
    title = _("Bilan de compétences — {title}").format(title=one_line(profile.title))
    print_item(console, "", Text(title, "bold"))
    print_item(console, _("Personne : "), Text(one_line(person_text(person.name, person.id))))
    if person.diploma_level is not None:
        print_item(console, _("Diplôme actuel : "), Text(level_name(person.diploma_level)))
    rome = ", ".join(profile.rome_codes)
    print_item(console, _("Profil : "), Text(profile.id + (f" — ROME {rome}" if rome else "")))
    if answers.date:
        print_item(console, _("Date : "), Text(answers.date.isoformat()))
    print_item(
        console,
        _("Préparation : "),
        Text.assemble(
            (percent(summary.readiness), readiness_style(summary.readiness)),
            _(" des compétences requises atteignent le niveau d'entrée"),
        ),
    )
    print_item(console, _("Bilan : "), Text(counts_text(summary.counts)))
    quick = quick_text(report)
    if quick:
        print_item(console, _("Attention : "), Text(quick, style="yellow"))
    for warning in report.warnings:
        print_item(console, _("Attention : "), Text(warning_text(warning), style="yellow"))

    if report.action_plan is not None:
        console.print()
        print_plan(console, report.action_plan)

    console.print()
    console.print(Text(_("Par aire"), style="bold"))
    print_areas(console, report)

    console.print()
    console.print(Text(_("Compétences"), style="bold"))
    print_item(console, "", Text(legend_text(), style="dim"))
    table = competence_table(console, report)
    if table is not None:
        for line in table:
            console.print(line)
    for r in report.results if table is None else ():
        print_item(
            console,
            "  ",
            Text.assemble(
                (r.id, "bold"),
                " " + one_line(r.competence.title),
                "" if r.competence.required else " " + optional_mark(),
                _(" — vous {rating}, attendu {expected}, écart {gap} : ").format(
                    rating=rating_text(r.rating),
                    expected=expected_text(r.competence.level_min, r.competence.level_max),
                    gap=gap_text(r.gap_min, r.gap_max, r.status),
                ),
                (status_text(r.status), STATUS_STYLES[r.status]),
            ),
        )

    described = [(r, r.expected) for r in report.results if described_gap(r)]
    if described:
        console.print()
        console.print(Text(_("Ce qui est attendu pour chaque écart"), style="bold"))
        for r, expected in described:
            assert expected is not None
            print_item(
                console,
                "  ",
                Text.assemble(
                    (r.id, "bold"),
                    " " + _("(niveau {level}) : ").format(level=expected.level),
                    one_line(expected.text),
                ),
            )

    console.print()
    console.print(Text(_("Points forts"), style="bold"))
    if not report.strengths:
        console.print(Text("  " + _("Aucune compétence au niveau confirmé pour l'instant.")))
    for r in report.strengths:
        print_item(
            console, "  ★ ", Text.assemble((r.id, "bold"), f" {one_line(r.competence.title)}")
        )

    console.print()
    console.print(Text(_("Métiers proches et évolutions"), style="bold"))
    if not report.mobility:
        print_item(console, "  ", Text(no_mobility_text(answers.source)))
    for n in report.mobility:
        parts = [mobility_kind(n.kind)]
        if n.profile_title:
            parts.append(f"{one_line(n.profile_title)} : {neighbour_fit(n)}")
        print_item(
            console,
            "  ",
            Text.assemble(
                (n.code, "bold"),
                f" {one_line(n.title)}" if n.title else "",
                f" — {' — '.join(parts)}",
            ),
        )
    if any(n.profile for n in report.mobility):
        print_item(console, "  ", Text(mobility_note(), style="dim"))

    console.print()
    console.print(Text(_("Pour la suite"), style="bold"))
    for label, command in next_commands(answers.source):
        print_item(console, "  • ", Text(label))
        # On a line of its own, so that it can be copied whole.
        print_item(console, "      ", Text(command, style="bold"))
    if report.action_plan is not None:
        # Last, so that what matters is on screen even when the top has scrolled away.
        console.print()
        console.print(Text(_("En bref"), style="bold"))
        for recap in recap_lines(report, report.action_plan):
            print_item(console, "  ", Text(recap))


def _training_item(console: Console, match: TrainingMatch) -> None:
    from rich.text import Text

    t = match.training
    print_item(
        console,
        "  • ",
        Text.assemble((one_line(t.title), "bold"), f" — {training_line_facts(t)}"),
    )
    print_item(console, "    ", Text(covers_text(len(match.gaps))))
    for code in t.rncp:
        mark = f" {unconfirmed_mark()}" if code in t.unconfirmed else ""
        line = _("{code} : {url}").format(code=code, url=rncp_url(code))
        print_item(console, "    ", Text(line + mark))


def print_plan(console: Console, plan: ActionPlan) -> None:
    """The action plan: priorities and what they ask, trainings open now, the path after."""
    from rich.text import Text

    console.print(Text(plan_heading(), style="bold"))
    print_item(console, "  ", Text(goal_text(plan)))
    for i, priority in enumerate(plan.priorities, 1):
        r = priority.result
        print_item(
            console,
            f"  {i}. ",
            Text.assemble(
                (r.id, "bold"), f" {one_line(r.competence.title)} — {priority_text(priority)}"
            ),
        )
        expected = expected_sentence(priority.expected)
        if expected:
            print_item(console, "     ", Text(expected, style="dim"))
    if plan.goal is Goal.NONE:
        return
    print_item(console, "  ", Text(now_heading(plan)))
    if not plan.now:
        print_item(console, "  ", Text(no_training_now_text(plan)))
    shown = 0
    if plan.diploma_level is None:
        for entry, matches in plan.by_entry_level():
            print_item(console, "  ", Text(entry_group_heading(entry), style="bold"))
            for match in matches[:PLAN_GROUP_TRAININGS]:
                _training_item(console, match)
                shown += 1
    else:
        for match in plan.now[:PLAN_TRAININGS]:
            _training_item(console, match)
            shown += 1
        if plan.path:
            print_item(console, "  ", Text(path_heading()))
            print_item(console, "    ", Text(path_text(plan)))
    if plan.funding:
        print_item(console, "  ", Text(funding_titles(plan)))
    others = len(plan.now) - shown
    if others > 0:
        print_item(
            console,
            "  ",
            Text(
                ngettext(
                    "(+{count} autre formation dans la version complète, voir « Pour la suite »)",
                    "(+{count} autres formations dans la version complète, voir « Pour la suite »)",
                    others,
                ).format(count=others),
                style="dim",
            ),
        )
