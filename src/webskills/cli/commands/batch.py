"""`webskills batch` (many assessments → reports + cohort summary) and `webskills template`."""

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from webskills.batch import BatchFormat
from webskills.cli.app import current_catalog, write_out
from webskills.errors import ExitCode, bounded_lines, printable
from webskills.i18n import _, ngettext

if TYPE_CHECKING:
    from webskills.batch.run import BatchResult

REFRESH_SECONDS = 0.1


def _error_lines(record: object) -> list[str]:
    from webskills.batch.inputs import Record

    assert isinstance(record, Record)
    # A record's problems are one file's (or one row's): at most MAX_PROBLEMS_PER_FILE lines.
    return bounded_lines(record.problems)


def _print_errors(record: object) -> None:
    for line in _error_lines(record):
        sys.stderr.write(line + "\n")


def _print_notice(line: str) -> None:
    sys.stderr.write(printable(line, one_line=True) + "\n")  # it names files of the folder


def _finish(result: "BatchResult") -> None:
    written = ngettext(
        "{count} rapport(s) écrit(s)", "{count} rapport(s) écrit(s)", result.written
    ).format(count=result.written)
    failed = ngettext("{count} erreur(s)", "{count} erreur(s)", result.failed).format(
        count=result.failed
    )
    line = f"{written}, {failed} — {result.out_dir}"
    if result.stopped:
        line += " " + _("(arrêt à la première erreur : --fail-fast, pas de synthèse)")
    elif not result.written and not result.failed:
        line += " " + _("(aucune personne dans les entrées)")
    elif not result.written:
        line += " " + _("(rien n'est écrit)")
    sys.stderr.write(line + "\n")
    if result.stopped or not result.written:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if result.failed:
        raise typer.Exit(ExitCode.PARTIAL)


