"""One line of a source document, as every reader (.txt, .docx, .pdf, .html) hands it on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLine:
    """One line (paragraph) of the source document.

    ``continuation`` lines (synthesised from table cells) always extend the current item,
    even when they happen to start with something that looks like numbering.
    """

    text: str
    continuation: bool = False
