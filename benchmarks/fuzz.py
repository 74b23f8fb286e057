#!/usr/bin/env python3
"""A longer fuzzing run of the property tests (tests/test_hostile_properties.py),
by hand: generated article-like text, arbitrary Unicode and mutated articles,
through every installed rule, until the time is up.

Each property runs in batches of fresh random inputs; a failing input is shrunk
by hypothesis and printed, and the run goes on with the other properties. At the
end it prints how many inputs each property ran, the failures, and the slowest
inputs in processor time (absolute, and per MB among inputs of 1 KB or more;
small inputs are dominated by fixed costs, so use --long for per-MB figures).

Usage: python benchmarks/fuzz.py --minutes N [--seed S] [--batch 300] [--long]
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import fuzz_strategies as fs  # noqa: E402
import test_hostile_properties as props  # noqa: E402

MB = 1024 * 1024


class Tally:
    def __init__(self) -> None:
        self.inputs: Dict[str, int] = {}
        self.failures: List[Tuple[str, str]] = []
        self.slowest: List[Tuple[float, int, str, str]] = []  # seconds, bytes, property, text
        self.densest: List[Tuple[float, float, int, str, str]] = []  # s/MB, seconds, bytes, property, text

    def record(self, name: str, text: str, seconds: float) -> None:
        self.inputs[name] = self.inputs.get(name, 0) + 1
        size = len(text.encode("utf-8", "surrogatepass"))
        self.slowest = sorted(self.slowest + [(seconds, size, name, text)], reverse=True)[:5]
        if size >= 1024:
            self.densest = sorted(self.densest + [(seconds / (size / MB), seconds, size, name, text)],
                                  reverse=True)[:5]


def properties(long: bool) -> Dict[str, Tuple[st.SearchStrategy, Callable]]:
    article = fs.article_text(max_lines=200) if long else fs.article_text()
    return {
        "article text: no rule raises, spans inside": (article, lambda t: (props.check_spans(t), props.check_lint(t))),
        "unicode: no rule raises, spans inside": (fs.unicode_text(2000 if long else 400),
                                                  lambda t: (props.check_spans(t), props.check_lint(t))),
        "mutated articles: no rule raises, spans inside": (fs.mutated_article(),
                                                           lambda t: (props.check_spans(t), props.check_lint(t))),
        "fix idempotent, nothing fixable left (safe)": (st.one_of(article, fs.any_text()),
                                                        lambda t: props.check_fix(t, False)),
        "fix idempotent, nothing fixable left (unsafe)": (st.one_of(article, fs.any_text()),
                                                          lambda t: props.check_fix(t, True)),
        "edits stay in their spans": (
            st.tuples(st.one_of(article, fs.any_text()), st.booleans()),
            None),
        "positions in BOM/CRLF files": (
            st.tuples(st.one_of(fs.layout_text(), article), st.booleans(), st.booleans()), None),
    }


def run_batch(name: str, strategy, check, tally: Tally, examples: int, batch_seed: int) -> None:
    def timed(text: str, action: Callable[[], object]) -> None:
        start = time.process_time()  # processor time: other work on the machine does not count
        action()
        tally.record(name, text, time.process_time() - start)

    if name == "edits stay in their spans":
        def body(case):
            text, unsafe = case
            timed(text, lambda: props.check_edits_stay_in_their_spans(
                text, props.lint_text(text, props.ALL_RULES, "fuzz.txt").diagnostics, unsafe))
    elif name == "positions in BOM/CRLF files":
        def body(case):
            timed(case[0], lambda: props.test_positions_in_bom_and_crlf_files_match_the_file.hypothesis.inner_test(
                *case))
    else:
        def body(text):
            timed(text, lambda: check(text))

    test = seed(batch_seed)(settings(max_examples=examples, deadline=None, database=None,
                                     suppress_health_check=list(HealthCheck))(given(strategy)(body)))
    try:
        test()
    except Exception as exc:  # shrunk by hypothesis: the smallest failing input it found
        tally.failures.append((name, "".join(traceback.format_exception_only(type(exc), exc)).strip()[:3000]))
        print(f"FAILED {name}:\n{tally.failures[-1][1]}\n", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--batch", type=int, default=300, help="inputs per property per batch")
    parser.add_argument("--long", action="store_true", help="longer articles (up to 200 lines)")
    args = parser.parse_args()
    chosen = properties(args.long)
    tally = Tally()
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    batch = 0
    print(f"Fuzzing {len(chosen)} properties with {len(props.ALL_RULES)} rules for {args.minutes:g} minutes, "
          f"seed {args.seed}, {args.batch} inputs per batch.", flush=True)
    while time.monotonic() < deadline:
        for name, (strategy, check) in chosen.items():
            if time.monotonic() >= deadline:
                break
            run_batch(name, strategy, check, tally, args.batch, args.seed + batch)
            batch += 1
        print(f"  {sum(tally.inputs.values())} inputs after {time.monotonic() - started:.0f} s", flush=True)
    elapsed = time.monotonic() - started
    print(f"\nRan {sum(tally.inputs.values())} generated inputs in {elapsed:.0f} s (seed {args.seed}):")
    for name, count in tally.inputs.items():
        print(f"  {count:>8}  {name}")
    print(f"\nFailures: {len(tally.failures)}")
    for name, message in tally.failures:
        print(f"--- {name}\n{message}\n")
    print("Slowest inputs:")
    for seconds, size, name, text in tally.slowest:
        print(f"  {seconds:.3f} s, {size} bytes, {name}: {text[:80]!r}...")
    print("Highest time per MB (inputs of 1 KB or more):")
    for per_mb, seconds, size, name, text in tally.densest:
        print(f"  {per_mb:.2f} s/MB ({seconds:.3f} s, {size} bytes), {name}: {text[:80]!r}...")
    if tally.densest:
        per_mb, seconds, size, name, text = tally.densest[0]
        print(f"\nWorst case: {per_mb:.2f} s per MB ({seconds:.3f} s on {size} bytes) in '{name}'.")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
