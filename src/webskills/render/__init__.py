"""Renderers: one module per output format; none of them reads files or prints."""
