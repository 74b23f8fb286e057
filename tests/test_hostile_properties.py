"""Property-based tests over generated article-like text and arbitrary Unicode,
with every installed rule (those off by default included): no rule raises, every
span lies inside the text, fixes are idempotent and leave no safe fix behind,
applying fixes never touches text outside the edited spans, and positions are
right for astral characters, combining marks, CRLF and BOM files.

Run with ``--hypothesis-show-statistics`` to see how many inputs each property
ran; ``benchmarks/fuzz.py`` runs the same properties for longer.
"""
import os
import re
import tempfile

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fuzz_strategies import any_text, article_file, article_text, layout_text, mutated_article, unicode_text
from lint.config import Settings, build_rules
from lint.diagnostic import Diagnostic
from lint.document import Document
from lint.linter import apply_edits, fix_applies, fix_text, lint_text, time_budget
from lint.plugins import load_registry
from lint.rule import Applicability, Edit, Fix, Rule
from lint.runner import Linter, RunOptions
from lint.source import decode

EXAMPLES = int(os.environ.get("SCRAPELINT_PROPERTY_EXAMPLES", "250"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REGISTRY = load_registry()
ALL_RULES = build_rules(Settings(), REGISTRY, set(REGISTRY.rules))


# --- checks shared with benchmarks/fuzz.py -----------------------------------------
def raw_violations(text, rules=ALL_RULES):
    """Each rule's violations on ``text`` exactly as the rule yields them (the
    engine clamps spans; here a rule's own mistakes show), with one Document
    shared by all the rules as the linter does."""
    doc = Document(text, "fuzz.txt")
    found = []
    for rule in rules:
        try:
            found.extend((rule.code, v) for v in rule.check(doc))
        except Exception as exc:
            raise AssertionError(f"rule {rule.code} raised {type(exc).__name__}: {exc} on {text!r}") from exc
    return found


def check_spans(text):
    size = len(text)
    for code, violation in raw_violations(text):
        assert isinstance(violation.start, int) and isinstance(violation.end, int), (code, violation)
        assert 0 <= violation.start <= violation.end <= size, (code, violation, text)
        if violation.fix is not None:
            assert violation.fix.edits, (code, violation)
            for edit in violation.fix.edits:
                assert 0 <= edit.start <= edit.end <= size, (code, edit, text)


def check_lint(text):
    result = lint_text(text, ALL_RULES, "fuzz.txt")
    assert not result.failures, [f.message("fuzz.txt") for f in result.failures]
    lines = text.split("\n")
    for d in result.diagnostics:
        assert 0 <= d.start <= d.end <= len(text)
        assert d.location == naive_position(text, d.start) and d.end_location == naive_position(text, d.end)
        assert d.source_line == lines[d.location[0] - 1]
    return result


def check_fix(text, unsafe=False):
    outcome = fix_text(text, ALL_RULES, "fuzz.txt", unsafe=unsafe)
    assert not outcome.result.failures, [f.message("fuzz.txt") for f in outcome.result.failures]
    assert outcome.settled, f"fixes do not settle on {text!r}"
    left = [d for d in outcome.result.diagnostics if d.fix and fix_applies(d.fix.applicability, unsafe)]
    assert not left, (f"fixable findings remain after --fix: {[(d.code, d.start, d.end) for d in left]} "
                      f"in {outcome.text!r}")
    again = fix_text(outcome.text, ALL_RULES, "fuzz.txt", unsafe=unsafe)
    assert again.text == outcome.text and again.fixed_count == 0, (text, outcome.text, again.text)
    return outcome


def naive_position(text, offset):
    before = text[:offset]
    row = before.count("\n") + 1
    return row, offset - (before.rfind("\n") + 1) + 1


MARK_OPEN, MARK_CLOSE = "\U000f0000", "\U000f0001"  # private use: never in generated text


def check_edits_stay_in_their_spans(text, diagnostics, unsafe):
    """Apply ``diagnostics``' fixes with each edit's content wrapped in markers that
    name it; the text between the applied edits must be the original's, in order,
    and a fix must be applied whole or not at all."""
    assume(MARK_OPEN not in text and MARK_CLOSE not in text)
    marked, spans = [], {}
    for d_index, d in enumerate(diagnostics):
        if d.fix is None:
            marked.append(d)
            continue
        edits = []
        for e_index, edit in enumerate(d.fix.edits):
            key = f"{d_index}.{e_index}"
            spans[key] = (edit.start, edit.end, d_index)
            edits.append(Edit(edit.start, edit.end, f"{MARK_OPEN}{key}{MARK_CLOSE}"))
        marked.append(Diagnostic(d.code, d.name, d.message, d.severity, d.filename, d.location,
                                 d.end_location, d.start, d.end,
                                 Fix(tuple(edits), d.fix.applicability, d.fix.message)))
    result, applied = apply_edits(text, marked, unsafe)
    keys = re.findall(f"{MARK_OPEN}([0-9.]+){MARK_CLOSE}", result)
    untouched = re.split(f"{MARK_OPEN}[0-9.]+{MARK_CLOSE}", result)
    assert len(set(keys)) == len(keys)
    chosen = sorted((spans[k][0], spans[k][1], k) for k in keys)
    cursor = 0
    for piece, (start, end, key) in zip(untouched, chosen):
        assert start >= cursor, "applied edits overlap"
        assert piece == text[cursor:start], "text outside the edits changed"
        cursor = end
    assert untouched[-1] == text[cursor:]
    applied_fixes = {spans[k][2] for k in keys}
    for d_index in applied_fixes:
        whole = {k for k, (_, _, owner) in spans.items() if owner == d_index}
        assert whole <= set(keys), "a fix was applied in part"
        assert fix_applies(diagnostics[d_index].fix.applicability, unsafe)
    assert applied == len(applied_fixes)


# --- the properties --------------------------------------------------------------
@PROPERTY
@given(article_text())
def test_article_text_no_rule_raises_and_spans_inside(text):
    check_spans(text)
    check_lint(text)


@PROPERTY
@given(unicode_text())
def test_arbitrary_unicode_no_rule_raises_and_spans_inside(text):
    check_spans(text)
    check_lint(text)


@PROPERTY
@given(mutated_article())
def test_mutated_articles_no_rule_raises_and_spans_inside(text):
    check_spans(text)
    check_lint(text)


@PROPERTY
@given(any_text(), st.booleans())
def test_fix_is_idempotent_and_leaves_no_fixable_finding(text, unsafe):
    check_fix(text, unsafe)


@PROPERTY
@given(any_text(), st.booleans())
def test_fixes_never_change_text_outside_their_spans(text, unsafe):
    diagnostics = lint_text(text, ALL_RULES, "fuzz.txt").diagnostics
    check_edits_stay_in_their_spans(text, diagnostics, unsafe)


class RandomEdits(Rule):
    """A plugin-like rule whose fixes are whatever the test gives it: overlapping,
    touching, insertions at one point, several edits in one fix."""
    code, name, summary = "ZZ90", "test.random-edits", "random edits"
    fixes = ()

    def check(self, doc):
        for fix in self.fixes:
            yield self.violation(fix.edits[0].start, fix.edits[0].end, "edit", fix)


@st.composite
def text_and_fixes(draw):
    text = draw(st.text("ab\n\U0001f600\u0301", max_size=30))
    point = st.integers(0, len(text))

    @st.composite
    def edit(draw):
        a, b = sorted((draw(point), draw(point)))
        return Edit(a, b, draw(st.text("XY\n", max_size=3)))

    fixes = draw(st.lists(st.builds(
        lambda edits, app: Fix(tuple(edits), app, "random"),
        st.lists(edit(), min_size=1, max_size=3),
        st.sampled_from(list(Applicability))), max_size=8))
    return text, fixes


@PROPERTY
@given(text_and_fixes(), st.booleans())
def test_adversarial_edits_never_change_text_outside_their_spans(case, unsafe):
    text, fixes = case
    rule = RandomEdits()
    rule.fixes = fixes
    rule.plugin_name = "test"
    diagnostics = lint_text(text, [rule]).diagnostics
    check_edits_stay_in_their_spans(text, diagnostics, unsafe)


def reference_apply_edits(text, diagnostics, unsafe):
    """The fix selection written the plain way (each fix against every span taken
    so far), to check the engine's faster one against."""
    from lint.linter import _overlaps, splice

    chosen, taken, applied = [], [], 0
    candidates = [d for d in diagnostics if d.fix is not None and d.fix.edits
                  and fix_applies(d.fix.applicability, unsafe)]
    candidates.sort(key=lambda d: (min(e.start for e in d.fix.edits), d.code))
    for diag in candidates:
        spans = [(e.start, e.end) for e in diag.fix.edits]
        if any(_overlaps(span, other) for span in spans for other in taken):
            continue
        if any(_overlaps(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
            continue
        taken.extend(spans)
        chosen.extend(diag.fix.edits)
        applied += 1
    return splice(text, chosen), applied  # (the selection is what is checked here)


@PROPERTY
@given(text_and_fixes(), st.booleans())
def test_fix_selection_matches_the_plain_algorithm(case, unsafe):
    text, fixes = case
    rule = RandomEdits()
    rule.fixes = fixes
    rule.plugin_name = "test"
    diagnostics = lint_text(text, [rule]).diagnostics
    assert apply_edits(text, diagnostics, unsafe) == reference_apply_edits(text, diagnostics, unsafe)


def test_a_fix_per_character_is_not_quadratic():
    """Sixty thousand one-character fixes in one pass (a run of control characters):
    finishes (it took minutes when each fix was checked against every other)."""
    text = "\x0b" * 60000
    rule = RandomEdits()
    rule.fixes = [Fix((Edit(i, i + 1, " "),), Applicability.SAFE, "x") for i in range(len(text))]
    rule.plugin_name = "test"
    diagnostics = lint_text(text, [rule]).diagnostics
    with time_budget(120):  # generous: a quadratic selection would take far longer
        fixed, applied = apply_edits(text, diagnostics, unsafe=False)
    assert fixed == " " * 60000 and applied == 60000


@PROPERTY
@given(layout_text())
def test_positions_count_code_points_per_line(text):
    doc = Document(text)
    for offset in range(len(text) + 1):
        assert doc.position(offset) == naive_position(text, offset)
        row, column = doc.position(offset)
        assert doc.offset(row, column) == offset
    assert [line.text for line in doc.lines] == text.split("\n")


@PROPERTY
@given(st.one_of(layout_text(), article_text()), st.booleans(), st.booleans())
def test_positions_in_bom_and_crlf_files_match_the_file(text, bom, crlf):
    """A finding's row and column, computed on the decoded text, point at the
    same character in the file as an editor shows it (lines split at CRLF or LF,
    columns in code points, the BOM not counted)."""
    assume("\x00" not in text)  # a NUL byte makes it a binary file
    if crlf:
        text = text.replace("\r", "").replace("\n", "\r\n")
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    source = decode(data, "f.txt")
    shown = data.decode("utf-8-sig")  # a leading U+FEFF is the BOM, whether meant or not
    editor_lines = shown.split("\r\n") if source.newline == "\r\n" else shown.split("\n")
    result = lint_text(source.text, ALL_RULES, "f.txt")
    for d in result.diagnostics:
        row, column = d.location
        assert editor_lines[row - 1] == d.source_line
        line_text = editor_lines[row - 1]
        char = source.text[d.start:d.start + 1]
        if char and char != "\n":
            assert line_text[column - 1] == char
        else:
            assert column == len(line_text) + 1


@settings(max_examples=max(20, EXAMPLES // 5), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(article_file(), st.booleans())
def test_fixing_a_file_keeps_bom_and_line_ends_and_matches_the_fixer(data, unsafe):
    source = decode(data, "a.txt")
    linter = Linter(Settings(extend_select=["ALL"]), sorted(REGISTRY.rules), REGISTRY)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "a.txt")
        with open(path, "wb") as handle:
            handle.write(data)
        result = linter.process_path(path, RunOptions(fix=True, unsafe_fixes=unsafe))
        assert result.error is None, result.error
        with open(path, "rb") as handle:
            written = handle.read()
        assert os.listdir(folder) == ["a.txt"]
    expected = fix_text(source.text, ALL_RULES, path, unsafe=unsafe).text
    assert written == source.encode(expected)
    assert written.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    if source.newline == "\r\n":
        assert b"\n" not in written.replace(b"\r\n", b"")


@pytest.mark.parametrize("text", [
    "\U0001f600 x  \n",
    "e\u0301e\u0301  \r\n\U0001d518\u0301 \r\n",
    "\ufeff\u200b x\n",
    "a\rb  \n",
])
def test_position_examples_through_the_command_line(tmp_path, capsys, text):
    from helpers import json_diagnostics

    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    _, found, _ = json_diagnostics(capsys, "--isolated", "--select", "ALL", str(path))
    normalised = text.replace("\r\n", "\n") if text.count("\r\n") == text.count("\n") else text
    for d in found:
        row, column = d["location"]["row"], d["location"]["column"]
        line = normalised.split("\n")[row - 1]
        assert 1 <= column <= len(line) + 1, d
    ws01 = [d for d in found if d["code"] == "WS01"]
    if ws01:
        line = normalised.split("\n")[ws01[0]["location"]["row"] - 1]
        assert ws01[0]["location"]["column"] == len(line.rstrip(" \t\u00a0")) + 1
