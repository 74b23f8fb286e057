#!/usr/bin/env python3
"""Adversarial inputs against every pattern of the installed rules and against
the rule set: does any of them take more than linear time?

Every compiled pattern (``re`` or ``regex``) found in the rule modules (module
globals, rule class attributes, and the attributes of rule objects after their
set-up) is run with ``finditer`` over each adversarial input; then each rule
alone, then the whole rule set (``lint_text``, and ``fix_text`` with unsafe
fixes). Each input is measured at two sizes, a quarter of ``--size`` and the
full size: the ratio of the two times gives the growth (4x for linear, 16x for
quadratic), and seconds per MB are computed on the larger one. A run that
passes ``--cap`` seconds is stopped (the time budget's alarm) and reported as
at least that long.

Usage: python benchmarks/regex_worst_case.py [--size MB] [--cap SECONDS]
       [--what ruleset rules patterns] [--big MB] [--only NAME ...] [--top N]

Recorded on 2026-11-22 (2 shared cores, Python 3.11.7, regex 2026.5.9; processor
seconds). Latest full run (`--what ruleset rules --cap 10 --top 5000`), then the
rows whose growth passed 1.12 measured again at 1 and 4 MiB:

- Worst per MB, whole rule set at 1 MiB: a run of carriage returns, fixed with
  --unsafe-fixes: 21.7 s (one finding, and one fix, per character), linted:
  12.4 s (17.1 s before the cycle collector was paused per document). Linear.
- Found superlinear by the 4 MiB re-measure, and fixed: TR06 on "word . "
  repeated looked back to the start of the line for the word before each stop:
  0.88 s at 1 MiB, 31.5 s at 4 MiB; now 0.17 s and 0.67 s. Documents of a
  million lines grew 6-9x from 1 to 4 MiB under every rule: the cycle
  collector's passes over their live objects; paused per document, 4.0-4.3x.
- No other row grows faster than the text: the largest ratios from 1 to 4 MiB
  left are on a run of newlines (4 million lines, DU01 4.7 s at 4 MiB), where
  the profile is linear and the rest is memory.

Earlier runs the same day (rules as of commit 1064b46):

- Worst per MB, whole rule set at 1 MiB: a run of carriage returns, fixed with
  --unsafe-fixes: 24.1 s (1,048,577 fixes), linted: 17.1 s. Linear (growth
  1.0-1.3): one finding, and one fix, per character.
- Superlinear until commit 587c7b2, now linear: one doubly escaped entity
  ("&" + "amp;" * n + "#8217"), EN02 alone 8.2 s at 1 MB before (it stripped one
  "&amp;" per copy of the entity), 0.06 s after (growth 1.00); the whole rule set
  0.24 s per MB. "end.Start" repeated with no space: TR05 alone 2.6 s at 1 MB
  before (each match looked for the spaces around its token through the whole
  line), 0.33 s after (growth 1.01); the whole rule set 0.55 s per MB, its fix
  1.1 s per MB.
- A run of newlines then showed growth 2.6-2.7 at 64 K characters under some
  rules (NM02, the fix of the whole set): each was paying to free the 1 MiB
  document measured before it, a reference cycle left to the cycle collector.
  Since the engine clears the rules' memo after each document, gone.
- Found and made linear by the rules' authors during this work: EN08 on
  "word . " repeated (at least 257 s per MB projected), EN03 on a tag that never
  closes (165 s per MB projected), DU04 on 4 MB of repeated sentences (119 s).
- Patterns on their own: several are quadratic under a whole-text finditer
  (names HEADLINE_LINE on a run of spaces, 18.6 s at 16 K characters; sentences
  BOUNDARY on a run of full stops; names WORD_BEFORE on a run of letters;
  truncation LIST_ITEM on runs of blanks; chrome _FIRST_WORD on runs of
  punctuation); the rules run them on short pieces, and stay linear on the same
  inputs.
- One 50 MB single-line document, default rules, no budget: random-word
  sentences 14.5 s (0.29 s per MB), peak memory 1.37 GB, 262,578 findings; the
  --big text (one pair of sentences repeated, three findings per 100 characters,
  1.57 million) 43.8 s, 3.17 GB. Memory grows with the findings, about 2 KB each.
"""
from __future__ import annotations

