"""Terminal views of the catalog: the profile list, one profile by area, the codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from webskills.i18n import _
from webskills.render.report_text import expected_text
from webskills.render.terminal import esc

if TYPE_CHECKING:
    from rich.console import Console

    from webskills.models import Catalog, Profile


def print_profiles(console: Console, catalog: Catalog) -> None:
    from rich.table import Table

    table = Table(title=_("Profils métier"), title_justify="left")
    table.add_column(_("id"), style="bold", no_wrap=True)
    table.add_column(_("Métier"))
    table.add_column(_("ROME"), no_wrap=True)
    table.add_column(_("Compétences"), justify="right")
    for profile in catalog.profiles.values():
        table.add_row(
            esc(profile.id),
            esc(profile.title),
            esc(", ".join(profile.rome_codes)),
            str(len(profile.competences)),
        )
    console.print(table)
    console.print(_("Détail : webskills profiles show ID"))


def print_profile(console: Console, profile: Profile) -> None:
    from rich.table import Table

    console.print(f"[bold]{esc(profile.title)}[/bold]  ({esc(profile.id)})")
    if profile.rome:
        rome = "; ".join(f"{r.code} {r.title or ''}".strip() for r in profile.rome)
        console.print(_("ROME : {codes}").format(codes=esc(rome)))
    if profile.access:
        console.print(_("Accès : {text}").format(text=esc(profile.access.text)))
    console.print(_("Sources : {sources}").format(sources=esc(", ".join(profile.sources))))
    groups: list[tuple[str | None, str]] = [(a.id, a.title) for a in profile.areas]
    if any(c.area is None for c in profile.competences):
        groups.append((None, _("Autres compétences")))
    for area_id, area_title in groups:
        members = [c for c in profile.competences if c.area == area_id]
        if not members:
            continue
        table = Table(title=f"{area_id + ' ' if area_id else ''}{area_title}", title_justify="left")
        table.add_column(_("id"), no_wrap=True)
        table.add_column(_("Compétence"))
        # Headers may fold (« Niveau / attendu »): the competence's title needs the room.
        table.add_column(_("Niveau attendu"), justify="center")
        table.add_column(_("Requise"), justify="center", no_wrap=True)
        table.add_column(_("Réponses"), no_wrap=True)
        table.add_column(_("Codes"))
        for c in members:
            table.add_row(
                esc(c.id),
                esc(c.title),
                expected_text(c.level_min, c.level_max),
                _("oui") if c.required else _("non"),
                scale_word(c.scale) + ("\n" + _("clé") if c.key else ""),
                esc(" ".join(c.codes)),
            )
        console.print(table)
    console.print(
        _(
            "Réponses : l'échelle de la question (tâche, savoir, qualité) ; « clé » : posée "
            "aussi par le bilan rapide (--quick). Les questions : --format json."
        )
    )
    if profile.quick_rule:
        console.print(
            _("[bold]Compétences clés[/bold] : {rule}").format(rule=esc(profile.quick_rule.strip()))
        )
    if profile.level_rule:
        console.print(
            _("[bold]Règle des niveaux[/bold] : {rule}").format(
                rule=esc(profile.level_rule.strip())
            )
        )


def scale_word(scale: str) -> str:
    """The answer scale a competence is rated on, in a word."""
    words = {"task": _("tâche"), "knowledge": _("savoir"), "behaviour": _("qualité")}
    return words.get(scale, scale)


def print_codes(console: Console, catalog: Catalog) -> None:
    from rich.table import Table

    table = Table(
        title=_("Vocabulaire partagé (annexe du profil e-CF webmestre)"), title_justify="left"
    )
    table.add_column(_("Code"), no_wrap=True, style="bold")
    table.add_column(_("Famille"), no_wrap=True)
    table.add_column(_("Intitulé"))
    for code in catalog.vocabulary.codes.values():
        table.add_row(esc(code.code), esc(code.family), esc(code.title))
    console.print(table)
