"""``json`` (an array) and ``json-lines`` (one object a line): the output contract
of lint.diagnostic.Diagnostic.to_json."""
from __future__ import annotations

import json

from lint.reporters import Report


def render_json(report: Report) -> str:
    """The array with one finding a line: readable, and written by json's C encoder
    (an indented dump goes through its pure-Python encoder, several times slower
    on the report of a large corpus)."""
    if not report.diagnostics:
        return "[]\n"
    items = ",\n  ".join(json.dumps(d.to_json(), ensure_ascii=False) for d in report.diagnostics)
    return f"[\n  {items}\n]\n"


def render_json_lines(report: Report) -> str:
    return "".join(json.dumps(d.to_json(), ensure_ascii=False) + "\n" for d in report.diagnostics)
