"""`webskills batch` (many assessments → reports + cohort summary) and `webskills template`."""

import enum
import functools
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
    from rich.progress import ProgressColumn, Task

    from webskills.batch.run import BatchResult
    from webskills.models import Profile

REFRESH_SECONDS = 0.1


class Duplicates(enum.StrEnum):
    """`--duplicates`: what to do with a person given twice in a run (batch.inputs)."""

    refuse = "refuse"
    last = "last"


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


def rate_column() -> "ProgressColumn":
    """A progress column showing people per second (« 1 234 pers./s »)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    from webskills.render.numbers import decimal

    class RateColumn(ProgressColumn):
        def render(self, task: "Task") -> Text:
            speed = task.finished_speed or task.speed
            if speed is None:
                return Text("— " + _("pers./s"))
            shown = decimal(speed) if speed < 10 else f"{round(speed):,}".replace(",", "\u202f")
            return Text(_("{rate} pers./s").format(rate=shown))

    return RateColumn()


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
dans DOSSIER, nommé d'après son id ou son nom ; DOSSIER reçoit aussi summary.md,
summary.csv (« ; », UTF-8 avec BOM, pour Excel) et summary.xlsx, answers/ (le fichier
de réponses de chacun, que report et compare relisent) et refused.csv (les lignes et
fichiers refusés, avec le motif). Une ligne ou un fichier en erreur est signalé sur la
sortie d'erreur (fichier, ligne, colonne) et n'arrête pas les autres.

Codes de sortie : 0 tout est traité ; 6 certaines entrées sont en erreur (les autres
rapports et la synthèse sont écrits) ; 4 aucune entrée n'a pu être traitée (rien
n'est écrit, DOSSIER n'est pas créé), ou arrêt par --fail-fast (les rapports déjà
écrits restent, pas de synthèse) ; 7 écriture impossible, ou DOSSIER est utilisé par
une autre exécution de batch ; 130 interrompu par Ctrl-C (les rapports finis restent,
avec leur synthèse marquée « interrompu »).

Exemple :  webskills batch reponses.csv dossiers/ --out bilans --format both"""
        ),
    )
    def batch(
        inputs: Annotated[
            list[Path],
            typer.Argument(
                metavar=_("ENTRÉE..."),
                help=_(
                    "Fichiers de réponses (.yaml), fichiers CSV, classeurs (.xlsx, .xlsm, .ods), ou "
                    "dossiers qui en contiennent."
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
            typer.Option(
                "--format",
                "-f",
                help=_(
                    "md (défaut), json, both (md et json), ou html (une page par personne "
                    "et summary.html)."
                ),
            ),
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
        title: Annotated[
            str | None,
            typer.Option(
                "--title",
                metavar=_("TITRE"),
                help=_(
                    "Nom du groupe, en tête de summary.md et summary.xlsx (avec la date), "
                    "par exemple « Promotion Web 2026 »."
                ),
            ),
        ] = None,
        anonymise: Annotated[
            bool,
            typer.Option(
                "--anonymise",
                help=_(
                    "Remplace les noms par des pseudonymes (« Personne 1A2B3C4D ») dans tous "
                    "les fichiers écrits ; le même nom reçoit le même pseudonyme à chaque "
                    "exécution dans ce DOSSIER (clé gardée dans DOSSIER/.webskills-pseudonymes)."
                ),
            ),
        ] = False,
        sheet: Annotated[
            str | None,
            typer.Option(
                "--sheet",
                metavar=_("FEUILLE"),
                help=_(
                    "Feuille lue dans chaque classeur (.xlsx, .xlsm, .ods) ; défaut : la première."
                ),
            ),
        ] = None,
        duplicates: Annotated[
            Duplicates,
            typer.Option(
                "--duplicates",
                help=_(
                    "Une personne présente deux fois (même id, ou même nom sans id) : refuse "
                    "(défaut) refuse toutes ses lignes ; last garde la plus récente (colonne "
                    "date, sinon la dernière lue)."
                ),
            ),
        ] = Duplicates.refuse,
    ) -> None:
        """Counsellor mode: one report per person and a cohort summary, no questions."""
        from webskills.batch.inputs import estimate_people
        from webskills.batch.run import choose_jobs, run_batch
        from webskills.files.catalog import get_profile

        catalog = current_catalog()
        if profile is not None:
            from webskills.files.spreadsheet import find_profile

            found = find_profile(catalog, profile)  # `Webmestre` is webmestre
            profile = found.id if found is not None else profile
            get_profile(catalog, profile)
        fmt = format
        interactive = sys.stderr.isatty()
        estimate = estimate_people(inputs, out, sheet) if interactive or jobs == 0 else None
        workers = choose_jobs(jobs, estimate)

        # What both ways of running share; they differ in how they show progress and lines.
        run = functools.partial(
            run_batch,
            inputs,
            catalog,
            out,
            fmt,
            profile,
            fail_fast,
            jobs=workers,
            title=title,
            anonymise=anonymise,
            sheet=sheet,
            duplicates=duplicates.value,
        )
        if not interactive:
            result = run(on_error=_print_errors, on_notice=_print_notice)
        else:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            console = Console(stderr=True)
            # No refresh thread (auto_refresh=False): worker processes are forked during the
            # run, and a thread holding stderr's lock at that moment would hang them.
            with Progress(
                TextColumn(_("Rapports")),
                BarColumn(),
                MofNCompleteColumn(),
                rate_column(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
                auto_refresh=False,
            ) as progress:
                task = progress.add_task("batch", total=estimate)
                last = 0.0

                def say(line: str) -> None:
                    console.print(line, markup=False, highlight=False, soft_wrap=True)

                def on_error(record: object) -> None:
                    for line in _error_lines(record):
                        say(line)

                def on_progress(done: int) -> None:
                    nonlocal last
                    now = time.monotonic()
                    due = now - last >= REFRESH_SECONDS
                    progress.update(task, completed=done, refresh=due)
                    if due:
                        last = now

                result = run(on_error=on_error, on_progress=on_progress, on_notice=say)
        _finish(result)

    @app.command(
        "template",
        help=_(
            """Modèle vide pour batch : un CSV, ou un classeur .xlsx à listes déroulantes.

Colonnes id, nom, profil, diplome, date, session, puis une par compétence. Une
ligne par personne ; chaque compétence reçoit un niveau de 0 à 5, rien (non
évaluée) ou ? (je ne sais pas) ; diplome est le niveau de certification (3 à 8),
facultatif, comme date et session. Sans -o, le CSV est écrit sur la sortie standard ;
-o groupe.xlsx écrit un classeur (listes déroulantes, intitulé de chaque compétence
sous son id, feuille « Niveaux » qui explique l'échelle), lu tel quel par batch.

Exemple :  webskills template webmestre -o groupe.xlsx"""
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
                help=_(
                    "Écrit le modèle dans ce fichier : un classeur si son nom finit par "
                    ".xlsx, sinon un CSV (UTF-8 avec BOM, pour Excel)."
                ),
            ),
        ] = None,
        delimiter: Annotated[
            str,
            typer.Option(
                "--delimiter", "-d", help=_("Séparateur du CSV : « ; » (défaut) ou « , ».")
            ),
        ] = ";",
    ) -> None:
        """An empty CSV or workbook for batch, with the right header."""
        from webskills.files.catalog import get_profile
        from webskills.files.spreadsheet import DELIMITERS

        if delimiter not in DELIMITERS:
            raise typer.BadParameter(_("« ; » ou « , »"), param_hint="--delimiter")
        suffix = output.suffix.lower() if output is not None else ""
        if suffix in (".ods", ".xlsm", ".xls"):
            raise typer.BadParameter(
                _(
                    "{suffix} : le modèle s'écrit en .xlsx (LibreOffice l'ouvre et peut "
                    "l'enregistrer en {suffix}) ou en .csv"
                ).format(suffix=suffix),
                param_hint="--output",
            )
        catalog = current_catalog()
        profile = get_profile(catalog, profile_id)
        if output is not None and suffix == ".xlsx":
            from webskills.render.template_xlsx import template_workbook

            _write_bytes(output, template_workbook(profile, catalog.vocabulary.scale))
        else:
            text = _template_csv(profile, delimiter, crlf=output is not None)
            if output is None:
                write_out(text)
                return
            from webskills.files.atomic import atomic_write_text

            atomic_write_text(output, text, encoding="utf-8-sig")
        sys.stderr.write(_("Modèle écrit dans {path}").format(path=output) + "\n")


def _template_csv(profile: "Profile", delimiter: str, crlf: bool) -> str:
    """The CSV template: its header line only."""
    import csv
    import io

    from webskills.files.spreadsheet import template_header

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(template_header(profile))
    return buffer.getvalue()


def _write_bytes(path: Path, data: bytes) -> None:
    """Bytes put in place as every output is (`files.atomic`: whole or not at all)."""
    import io

    from webskills.files.atomic import atomic_open

    with atomic_open(path) as handle:
        assert isinstance(handle, io.TextIOWrapper)  # atomic_open's handles are text files
        handle.flush()
        handle.buffer.write(data)
