"""Usage errors (unknown option, missing argument…) told in the user's language.

Click wraps its messages in `gettext`, but most of them are sentences built around a name
("Missing argument 'RÉPONSES'.", "No such option: --fromat Did you mean --format?"): a
catalog of Click's wording would break on each Click release that rewords one. So `cli.run`
runs the app with `standalone_mode=False` and hands each `UsageError` to `usage_error_text`,
which rebuilds the message from the exception's public attributes with messages of ours. In
English the result is Click's wording, word for word; a case not handled here keeps Click's
message (translated when `locale/fr/LC_MESSAGES/webskills-typer.po` has it, see
`webskills.i18n`). Imported only when a usage error happens.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from click.core import Context, Option
from click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from click.types import IntParamType, IntRange

from webskills.i18n import _


def usage_error_text(error: UsageError, argv: Sequence[str] = ()) -> str:
    """The whole text for stderr: usage line, where to find help, and the error itself.

    `argv` is the command line, to name an unknown command and suggest the close ones.
    """
    ctx = error.ctx
    lines = []
    if ctx is not None:
        formatter = ctx.make_formatter()
        pieces = ctx.command.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage : "))
        lines.append(formatter.getvalue().rstrip("\n"))
        if ctx.command.get_help_option(ctx) is not None:
            command = f"{ctx.command_path} {ctx.help_option_names[0]}"
            lines.append(_("Essayez « {command} » pour l'aide.").format(command=command))
        lines.append("")
    text = _unknown_command(error, argv) or message(error)
    lines.append(_("Erreur : {message}").format(message=text))
    return "\n".join(lines) + "\n"


def _unknown_command(error: UsageError, argv: Sequence[str]) -> str | None:
    """« commande inconnue : 'repor' (vouliez-vous dire 'report' ?) » for a group's typo.

    Typer's own suggestion is English and was appended twice (its group resolves the name
    twice), so the apps turn it off and the suggestion is made here, from the command line.
    """
    ctx = error.ctx
    commands = getattr(ctx.command, "commands", None) if ctx is not None else None
    if ctx is None or not commands:
        return None
    name = _named_command(ctx, argv)
    if name is None or name in commands:
        return None
    import difflib

    text = _("commande inconnue : {name}").format(name=repr(name))
    close = difflib.get_close_matches(name, sorted(commands))
    if close:
        names = ", ".join(repr(c) for c in close)
        text += " " + _("(vouliez-vous dire {names} ?)").format(names=names)
    return text


def _named_command(ctx: Context, argv: Sequence[str]) -> str | None:
    """The first word after the group's own path in `argv` that is neither an option nor
    an option's value (the group's options that take one are read from its parameters)."""
    rest = list(argv)
    for word in ctx.command_path.split()[1:]:
        if word in rest:
            rest = rest[rest.index(word) + 1 :]
    takes_value = {
        opt
        for param in ctx.command.params
        if isinstance(param, Option) and not param.is_flag and not param.count
        for opt in param.opts
    }
    skip = False
    for arg in rest:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def message(error: UsageError) -> str:
    """The error's message, without the usage around it."""
    if isinstance(error, MissingParameter):
        return _missing(error)
    if isinstance(error, BadParameter):
        return _bad_value(error)
    if isinstance(error, NoSuchOption):
        return _no_such_option(error)
    if isinstance(error, BadOptionUsage):
        return _bad_option_usage(error)
    return error.format_message()


def _hint(error: BadParameter) -> str | None:
    """`'--format' / '-f'`: how Click names the parameter in its messages."""
    hint: Any = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(repr(x) for x in hint)


def _missing(error: MissingParameter) -> str:
    hint = _hint(error) or ""
    kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
    if kind == "argument":
        return _("il manque l'argument {name}.").format(name=hint)
    if kind == "option":
        return _("il manque l'option {name}.").format(name=hint)
    return _("il manque le paramètre {name}.").format(name=hint)


def _bad_value(error: BadParameter) -> str:
    hint = _hint(error)
    param_type = error.param.type if error.param is not None else None
    choices = getattr(param_type, "choices", None)
    if choices is not None:
        values = ", ".join(repr(str(getattr(c, "value", c))) for c in choices)
        why = _("choisissez parmi {choices}.").format(choices=values)
    elif isinstance(param_type, IntRange):
        why = _integer_range(param_type)
    elif isinstance(param_type, IntParamType):
        why = _("attendu un nombre entier.")
    else:
        why = error.message  # Click's own words, or ours (typer.BadParameter in a command)
    if hint is None:
        return _("valeur invalide : {why}").format(why=why)
    return _("valeur invalide pour {name} : {why}").format(name=hint, why=why)


def _integer_range(param_type: IntRange) -> str:
    low, high = param_type.min, param_type.max
    if low is not None and high is not None:
        return _("attendu un nombre entier de {low} à {high}.").format(low=low, high=high)
    if low is not None:
        return _("attendu un nombre entier supérieur ou égal à {low}.").format(low=low)
    return _("attendu un nombre entier inférieur ou égal à {high}.").format(high=high)


def _no_such_option(error: NoSuchOption) -> str:
    text = _("option inconnue : {name}").format(name=error.option_name)
    if error.possibilities:
        close = ", ".join(sorted(error.possibilities))
        text += " " + _("(options possibles : {options})").format(options=close)
    return text


def _bad_option_usage(error: BadOptionUsage) -> str:
    # Click's parser raises these two without a context (so without the option object):
    # its English message is the only trace of which one it is.
    name = repr(error.option_name)
    if error.message.endswith(" does not take a value."):
        return _("l'option {name} ne prend pas de valeur.").format(name=name)
    if " requires " in error.message:
        return _("l'option {name} attend une valeur.").format(name=name)
    return error.format_message()
