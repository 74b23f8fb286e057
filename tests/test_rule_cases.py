"""Every rule's behaviour as data: one TOML file per rule in fixtures/rules/.

A file names its rule and holds ``[[cases]]``, each with:
  name          what the case shows
  text          the input article text
  rows          the rows the rule reports, in order ([] for text it must pass)
  messages      optional: substrings expected in those messages, in order
  fixed         optional: the text after ``--fix`` (safe fixes)
  unsafe_fixed  optional: the text after ``--fix --unsafe-fixes``
  options       optional: the rule's options, as under [tool.scrapelint.rules.CODE]
"""
import sys
from pathlib import Path

import pytest

from lint.linter import fix_text, lint_text

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def load_cases():
    for path in sorted(FIXTURES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for index, case in enumerate(data["cases"]):
            yield pytest.param(data["rule"], case, id=f"{path.stem}-{index}-{case['name']}")


def text_outside_span(text, diag):
    """What a diagnostic's fix replaces beyond the diagnostic's own span."""
    outside = []
    for edit in diag.fix.edits if diag.fix else ():
        outside.append(text[edit.start:max(edit.start, min(edit.end, diag.start))])
        outside.append(text[max(edit.start, diag.end):edit.end])
    return "".join(outside)


@pytest.mark.parametrize("code,case", list(load_cases()))
def test_rule_case(registry, code, case):
    rule = registry.rules[code](case.get("options", {}))
    result = lint_text(case["text"], [rule])
    assert not result.failures
    found = [d for d in result.diagnostics if d.code == code]
    assert [d.location[0] for d in found] == case["rows"], [d.message for d in found]
    for diag, expected in zip(found, case.get("messages", [])):
        assert expected in diag.message
    for diag in found:  # every span lies inside the text and is ordered
        assert 0 <= diag.start <= diag.end <= len(case["text"])
        assert not text_outside_span(case["text"], diag).strip(), "a fix deletes text outside its finding"
    if "fixed" in case:
        assert fix_text(case["text"], [rule]).text == case["fixed"]
    if "unsafe_fixed" in case:
        assert fix_text(case["text"], [rule], unsafe=True).text == case["unsafe_fixed"]


def test_every_rule_has_cases(registry):
    covered = {tomllib.loads(p.read_text(encoding="utf-8"))["rule"] for p in FIXTURES.glob("*.toml")}
    builtin = {code for code, rule in registry.rules.items() if rule.plugin_name == "builtin"}
    assert builtin <= covered, f"rules without fixture cases: {sorted(builtin - covered)}"


def test_documented_examples(registry):
    """The bad example in a rule's documentation is reported; the good one is not."""
    for code, rule_class in registry.rules.items():
        rule = rule_class()
        assert rule.bad_example and rule.good_example, code
        assert any(d.code == code for d in lint_text(rule.bad_example, [rule]).diagnostics), code
        assert not lint_text(rule.good_example, [rule]).diagnostics, code
