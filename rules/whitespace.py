"""Whitespace rules (WS): trailing spaces, runs of blank lines, the final newline,
runs of spaces inside a line."""
from __future__ import annotations

import re


from lint.rule import Applicability, Fix, Rule, Severity
from rules.preformatted import looks_like_code

# Every byte but the ASCII controls other than the newline.
_ASCII_PRINTABLE = bytes(b for b in range(256) if b == 10 or 32 <= b < 127)


def unprintable_lines(doc):
    """The lines that hold a character str.isprintable() refuses: a control, a
    format character (zero-width, direction, soft hyphen), a space other than
    U+0020. Most lines have none, and this test is several times faster than a
    pattern scan for a set of such characters, so rules looking for some (here
    and in the encoding family) scan only these lines. Shared through the
    document's cache."""
    lines = doc.cache.get("whitespace.unprintable-lines")
    if lines is None:
        text = doc.text
        if text.isascii() and not text.encode("ascii").translate(None, _ASCII_PRINTABLE):
            lines = []
        else:
            lines = [line for line in doc.lines if not line.text.isprintable()]
        doc.cache["whitespace.unprintable-lines"] = lines
    return lines

LINE_END_SPACES = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# A newline preceded by a space. The newline comes first in the pattern so that
# the scan looks for the rare character, not for every space between words.
SPACE_BEFORE_NEWLINE = re.compile(r"\n(?<=[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]\n)")


class TrailingWhitespace(Rule):
    code = "WS01"
    name = "whitespace.trailing"
    summary = "Spaces, tabs or non-breaking spaces at the end of a line"
    explanation = """
        Scrapers often keep the padding of the page's markup: ordinary and
        non-breaking spaces after the last word of a line. They are invisible in a
        reader, but they break exact matching and deduplication. The fix removes them.
    """
    bad_example = "The talks resumed on Sunday.   \n"
    good_example = "The talks resumed on Sunday.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def check(self, doc):
        text = doc.text
        ends = [match.start() for match in SPACE_BEFORE_NEWLINE.finditer(text)]
        if text and text[-1] in LINE_END_SPACES:
            ends.append(len(text))
        for end in ends:
            start = end
            while start > 0 and text[start - 1] in LINE_END_SPACES:
                start -= 1
            kind = "non-breaking space" if "\u00a0" in text[start:end] else "trailing whitespace"
            yield self.violation(
                start, end, f"Line ends with {kind}",
                Fix.delete(start, end, Applicability.SAFE, "Remove trailing whitespace"),
            )


# Blank lines may hold spaces. Separate patterns, each starting with a fixed
# character, scan much faster than one with alternatives anchored at the start.
_BLANK = r"[ \t\u00a0]*\n"
LEADING_BLANKS = re.compile(rf"(?:{_BLANK})+")
BLANK_RUN = re.compile(rf"\n(?:{_BLANK}){{2,}}")
BLANK_CHARS = " \t\u00a0\n"


class BlankLines(Rule):
    code = "WS02"
    name = "whitespace.blank-lines"
    summary = "More than one blank line between paragraphs, or blank lines at the start or end"
    explanation = """
        One blank line separates paragraphs. Runs of blank lines come from the
        empty blocks of a page (removed images, adverts, widgets); they make
        paragraph-level tools see empty paragraphs and make diffs noisy. The fix
        collapses a run to one blank line, and removes blank lines before the
        first paragraph and after the final newline.
    """
    bad_example = "The envoy arrived on Sunday.\n\n\n\nTalks began at noon.\n"
    good_example = "The envoy arrived on Sunday.\n\nTalks began at noon.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def check(self, doc):
        text = doc.text
        # Blank lines after the last line of text (after its newline).
        content_end = len(text.rstrip(BLANK_CHARS))
        tail_start = text.find("\n", content_end)
        if content_end == 0:
            tail_start = -1  # a blank text: reported as leading blank lines
        leading = LEADING_BLANKS.match(text)
        if leading:
            yield self._collapse(leading.start(), leading.end(), "",
                                 f"{_lines(leading.group().count(chr(10)))} at the start of the text")
        for match in BLANK_RUN.finditer(text, leading.end() if leading else 0,
                                        tail_start if tail_start != -1 else len(text)):
            yield self._collapse(match.start(), match.end(), "\n\n",
                                 f"{match.group().count(chr(10)) - 1} blank lines between paragraphs; one is enough")
        if tail_start != -1:
            blanks = text.count("\n", tail_start) - 1
            if blanks > 0:
                yield self._collapse(tail_start, len(text), "\n", f"{_lines(blanks)} at the end of the text")

    def _collapse(self, start, end, replacement, message):
        return self.violation(start, end, message,
                              Fix.replace(start, end, replacement, Applicability.SAFE, "Collapse the blank lines"))


def _lines(count):
    return "1 blank line" if count == 1 else f"{count} blank lines"


class MissingFinalNewline(Rule):
    code = "WS03"
    name = "whitespace.missing-final-newline"
    summary = "The text does not end with a newline"
    explanation = """
        POSIX tools expect a text file to end with a newline: without one, "cat"
        runs files together and line counts are off by one. Scrapers rarely write
        one, so a whole corpus would be reported: this rule is off by default
        (select WS03 to use it). The fix adds the newline.
    """
    bad_example = "The envoy arrived on Sunday."
    good_example = "The envoy arrived on Sunday.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE
    default_enabled = False

    def check(self, doc):
        text = doc.text
        if not text.strip() or text.endswith("\n"):
            return
        end = len(text)
        yield self.violation(
            end, end, "No newline at the end of the text",
            Fix.replace(end, end, "\n", Applicability.SAFE, "Add a final newline"),
        )


