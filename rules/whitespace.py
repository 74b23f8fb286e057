"""Whitespace rules (WS): trailing spaces, runs of blank lines, the final newline."""
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


RULES = [TrailingWhitespace]
