"""Whitespace rules (WS): trailing spaces, runs of blank lines, the final newline,
runs of spaces inside a line."""
from __future__ import annotations

import regex

from lint.rule import Applicability, Fix, Rule, Severity

TRAILING_SPACE = regex.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+$", regex.MULTILINE)


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
        for match in TRAILING_SPACE.finditer(doc.text):
            kind = "non-breaking space" if "\u00a0" in match.group() else "trailing whitespace"
            yield self.violation(
                match.start(), match.end(), f"Line ends with {kind}",
                Fix.delete(match.start(), match.end(), Applicability.SAFE, "Remove trailing whitespace"),
            )


# Blank lines (maybe holding spaces) at the start, between paragraphs (two or
# more), or at the end of the text (one or more after the final newline).
_BLANK = r"[ \t\u00a0]*\n"
BLANK_RUN = regex.compile(rf"\A(?:{_BLANK})+|\n(?:{_BLANK}){{2,}}|\n(?:{_BLANK})+\Z")


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
        for match in BLANK_RUN.finditer(text):
            start, end = match.start(), match.end()
            newlines = match.group().count("\n")
            if start == 0:  # only the first alternative matches at the start
                message, replacement = f"{_lines(newlines)} at the start of the text", ""
            elif end == len(text):
                message, replacement = f"{_lines(newlines - 1)} at the end of the text", "\n"
            else:
                message, replacement = f"{newlines - 1} blank lines between paragraphs; one is enough", "\n\n"
            yield self.violation(
                start, end, message,
                Fix.replace(start, end, replacement, Applicability.SAFE, "Collapse the blank lines"),
            )


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


# Two or more blanks, or a tab, between two visible characters of one line.
INNER_RUN = regex.compile(r"(?<=\S)(?:[ \t\u00a0\u2000-\u200a\u202f\u205f]{2,}|\t)(?=\S)")
# The typewriter habit of two spaces after a sentence: a convention, not an error.
SENTENCE_END = regex.compile(r"[.!?:][\"\u201d\u2019')\]]?\Z")
COLUMN_GAP = regex.compile(r"(?<=\S)(?: {3,}|\t)(?=\S)")


class InnerWhitespace(Rule):
    code = "WS04"
    name = "whitespace.inner-run"
    summary = "A run of spaces, a tab, or a non-breaking space beside a space inside a line"
    explanation = """
        Markup whose spacing was kept leaves double spaces, tabs and a
        non-breaking space beside an ordinary one between words ("Donald\u00a0 Trump").
        They show as a gap and break exact matching. Two spaces after a sentence
        (a typing convention), indentation, and lines that look like a table
        (several wide gaps or tabs) pass. The fix leaves one space.
    """
    bad_example = "The envoy  arrived on\tSunday with Donald\u00a0 Trump.\n"
    good_example = "The envoy arrived on Sunday with Donald Trump.  Talks began at noon.\n"
    severity = Severity.INFO
    fixable = Applicability.SAFE

    def check(self, doc):
        text = doc.text
        tabular_rows = {}
        for match in INNER_RUN.finditer(text):
            run = match.group()
            start, end = match.start(), match.end()
            if run == "  " and SENTENCE_END.search(text, max(0, start - 3), start):
                continue
            if _in_table(doc, doc.position(start)[0], tabular_rows):
                continue
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


RULES = [TrailingWhitespace, BlankLines, MissingFinalNewline, InnerWhitespace]