import argparse
import inspect
import math
import re
import sys
import time
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lint.config import Settings, build_rules  # noqa: E402
from lint.linter import BudgetExceeded, fix_text, lint_text, time_budget  # noqa: E402
from lint.plugins import load_registry  # noqa: E402
from lint.rule import Rule  # noqa: E402

MB = 1024 * 1024
PATTERN_TYPES = (type(re.compile("")), type(regex.compile("")))


# --- the inputs ---------------------------------------------------------------
def _repeat(unit: str) -> Callable[[int], str]:
    """``unit`` repeated to about ``size`` characters."""
    return lambda size: unit * max(1, size // len(unit))


def _nested(opening: str, closing: str) -> Callable[[int], str]:
    return lambda size: opening * (size // (2 * len(opening))) + closing * (size // (2 * len(closing)))


def _short_lines(unit: str) -> Callable[[int], str]:
    return lambda size: (unit + "\n") * max(1, size // (len(unit) + 1))


ADVERSARIAL: Dict[str, Callable[[int], str]] = {
    # long runs of one character
    **{f"run of {name}": _repeat(char) for name, char in [
        ("'a'", "a"), ("'A'", "A"), ("spaces", " "), ("tabs", "\t"), ("no-break spaces", "\u00a0"),
        ("'.'", "."), ("'-'", "-"), ("apostrophes", "\u2019"), ("straight quotes", '"'), ("'&'", "&"),
        ("'<'", "<"), ("'('", "("), ("digits", "7"), ("'\u00c3'", "\u00c3"), ("U+FFFD", "\ufffd"),
        ("zero-width spaces", "\u200b"), ("combining accents", "\u0301"), ("emoji", "\U0001f600"),
        ("CR", "\r"), ("newlines", "\n"), ("'!'", "!"), ("'#'", "#"), ("'\u2026'", "\u2026"),
    ]},
    # nested and unclosed quotes and brackets
    "nested curly quotes": _nested("\u201c\u2018", "\u2019\u201d"),
    "nested straight quotes": _nested('"\'', '\'"'),
    "nested brackets": _nested("([", "])"),
    "unclosed quotes with words": _repeat("\u201cword "),
    "guillemets": _nested("\u00ab ", " \u00bb"),
    # 1 MB without a newline
    "words, no newline": _repeat("word "),
    "sentences, no newline": _repeat("The envoy arrived in Seoul on Sunday. "),
    "capitalised words, no newline": _repeat("Kim Jong Un Moon "),
    "hyphenated name run": _repeat("Jong-"),
    "initials run": _repeat("A. "),
    "abbreviations run": _repeat("U.S. Mr. "),
    "lower.Upper glue": _repeat("end.Start"),
    "camelCase glue": _repeat("wordWord"),
    "lowercase after stops": _repeat("word. said "),
    "space before punctuation": _repeat("word . "),
    "entities": _repeat("&amp;"),
    "nested entity": lambda size: "&" + "amp;" * (size // 4) + "#8217",
    "tag attributes never closed": lambda size: "<a" + ' x="1"' * (size // 6),
    "comment never closed": lambda size: "<!--" + "x" * size,
    "tags": _repeat("<p>x</p>"),
    "mojibake": _repeat("caf\u00c3\u00a9 \u00e2\u20ac\u2122"),
    "ellipses": _repeat("word... "),
    "spaced dots": _repeat(". "),
    "urls": _repeat("http://www.example.com/a/b?c=d "),
    "emoji ZWJ sequences": _repeat("\U0001f469\u200d\U0001f52c"),
    "RTL with marks": _repeat("\u05e9\u200f "),
    "tabs between words": _repeat("a\tb "),
    "double spaces": _repeat("a  "),
    "long word": lambda size: "x" * size,
    # many short lines
    "100k short lines": _short_lines("ab"),
    "short sentence lines": _short_lines("A."),
    "short title lines": _short_lines("Kim Jong"),
    "blank lines with spaces": _short_lines(" "),
    "repeated line": _short_lines("The envoy arrived on Sunday."),
    "chrome lines": _short_lines("Share this article"),
    "menu lines": _short_lines("Home | World"),
    "trailing-space lines": _short_lines("word  "),
    "CRLF lines": _repeat("word\r\n"),
}


def adversarial_inputs(size: int) -> Dict[str, str]:
    return {name: make(size)[:size] or " " for name, make in ADVERSARIAL.items()}


# --- the patterns and rules ------------------------------------------------------
def _pattern_like(value) -> bool:
    """A compiled pattern, or an object that stands for one (a pattern compiled on
    first use): it has ``finditer`` and ``pattern``."""
    if isinstance(value, PATTERN_TYPES):
        return True
    if isinstance(value, (type, types.ModuleType, types.FunctionType, str, bytes)):
        return False
    try:
        return callable(getattr(value, "finditer", None)) and isinstance(getattr(value, "pattern", None), (str, bytes))
    except Exception:
        return False


def _zero_argument_cached(value) -> bool:
    if not (callable(value) and hasattr(value, "cache_info")):
        return False
    try:
        parameters = inspect.signature(value).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters)


def collect_patterns(rules) -> Dict[str, object]:
    """Every compiled pattern the rules' modules hold, by a readable name: module
    globals, class attributes, patterns compiled on first use (objects that stand
    for a pattern, and cached functions without arguments that return one), and the
    attributes of the rule objects after their set-up."""
    found: Dict[str, object] = {}
    seen = set()
    prefixes = {type(rule).__module__.split(".")[0] for rule in rules} - {"lint"}

    def add(where: str, value) -> None:
        if isinstance(value, (list, tuple)):
            for i, item in enumerate(value[:50]):
                add(f"{where}[{i}]", item)
            return
        if isinstance(value, dict):
            for key, item in list(value.items())[:50]:
                add(f"{where}[{key!r}]", item)
            return
        if _zero_argument_cached(value):
            try:
                value = value()
            except Exception:
                return
        if _pattern_like(value):
            key = (value.pattern, value.flags)
            if key not in seen:
                seen.add(key)
                found[where] = value

    for name, module in sorted(sys.modules.items()):
        if module is None or name.split(".")[0] not in prefixes:
            continue
        for attr, value in sorted(vars(module).items()):
            if getattr(value, "__module__", name) != name and isinstance(value, type):
                continue  # a class imported from elsewhere is looked at where it is defined
            add(f"{name}.{attr}", value)
            if isinstance(value, type):
                for class_attr, class_value in vars(value).items():
                    add(f"{name}.{attr}.{class_attr}", class_value)
    for rule in rules:
        for attr, value in vars(rule).items():
            add(f"{rule.code}.{attr}", value)
    return found


def all_rules():
    """Every installed rule (those off by default too), set up and warmed on the
    rules' own examples, so that patterns compiled on first use exist."""
    registry = load_registry()
    rules = build_rules(Settings(), registry, set(registry.rules))
    warm = "\n\n".join(f"{r.bad_example}\n\n{r.good_example}" for r in rules)
    fix_text(warm, rules, unsafe=True)
    return rules


# --- measuring ------------------------------------------------------------------
def timed(action: Callable[[], object], cap: float) -> float:
    """Processor seconds ``action`` took (this process's, so that other work on a
    shared machine does not count), or ``math.inf`` when it ran past ``cap``
    seconds of wall time."""
    start = time.process_time()
    try:
        with time_budget(cap):
            action()
    except BudgetExceeded:
        return math.inf
    return time.process_time() - start


class PatternRun(Rule):
    """One pattern run over the whole text, as a rule, so that the time budget
    (which interrupts rules) can stop it."""

    code, name, summary = "ZZ00", "benchmark.pattern-run", "one pattern over the whole text"

    def __init__(self, pattern) -> None:
        super().__init__()
        self.pattern = pattern

    def check(self, doc):
        subject = doc.text.encode("utf-8") if isinstance(self.pattern.pattern, bytes) else doc.text
        for _ in self.pattern.finditer(subject):
            pass
        return ()


def exhaust(pattern, text: str) -> Callable[[], object]:
    rule = PatternRun(pattern)
    return lambda: lint_text(text, [rule])


@dataclass
class Row:
    input: str
    target: str
    sizes: List[int]  # characters, smallest first
    seconds: List[float]
    megabytes: float  # UTF-8 size of the largest input measured

    cap: float = math.inf

    def _finite(self) -> List[Tuple[int, float]]:
        return [(n, t) for n, t in zip(self.sizes, self.seconds) if not math.isinf(t)]

    @property
    def growth(self) -> float:
        """k in time ~ size**k between the two largest sizes that finished (nan: too fast to tell)."""
        finite = self._finite()
        if len(finite) < 2 or finite[-2][1] < 0.005:
            return math.nan
        (n0, t0), (n1, t1) = finite[-2:]
        return math.log(t1 / t0, n1 / n0)

    def per_mb(self, size: int) -> float:
        """Seconds per MB at ``size`` characters: measured, or projected when the run stopped early."""
        if self.sizes[-1] == size and not math.isinf(self.seconds[-1]):
            return self.seconds[-1] / self.megabytes
        return self.projected(size) / (self.megabytes * size / self.sizes[-1])

    def projected(self, size: int) -> float:
        """Seconds at ``size`` characters, from the growth seen (at least linear); a
        run stopped at the cap took at least the cap."""
        finite = self._finite()
        if not finite:
            return math.inf
        k = self.growth
        k = 1.0 if math.isnan(k) or k < 1 else k
        at, last = finite[-1]
        estimate = last * (size / at) ** k
        return max(estimate, self.cap) if math.isinf(self.seconds[-1]) else estimate


def measure(targets: Dict[str, Callable[[str], Callable[[], object]]], size: int, cap: float,
            only: List[str]) -> List[Row]:
    """Each target on each input, at sizes growing fourfold up to ``size``; a pair
    stops growing when the next size would likely pass ``cap``."""
    sizes = [s for s in (size // 256, size // 64, size // 16, size // 4, size) if s >= 1024] or [size]
    inputs = {s: adversarial_inputs(s) for s in sizes}
    rows = []
    for input_name in ADVERSARIAL:
        if only and not any(o in input_name for o in only):
            continue
        for target_name, make in targets.items():
            row = Row(input_name, target_name, [], [], 0.0, cap)
            for s in sizes:
                text = inputs[s][input_name]
                seconds = timed(make(text), cap)
                row.sizes.append(s)
                row.seconds.append(seconds)
                row.megabytes = len(text.encode("utf-8")) / MB
                ratio = row.seconds[-1] / row.seconds[-2] if len(row.seconds) > 1 and row.seconds[-2] > 0.005 else 4
                if math.isinf(seconds) or seconds * max(4.0, ratio) > cap:
                    break
            rows.append(row)
        print(f"  {input_name}: done", file=sys.stderr, flush=True)
    return rows


def report(title: str, rows: List[Row], size: int, top: int) -> Row:
    print(f"\n## {title}\n")
    rows = sorted(rows, key=lambda r: r.per_mb(size), reverse=True)
    print(f"{'s/MB':>9}  {'growth':>6}  {'measured':>9}  {'seconds':>8}  {'projected':>10}  input / target")
    for row in rows[:top]:
        seconds = row.seconds[-1]
        projected = row.projected(size)
        if row.sizes[-1] == size and not math.isinf(seconds):
            shown = "-"
        elif math.isinf(projected):
            shown = "> cap"
        else:  # a run stopped at the cap took at least that long
            shown = f"{'>=' if math.isinf(seconds) else '~'}{projected:.0f} s"
        print(f"{row.per_mb(size):>9.3f}  {row.growth:>6.2f}  {row.sizes[-1]:>9}  {seconds:>8.3f}  {shown:>10}  "
              f"{row.input} / {row.target}")
    print(flush=True)
    return rows[0] if rows else None


BIG_LINE = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from lint.config import Settings, build_rules, enabled_codes
from lint.linter import BudgetExceeded, lint_text
from lint.plugins import load_registry
size = int(float(sys.argv[2]) * 1024 * 1024)
unit = "The envoy arrived in Seoul on Sunday for talks, officials said.  Shares of AT&amp;T fell on Monday. "
text = (unit * (size // len(unit) + 1))[:size]
registry = load_registry()
rules = build_rules(Settings(), registry, enabled_codes(Settings(), registry))
start, cpu = time.perf_counter(), time.process_time()
try:
    found = len(lint_text(text, rules, budget=float(sys.argv[3])).diagnostics)
except BudgetExceeded as exc:
    found = str(exc)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{seconds:.1f} s wall, {cpu:.1f} s processor ({cpu / (len(text.encode()) / 1048576):.3f} s/MB), "
      f"peak memory {peak:.0f} MB, findings: {found}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=float, default=1.0, help="characters of the largest input, in MiB (default 1)")
    parser.add_argument("--cap", type=float, default=20.0, help="seconds after which one run is stopped (default 20)")
    parser.add_argument("--what", nargs="+", choices=["ruleset", "rules", "patterns"], default=["ruleset", "patterns"],
                        help="tables to make: the whole rule set, each rule on its own (slow), each pattern "
                             "(default: ruleset patterns)")
    parser.add_argument("--big", type=float, default=0, metavar="MB",
                        help="also lint one single-line document of this many MB with the default rules "
                             "(time and peak memory, in a child process)")
    parser.add_argument("--only", nargs="*", default=[], help="only the inputs whose name contains one of these")
    parser.add_argument("--top", type=int, default=15, help="rows shown per table")
    args = parser.parse_args()
    size = int(args.size * MB)
    rules = all_rules()
    patterns = collect_patterns(rules)
    print(f"# Worst cases: {len(patterns)} patterns of {len(rules)} rules, {len(ADVERSARIAL)} adversarial inputs "
          f"of up to {size} characters, growing fourfold; cap {args.cap:g} s per run; "
          f"Python {sys.version.split()[0]}, regex {regex.__version__}.")
    print("times are processor seconds; growth: k in time ~ size**k between the two largest sizes measured "
          "(1 linear, 2 quadratic); s/MB at the full size, projected from the growth when a run stopped early.")
    started = time.perf_counter()
    worst = {}
    if "ruleset" in args.what:
        rows = measure({
            "all rules: lint_text": lambda text: lambda: lint_text(text, rules),
            "all rules: fix_text --unsafe-fixes": lambda text: lambda: fix_text(text, rules, unsafe=True),
        }, size, args.cap, args.only)
        worst["whole rule set"] = report("The whole rule set", rows, size, args.top)
    if "rules" in args.what:
        rows = measure({rule.code: (lambda r: lambda text: lambda: lint_text(text, [r]))(rule) for rule in rules},
                       size, args.cap, args.only)
        worst["one rule"] = report("Each rule on its own (lint_text)", rows, size, args.top)
    if "patterns" in args.what:
        rows = measure({name: (lambda p: lambda text: exhaust(p, text))(p) for name, p in patterns.items()},
                       size, args.cap, args.only)
        worst["one pattern"] = report("Each pattern, finditer over the whole input (a pattern a rule "
                                      "only runs on short pieces may look worse here than it is)", rows, size,
                                      args.top)
    if args.big:
        import subprocess

        print(f"## One single-line document of {args.big:g} MB, default rules\n")
        proc = subprocess.run([sys.executable, "-c", BIG_LINE, str(Path(__file__).resolve().parent.parent),
                               str(args.big), str(max(args.cap, 600))], capture_output=True, text=True)
        print((proc.stdout or proc.stderr).strip() + "\n")
    print("## Worst case found\n")
    for what, row in worst.items():
        if row is None:
            continue
        measured = f"{row.seconds[-1]:.2f} s at {row.sizes[-1]} characters"
        at_full = "measured" if row.sizes[-1] == size and not math.isinf(row.seconds[-1]) else (
            f"projected from {measured}")
        print(f"- {what}: {row.per_mb(size):.3f} s per MB at {size} characters ({at_full}, growth "
              f"{row.growth:.2f}) on '{row.input}' / {row.target}")
    print(f"\nTook {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
