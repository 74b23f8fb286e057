"""Diagnostics: a rule's violation placed in a file, ready for a reporter.

``Diagnostic.to_json`` is the JSON output contract: the fields ``code``, ``name``,
``message``, ``severity``, ``filename``, ``location``, ``end_location`` and ``fix``
never change name. Extra fields may be added.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

from lint.document import Document
from lint.rule import Fix, Rule, Severity, Violation

Position = Tuple[int, int]  # 1-based row, column


@dataclass
class Diagnostic:
    code: str
    name: str
    message: str
    severity: Severity
    filename: str
    location: Position
    end_location: Position
    start: int  # character offsets into the linted text
    end: int
    fix: Optional[Fix] = None
    #: Positions of each fix edit, in the order of ``fix.edits``.
    edit_positions: Tuple[Tuple[Position, Position], ...] = ()
    source_line: str = ""  # the text of the first row, for human reports
    #: The record's number when the file is a JSON Lines corpus (1-based line).
    record: Optional[int] = None
    extra: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_violation(cls, rule: Rule, doc: Document, violation: Violation,
                       record: Optional[int] = None) -> "Diagnostic":
        size = len(doc.text)
        start = max(0, min(violation.start, size))
        end = max(start, min(violation.end, size))
        position = doc.position
        location = position(start)
        severity = violation.severity or rule.severity
        if severity.__class__ is not Severity:  # a plain string from a plugin
            severity = Severity(severity)
        fix = violation.fix
        lines = doc.lines
        return cls(
            code=rule.code,
            name=rule.name,
            message=violation.message,
            severity=severity,
            filename=doc.path,
            location=location,
            end_location=position(end) if end != start else location,
            start=start,
            end=end,
            fix=fix,
            edit_positions=tuple((position(e.start), position(e.end)) for e in fix.edits) if fix else (),
            source_line=lines[location[0] - 1].text if lines else "",
            record=record,
        )

    @property
    def sort_key(self) -> Tuple[Any, ...]:
        return (self.filename, self.record or 0, self.location, self.code, self.end_location)

    @property
    def is_failure(self) -> bool:
        """Info diagnostics are reported but never fail a run."""
        return self.severity != Severity.INFO

    def to_json(self) -> Dict[str, Any]:
        def pos(p: Position) -> Dict[str, int]:
            return {"row": p[0], "column": p[1]}

        fix = None
        if self.fix is not None:
            fix = {
                "applicability": self.fix.applicability.value,
                "message": self.fix.message,
                "edits": [
                    {"content": edit.content, "location": pos(a), "end_location": pos(b)}
                    for edit, (a, b) in zip(self.fix.edits, self.edit_positions)
                ],
            }
        data = {
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "severity": self.severity.value,
            "filename": self.filename,
            "location": pos(self.location),
            "end_location": pos(self.end_location),
            "fix": fix,
        }
        if self.record is not None:
            data["record"] = self.record
        data.update(self.extra)
        return data
