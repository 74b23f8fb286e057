"""Running rules on one document, the fix loop, and the per-document time budget.

A document's linting (all its fix passes included) runs under a time budget.
Where the platform allows it (the main thread of a process on a system with
``SIGALRM``) a timer interrupts a rule that runs past it, even inside a regular
expression match; everywhere the budget is also checked between rules and at
each violation a rule yields. A rule that runs a pattern the user configured
should pass :func:`time_left` as the ``timeout`` of the ``regex`` module's
functions. An overrun raises :class:`BudgetExceeded`; the runner reports it as
an error for that document and goes on with the others.
"""
from __future__ import annotations

import gc
import signal
import threading
import time
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

from lint.diagnostic import Diagnostic
from lint.document import Document
from lint.rule import Applicability, Edit, Rule

MAX_FIX_PASSES = 10
DEFAULT_TIME_BUDGET = 10.0  # seconds per document; None or 0 for no limit
ALARM_REPEAT = 0.05  # seconds between alarms once the budget is spent


class BudgetExceeded(BaseException):
    """A document took longer than its time budget. A BaseException, so that a
    rule's own ``except Exception`` cannot swallow it."""

    def __init__(self, budget: float, code: Optional[str] = None, plugin: Optional[str] = None) -> None:
        super().__init__(budget, code, plugin)
        self.budget = budget
        self.code = code
        self.plugin = plugin

    def __str__(self) -> str:
        running = f" (rule {self.code} of plugin {self.plugin!r} was running)" if self.code else ""
        return f"gave up after the time budget of {self.budget:g} s per document{running}; see --time-budget"


class _Budget:
    """The budget of the document being linted in this process, if any."""

    deadline: Optional[float] = None
    seconds: float = 0.0
    rule: Optional[Rule] = None  # the rule running now, to name it on an overrun

    def exceeded(self) -> BudgetExceeded:
        rule = self.rule
        return BudgetExceeded(self.seconds, getattr(rule, "code", None), getattr(rule, "plugin_name", "?"))


_budget = _Budget()


def time_left() -> Optional[float]:
    """Seconds left of the current document's time budget, or None when there is
    no budget. Pass it as ``timeout`` when running a user-supplied pattern."""
    if _budget.deadline is None:
        return None
    return max(0.0, _budget.deadline - time.monotonic())


def _check_budget() -> None:
    if _budget.deadline is not None and time.monotonic() >= _budget.deadline:
        raise _budget.exceeded()


def _on_alarm(signum, frame) -> None:
    # Only a rule is interrupted (the engine's own book-keeping never is); the timer
    # repeats after the deadline until a rule is running to be stopped.
    if _budget.deadline is not None and _budget.rule is not None:
        raise _budget.exceeded()


def _can_use_alarm() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)  # not when another timer is running


@contextmanager
def time_budget(seconds: Optional[float]) -> Iterator[None]:
    """Run the block under a budget of ``seconds`` (None or 0: no limit). Inside a
    block that already has a budget (the passes of a fix loop) it adds nothing."""
    if not seconds or _budget.deadline is not None:
        yield
        return
    alarm = _can_use_alarm()
    previous = signal.signal(signal.SIGALRM, _on_alarm) if alarm else None
    _budget.seconds = seconds
    _budget.deadline = time.monotonic() + seconds
    try:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT)
        yield
    finally:
        _budget.rule = None  # first: from here on the alarm raises nothing
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _budget.deadline = None


@dataclass
class RuleFailure:
    """A rule that raised on a document (its findings there are dropped, the other
    rules still run), or that gave a malformed fix (the fix is dropped, the
    finding kept)."""

    code: str
    plugin: str
    error: str
    #: The rule raised, so the document was not fully checked; otherwise only a
    #: malformed fix of a kept finding was dropped.
    raised: bool = True

    def message(self, path: str) -> str:
        if not self.raised:
            return f"{path}: rule {self.code} (plugin {self.plugin!r}) {self.error}; the finding is kept"
        return f"{path}: rule {self.code} (plugin {self.plugin!r}) failed and was skipped: {self.error}"


