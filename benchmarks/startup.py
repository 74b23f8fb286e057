#!/usr/bin/env python3
"""Start-up cost: wall time of `scrapelint check` on one small article file, the
price a pre-commit user pays on every commit. Prints the median of several runs.

Usage: python benchmarks/startup.py [--runs N] [--command "scrapelint"]
"""
import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = (
    "Envoy arrives for talks\n\n"
    "The envoy arrived in the capital on Sunday for a second round of talks.\n\n"
    "Officials said the meeting would focus on trade and on the release of prisoners.\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--command", default="scrapelint", help="how to start the linter")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_text(ARTICLE, encoding="utf-8")
        command = [*shlex.split(args.command), "check", str(path)]
        subprocess.run(command, capture_output=True)  # warm the file cache once
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = subprocess.run(command, capture_output=True)
            times.append(time.perf_counter() - start)
            if proc.returncode not in (0, 1):
                print(proc.stderr.decode(errors="replace"), file=sys.stderr)
                return 1
        baseline = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], capture_output=True)
            baseline.append(time.perf_counter() - start)
    print(f"scrapelint check, one small file: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms over {args.runs} runs")
    print(f"bare python start-up for comparison: median {statistics.median(baseline) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
