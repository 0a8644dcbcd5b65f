"""Renderers: one module per output format; none of them reads files or prints."""

import importlib


def render_file(kind: str, value: object, fmt: str) -> str:
    """`value` as the text of a file: `webskills.render.{kind}_{fmt}.render(value)`.

    `kind` is report, match or compare; `fmt` is md or json. The module is imported only
    when chosen: JSON for scripts does not pay for the Markdown module, nor anything for
    Rich (the terminal format is printed by the `*_term` modules, not rendered here).
    """
    module = importlib.import_module(f"webskills.render.{kind}_{fmt}")
    text: str = module.render(value)
    return text
