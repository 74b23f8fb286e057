#!/usr/bin/env python3
"""What the name rules (NM) cost: their throughput alone, and what they add to
the single-process time of all default rules.

Uses the article generator of benchmarks/throughput.py (deterministic), or the
.txt files of a folder given as argument. MB are 10**6 bytes of UTF-8 text; times are CPU time of this process, so that
other work on the machine skews them less.

The name rules memoise what they parse (runs, headline lines, folded words) for
the whole process. Every timed pass starts with those memos cleared, as a run
over articles it has never seen would (``--warm`` keeps them: a lower bound).
The last figure times each NM check within a run of all default rules, one
document at a time, which is what a real run pays.

    python benchmarks/names.py                 # 1000 generated articles
    python benchmarks/names.py --files 3000 --repeat 5
    python benchmarks/names.py path/to/articles
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import List, Sequence

sys.path.insert(0, str(Path(__file__).parent))

from lint.linter import lint_text  # noqa: E402
from lint.plugins import load_registry  # noqa: E402


def articles(args) -> List[str]:
    if args.folder:
        return [p.read_text(encoding="utf-8") for p in sorted(Path(args.folder).glob("*.txt"))]
    import throughput

    rng = random.Random(args.seed)
    return [throughput.make_article(rng) for _ in range(args.files)]


def forget(warm: bool) -> None:
    """Clear what the name rules memoised, unless ``warm``."""
    if not warm:
        from rules import names

        names.clear_caches()


def best_time(texts: Sequence[str], rules, repeat: int, warm: bool = False) -> float:
    best = float("inf")
    for _ in range(repeat):
        forget(warm)
        start = time.process_time()
        for text in texts:
            lint_text(text, rules)
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warm", action="store_true", help="keep the name rules' memos between passes")
    args = parser.parse_args()
    texts = articles(args)
    size = sum(len(t.encode("utf-8")) for t in texts)
    registry = load_registry()
    default = [cls() for code, cls in sorted(registry.rules.items()) if cls.default_enabled]
    names = [rule for rule in default if rule.code.startswith("NM")]
    others = [rule for rule in default if not rule.code.startswith("NM")]
    lint_text(texts[0], default)  # load data files and compile patterns once
    nm = best_time(texts, names, args.repeat, args.warm)
    rest = best_time(texts, others, args.repeat, args.warm)
    everything = best_time(texts, default, args.repeat, args.warm)
    print(f"corpus: {len(texts)} articles, {size / 1e6:.2f} MB; best of {args.repeat}"
          f"{'; memos kept between passes' if args.warm else ''}")
    print(f"NM rules alone ({len(names)}):        {size / nm / 1e6:7.2f} MB/s ({nm:.3f} s)")
    print(f"other default rules ({len(others)}):  {size / rest / 1e6:7.2f} MB/s ({rest:.3f} s)")
    print(f"all default rules ({len(default)}):    {size / everything / 1e6:7.2f} MB/s ({everything:.3f} s)")
    forget(args.warm)
    inside = time_inside(texts, default, "NM")
    print(f"the NM rules add {100 * (everything - rest) / rest:.1f}% to the other rules' time "
          f"({100 * nm / rest:.1f}% when timed alone)")
    print(f"time spent inside the NM checks during a run of all default rules: {inside:.3f} s "
          f"({1e6 * inside / len(texts):.0f} us per article, {size / inside / 1e6:.1f} MB/s), "
          f"{100 * inside / (everything - inside):.1f}% of the rest of that run")
    return 0


def time_inside(texts: Sequence[str], rules, prefix: str) -> float:
    """CPU time spent in the ``check`` of the rules whose code starts with
    ``prefix``, during one run of all ``rules``: the share that comparing two
    whole runs (noisy on a busy machine) only estimates."""
    spent = [0.0]
    for rule in rules:
        if rule.code.startswith(prefix):
            def timed(doc, check=rule.check):
                start = time.process_time()
                found = list(check(doc))
                spent[0] += time.process_time() - start
                return found
            rule.check = timed
    for text in texts:
        lint_text(text, rules)
    return spent[0]


if __name__ == "__main__":
    sys.exit(main())
