"""No catastrophic patterns: every compiled pattern of the installed rules, every
rule, and the whole rule set (lint and fix) finish on the adversarial inputs of
``benchmarks/regex_worst_case.py`` (long runs of one character, nested quotes,
text without a newline, many short lines), and so do the phrase catalogues a
user extends through configuration. These tests only ask that each run finish
within a generous limit; how the time grows with the size (linear or not) is
measured by the benchmark, whose figures are recorded, not asserted here."""
import importlib.util
import math
import sys
from pathlib import Path

import pytest

from lint.config import Settings, build_rules
from lint.linter import fix_text, lint_text
from lint.plugins import load_registry

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("regex_worst_case", ROOT / "benchmarks" / "regex_worst_case.py")
worst = sys.modules["regex_worst_case"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(worst)

PATTERN_CHARS = 2 * 1024  # exponential backtracking shows long before this
RULE_CHARS = 16 * 1024
LIMIT = 60.0  # seconds; generous on purpose: a shared machine may be slow, a catastrophic pattern never ends

RULES = worst.all_rules()
PATTERNS = worst.collect_patterns(RULES)


def finishes(action):
    """Seconds ``action`` took; fails when it runs past ``LIMIT``."""
    seconds = worst.timed(action, LIMIT)
    assert not math.isinf(seconds)
    return seconds


def test_patterns_are_found():
    # The collector must see the rules' patterns, those compiled on first use included.
    assert len(PATTERNS) >= 10
    assert len({name.rsplit(".", 2)[0] for name in PATTERNS}) >= 3  # from several modules


@pytest.mark.parametrize("input_name", sorted(worst.ADVERSARIAL))
def test_every_pattern_finishes_on_adversarial_input(input_name):
    text = worst.adversarial_inputs(PATTERN_CHARS)[input_name]
    slow = []
    for name, pattern in PATTERNS.items():
        seconds = worst.timed(worst.exhaust(pattern, text), LIMIT)
        if math.isinf(seconds):
            slow.append(name)
    assert not slow, f"patterns that did not finish in {LIMIT:g} s on {input_name!r}: {slow}"


@pytest.mark.parametrize("input_name", sorted(worst.ADVERSARIAL))
def test_rule_set_lints_and_fixes_adversarial_input(input_name):
    text = worst.adversarial_inputs(RULE_CHARS)[input_name]
    result = None

    def lint():
        nonlocal result
        result = lint_text(text, RULES)

    finishes(lint)
    assert not result.failures, [f.message(input_name) for f in result.failures]
    outcome = None

    def fix():
        nonlocal outcome
        outcome = fix_text(text, RULES, unsafe=True)

    finishes(fix)
    assert not outcome.result.failures


ADVERSARIAL_PHRASES = [
    "... " * 30 + "end",
    "{n} " * 40 + "comments",
    "Start ... " + "word " * 200,
    "(" + "Getty Images " * 50 + ")",
    "Label: ...",
    "\u00a9 ...",
    "a" * 5000,
    "We use cookies [...]",
    "x [edge]",
] + [f"phrase number {i} ..." for i in range(2000)]


def test_user_phrases_from_configuration_stay_bounded():
    """Users extend the chrome catalogues with phrases (not patterns): adversarial
    phrases, and thousands of them, on adversarial inputs."""
    registry = load_registry()
    configured = {}
    for code, rule_class in registry.rules.items():
        option = rule_class.options.get("extra-phrases")
        if option is None:
            continue
        accepted = []
        for phrase in ADVERSARIAL_PHRASES:
            try:
                option.convert([phrase])
            except ValueError:
                continue  # refused with a message naming the phrase: fine
            accepted.append(phrase)
        configured[code] = {"extra-phrases": option.convert(accepted)}
    if not configured:
        pytest.skip("no rule takes extra phrases")
    rules = build_rules(Settings(rule_settings=configured), registry, set(configured))
    inputs = worst.adversarial_inputs(RULE_CHARS)
    inputs["the phrases themselves"] = "\n".join(ADVERSARIAL_PHRASES)
    for name, text in inputs.items():
        finishes(lambda: lint_text(text, rules))
