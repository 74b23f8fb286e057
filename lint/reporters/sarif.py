"""SARIF 2.1.0, with the metadata of every rule that ran and fixes as replacements."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

from lint import __version__
from lint.reporters import Format, Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    return Path(path).as_posix()


def _region(start, end) -> Dict[str, int]:
    return {"startLine": start[0], "startColumn": start[1], "endLine": end[0], "endColumn": end[1]}


def render_sarif(report: Report) -> str:
    codes = sorted({d.code for d in report.diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        doc = report.registry.rules[code].documentation()
        rules.append({
            "id": code,
            "name": doc["name"],
            "shortDescription": {"text": doc["summary"]},
            "fullDescription": {"text": doc["explanation"] or doc["summary"]},
            "help": {"text": f"{doc['explanation']}\n\nBad:\n{doc['bad_example']}\nGood:\n{doc['good_example']}"},
            "defaultConfiguration": {"level": LEVELS[doc["severity"]]},
            "properties": {"fix": doc["fix"], "plugin": doc["plugin"]},
        })
    results = []
    for d in report.diagnostics:
        result: Dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS[d.severity.value],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(d.filename)},
                "region": _region(d.location, d.end_location),
            }}],
        }
        if d.record is not None:
            result["properties"] = {"record": d.record}
        if d.fix is not None:
            result["fixes"] = [{
                "description": {"text": f"{d.fix.message} ({d.fix.applicability.value})"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": _uri(d.filename)},
                    "replacements": [
                        {"deletedRegion": _region(a, b), "insertedContent": {"text": edit.content}}
                        for edit, (a, b) in zip(d.fix.edits, d.edit_positions)
                    ],
                }],
            }]
        results.append(result)
    notifications = [
        {"level": "error", "message": {"text": message}}
        for r in report.results for message in r.errors
    ]
    run = {
        "tool": {"driver": {
            "name": "scrapelint",
            "version": __version__,
            "informationUri": "https://pypi.org/project/scrapelint/",
            "rules": rules,
        }},
        "results": results,
        "invocations": [{
            "executionSuccessful": not notifications,
            "toolExecutionNotifications": notifications,
        }],
    }
    # Not indented: an indented dump goes through json's pure-Python encoder, several
    # times slower on the log of a large corpus (SARIF is read by tools).
    return json.dumps({"version": "2.1.0", "$schema": SCHEMA, "runs": [run]}, ensure_ascii=False) + "\n"


class SarifFormat(Format):
    """SARIF is one JSON document: written at the end."""

    keeps_results = True

    def end(self, report: Report) -> str:
        return render_sarif(report)
