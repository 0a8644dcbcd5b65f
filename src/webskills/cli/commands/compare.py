"""`webskills compare`: progress between two answers files of one person and one profile, or
between two assessments of a group (two spreadsheets, two folders of answers files, two
`batch --out` folders)."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from webskills.cli.app import (
    STDIO,
    OptionsError,
    current_catalog,
    emit,
    format_option,
    output_option,
    output_target,
)
from webskills.i18n import _
from webskills.render.registry import Format, Kind, formats

if TYPE_CHECKING:
    from webskills.engine.group_comparison import GroupComparison
    from webskills.models import Answers, Catalog


def read_both(old: Path, new: Path, catalog: "Catalog") -> "tuple[Answers, Answers]":
    """Read both files (one may be `-`, standard input); the problems of both are reported
    together, not one run at a time."""
    from webskills.errors import InputError
    from webskills.files.answers import read_answers, read_answers_stream

    if str(old) == STDIO and str(new) == STDIO:
        raise OptionsError(_("l'entrée standard (-) ne peut donner qu'un des deux fichiers"))
    read: list[Answers] = []
    problems = []
    for path in (old, new):
        try:
            if str(path) == STDIO:
                read.append(read_answers_stream(sys.stdin.buffer, catalog))
            else:
                read.append(read_answers(path, catalog))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return read[0], read[1]


def is_answers_file(path: Path) -> bool:
    """An answers file (or `-`), as opposed to a group: a folder or a spreadsheet."""
    from webskills.batch.inputs import ANSWERS_SUFFIXES

    if str(path) == STDIO:
        return True
    return not path.is_dir() and path.suffix.lower() in ANSWERS_SUFFIXES


def group_source(path: Path) -> Path:
    """What to read of a group argument: a `batch --out` folder's answers/, else the path."""
    from webskills.errors import InputError, NotFoundError, Problem

    if not path.exists():
        raise NotFoundError(_("{path} : fichier ou dossier introuvable").format(path=path))
    if not path.is_dir():
        return path
    if (path / "answers").is_dir():
        return path / "answers"
    if (path / "summary.csv").is_file():
        raise InputError(
            [
                Problem(
                    file=str(path),
                    path="",
                    message=_(
                        "dossier de sortie de batch sans dossier answers/ : relancez batch "
                        "pour qu'il écrive les réponses de chaque personne"
                    ),
                )
            ]
        )
    return path


def read_groups(old: Path, new: Path, catalog: "Catalog") -> "tuple[list[Answers], list[Answers]]":
    """Everyone of both groups; the problems of both are reported together (code 4)."""
    from webskills.batch.inputs import iter_records
    from webskills.cli.commands.batch import _print_notice
    from webskills.errors import InputError, Problem

    sides: list[list[Answers]] = []
    problems: list[Problem] = []
    for path in (old, new):
        people: list[Answers] = []
        for record in iter_records([group_source(path)], catalog, on_notice=_print_notice):
            if record.answers is not None:
                people.append(record.answers)
            problems += record.problems
        if not people and not problems:
            problems.append(Problem(file=str(path), path="", message=_("aucune personne")))
        sides.append(people)
    if problems:
        raise InputError(problems)
    return sides[0], sides[1]


def check_folder(folder: Path) -> None:
    """A file where the folder should be is refused before any work."""
    from webskills.errors import OutputError

    if folder.exists() and not folder.is_dir():
        raise OutputError(_("{path} : existe et n'est pas un dossier").format(path=folder))


