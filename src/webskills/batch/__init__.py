"""Many people at once: inputs, report names, worker processes, the output folder.

This module stays light (the CLI imports it to declare `batch --format`); the machinery is
in `webskills.batch.run`, imported when a batch runs.
"""

import enum

from webskills.render.registry import Format


class BatchFormat(enum.StrEnum):
    """What `batch` writes for each person: one format, or both text formats (md and json)."""

    md = "md"
    json = "json"
    html = "html"  # one page per person, and summary.html
    both = "both"

    @property
    def formats(self) -> tuple[Format, ...]:
        if self is BatchFormat.both:
            return (Format.MARKDOWN, Format.JSON)
        return (Format(self.value),)
