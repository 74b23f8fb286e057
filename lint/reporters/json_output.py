"""``json`` (an array) and ``json-lines`` (one object a line): the output contract
of lint.diagnostic.Diagnostic.to_json."""
from __future__ import annotations

import json

from lint.reporters import Report


def render_json(report: Report) -> str:
    return json.dumps([d.to_json() for d in report.diagnostics], ensure_ascii=False, indent=2) + "\n"


def render_json_lines(report: Report) -> str:
    return "".join(json.dumps(d.to_json(), ensure_ascii=False) + "\n" for d in report.diagnostics)