def write_people(group: "GroupComparison", folder: Path) -> None:
    """One Markdown comparison per compared person in `folder`, named as batch names reports."""
    from webskills.batch.naming import NameAllocator
    from webskills.errors import OutputError, os_reason
    from webskills.files.atomic import atomic_write_text
    from webskills.i18n import ngettext
    from webskills.render.registry import file_renderer

    check_folder(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            _("{path} : impossible de créer le dossier ({reason})").format(
                path=folder, reason=os_reason(error)
            )
        ) from None
    render = file_renderer(Kind.COMPARE, Format.MARKDOWN)
    names = NameAllocator()
    for item in group.pairs:
        stem = names.allocate(item.person.id or item.person.name or "personne")
        atomic_write_text(folder / f"{stem}.md", render(item))
    count = len(group.pairs)
    sys.stderr.write(
        ngettext(
            "{count} comparaison par personne écrite dans {path}",
            "{count} comparaisons par personne écrites dans {path}",
            count,
        ).format(count=count, path=folder)
        + "\n"
    )


def register(app: typer.Typer) -> None:
    """Add `compare` to `app`, its help in the current language."""

    @app.command(
        "compare",
        help=_(
            "Progression entre deux évaluations du même profil : niveaux, préparation, "
            "écarts comblés.\n\n"
            # \b: Click keeps this paragraph as written, so the example stays on one line.
            "\b\nExemple :  webskills compare examples/camille-webmestre.yaml "
            "examples/camille-webmestre-2027.yaml\n\n"
            "Avec deux tableurs, deux dossiers de fichiers de réponses ou deux dossiers "
            "`batch --out` du même groupe : chaque personne (appariée par identifiant, "
            "sinon par nom) et la synthèse du groupe."
        ),
    )
    def compare(
        old_file: Annotated[
            Path,
            typer.Argument(
                metavar="ANCIEN",
                help=_(
                    "Fichier de réponses de l'évaluation précédente, ou tableur ou dossier du groupe."
                ),
            ),
        ],
        new_file: Annotated[
            Path,
            typer.Argument(
                metavar="NOUVEAU",
                help=_(
                    "Fichier de réponses de la nouvelle évaluation (- pour l'entrée standard), "
                    "ou tableur ou dossier du groupe."
                ),
            ),
        ],
        format: Annotated[Format | None, format_option()] = None,
        output: Annotated[
            Path | None,
            output_option(_("Écrit la comparaison dans ce fichier (écriture atomique).")),
        ] = None,
        out_dir: Annotated[
            Path | None,
            typer.Option(
                "--out",
                metavar="DOSSIER",
                help=_(
                    "Avec deux groupes : écrit aussi la comparaison de chaque personne "
                    "(Markdown) dans ce dossier."
                ),
            ),
        ] = None,
    ) -> None:
        """Compare two assessments; the help text is given to Typer, translated, above."""
        from webskills.engine.comparison import compare as compare_answers

        fmt, target = output_target(format, output)
        old_is_file, new_is_file = is_answers_file(old_file), is_answers_file(new_file)
        if old_is_file != new_is_file:
            raise OptionsError(
                _(
                    "comparez deux fichiers de réponses, ou deux groupes (tableurs ou "
                    "dossiers), pas un fichier et un groupe"
                )
            )
        if old_is_file and out_dir is not None:
            raise OptionsError(_("--out ne sert qu'à comparer deux groupes"))
        if not old_is_file and fmt not in formats(Kind.GROUP_COMPARE):
            raise OptionsError(
                _(
                    "--format {format} : pour comparer deux groupes, choisissez md, json ou "
                    "term ; html compare deux fichiers de réponses"
                ).format(format=fmt.value)
            )
        if out_dir is not None:
            check_folder(out_dir)
        catalog = current_catalog()
        if not old_is_file:
            from webskills.engine.group_comparison import compare_groups

            old_group, new_group = read_groups(old_file, new_file, catalog)
            group = compare_groups(old_group, new_group, catalog, str(old_file), str(new_file))
            emit(Kind.GROUP_COMPARE, group, fmt, target, _("Comparaison écrite dans {path}"))
            if out_dir is not None:
                write_people(group, out_dir)
            return
        old, new = read_both(old_file, new_file, catalog)
        result = compare_answers(old, new, catalog)
        emit(Kind.COMPARE, result, fmt, target, _("Comparaison écrite dans {path}"))
