"""Running the linter over files: reading, linting, fixing, writing; in one
process or a pool of them, with results always in the order of the inputs."""
from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from lint.config import Settings, build_rules, ignored_for_file
from lint.diagnostic import Diagnostic
from lint.linter import BudgetExceeded, FixOutcome, RuleFailure, fix_text, lint_text
from lint.plugins import Registry, load_registry
from lint.rule import Rule
from lint.source import Source, SourceError, decode, read_source, write_atomically

JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class RunOptions:
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False  # compute fixes and show them; write nothing


@dataclass
class FileResult:
    path: str
    diagnostics: List[Diagnostic] = field(default_factory=list)
    error: Optional[str] = None  # the file could not be processed (exit code 2)
    warning: Optional[str] = None  # the file was skipped on purpose (over the size limit)
    fixed: int = 0  # fixes applied (or, with --diff, that would be applied)
    diff: str = ""
    fixed_text: Optional[str] = None  # the text after fixes, for standard input only (printed)
    notes: List[str] = field(default_factory=list)  # warnings: dropped fixes, unsettled fix loops
    #: Rules that raised on a document of the file, which was then not fully
    #: checked: reported as errors (exit code 2), the other findings still shown.
    rule_errors: List[str] = field(default_factory=list)
    #: The file was checked (its findings are those of the text as read), but its
    #: fix could not be written: ``error`` says why.
    unwritten: bool = False

    @property
    def incomplete(self) -> bool:
        return bool(self.rule_errors)

    @property
    def errors(self) -> List[str]:
        """Every error of the file, for the reports: its own, then its rules'."""
        return ([self.error] if self.error else []) + self.rule_errors

    def take_failures(self, failures: Sequence[RuleFailure], where: str) -> None:
        for failure in failures:
            (self.rule_errors if failure.raised else self.notes).append(failure.message(where))


class Linter:
    """The rules of one run, built once per process, applied file by file."""

    def __init__(self, settings: Settings, codes: Sequence[str], registry: Optional[Registry] = None) -> None:
        self.settings = settings
        self.registry = registry or load_registry()
        self.rules = build_rules(settings, self.registry, set(codes))
        self._rules_by_ignored: Dict[frozenset, List[Rule]] = {}

    def rules_for(self, path: str) -> List[Rule]:
        ignored = frozenset(ignored_for_file(self.settings, self.registry, path))
        if not ignored:
            return self.rules
        if ignored not in self._rules_by_ignored:
            self._rules_by_ignored[ignored] = [r for r in self.rules if r.code not in ignored]
        return self._rules_by_ignored[ignored]

    def process_path(self, path: str, options: RunOptions) -> FileResult:
        try:
            source = read_source(path, self.settings.max_file_size)
        except SourceError as exc:
            if exc.skipped:
                return FileResult(path, warning=str(exc))
            return FileResult(path, error=str(exc))
        if path.endswith(JSONL_SUFFIXES):
            return self._process_records(source, options)
        return self.process_source(source, options, write=True)

    def process_source(self, source: Source, options: RunOptions, write: bool) -> FileResult:
        rules = self.rules_for(source.path)
        result = FileResult(source.path)
        budget = self.settings.time_budget
        try:
            if not (options.fix or options.diff):
                lint = lint_text(source.text, rules, source.path, budget=budget)
                result.diagnostics = lint.diagnostics
                result.take_failures(lint.failures, source.path)
                return result
            outcome = fix_text(source.text, rules, source.path, unsafe=options.unsafe_fixes, budget=budget)
        except BudgetExceeded as exc:  # nothing of this document is reported, nor written
            result.error = f"{source.path}: {exc}"
            return result
        self._take_outcome(result, outcome, source.path)
        if not write:  # standard input: the fixed text is printed. A file's is written, not
            result.fixed_text = outcome.text  # kept: a corpus run would hold every text
        if outcome.text != source.text:
            if options.diff:
                result.diff = unified_diff(source.path, source.text, outcome.text)
            elif write:
                try:
                    write_atomically(source, outcome.text)
                except SourceError as exc:
                    result.error, result.unwritten = str(exc), True
                    self._report_unfixed(result, source, rules)
        return result

    def _report_unfixed(self, result: FileResult, source: Source, rules: List[Rule]) -> None:
        """The fix could not be written: report the findings of the text as it was read."""
        result.fixed, result.fixed_text, result.notes, result.rule_errors = 0, None, [], []
        try:
            lint = lint_text(source.text, rules, source.path, budget=self.settings.time_budget)
        except BudgetExceeded:
            result.diagnostics = []
            return
        result.diagnostics = lint.diagnostics
        result.take_failures(lint.failures, source.path)

    @staticmethod
    def _take_outcome(result: FileResult, outcome: FixOutcome, path: str) -> None:
        result.diagnostics.extend(outcome.result.diagnostics)
        result.take_failures(outcome.result.failures, path)
        result.fixed += outcome.fixed_count
        if not outcome.settled:
            result.notes.append(f"{path}: fixes did not settle after repeated passes; the text was left as it was")

    def _process_records(self, source: Source, options: RunOptions) -> FileResult:
        """A JSON Lines corpus: each record's text field is one document. Fixes
        rewrite only the records that changed; other lines stay byte for byte."""
        result = FileResult(source.path)
        rules = self.rules_for(source.path)
        field_name = self.settings.text_field
        lines = source.text.split("\n")
        changed = False
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                result.error = f"{source.path}:{number}: not a JSON record: {exc}"
                return result
            text = record.get(field_name) if isinstance(record, dict) else None
            if not isinstance(text, str):
                result.error = f"{source.path}:{number}: the record has no string field {field_name!r} (see text-field)"
                return result
            surrogate = _lone_surrogate(text)
            if surrogate is not None:  # JSON escapes can spell text that is not Unicode
                result.error = (f"{source.path}:{number}: the record's text has a lone surrogate "
                                f"U+{ord(text[surrogate]):04X} at character {surrogate}, which is not text")
                return result
            try:
                if options.fix or options.diff:
                    outcome = fix_text(text, rules, source.path, unsafe=options.unsafe_fixes, record=number,
                                       budget=self.settings.time_budget)
                    self._take_outcome(result, outcome, f"{source.path}:{number}")
                    if outcome.text != text:
                        record[field_name] = outcome.text
                        new_line = json.dumps(record, ensure_ascii=False)
                        if _lone_surrogate(new_line) is not None:  # another field spells one: keep it escaped
                            new_line = json.dumps(record)
                        lines[number - 1] = new_line
                        changed = True
                else:
                    lint = lint_text(text, rules, source.path, record=number, budget=self.settings.time_budget)
                    result.diagnostics.extend(lint.diagnostics)
                    result.take_failures(lint.failures, f"{source.path}:{number}")
            except BudgetExceeded as exc:  # this record is reported and left as it is; the others go on
                message = f"{source.path}:{number}: {exc}"
                if result.error is None:
                    result.error = message
                else:
                    result.notes.append(message)
        if changed:
            new_text = "\n".join(lines)
            if options.diff:
                result.diff = unified_diff(source.path, source.text, new_text)
            else:
                try:
                    write_atomically(source, new_text)
                except SourceError as exc:  # the findings of the records as they were read
                    unfixed = self._process_records(source, RunOptions())
                    unfixed.error, unfixed.unwritten = str(exc), True
                    return unfixed
        return result


