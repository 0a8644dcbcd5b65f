"""`webskills assess`: the interactive self-assessment, saved after every answer, then the report."""

import contextlib
import shlex
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from webskills.cli.app import current_catalog, diploma_level, diploma_option, state
from webskills.errors import ExitCode, Interrupted, NoTerminalError, OutputError
from webskills.i18n import _


def register(app: typer.Typer) -> None:
    """Add `assess` to `app`, the help in the current language."""

    @app.command(
        "assess",
        help=_(
            """Évaluez-vous compétence par compétence, puis voyez vos écarts et les formations.

Chaque réponse est enregistrée aussitôt ; après Ctrl-C, reprenez avec --resume. Les
niveaux attendus par le métier ne sont montrés qu'à la fin, dans le rapport.

Exemple :  webskills assess --profile webmestre --name \"Camille Dupont\""""
        ),
    )
    def assess(
        profile: Annotated[
            str | None,
            typer.Option(
                "--profile", "-p", metavar="ID", help=_("Profil à évaluer ; sinon, il est demandé.")
            ),
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                metavar=_("FICHIER"),
                dir_okay=False,
                help=_("Fichier de réponses (défaut : webskills-PROFIL-DATE.yaml ici)."),
            ),
        ] = None,
        name: Annotated[
            str | None,
            typer.Option(
                "--name", metavar=_("NOM"), help=_("Votre nom (sinon, il est demandé au début).")
            ),
        ] = None,
        ident: Annotated[
            str | None,
            typer.Option(
                "--id",
                metavar="ID",
                help=_("Votre identifiant, par exemple France Travail (sinon, demandé)."),
            ),
        ] = None,
        diploma: Annotated[
            str | None,
            diploma_option(
                _(
                    "Votre diplôme le plus élevé : aucun, cap, bac, bac+2, bac+3, bac+5, bac+8, "
                    "ou le niveau 2–8 (sinon, demandé) ; il aide à choisir les formations."
                )
            ),
        ] = None,
        quick: Annotated[
            bool,
            typer.Option(
                "--quick",
                help=_(
                    "Bilan rapide : seulement les compétences clés du métier (15 au plus) ; "
                    "--resume pose ensuite les autres."
                ),
            ),
        ] = False,
        resume: Annotated[
            Path | None,
            typer.Option(
                "--resume",
                metavar=_("FICHIER"),
                dir_okay=False,
                help=_(
                    "Reprend un fichier de réponses : seules les questions manquantes sont posées."
                ),
            ),
        ] = None,
        all_codes: Annotated[
            bool,
            typer.Option(
                "--all",
                help=_(
                    "Une question par code de l'annexe utilisé par les métiers, une seule fois : "
                    "une séance évalue tous les métiers (fichier codes:), classés à la fin comme "
                    "par webskills match."
                ),
            ),
        ] = False,
    ) -> None:
        """The interactive self-assessment (help text above, translated)."""
        # Checked before anything is loaded: in a pipe or a cron job, say so at once and exit
        # rather than hang on a prompt nobody will answer.
        if all_codes and profile is not None:
            raise typer.BadParameter(
                _("--all évalue tous les métiers : sans --profile"), param_hint="--all"
            )
        level = diploma_level(diploma)
        if quick and all_codes:
            raise typer.BadParameter(
                _("--quick choisit les compétences clés d'un métier : sans --all"),
                param_hint="--quick",
            )
        if output is not None and resume is None and output.is_file() and not sys.stdin.isatty():
            # Nobody to ask whether it may be replaced: it is not.
            raise OutputError(
                _(
                    "{path} existe déjà et n'est pas remplacé ; pour le compléter : "
                    "webskills assess --resume {quoted} ; sinon, choisissez un autre nom (-o)"
                ).format(path=output, quoted=shlex.quote(str(output)))
            )
        if not sys.stdin.isatty():
            raise NoTerminalError(
                _(
                    "webskills assess a besoin d'un terminal interactif ; pour un fichier de "
                    "réponses existant : webskills report FICHIER ; pour un groupe : webskills batch"
                )
            )
        import datetime as dt

        from webskills.assess.prompts import QuestionaryPrompter
        from webskills.assess.session import open_session, run_session

        catalog = current_catalog()
        prompter = QuestionaryPrompter()
        with _signals_stop_like_ctrl_c():
            session = open_session(
                catalog,
                prompter,
                profile_id=profile,
                output=output,
                name=name,
                resume=resume,
                today=dt.date.today(),
                data_dir=state.data_dir,
                all_codes=all_codes,
                ident=ident,
                diploma=level,
                quick=quick,
                ask_person=True,
            )
            answers = run_session(session, catalog.vocabulary.scale, prompter)
        # Rich is loaded only now, after the last question: the first one appears sooner.
        from webskills.render.terminal import make_console

        path = shlex.quote(str(session.path))
        if session.by_code:
            from webskills.assess.all_codes import code_answers
            from webskills.engine.matching import match
            from webskills.render.match_term import print_match

            print_match(make_console(), match(code_answers(answers), catalog))
            _tell(
                _(
                    "Réponses enregistrées dans {path} ; pour revoir ce classement : "
                    "webskills match {quoted} ; le rapport d'un métier : "
                    "webskills report {quoted} --profile ID"
                ).format(path=session.path, quoted=path)
            )
            return
        from webskills.engine.report import build_report
        from webskills.render.report_term import print_report

        print_report(make_console(), build_report(answers, catalog))
        # Last, so that it is still on screen below a long report.
        _tell(
            _(
                "Réponses enregistrées dans {path} ; pour revoir ce rapport : webskills report {quoted}"
            ).format(path=session.path, quoted=path)
        )


def _tell(text: str) -> None:
    """A line on stderr, folded between words at the terminal's width (a file name, a
    command: the terminal itself would cut them mid-word)."""
    import shutil
    import textwrap

    width = max(shutil.get_terminal_size().columns - 1, 40)
    sys.stderr.write("\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) + "\n")


# The signals that end a session from outside (`kill`, a closed terminal or SSH link), and the
# exit code of each: 128 + the signal's number, as the shell reports a process it killed.
_STOPPING = {signal.SIGTERM: ExitCode.TERMINATED, signal.SIGHUP: ExitCode.HANGUP}


@contextlib.contextmanager
def _signals_stop_like_ctrl_c() -> Iterator[None]:
    """While questions are asked, SIGTERM and SIGHUP stop the session as Ctrl-C does.

    The handler raises KeyboardInterrupt (after the save in progress, if any), so the
    session's own Ctrl-C path runs (every answer is already saved) and says how to resume;
    only the exit code differs. The handlers are
    put back as they were once the questions are over (the report is no session).
    """
    from webskills.assess.session import request_stop

    received: list[ExitCode] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        received.append(_STOPPING[signal.Signals(signum)])
        request_stop()  # KeyboardInterrupt: now, or once the answer being saved is on disk

    previous = {signum: signal.signal(signum, stop) for signum in _STOPPING}
    try:
        yield
    except Interrupted as stopped:
        if received:
            stopped.exit_code = received[0]
        raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
