"""Entry point for `python -m webskills` and the `webskills` console script."""

import gc
import sys

from webskills import __version__


def main() -> None:
    """Run the CLI, answering `--version` before anything heavy is imported.

    `webskills --version` is the start-up figure users notice first; importing Typer costs
    more than the rest of the tool, so the one flag that needs nothing is answered here.
    """
    if sys.argv[1:] == ["--version"]:
        try:
            sys.stdout.write(f"webskills {__version__}\n")
            sys.stdout.flush()
        except OSError as error:  # `> /dev/full`, `| true`: told as for every command
            from webskills.cli.main import stdout_failed

            stdout_failed(error)
        return
    # Importing Typer, Click and our modules creates some 26,000 objects the cyclic collector
    # tracks, nearly all alive until exit, and it walks them again and again while they are
    # being created: about 30 collections, ~10 ms of a 120 ms `report`. So import with it off,
    # then freeze what was imported (kept out of every later collection, as the `gc.freeze`
    # docs advise before forking workers) and turn it back on for the command itself:
    # batch and assess allocate per person and per question and need it.
    gc.disable()
    try:
        from webskills.cli.main import run
    finally:
        gc.freeze()
        gc.enable()
    run()


if __name__ == "__main__":
    main()