def _lone_surrogate(text: str) -> Optional[int]:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def unified_diff(path: str, old: str, new: str) -> str:
    name = path.lstrip("/")
    lines = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=f"a/{name}", tofile=f"b/{name}"):
        # As git and patch expect it: a line without its newline is marked so.
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def lint_stdin(linter: Linter, data: bytes, filename: str, options: RunOptions) -> FileResult:
    limit = linter.settings.max_file_size
    if limit is not None and len(data) > limit:
        return FileResult(filename, warning=f"{filename}: {len(data)} bytes is over the size limit of {limit} "
                                            "(see --max-file-size); skipped")
    try:
        source = decode(data, filename)
    except SourceError as exc:
        return FileResult(filename, error=str(exc))
    result = linter.process_source(source, options, write=False)
    if result.fixed_text is not None:  # given back in the input's own encoding and line ends
        result.fixed_text = source.encode(result.fixed_text).decode("utf-8")
    return result


# --- running over many files -------------------------------------------------
_worker: Optional[Tuple[Linter, RunOptions]] = None


def _init_worker(settings: Settings, codes: Sequence[str], options: RunOptions) -> None:
    global _worker
    _worker = (Linter(settings, codes), options)


def _work(path: str) -> FileResult:
    linter, options = _worker
    return linter.process_path(path, options)


def run_files(linter: Linter, paths: Sequence[str], options: RunOptions, jobs: int = 1) -> Iterator[FileResult]:
    """Results for ``paths`` in their order. With ``jobs`` > 1 the files are shared
    out over a process pool; each worker builds its own rules once."""
    if jobs <= 1 or len(paths) < 2:
        for path in paths:
            yield linter.process_path(path, options)
        return
    from concurrent.futures import ProcessPoolExecutor  # only a parallel run pays for it

    jobs = min(jobs, len(paths))
    chunksize = max(1, min(64, len(paths) // (jobs * 8)))
    codes = [rule.code for rule in linter.rules]
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                               initargs=(linter.settings, codes, options))
    try:
        yield from pool.map(_work, paths, chunksize=chunksize)
    finally:
        # A reader that stops early (a closed pipe, an interrupt) does not wait for
        # the files not yet started.
        pool.shutdown(wait=True, cancel_futures=True)


def default_jobs() -> int:
    return os.cpu_count() or 1
