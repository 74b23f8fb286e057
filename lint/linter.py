"""Running rules on one document, and the fix loop."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Tuple

from lint.diagnostic import Diagnostic
from lint.document import Document
from lint.rule import Applicability, Edit, Rule

MAX_FIX_PASSES = 10


@dataclass
class RuleFailure:
    """A rule that raised on a document: reported, and the rest still run."""

    code: str
    plugin: str
    error: str

    def message(self, path: str) -> str:
        return f"{path}: rule {self.code} (plugin {self.plugin!r}) failed and was skipped: {self.error}"


@dataclass
class LintResult:
    diagnostics: List[Diagnostic]
    failures: List[RuleFailure] = field(default_factory=list)


def lint_text(text: str, rules: Sequence[Rule], path: str = "-", record: Optional[int] = None) -> LintResult:
    doc = Document(text, path)
    diagnostics: List[Diagnostic] = []
    failures: List[RuleFailure] = []
    for rule in rules:
        try:
            for violation in rule.check(doc):
                diagnostics.append(Diagnostic.from_violation(rule, doc, violation, record))
        except Exception as exc:  # a broken rule must not stop the others
            failures.append(RuleFailure(rule.code, getattr(rule, "plugin_name", "?"),
                                        f"{type(exc).__name__}: {exc}"))
    diagnostics.sort(key=lambda d: d.sort_key)
    return LintResult(diagnostics, failures)


def fix_applies(applicability: Applicability, unsafe: bool) -> bool:
    return applicability == Applicability.SAFE or (unsafe and applicability == Applicability.UNSAFE)


def apply_edits(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool) -> Tuple[str, int]:
    """Apply the fixes whose edits do not overlap an earlier accepted fix.

    Returns the new text and how many fixes were applied. A fix is taken whole or
    not at all; the ones left out are tried again on the next pass.
    """
    chosen: List[Edit] = []
    taken: List[Tuple[int, int]] = []
    applied = 0
    candidates = [d for d in diagnostics if d.fix is not None and fix_applies(d.fix.applicability, unsafe)]
    candidates.sort(key=lambda d: (min(e.start for e in d.fix.edits), d.code))
    for diag in candidates:
        spans = [(e.start, e.end) for e in diag.fix.edits]
        if any(_overlaps(span, other) for span in spans for other in taken):
            continue
        if any(_overlaps(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
            continue  # a malformed fix from a plugin: its own edits overlap
        taken.extend(spans)
        chosen.extend(diag.fix.edits)
        applied += 1
    if not chosen:
        return text, 0
    chosen.sort(key=lambda e: (e.start, e.end))
    pieces, cursor = [], 0
    for edit in chosen:
        pieces.append(text[cursor:edit.start])
        pieces.append(edit.content)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), applied


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
             record: Optional[int] = None) -> FixOutcome:
    """Apply fixes, re-lint, and repeat until nothing changes (at most
    ``MAX_FIX_PASSES`` passes). A loop that does not settle keeps the original."""
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