# Two or more of these, or a tab, between two visible characters of one line.
INNER_BLANKS = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
# Any run holds two ASCII spaces, a tab, or an unusual space: most texts have none.
# None of these is printable: they are looked for only in unprintable lines.
UNUSUAL_SPACE = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f]")
# The typewriter habit of two spaces after a sentence: a convention, not an error.
SENTENCE_END = re.compile(r"[.!?:][\"\u201d\u2019')\]]?\Z")
COLUMN_GAP = re.compile(r"(?<=\S)(?: {3,}|\t)(?=\S)")


class InnerWhitespace(Rule):
    code = "WS04"
    name = "whitespace.inner-run"
    summary = "A run of spaces, a tab, or a non-breaking space beside a space inside a line"
    explanation = """
        Markup whose spacing was kept leaves double spaces, tabs and a
        non-breaking space beside an ordinary one between words ("Donald\u00a0 Trump").
        They show as a gap and break exact matching. Two spaces after a sentence
        (a typing convention), indentation, lines that look like a table
        (several wide gaps or tabs) and lines of code or preformatted text
        (indented, or holding characters such as | < > = { }, or opening with a
        prompt such as "$ ") pass: their spacing is meant. The fix leaves one space.
    """
    bad_example = "The envoy  arrived on\tSunday with Donald\u00a0 Trump.\n"
    good_example = "The envoy arrived on Sunday with Donald Trump.  Talks began at noon.\n"
    severity = Severity.INFO
    fixable = Applicability.SAFE

    def check(self, doc):
        text = doc.text
        tabular_rows = {}
        for start, end in _inner_runs(text, unprintable_lines(doc)):
            run = text[start:end]
            if run == "  " and SENTENCE_END.search(text, max(0, start - 3), start):
                continue
            row = doc.position(start)[0]
            if _in_table(doc, row, tabular_rows) or looks_like_code(doc.lines[row - 1].text):
                continue  # columns, or a code block's alignment
            if "\t" in run:
                what = "a tab"
            elif "\u00a0" in run and " " in run:
                what = "a non-breaking space beside a space"
            elif set(run) == {" "}:
                what = f"{len(run)} spaces"
            else:
                what = "a run of spaces"
            yield self.violation(
                start, end, f"Inner whitespace: {what} between words",
                Fix.replace(start, end, " ", Applicability.SAFE, "Leave one space"),
            )


def _inner_runs(text, unprintable):
    """The (start, end) of each run of two or more blanks, or of a tab, between
    two visible characters. Found with str.find and a scan of the unprintable
    lines for unusual spaces, which is much faster than a pattern that starts at
    every space."""
    hits = []
    pos = text.find("  ")
    while pos != -1:
        hits.append(pos)
        pos = text.find("  ", pos + 2)
    for line in unprintable:
        hits.extend(match.start() for match in UNUSUAL_SPACE.finditer(text, line.start, line.end))
    hits.sort()
    done = 0
    for hit in hits:
        if hit < done:
            continue
        start = end = hit
        while start > 0 and text[start - 1] in INNER_BLANKS:
            start -= 1
        while end < len(text) and text[end] in INNER_BLANKS:
            end += 1
        done = end
        if start == 0 or end == len(text) or text[start - 1].isspace() or text[end].isspace():
            continue  # indentation, or trailing whitespace (WS01's business)
        if end - start >= 2 or text[start] == "\t":
            yield start, end


def _in_table(doc, row, memo):
    """Whether a line looks like a row of a table: it has several wide gaps, or
    it has one and a neighbouring line has several."""
    def gaps(r):
        if r not in memo:
            lines = doc.lines
            memo[r] = len(COLUMN_GAP.findall(lines[r - 1].text)) if 1 <= r <= len(lines) else 0
        return memo[r]

    own = gaps(row)
    return own >= 2 or (own == 1 and (gaps(row - 1) >= 2 or gaps(row + 1) >= 2))


class MixedLineEndings(Rule):
    code = "WS05"
    name = "whitespace.mixed-line-endings"
    summary = "Lines ending in CRLF and in LF mixed in one text"
    explanation = """
        A text stitched from several sources may end some lines with CRLF
        (Windows) and others with LF. A file that uses CRLF throughout is fine
        (its line ends are kept when a fix is written); a mixed one confuses
        diffs and tools that split on one kind. The rule reports the line ends
        of the minority kind, and the fix converts them to the majority kind.
    """
    bad_example = "The envoy arrived on Sunday.\r\nTalks began at noon.\nThey ended at six.\n"
    good_example = "The envoy arrived on Sunday.\nTalks began at noon.\nThey ended at six.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def check(self, doc):
        text = doc.text
        if "\r" not in text:  # a single character is found much faster than two
            return
        crlf = text.count("\r\n")
        lf = text.count("\n") - crlf
        if lf == 0:
            return  # CRLF throughout
        if crlf <= lf:  # the CRLF ends are the odd ones out
            pos = text.find("\r\n")
            while pos != -1:
                yield self.violation(pos, pos + 1, f"Line ends with CRLF where {lf} of {crlf + lf} lines end with LF",
                                     Fix.delete(pos, pos + 1, Applicability.SAFE, "End the line with LF"))
                pos = text.find("\r\n", pos + 2)
            return
        pos = text.find("\n")
        while pos != -1:
            if pos == 0 or text[pos - 1] != "\r":
                yield self.violation(pos, pos + 1, f"Line ends with LF where {crlf} of {crlf + lf} lines end with CRLF",
                                     Fix.replace(pos, pos, "\r", Applicability.SAFE, "End the line with CRLF"))
            pos = text.find("\n", pos + 1)


RULES = [TrailingWhitespace, BlankLines, MissingFinalNewline, InnerWhitespace, MixedLineEndings]
