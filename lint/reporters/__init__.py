"""Output formats. Each turns the results of a run into text, file by file.

A format writes a part for each file as the run goes, then an end (a summary,
a closing bracket), so that a run over a large corpus keeps no finding in
memory: the totals that the summary, the statistics and the exit code need are
counted in a :class:`Tally`. A format that needs the whole run at once (SARIF,
JUnit) keeps the results and writes everything at the end.

``FORMATS`` maps a format name to ``(module, class)``; modules are imported
only when their format is asked for, to keep start-up short.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module
from typing import List, Tuple

from lint.diagnostic import Diagnostic
from lint.plugins import Registry
from lint.rule import Applicability
from lint.runner import FileResult

FORMATS = {
    "full": ("lint.reporters.text", "FullFormat"),
    "concise": ("lint.reporters.text", "ConciseFormat"),
    "json": ("lint.reporters.json_output", "JsonFormat"),
    "json-lines": ("lint.reporters.json_output", "JsonLinesFormat"),
    "github": ("lint.reporters.github", "GithubFormat"),
    "sarif": ("lint.reporters.sarif", "SarifFormat"),
    "junit": ("lint.reporters.junit", "JunitFormat"),
}
HUMAN_FORMATS = ("full", "concise")


@dataclass
class Tally:
    """The running totals of a run, counted file by file."""

    files_checked: int = 0  # read and linted (not skipped, not failed)
    unwritten: int = 0  # checked, but the fix could not be written (counted in errors too)
    files_with_findings: int = 0
    findings: int = 0
    failing: int = 0  # findings above info level: they fail the run
    safe_fixable: int = 0
    unsafe_fixable: int = 0
    fixed: int = 0  # fixes applied (or, with --diff, that would be)
    #: The files fixed and how many fixes each, listed only when asked
    #: (--show-fixes): a corpus run would otherwise hold a line per file.
    list_fixed_files: bool = False
    fixed_files: List[Tuple[str, int]] = field(default_factory=list)
    diffs: int = 0  # files with a diff to show
    errors: int = 0  # files that could not be read, checked or written
    incomplete: int = 0  # files checked without every rule (a rule raised)
    per_rule: Counter = field(default_factory=Counter)  # (code, name) -> findings
    per_rule_safe: Counter = field(default_factory=Counter)  # code -> findings with a safe fix
    per_rule_unsafe: Counter = field(default_factory=Counter)  # code -> findings with an unsafe fix

    def add(self, result: FileResult) -> None:
        if (result.error is None or result.unwritten) and result.warning is None:
            self.files_checked += 1
        self.errors += result.error is not None
        self.unwritten += result.unwritten
        self.incomplete += result.incomplete and result.error is None
        if result.fixed:
            self.fixed += result.fixed
            if self.list_fixed_files:
                self.fixed_files.append((result.path, result.fixed))
        self.diffs += bool(result.diff)
        diagnostics = result.diagnostics
        if not diagnostics:
            return
        self.files_with_findings += 1  # (a file's findings all carry its name)
        self.findings += len(diagnostics)
        for d in diagnostics:
            self.failing += d.is_failure
            self.per_rule[d.code, d.name] += 1
            if d.fix is not None:
                if d.fix.applicability == Applicability.SAFE:
                    self.safe_fixable += 1
                    self.per_rule_safe[d.code] += 1
                elif d.fix.applicability == Applicability.UNSAFE:
                    self.unsafe_fixable += 1
                    self.per_rule_unsafe[d.code] += 1


@dataclass
class Report:
    """What a format needs: the run's settings, its totals, and (for a format that
    writes everything at the end) its results."""

    registry: Registry
    show_fixes: bool = False  # list the fixes applied or available
    fix_mode: bool = False  # --fix was given
    unsafe_fixes: bool = False
    color: bool = False
    tally: Tally = field(default_factory=Tally)
    results: List[FileResult] = field(default_factory=list)  # kept only when the format asks

    def __post_init__(self) -> None:
        self.tally.list_fixed_files = self.show_fixes

    @property
    def diagnostics(self) -> List[Diagnostic]:
        return [d for result in self.results for d in result.diagnostics]


class Format:
    """An output format: ``start`` once, ``file`` for each file's result in order,
    ``end`` once; each returns the text to write."""

    #: The format writes everything at the end, from ``Report.results``.
    keeps_results = False

    def start(self, report: Report) -> str:
        return ""

    def file(self, report: Report, result: FileResult) -> str:
        return ""

    def end(self, report: Report) -> str:
        return ""


def output_format(name: str) -> Format:
    module_name, class_name = FORMATS[name]
    return getattr(import_module(module_name), class_name)()