def register(app: typer.Typer) -> None:
    """Add `batch` and `template` to `app`, the help in the current language."""

    @app.command(
        "batch",
        help=_(
            """Mode conseiller : un rapport par personne et une synthèse du groupe, sans question.

Chaque personne d'un CSV (une ligne par personne, une colonne par compétence ; « ; »
ou « , », UTF-8 ou Windows-1252) ou de chaque fichier de réponses reçoit son rapport
dans DOSSIER, nommé d'après son id ou son nom ; DOSSIER reçoit aussi summary.md et
summary.csv (« ; », UTF-8 avec BOM, pour Excel). Une ligne ou un fichier en erreur est
signalé sur la sortie d'erreur (fichier, ligne, colonne) et n'arrête pas les autres.

Codes de sortie : 0 tout est traité ; 6 certaines entrées sont en erreur (les autres
rapports et la synthèse sont écrits) ; 4 aucune entrée n'a pu être traitée (rien
n'est écrit, DOSSIER n'est pas créé), ou arrêt par --fail-fast (les rapports déjà
écrits restent, pas de synthèse) ; 7 écriture impossible, ou DOSSIER est utilisé par
une autre exécution de batch.

Exemple :  webskills batch reponses.csv dossiers/ --out bilans --format both"""
        ),
    )
    def batch(
        inputs: Annotated[
            list[Path],
            typer.Argument(
                metavar=_("ENTRÉE..."),
                help=_(
                    "Fichiers de réponses (.yaml), fichiers CSV, ou dossiers qui en contiennent."
                ),
            ),
        ],
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                "-o",
                metavar=_("DOSSIER"),
                help=_(
                    "Dossier où écrire les rapports et la synthèse ; un dossier neuf "
                    "n'apparaît qu'une fois complet."
                ),
            ),
        ],
        format: Annotated[
            BatchFormat,
            typer.Option("--format", "-f", help=_("md (défaut), json, ou both (les deux).")),
        ] = BatchFormat.md,
        profile: Annotated[
            str | None,
            typer.Option(
                "--profile",
                "-p",
                help=_(
                    "Profil de toutes les entrées : la colonne profil des CSV devient "
                    "facultative ; une entrée d'un autre profil est une erreur."
                ),
            ),
        ] = None,
        fail_fast: Annotated[
            bool, typer.Option("--fail-fast", help=_("S'arrête à la première erreur (code 4)."))
        ] = False,
        jobs: Annotated[
            int,
            typer.Option(
                "--jobs",
                "-j",
                min=0,
                help=_(
                    "Processus de calcul : 0 = automatique (tous les cœurs au-delà de "
                    "100 personnes, sous Linux), 1 = un seul."
                ),
            ),
        ] = 0,
    ) -> None:
        """Counsellor mode: one report per person and a cohort summary, no questions."""
        from webskills.batch.inputs import estimate_people
        from webskills.batch.run import choose_jobs, run_batch
        from webskills.files.catalog import get_profile

        catalog = current_catalog()
        if profile is not None:
            get_profile(catalog, profile)
        fmt = format
        interactive = sys.stderr.isatty()
        estimate = estimate_people(inputs, out) if interactive or jobs == 0 else None
        workers = choose_jobs(jobs, estimate)

        if not interactive:
            result = run_batch(
                inputs,
                catalog,
                out,
                fmt,
                profile,
                fail_fast,
                on_error=_print_errors,
                jobs=workers,
                on_notice=_print_notice,
            )
        else:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            console = Console(stderr=True)
            # No refresh thread (auto_refresh=False): worker processes are forked during the
            # run, and a thread holding stderr's lock at that moment would hang them.
            with Progress(
                TextColumn(_("Rapports")),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
                auto_refresh=False,
            ) as progress:
                task = progress.add_task("batch", total=estimate)
                last = 0.0

                def on_error(record: object) -> None:
                    for line in _error_lines(record):
                        console.print(line, markup=False, highlight=False, soft_wrap=True)

                def on_progress(done: int) -> None:
                    nonlocal last
                    now = time.monotonic()
                    due = now - last >= REFRESH_SECONDS
                    progress.update(task, completed=done, refresh=due)
                    if due:
                        last = now

                result = run_batch(
                    inputs,
                    catalog,
                    out,
                    fmt,
                    profile,
                    fail_fast,
                    on_error=on_error,
                    on_progress=on_progress,
                    jobs=workers,
                    on_notice=lambda line: console.print(
                        line, markup=False, highlight=False, soft_wrap=True
                    ),
                )
        _finish(result)

    @app.command(
        "template",
        help=_(
            """Modèle CSV vide pour batch : id, nom, profil, diplome, puis une colonne par compétence.

Une ligne par personne ; chaque compétence reçoit un niveau de 0 à 5, rien (non
évaluée) ou ? (je ne sais pas) ; diplome est le niveau de certification (3 à 8),
facultatif.

Exemple :  webskills template webmestre -o groupe.csv"""
        ),
    )
    def template(
        profile_id: Annotated[
            str, typer.Argument(metavar=_("PROFIL"), help=_("Identifiant du profil."))
        ],
        output: Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                help=_("Écrit le modèle dans ce fichier (UTF-8 avec BOM, pour Excel)."),
            ),
        ] = None,
        delimiter: Annotated[
            str, typer.Option("--delimiter", "-d", help=_("Séparateur : « ; » (défaut) ou « , »."))
        ] = ";",
    ) -> None:
        """An empty CSV for batch, with the right header."""
        import csv
        import io

        from webskills.files.catalog import get_profile
        from webskills.files.spreadsheet import DELIMITERS, template_header

        if delimiter not in DELIMITERS:
            raise typer.BadParameter(_("« ; » ou « , »"), param_hint="--delimiter")
        profile = get_profile(current_catalog(), profile_id)
        buffer = io.StringIO()
        writer = csv.writer(
            buffer, delimiter=delimiter, lineterminator="\r\n" if output is not None else "\n"
        )
        writer.writerow(template_header(profile))
        if output is None:
            write_out(buffer.getvalue())
            return
        from webskills.files.atomic import atomic_write_text

        atomic_write_text(output, buffer.getvalue(), encoding="utf-8-sig")
        sys.stderr.write(_("Modèle écrit dans {path}").format(path=output) + "\n")
