"""`webskills assess`: the interactive self-assessment, saved after every answer, then the report."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from webskills.app import app, current_catalog, state
from webskills.errors import NoTerminalError

NO_TERMINAL = (
    "webskills assess a besoin d'un terminal interactif ; pour un fichier de réponses "
    "existant : webskills report FICHIER ; pour un groupe : webskills batch"
)


@app.command("assess")
def assess(
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", "-p", metavar="ID", help="Profil à évaluer ; sinon, il est demandé."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FICHIER",
            dir_okay=False,
            help="Fichier de réponses (défaut : webskills-PROFIL-DATE.yaml ici).",
        ),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NOM", help="Nom écrit dans le fichier.")
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            metavar="FICHIER",
            dir_okay=False,
            help="Reprend un fichier de réponses : seules les questions manquantes sont posées.",
        ),
    ] = None,
) -> None:
    """Évaluez-vous compétence par compétence, puis voyez vos écarts et les formations.

    Chaque réponse est enregistrée aussitôt ; après Ctrl-C, reprenez avec --resume. Les
    niveaux attendus par le métier ne sont montrés qu'à la fin, dans le rapport.

    Exemple :  webskills assess --profile webmestre --name "Camille Dupont"
    """
    # Checked before anything is loaded: in a pipe or a cron job, say so at once and exit
    # rather than hang on a prompt nobody will answer.
    if not sys.stdin.isatty():
        raise NoTerminalError(NO_TERMINAL)
    import datetime as dt

    from webskills.prompts import QuestionaryPrompter
    from webskills.questionnaire import open_session, run_session

    catalog = current_catalog()
    prompter = QuestionaryPrompter()
    session = open_session(
        catalog,
        prompter,
        profile_id=profile,
        output=output,
        name=name,
        resume=resume,
        today=dt.date.today(),
        data_dir=state.data_dir,
    )
    answers = run_session(session, catalog.vocabulary.scale, prompter)
    # Rich is loaded only now, after the last question: the first one appears sooner.
    from webskills.gaps import build_report
    from webskills.render.console import make_console
    from webskills.render.report_term import print_report

    print_report(make_console(), build_report(answers, catalog))
    # Last, so that it is still on screen below a long report.
    path = shlex.quote(str(session.path))
    sys.stderr.write(
        f"Réponses enregistrées dans {session.path} ; pour revoir ce rapport : "
        f"webskills report {path}\n"
    )
