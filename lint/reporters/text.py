"""The human formats: ``full`` (the source line with the span marked and the
suggested fix) and ``concise`` (one line a diagnostic), with a closing summary."""
from __future__ import annotations

from collections import Counter
from typing import List

from lint.diagnostic import Diagnostic
from lint.linter import fix_applies
from lint.reporters import Report
from lint.rule import Applicability

BOLD, RED, YELLOW, CYAN, DIM, RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[2m", "\x1b[0m"
SEVERITY_COLOR = {"error": RED, "warning": YELLOW, "info": CYAN}


def _paint(report: Report, color: str, text: str) -> str:
    return f"{color}{text}{RESET}" if report.color else text


def where(d: Diagnostic) -> str:
    record = f":{d.record}" if d.record is not None else ""
    return f"{d.filename}{record}:{d.location[0]}:{d.location[1]}"


def _marked_source(d: Diagnostic) -> List[str]:
    row, col = d.location
    line = d.source_line.expandtabs(1)
    end_col = d.end_location[1] if d.end_location[0] == row else len(line) + 1
    width = max(1, min(end_col, len(line) + 1) - col)
    gutter = " " * len(str(row))
    shown = line if len(line) <= 200 else line[: max(200, col + width)] + " …"
    return [f"{gutter} |", f"{row} | {shown}", f"{gutter} | {' ' * (col - 1)}{'^' * width}"]


def _fix_lines(d: Diagnostic) -> List[str]:
    if d.fix is None:
        return []
    label = {"safe": "fix", "unsafe": "unsafe fix", "display": "suggestion"}[d.fix.applicability.value]
    out = [f"  = {label}: {d.fix.message}"]
    for edit in d.fix.edits:
        if edit.content:
            out.append(f"    replace with: {edit.content!r}")
    return out


def render_full(report: Report) -> str:
    out = []
    for d in report.diagnostics:
        head = f"{_paint(report, BOLD, where(d))}: {_paint(report, SEVERITY_COLOR[d.severity.value], d.code)} {d.message}"
        out.append(head + f"  [{d.name}]")
        out.extend(_marked_source(d))
        out.extend(_fix_lines(d))
        out.append("")
    return "\n".join(out) + ("\n" if out else "") + summary(report)


def render_concise(report: Report) -> str:
    lines = [f"{where(d)}: {d.code} {d.message}" for d in report.diagnostics]
    return "".join(line + "\n" for line in lines) + summary(report)


def summary(report: Report) -> str:
    diagnostics = report.diagnostics
    files = sum(1 for r in report.results if r.error is None and r.warning is None)
    with_findings = len({d.filename for d in diagnostics})
    fixed = sum(r.fixed for r in report.results)
    incomplete = sum(1 for r in report.results if r.incomplete and r.error is None)
    lines = []
    if fixed:
        verb = "Would fix" if any(r.diff for r in report.results) else "Fixed"
        lines.append(f"{verb} {fixed} finding{'s' * (fixed != 1)}.")
    if diagnostics:
        safe = sum(1 for d in diagnostics if d.fix and fix_applies(d.fix.applicability, False))
        unsafe = sum(1 for d in diagnostics if d.fix and d.fix.applicability == Applicability.UNSAFE)
        text = (f"Found {len(diagnostics)} finding{'s' * (len(diagnostics) != 1)} "
                f"in {with_findings} of {files} file{'s' * (files != 1)}")
        notes = []
        if safe and not report.fix_mode:
            notes.append(f"{safe} fixable with --fix")
        if unsafe and not report.unsafe_fixes:
            notes.append(f"{unsafe} more with --unsafe-fixes")
        lines.append(text + (f" ({', '.join(notes)})" if notes else "") + ".")
    elif files and not incomplete:
        lines.append(f"All checks passed ({files} file{'s' * (files != 1)}).")
    if incomplete:
        lines.append(f"{incomplete} file{'s' * (incomplete != 1)} not fully checked: a rule failed on "
                     f"{'them' if incomplete != 1 else 'it'} (see the errors above).")
    errors = sum(1 for r in report.results if r.error)
    if errors:
        lines.append(f"{errors} file{'s' * (errors != 1)} could not be checked.")
    return "".join(line + "\n" for line in lines)


def statistics(report: Report) -> List[dict]:
    """Findings per rule, most frequent first."""
    counts = Counter((d.code, d.name) for d in report.diagnostics)
    fixable = Counter(d.code for d in report.diagnostics
                      if d.fix and fix_applies(d.fix.applicability, report.unsafe_fixes))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"code": code, "name": name, "count": count, "fixable": fixable[code]}
            for (code, name), count in rows]


def render_statistics(report: Report) -> str:
    rows = statistics(report)
    width = max((len(str(row["count"])) for row in rows), default=1)
    out = []
    for row in rows:
        mark = "[*]" if row["fixable"] == row["count"] else "[-]" if row["fixable"] else "   "
        out.append(f"{row['count']:>{width}}  {row['code']}  {mark} {row['name']}")
    return "".join(line + "\n" for line in out)


def render_fixes(report: Report) -> str:
    fixed = [r for r in report.results if r.fixed]
    if not fixed:
        return ""
    lines = ["Fixes applied:"] + [f"  {r.path}: {r.fixed} fix{'es' * (r.fixed != 1)}" for r in fixed]
    return "".join(line + "\n" for line in lines)
