"""The only module that imports questionary: it turns `questionnaire.Select` data into prompts.

questionary and prompt_toolkit take about 0.2 s to import, so they are imported on the first
question, not with this module: the intro lines appear while they load, and `webskills
report` and `batch` never pay for them. `unsafe_ask()` lets Ctrl-C through as
KeyboardInterrupt; it and EOFError (Ctrl-D, closed input) become `errors.Interrupted`, which
the flow turns into "your answers are in FILE, resume with …".
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING, Any

from webskills.assess.questions import Emphasis, Line, Select, Value
from webskills.errors import Interrupted
from webskills.i18n import _

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.output import Output

STYLES = {
    Emphasis.PLAIN: "",
    Emphasis.STRONG: "bold",
    Emphasis.MUTED: "fg:ansibrightblack",
}
POINTER_WIDTH = 3  # questionary draws " » " (or three spaces) before each choice
CONTINUATION = "    "  # wrapped lines start under the text after "3 — "


# French puts a space before « ? » and « ! »: folded there, the mark would start a line of
# its own. A no-break space keeps it with its word (textwrap splits on ASCII spaces only).
_BEFORE_MARK = re.compile(r" (?=[?!](?:\s|$))")


def _keep_marks(text: str) -> str:
    return _BEFORE_MARK.sub("\u00a0", text)


def wrap_title(title: str, columns: int) -> str:
    """Fold a long choice onto several lines: questionary cuts lines at the terminal edge.

    The behavioural sentence is the end of the line, exactly what would be cut on an
    80-column terminal; continuation lines are indented past questionary's pointer.
    """
    width = max(columns - POINTER_WIDTH - 1, 20)
    lines = textwrap.wrap(
        _keep_marks(title), width, subsequent_indent=CONTINUATION, break_on_hyphens=False
    ) or [title]
    return ("\n" + " " * POINTER_WIDTH).join(lines)


def wrap_line(text: str, columns: int) -> str:
    """A line of text folded between words at the terminal's width (the terminal itself
    would cut it mid-word)."""
    lines = textwrap.wrap(_keep_marks(text), max(columns - 1, 20), break_on_hyphens=False)
    return "\n".join(lines) if text else text


def _eof_bindings() -> KeyBindings:
    """Ctrl-D leaves like Ctrl-C: questionary's select binds only Ctrl-C and Ctrl-Q."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.ControlD, eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    return bindings


def _choice_keys(keys: Any) -> KeyBindings:
    """Each key of a `Select.keys` ends the prompt at once with `("key", KEY)`."""
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()
    for key in keys:

        def chosen(event: Any, key: str = key) -> None:
            event.app.exit(result=("key", key))

        bindings.add(key, eager=True)(chosen)
    return bindings


class QuestionaryPrompter:
    """A `questionnaire.Prompter` on the terminal; `input`/`output` let tests drive it."""

    def __init__(self, input: Input | None = None, output: Output | None = None) -> None:
        self._input = input
        self._output = output

    def say(self, text: str) -> None:
        if self._output is None:
            # Plain text needs no prompt_toolkit: the intro shows before it is imported.
            sys.stdout.write(wrap_line(text, self._columns()) + "\n")
            sys.stdout.flush()
        else:
            self._print(Line(text))

    def _print(self, line: Line) -> None:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        text = wrap_line(line.text, self._columns())
        print_formatted_text(FormattedText([(STYLES[line.emphasis], text)]), output=self._output)

    def select(self, question: Select) -> Value:
        import questionary
        from prompt_toolkit.key_binding import merge_key_bindings

        for line in question.header:
            self._print(line)
        columns = self._columns()
        # Values are indexes: questionary replaces a `None` value by the title, and None
        # (« je ne sais pas ») is a real answer here.
        choices = [
            questionary.Choice(wrap_title(c.title, columns), value=i)
            for i, c in enumerate(question.choices)
        ]
        prompt = questionary.select(
            question.message,
            choices=choices,
            default=choices[question.default] if question.default is not None else None,
            instruction=question.instruction,
            input=self._input,
            output=self._output,
            # The list is erased once answered and replaced by one short line below, rather
            # than questionary's echo of a (possibly folded) long title.
            erase_when_done=True,
        )
        app = prompt.application
        bindings = [app.key_bindings] if app.key_bindings is not None else []
        app.key_bindings = merge_key_bindings(
            [*bindings, _eof_bindings(), _choice_keys(question.keys)]
        )
        try:
            result: int | tuple[str, str] = prompt.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted(_("interrompu")) from None
        if isinstance(result, tuple):  # a key: a digit, `?`, or `d` for the details
            value = question.keys[result[1]]
            for choice in question.choices:
                if choice.value == value and not isinstance(value, bool):
                    self._echo(question.message, choice.answer)
                    break
            return value
        chosen = question.choices[result]
        self._echo(question.message, chosen.answer)
        return chosen.value

    def text(self, message: str) -> str:
        """A line of text (Enter alone gives ""); Ctrl-C / Ctrl-D as in `select`."""
        import questionary
        from prompt_toolkit.key_binding import merge_key_bindings

        prompt = questionary.text(message, input=self._input, output=self._output)
        app = prompt.application
        bindings = [app.key_bindings] if app.key_bindings is not None else []
        app.key_bindings = merge_key_bindings([*bindings, _eof_bindings()])
        try:
            answer: str = prompt.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted(_("interrompu")) from None
        return answer

    def _columns(self) -> int:
        if self._output is not None:
            return self._output.get_size().columns
        return shutil.get_terminal_size().columns

    def _echo(self, message: str, answer: str) -> None:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        # Folded as the terminal would not: between words (a level's sentence is long).
        folded = wrap_line(f"{message} {answer}", self._columns())
        text = FormattedText(
            [("bold", folded[: len(message) + 1]), ("fg:ansicyan", folded[len(message) + 1 :])]
        )
        print_formatted_text(text, output=self._output)
