"""The command line: the Typer app, usage errors in the user's language, the commands."""
