"""The human formats: ``full`` (the source line with the span marked and the
suggested fix) and ``concise`` (one line a diagnostic), with a closing summary."""
from __future__ import annotations

from typing import List

from lint.diagnostic import Diagnostic
from lint.reporters import Format, Report
from lint.runner import FileResult

BOLD, RED, YELLOW, CYAN, DIM, RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[2m", "\x1b[0m"
SEVERITY_COLOR = {"error": RED, "warning": YELLOW, "info": CYAN}


def _paint(report: Report, color: str, text: str) -> str:
    return f"{color}{text}{RESET}" if report.color else text


def where(d: Diagnostic) -> str:
    record = f":{d.record}" if d.record is not None else ""
    return f"{d.filename}{record}:{d.location[0]}:{d.location[1]}"


def _marked_source(d: Diagnostic, gutter: str) -> List[str]:
    row, col = d.location
    line = d.source_line.expandtabs(1)
    end_col = d.end_location[1] if d.end_location[0] == row else len(line) + 1
    width = max(1, min(end_col, len(line) + 1) - col)
    shown = line if len(line) <= 200 else line[: max(200, col + width)] + " …"
    return [f"{gutter} |", f"{row} | {shown}", f"{gutter} | {' ' * (col - 1)}{'^' * width}"]


def _fix_lines(d: Diagnostic, gutter: str) -> List[str]:
    if d.fix is None:
        return []
    label = {"safe": "fix", "unsafe": "unsafe fix", "display": "suggestion"}[d.fix.applicability.value]
    out = [f"{gutter} = {label}: {d.fix.message}"]  # the "=" under the "|" of the source lines
    for edit in d.fix.edits:
        if edit.content:
            out.append(f"{gutter}   replace with: {edit.content!r}")
    return out


def _full_entry(report: Report, d: Diagnostic) -> List[str]:
    head = f"{_paint(report, BOLD, where(d))}: {_paint(report, SEVERITY_COLOR[d.severity.value], d.code)} {d.message}"
    gutter = " " * len(str(d.location[0]))  # as wide as the row number
    return [head + f"  [{d.name}]", *_marked_source(d, gutter), *_fix_lines(d, gutter), ""]


class FullFormat(Format):
    """Each finding with its source line marked and its fix, then the summary."""

    def file(self, report: Report, result: FileResult) -> str:
        return "".join(line + "\n" for d in result.diagnostics for line in _full_entry(report, d))

    def end(self, report: Report) -> str:
        return summary(report) + (render_fixes(report) if report.show_fixes else "")


class ConciseFormat(FullFormat):
    """One line a finding, then the summary."""

    def file(self, report: Report, result: FileResult) -> str:
        return "".join(f"{where(d)}: {d.code} {d.message}\n" for d in result.diagnostics)


def summary(report: Report) -> str:
    tally = report.tally
    files, incomplete = tally.files_checked, tally.incomplete
    lines = []
    if tally.fixed:
        verb = "Would fix" if tally.diffs else "Fixed"
        lines.append(f"{verb} {tally.fixed} finding{'s' * (tally.fixed != 1)}.")
    if tally.findings:
        text = (f"Found {tally.findings} finding{'s' * (tally.findings != 1)} "
                f"in {tally.files_with_findings} of {files} file{'s' * (files != 1)}")
        notes = []
        if tally.safe_fixable and not report.fix_mode:
            notes.append(f"{tally.safe_fixable} fixable with --fix")
        if tally.unsafe_fixable and not report.unsafe_fixes:
            notes.append(f"{tally.unsafe_fixable} more with --unsafe-fixes")
        lines.append(text + (f" ({', '.join(notes)})" if notes else "") + ".")
    elif files and not incomplete:
        lines.append(f"All checks passed ({files} file{'s' * (files != 1)}).")
    if incomplete:
        lines.append(f"{incomplete} file{'s' * (incomplete != 1)} not fully checked: a rule failed on "
                     f"{'them' if incomplete != 1 else 'it'} (see the errors above).")
    unchecked = tally.errors - tally.unwritten
    if tally.unwritten:
        lines.append(f"{tally.unwritten} file{'s' * (tally.unwritten != 1)} could not be fixed: "
                     "the fix was not written (see the errors above).")
    if unchecked:
        lines.append(f"{unchecked} file{'s' * (unchecked != 1)} could not be checked.")
    return "".join(line + "\n" for line in lines)


def statistics(report: Report) -> List[dict]:
    """Findings per rule, most frequent first."""
    tally = report.tally
    rows = sorted(tally.per_rule.items(), key=lambda item: (-item[1], item[0]))
    return [{"code": code, "name": name, "count": count,
             "fixable": tally.per_rule_safe[code] + (tally.per_rule_unsafe[code] if report.unsafe_fixes else 0)}
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
    fixed = report.tally.fixed_files
    if not fixed:
        return ""
    lines = ["Fixes applied:"] + [f"  {path}: {count} fix{'es' * (count != 1)}" for path, count in fixed]
    return "".join(line + "\n" for line in lines)
