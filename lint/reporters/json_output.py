"""``json`` (an array) and ``json-lines`` (one object a line): the output contract
of lint.diagnostic.Diagnostic.to_json."""
from __future__ import annotations

import json

from lint.reporters import Format, Report
from lint.runner import FileResult


def _dumps(result: FileResult):
    # One object a line, written by json's C encoder (an indented dump goes through
    # its pure-Python encoder, several times slower on the report of a corpus).
    return (json.dumps(d.to_json(), ensure_ascii=False) for d in result.diagnostics)


class JsonFormat(Format):
    """The array, one finding a line, written as the files are checked."""

    def __init__(self) -> None:
        self.opened = False

    def file(self, report: Report, result: FileResult) -> str:
        items = ",\n  ".join(_dumps(result))
        if not items:
            return ""
        separator = ",\n  " if self.opened else "[\n  "
        self.opened = True
        return separator + items

    def end(self, report: Report) -> str:
        return "\n]\n" if self.opened else "[]\n"


class JsonLinesFormat(Format):
    def file(self, report: Report, result: FileResult) -> str:
        return "".join(line + "\n" for line in _dumps(result))
