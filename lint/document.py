"""The document model: an article's text with lines, paragraphs and positions.

Offsets are indices into ``Document.text`` (code points). Rows and columns are
1-based; a column counts code points, as editors and ruff do.
The text is held with ``\\n`` line ends; the file's own newline style and BOM are
recorded on the :class:`~lint.source.Source` and restored when a fix is written.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import List, NamedTuple, Optional, Tuple


class Line(NamedTuple):
    # A named tuple rather than a dataclass: documents are built by the million,
    # and a tuple is several times cheaper to make.
    row: int  # 1-based
    start: int  # offset of the first character
    end: int  # offset just past the last character, before the newline
    text: str

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Paragraph:
    """A run of non-blank lines between blank lines (or the ends of the text)."""

    index: int  # 0-based position among the document's paragraphs
    lines: Tuple[Line, ...]

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def first_row(self) -> int:
        return self.lines[0].row

    @property
    def last_row(self) -> int:
        return self.lines[-1].row

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class Document:
    """One article: the text a rule checks, with its lines and paragraphs."""

    def __init__(self, text: str, path: str = "-") -> None:
        self.text = text
        self.path = path
        self._lines: Optional[List[Line]] = None
        self._line_starts: Optional[List[int]] = None
        self._paragraphs: Optional[List[Paragraph]] = None
        #: Per-document memo that rules of one family may share (a sentence split,
        #: a mention index); keys should be namespaced by the rule module. The
        #: engine clears it once the rules have run on the document: keep nothing
        #: from it beyond the document.
        self.cache: dict = {}

    @property
    def lines(self) -> List[Line]:
        if self._lines is None:
            lines = []
            start = 0
            for row, line_text in enumerate(self.text.split("\n"), 1):
                end = start + len(line_text)
                lines.append(Line(row, start, end, line_text))
                start = end + 1
            self._lines = lines
        return self._lines

    @property
    def line_starts(self) -> List[int]:
        if self._line_starts is None:
            self._line_starts = [line.start for line in self.lines]
        return self._line_starts

    @property
    def paragraphs(self) -> List[Paragraph]:
        """Blank-line separated blocks; each line of a block is a ``Line``."""
        if self._paragraphs is None:
            paragraphs: List[Paragraph] = []
            current: List[Line] = []
            for line in self.lines:
                if line.is_blank:
                    if current:
                        paragraphs.append(Paragraph(len(paragraphs), tuple(current)))
                        current = []
                else:
                    current.append(line)
            if current:
                paragraphs.append(Paragraph(len(paragraphs), tuple(current)))
            self._paragraphs = paragraphs
        return self._paragraphs

    def position(self, offset: int) -> Tuple[int, int]:
        """The 1-based (row, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        starts = self.line_starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def offset(self, row: int, column: int) -> int:
        """The character offset of a 1-based (row, column)."""
        return self.line_starts[row - 1] + column - 1

    def line_span_with_newline(self, line: Line) -> Tuple[int, int]:
        """The span that deletes a whole line, its newline included.

        The last line of a text without a final newline takes the newline before it,
        so that deleting it leaves no dangling blank line.
        """
        if line.end < len(self.text):
            return line.start, line.end + 1
        if line.start > 0:
            return line.start - 1, line.end
        return line.start, line.end

    def line_removal_span(self, line: Line) -> Tuple[int, int]:
        """The span that removes one line cleanly: a line that stands alone as a
        paragraph goes with the blank lines that separate it; a line inside a
        paragraph goes with its newline."""
        lines = self.lines
        alone = (line.row == 1 or lines[line.row - 2].is_blank) and (
            line.row == len(lines) or lines[line.row].is_blank)
        return self.block_span(line, line) if alone else self.line_span_with_newline(line)

    def block_span(self, first: Line, last: Line) -> Tuple[int, int]:
        """The span that deletes lines ``first``..``last`` and the blank lines after
        them (or, at the end of the text, the blank lines before them)."""
        start, end = first.start, last.end
        text = self.text
        after = end
        while after < len(text) and text[after] == "\n":
            after += 1
        if after < len(text) or start == 0:
            return start, after
        # Nothing follows: take the separating newlines before the block instead,
        # so that the text keeps (or keeps lacking) its final newline.
        before = start
        while before > 0 and text[before - 1] == "\n":
            before -= 1
        return before, end
