"""GitHub Actions workflow commands: one annotation per diagnostic."""
from __future__ import annotations

from lint.reporters import Format, Report
from lint.runner import FileResult

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormat(Format):
    """An annotation per finding, and an error per file that was not checked whole."""

    def file(self, report: Report, result: FileResult) -> str:
        out = []
        for d in result.diagnostics:
            title = f"{d.code} {d.name}"
            where = (f"file={_escape_property(d.filename)},line={d.location[0]},col={d.location[1]},"
                     f"endLine={d.end_location[0]},endColumn={d.end_location[1]},title={_escape_property(title)}")
            record = f" (record {d.record})" if d.record is not None else ""
            out.append(f"::{LEVELS[d.severity.value]} {where}::{_escape_data(d.code + ' ' + d.message + record)}\n")
        for message in result.errors:
            out.append(f"::error file={_escape_property(result.path)}::{_escape_data(message)}\n")
        return "".join(out)
