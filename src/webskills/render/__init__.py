"""Renderers: one module per (kind, format), chosen through `render.registry`.

`markdown` and `terminal` hold what the Markdown and terminal renderers share;
`<kind>_text` modules word what the engine returns as values. None of them reads files or
prints outside the console it is given.
"""
