"""Terminal gap report with Rich: colour where there is one, words and symbols always."""

from __future__ import annotations

from typing import TYPE_CHECKING

from webskills.gaps import Report, Status
from webskills.render.console import esc
from webskills.render.text import (
    expected_text,
    gap_text,
    person_text,
    rating_text,
    status_text,
    training_facts,
)

if TYPE_CHECKING:
    from rich.console import Console

STATUS_STYLES = {
    Status.GAP: "red",
    Status.OK: "green",
    Status.TARGET: "bold green",
    Status.UNRATED: "yellow",
    Status.UNSCORED: "dim",
}
BAR_WIDTH = 20


def bar(score: int) -> str:
    filled = round(BAR_WIDTH * score / 100)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def readiness_style(score: int) -> str:
    return "green" if score >= 75 else "yellow" if score >= 40 else "red"


def print_report(console: Console, report: Report) -> None:
    from rich.table import Table

    profile = report.profile
    answers = report.answers
    summary = report.summary
    console.print(f"[bold]Bilan de compétences — {esc(profile.title)}[/bold]")
    console.print(f"Personne : {esc(person_text(answers.person.name, answers.person.id))}")
    rome = ", ".join(profile.rome_codes)
    console.print(f"Profil : {esc(profile.id)}" + (f" — ROME {esc(rome)}" if rome else ""))
    if answers.date:
        console.print(f"Date : {answers.date.isoformat()}")
    style = readiness_style(summary.readiness)
    console.print(
        f"Préparation : [{style}]{summary.readiness} %[/{style}] des compétences requises "
        "atteignent le niveau d'entrée"
    )
    counts = summary.counts
    console.print(
        f"Bilan : {counts['gap']} à acquérir, {counts['ok']} acquises, "
        f"{counts['target']} confirmées, {counts['unrated']} non évaluées"
    )
    for warning in report.warnings:
        console.print(f"[yellow]Attention : {esc(warning)}[/yellow]")

    console.print()
    console.print("[bold]Par aire[/bold]")
    for area in summary.areas:
        label = f"{area.id} {area.title}" if area.id else area.title
        style = readiness_style(area.score)
        console.print(
            f"  {esc(label[:38]):<38} [{style}]{bar(area.score)}[/{style}] {area.score:>3} % "
            f"({area.reached}/{area.scored})"
        )

    table = Table(title="Compétences", title_justify="left", title_style="bold")
    table.add_column("Id", no_wrap=True)
    table.add_column("Compétence", ratio=1)
    table.add_column("Vous", justify="center", no_wrap=True)
    table.add_column("Attendu", justify="center", no_wrap=True)
    table.add_column("Écart", justify="center", no_wrap=True)
    table.add_column("Statut", no_wrap=True)
    for r in report.results:
        title = r.competence.title + ("" if r.competence.required else " (optionnelle)")
        table.add_row(
            esc(r.id),
            esc(title),
            rating_text(r.rating),
            expected_text(r.competence.level_min, r.competence.level_max),
            gap_text(r.gap_min, r.gap_max, r.status),
            f"[{STATUS_STYLES[r.status]}]{status_text(r.status)}[/]",
        )
    console.print()
    console.print(table)

    console.print()
    console.print("[bold]Priorités[/bold]")
    if not report.priorities:
        console.print("  Aucun écart sur les compétences requises.")
    for i, r in enumerate(report.priorities, 1):
        console.print(
            f"  {i}. [bold]{esc(r.id)}[/bold] {esc(r.competence.title)} — écart {r.gap_min} "
            f"(niveau {rating_text(r.rating)} → {r.competence.level_min})"
        )
    console.print()
    console.print("[bold]Points forts[/bold]")
    if not report.strengths:
        console.print("  Aucune compétence au niveau confirmé pour l'instant.")
    for r in report.strengths:
        console.print(f"  ★ [bold]{esc(r.id)}[/bold] {esc(r.competence.title)}")

    console.print()
    console.print("[bold]Formations suggérées[/bold]")
    if not report.cover:
        console.print("  Aucune formation nécessaire pour les écarts relevés.")
    for i, m in enumerate(report.cover, 1):
        console.print(f"  {i}. [bold]{esc(m.training.title)}[/bold] — {esc(training_facts(m))}")
        console.print(f"     couvre {len(m.gaps)} écart(s) : {esc(', '.join(m.gaps))}")
    others = len(report.trainings) - len(report.cover)
    if others > 0:
        console.print(f"  (+{others} autre(s) formation(s) : --format md ou json pour la liste)")