@dataclass
class LintResult:
    diagnostics: List[Diagnostic]
    failures: List[RuleFailure] = field(default_factory=list)


def lint_text(text: str, rules: Sequence[Rule], path: str = "-", record: Optional[int] = None,
              budget: Optional[float] = None) -> LintResult:
    """Run ``rules`` on ``text``. Raises :class:`BudgetExceeded` when ``budget``
    seconds (or the budget of an enclosing :func:`time_budget`) run out."""
    with time_budget(budget), _no_cycle_collection():
        doc = Document(text, path)
        try:
            return _run_rules(doc, rules, record)
        finally:
            # The rules' memo often refers back to the document (an index that keeps
            # its document): dropped here, the document is freed at once instead of
            # waiting, with all its lines, for the cycle collector.
            doc.cache.clear()


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while one document is linted. What a document
    makes is freed by reference counting once it is done (see above); meanwhile
    each pass of the collector walks every object still alive, and on a document
    of a million lines those passes took more time than the rules (1.5-2 times
    the linting, growing faster than the text). Garbage cycles a plugin leaves
    are collected after the document."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _run_rules(doc: Document, rules: Sequence[Rule], record: Optional[int]) -> LintResult:
    text = doc.text
    diagnostics: List[Diagnostic] = []
    failures: List[RuleFailure] = []
    deadline = _budget.deadline  # None: no budget, and no clock to read
    clock = time.monotonic
    for rule in rules:
        if deadline is not None and clock() >= deadline:
            raise _budget.exceeded()
        _budget.rule = rule
        found: List[Diagnostic] = []
        try:
            for violation in rule.check(doc):
                if deadline is not None and clock() >= deadline:
                    raise _budget.exceeded()
                diagnostic = Diagnostic.from_violation(rule, doc, violation, record)
                problem = _fix_problem(diagnostic, len(text))
                if problem:  # keep the finding, drop the fix that would damage the text
                    failures.append(RuleFailure(rule.code, getattr(rule, "plugin_name", "?"), problem,
                                                raised=False))
                    diagnostic.fix, diagnostic.edit_positions = None, ()
                found.append(diagnostic)
        except (Exception, SystemExit) as exc:  # a broken rule must not stop the others
            _check_budget()  # a regex timeout, or any error once the time is up, is an overrun
            failures.append(RuleFailure(rule.code, getattr(rule, "plugin_name", "?"),
                                        f"{type(exc).__name__}: {exc}"))
            continue  # its findings on this document are dropped with it
        finally:
            _budget.rule = None
        diagnostics.extend(found)
    diagnostics.sort(key=lambda d: d.sort_key)
    return LintResult(diagnostics, failures)


def _fix_problem(diagnostic: Diagnostic, length: int) -> Optional[str]:
    """Why a rule's fix cannot be applied to a text of ``length`` characters, if it cannot."""
    fix = diagnostic.fix
    if fix is None:
        return None
    if not fix.edits:
        return "gave a fix with no edits; the fix was dropped"
    for edit in fix.edits:
        if not (isinstance(edit.start, int) and isinstance(edit.end, int) and isinstance(edit.content, str)):
            return f"gave a malformed edit {edit!r}; the fix was dropped"
        if not 0 <= edit.start <= edit.end <= length:
            return f"gave an edit {edit.start}..{edit.end} outside the text (0..{length}); the fix was dropped"
    return None


def fix_applies(applicability: Applicability, unsafe: bool) -> bool:
    return applicability == Applicability.SAFE or (unsafe and applicability == Applicability.UNSAFE)


