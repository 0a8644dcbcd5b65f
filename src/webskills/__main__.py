"""Entry point for `python -m webskills` and the `webskills` console script."""

import sys

from webskills import __version__


def main() -> None:
    """Run the CLI, answering `--version` before anything heavy is imported.

    `webskills --version` is the start-up figure users notice first; importing Typer costs
    more than the rest of the tool, so the one flag that needs nothing is answered here.
    """
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"webskills {__version__}\n")
        return
    from webskills.cli import run

    run()


if __name__ == "__main__":
    main()
