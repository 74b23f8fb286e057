"""A third-party rule package, as a user would write one: one rule, one hook."""
import re

from lint import hookimpl
from lint.rule import Applicability, Fix, Rule

RUN = re.compile(r"!{2,}")


class ExclamationRun(Rule):
    code = "EX01"
    name = "example.exclamation-run"
    summary = "Two or more exclamation marks in a row"
    explanation = "Newsrooms use one exclamation mark at most; the fix keeps one."
    bad_example = "What a day!!!\n"
    good_example = "What a day!\n"
    fixable = Applicability.SAFE

    def check(self, doc):
        for match in RUN.finditer(doc.text):
            yield self.violation(match.start(), match.end(), "Run of exclamation marks",
                                 Fix.replace(match.start(), match.end(), "!", Applicability.SAFE, "Keep one"))


@hookimpl
def scrapelint_rules():
    return [ExclamationRun]
