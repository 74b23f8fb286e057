"""Duplication rules (DU): paragraphs, lines and words repeated in one article."""
from __future__ import annotations

import regex

from lint.rule import Applicability, Fix, Option, Rule, Severity

NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")


def normalise(text: str) -> str:
    """Case, whitespace and punctuation folded away: what makes two lines 'the same'."""
    return NON_WORD.sub(" ", text.casefold()).strip()


def _positive_int(value):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("must be a positive integer")
    return value


class RepeatedLine(Rule):
    code = "DU01"
    name = "duplication.repeated-paragraph"
    summary = "A paragraph or line repeated exactly later in the article"
    explanation = """
        Scraped pages repeat headlines, captions and teasers: the page shows the
        headline above the article, in a share box and in a related-story list. Two
        lines count as the same after folding case, whitespace and punctuation. The
        first copy is kept; the fix deletes each later copy.
    """
    bad_example = "Talks resume in Pyongyang\n\nTalks resume in Pyongyang\n\nThe envoy arrived on Sunday.\n"
    good_example = "Talks resume in Pyongyang\n\nThe envoy arrived on Sunday.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE
    options = {
        "min-words": Option(3, "Shorter lines are left to the chrome rules", _positive_int),
    }

    def check(self, doc):
        first_seen = {}
        min_words = self.settings["min-words"]
        for line in doc.lines:
            key = normalise(line.text)
            if not key or key.count(" ") + 1 < min_words:
                continue
            if key not in first_seen:
                first_seen[key] = line.row
                continue
            start, end = doc.line_removal_span(line)
            yield self.violation(
                line.start, line.end,
                f"Repeats line {first_seen[key]}",
                Fix.delete(start, end, Applicability.SAFE, "Delete the repeated copy"),
            )


RULES = [RepeatedLine]