def apply_edits(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool) -> Tuple[str, int]:
    """Apply the fixes whose edits do not overlap an earlier accepted fix.

    Returns the new text and how many fixes were applied. A fix is taken whole or
    not at all; the ones left out are tried again on the next pass.
    """
    chosen: List[Edit] = []
    taken = _Spans()
    applied = 0
    candidates = [d for d in diagnostics if d.fix is not None and d.fix.edits
                  and fix_applies(d.fix.applicability, unsafe)]
    candidates.sort(key=lambda d: (min(e.start for e in d.fix.edits), d.code))
    for diag in candidates:
        spans = sorted((e.start, e.end) for e in diag.fix.edits)
        if any(not 0 <= a <= b <= len(text) for a, b in spans):
            continue  # a malformed fix: an edit outside the text, or backwards
        if any(taken.conflicts(span) for span in spans):
            continue
        if _self_overlapping(spans):
            continue  # a malformed fix from a plugin: its own edits overlap
        for span in spans:
            taken.add(span)
        chosen.extend(diag.fix.edits)
        applied += 1
    if not chosen:
        return text, 0
    return splice(text, chosen), applied


def splice(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with each of ``edits`` (which must not overlap) applied."""
    pieces, cursor = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[cursor:edit.start])
        pieces.append(edit.content)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


class _Spans:
    """The disjoint spans of the fixes taken so far, kept in order, so that a new
    span is checked against its two neighbours only (a fix per character must not
    make a pass quadratic)."""

    def __init__(self) -> None:
        self.starts: List[int] = []
        self.spans: List[Tuple[int, int]] = []

    def conflicts(self, span: Tuple[int, int]) -> bool:
        # The taken spans are disjoint, so their starts are distinct and their ends
        # in the same order: a span that overlaps any overlaps the one just before
        # its start, or the first one from its start on.
        i = bisect_left(self.starts, span[0])
        return any(_overlaps(span, self.spans[j]) for j in (i - 1, i) if 0 <= j < len(self.spans))

    def add(self, span: Tuple[int, int]) -> None:
        i = bisect_left(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.spans.insert(i, span)


def _self_overlapping(spans: List[Tuple[int, int]]) -> bool:
    """Whether sorted ``spans`` overlap one another."""
    widest = None
    for span in spans:
        if widest is not None and _overlaps(span, widest):
            return True
        if widest is None or span[1] >= widest[1]:
            widest = span
    return False


def _overlaps(a: Tuple[int, int], b: Tuple[int, int]) -> bool:
    # Two insertions at one point, or an insertion inside a replaced span, conflict too.
    if a[0] == a[1] or b[0] == b[1]:
        return b[0] <= a[0] <= b[1] or a[0] <= b[0] <= a[1]
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class FixOutcome:
    text: str  # the fixed text, or the original when the loop did not settle
    fixed_count: int
    result: LintResult  # the diagnostics that remain in ``text``
    settled: bool = True


def fix_text(text: str, rules: Sequence[Rule], path: str = "-", unsafe: bool = False,
             record: Optional[int] = None, budget: Optional[float] = None) -> FixOutcome:
    """Apply fixes, re-lint, and repeat until nothing changes (at most
    ``MAX_FIX_PASSES`` passes). A loop that does not settle keeps the original.
    ``budget`` covers all the passes together."""
    with time_budget(budget):
        return _fix_loop(text, rules, path, unsafe, record)


def _fix_loop(text: str, rules: Sequence[Rule], path: str, unsafe: bool, record: Optional[int]) -> FixOutcome:
    original = text
    total = 0
    result = lint_text(text, rules, path, record)
    for _ in range(MAX_FIX_PASSES):
        new_text, applied = apply_edits(text, result.diagnostics, unsafe)
        if not applied or new_text == text:
            return FixOutcome(text, total, result)
        text = new_text
        total += applied
        result = lint_text(text, rules, path, record)
    if not any(d.fix and fix_applies(d.fix.applicability, unsafe) for d in result.diagnostics):
        return FixOutcome(text, total, result)
    return FixOutcome(original, 0, lint_text(original, rules, path, record), settled=False)
