"""Single-process throughput of the default rules, and of the command line.

Generates a deterministic corpus of article-sized files (English news-like
paragraphs with a sprinkling of the defects every rule family looks for), or
reads the .txt files of a folder given as argument, then measures:

* all default rules together through the Python API (``lint_text``), in MB/s;
* each default rule on its own (``lint_text`` with that one rule), in MB/s;
* the baseline of building the document model with no rule at all;
* a reference workload on the same texts, ``ftfy.fix_text``, whose speed says how
  fast the machine is: the target of 5 MB/s was set on machines where ftfy.fix_text
  ran at 4.3 MB/s, so the rules meet it on any machine when they run at least
  5 / 4.3 = 1.16 times as fast as ftfy.fix_text there;
* optionally (``--cli``) ``scrapelint check DIR --output-format json --jobs N``
  end to end, timed with subprocess; skipped with a note if the command fails.

MB are 10**6 bytes of UTF-8 file content. Usage:

    python benchmarks/throughput.py                     # 3000 generated files
    python benchmarks/throughput.py --files 500 --cli --jobs 1 2
    python benchmarks/throughput.py path/to/articles --output figures.json
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

# --------------------------------------------------------------------------- corpus
PEOPLE = [
    ("Kim Jong-un", "Kim Jong Un"), ("Moon Jae-in", "Moon Jae In"), ("Mike Pompeo", None),
    ("Helen Barros", None), ("Park Ji-won", "Park Ji Won"), ("Ursula von der Leyen", None),
    ("Choi Min-seo", "Choi Min Seo"), ("Tom Okafor", None), ("Priya Raman", None),
]
PLACES = ["Seoul", "Pyongyang", "Tokyo", "Beijing", "Brussels", "Busan", "Felixstowe", "Geneva",
          "Singapore", "Washington", "Lagos", "Lisbon", "Warsaw", "Nairobi"]
ROLES = ["the trade minister", "the foreign minister", "a senior official", "the spokeswoman",
         "the union's general secretary", "the central bank governor", "the regional governor",
         "a government adviser", "the opposition leader", "the chief negotiator"]
SUBJECTS = ["The talks", "The agreement", "The proposal", "The ministry", "The delegation",
            "The committee", "The council", "Negotiators", "Officials", "Analysts", "The union",
            "The company", "Investors", "Farm groups", "The regulator"]
VERBS = ["said", "warned", "announced", "confirmed", "argued", "suggested", "insisted", "noted",
         "acknowledged", "reported"]
CLAUSES = [
    "that progress had been made on the main points of the plan",
    "that a second round of talks would take place next month",
    "that the measures would be reviewed before the end of the year",
    "that prices had risen sharply since the spring",
    "that the deal could reopen the busiest harbour within days",
    "that no date had been set for the signing ceremony",
    "that the working group would meet every week until the summer",
    "that the offer met most of the demands made in January",
    "that supplies could run short if the winter was cold",
    "that the decision would be announced after the meeting of the cabinet",
    "that the country would not accept any conditions set in advance",
    "that the reform would take several years to show results",
]
TAILS = ["on Sunday", "on Monday", "in a statement", "at a news conference", "late on Friday",
         "in an interview", "after the meeting", "according to local media", "in a written reply"]
QUOTES = [
    "We have always said that a fair offer would end this dispute",
    "The timing and the venue are still being discussed",
    "We continue to make progress on the agreements made last year",
    "There will be many steps along the way and we took one of them today",
    "Nobody wants a long dispute, least of all the families who depend on it",
]
CHROME = ["Sign up for our free daily newsletter", "Related news", "Comments", "Credit: Reuters",
          "Recommended For You", "Leave a Reply", "Thank you for registering", "Recent Features",
          "Your email address will not be published. Required fields are marked *",
          "Stay up to date with notifications from The Morning Ledger", "Join our commenting forum"]
HEADLINES = ["Ministers Agree to Cut Tariffs on Farm Goods", "Port Workers End Strike After Talks",
             "Grid Operators Brace for a Cold Winter", "Envoy Meets Leader in Surprise Visit",
             "Council to Review Rules for Commercial Leases", "Floods Hit Three Towns in the North"]


def _sentence(rng: random.Random, names: Sequence[str]) -> str:
    kind = rng.random()
    place = rng.choice(PLACES)
    if kind < 0.25:
        return f"{rng.choice(names)} {rng.choice(VERBS)} {rng.choice(CLAUSES)} {rng.choice(TAILS)}."
    if kind < 0.4:
        return f"\u201c{rng.choice(QUOTES)},\u201d {rng.choice(ROLES)} {rng.choice(VERBS)} in {place}."
    if kind < 0.5:
        return f"In {place}, {rng.choice(ROLES)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}."
    if kind < 0.6:
        return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}, and {rng.choice(CLAUSES)[5:]}."
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TAILS)} {rng.choice(CLAUSES)}."


# Each defect turns a clean paragraph into a faulty one (or adds a line).
def _defects(rng: random.Random, person: Tuple[str, str]) -> List:
    name, variant = person
    return [
        lambda p: p.replace("country's", "country\u2018s", 1).replace(" the ", " the country\u2018s ", 1),
        lambda p: p.replace(",\u201d", ",\u201c", 1),  # a quotation closed with an opening quote
        lambda p: p[:-1] + " \u201c." if p.endswith(".") else p,
        lambda p: p.replace(".", " .", 1),
        lambda p: p.replace("e ", "\u00c3\u00a9 ", 1) if rng.random() < 0.3 else p.replace("'s", "\u00e2\u20ac\u2122s", 1)
        + " The caf\u00c3\u00a9 was closed.",
        lambda p: p.replace(" and ", " &amp; ", 1),
        lambda p: p + "<br>",
        lambda p: p.replace(" the ", " the the ", 1),
        lambda p: p.replace(" would ", " would\u200b ", 1),
        lambda p: p + "   ",
        lambda p: p.replace(" ", "  ", 1).replace(" that ", " that\u00a0 ", 1),
        lambda p: p.rsplit(" ", 4)[0] + "...",
        lambda p: p.rsplit(" ", 3)[0],
        lambda p: p + f" {variant or name} said.",
        lambda p: p.replace(". ", ". said the spokesman. ", 1),
        lambda p: p + " Please refresh the page to be signed inPlease refresh your browser",
    ]


def make_article(rng: random.Random) -> str:
    person = rng.choice(PEOPLE)
    others = [p[0] for p in rng.sample(PEOPLE, 2)]
    names = [person[0], *others, rng.choice(ROLES).capitalize()]
    headline = rng.choice(HEADLINES)
    blocks: List[str] = []
    if rng.random() < 0.4:
        blocks.append(rng.choice(CHROME))
    blocks.append(headline)
    if rng.random() < 0.3:
        blocks.append(headline)  # a repeated headline
    target = rng.randint(3000, 5000)
    size = sum(len(b) for b in blocks)
    defects = _defects(rng, person)
    while size < target:
        paragraph = " ".join(_sentence(rng, names) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.15:
            paragraph = rng.choice(defects)(paragraph)
        blocks.append(paragraph)
        size += len(paragraph)
        if rng.random() < 0.04:
            blocks.append("")  # a run of blank lines
    for _ in range(rng.randint(0, 3)):
        blocks.append(rng.choice(CHROME))
    # Scrapers seldom write a final newline.
    return "\n\n".join(blocks) + ("\n" if rng.random() < 0.3 else "")


def generate_corpus(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for index in range(count):
        (folder / f"article_{index:05d}.txt").write_text(make_article(rng), encoding="utf-8")


# --------------------------------------------------------------------------- timing
def load_texts(folder: Path) -> List[Tuple[str, str, int]]:
    texts = []
    for path in sorted(folder.rglob("*.txt")):
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r\n", "\n")
        texts.append((str(path), text, len(raw)))
    return texts


def time_rules(texts, rules, repeat: int) -> Tuple[float, int, float]:
    """The best of ``repeat`` runs of ``lint_text`` over the corpus: wall seconds,
    the count of findings, and processor seconds (which other work on a shared
    machine disturbs less than the wall clock)."""
    from lint.linter import lint_text

    best, best_cpu, findings = float("inf"), float("inf"), 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        count = 0
        for path, text, _size in texts:
            result = lint_text(text, rules, path)
            count += len(result.diagnostics)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
        findings = count
    return best, findings, best_cpu


def time_document_model(texts, repeat: int) -> float:
    """Building every document's lines and paragraphs, which rules share."""
    from lint.document import Document

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for path, text, _size in texts:
            doc = Document(text, path)
            doc.lines, doc.paragraphs
        best = min(best, time.perf_counter() - start)
    return best


#: The throughput target, and the speed of the reference workload on the machines
#: where the target was set: the target holds on a machine when the rules run at
#: least TARGET / REFERENCE_AT_TARGET times as fast as the reference there.
TARGET_MB_PER_S = 5.0
REFERENCE_AT_TARGET_MB_PER_S = 4.3


def time_reference(texts, repeat: int) -> float:
    """Processor seconds of ``ftfy.fix_text`` over the corpus, best of ``repeat``:
    a fixed workload that tells how fast this machine runs Python text code."""
    import ftfy

    ftfy.fix_text(texts[0][1])  # (its first call builds tables)
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _path, text, _size in texts:
            ftfy.fix_text(text)
        best = min(best, time.process_time() - start)
    return best


def machine() -> Dict:
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform()}


def measure_api(texts, repeat: int) -> Dict:
    from lint.plugins import load_registry

    registry = load_registry()
    if registry.errors:
        print("plugin problems:", *registry.errors, sep="\n  ", file=sys.stderr)
    classes = [cls for _, cls in sorted(registry.rules.items()) if cls.default_enabled]
    rules = [cls() for cls in classes]
    megabytes = sum(size for _, _, size in texts) / 1e6

    baseline, _, _ = time_rules(texts, [], repeat)
    model = time_document_model(texts, repeat)
    combined, findings, combined_cpu = time_rules(texts, rules, repeat)
    reference = time_reference(texts, repeat)
    per_rule = {}
    for rule in rules:
        seconds, count, _ = time_rules(texts, [rule], repeat)
        per_rule[rule.code] = {
            "name": rule.name, "seconds": round(seconds, 4), "mb_per_s": round(megabytes / seconds, 2),
            "rule_seconds": round(max(seconds - baseline, 0.0), 4), "findings": count,
        }
    return {
        "megabytes": round(megabytes, 3),
        "files": len(texts),
        "rules": len(rules),
        "baseline_seconds": round(baseline, 4),
        "baseline_mb_per_s": round(megabytes / baseline, 2) if baseline else None,
        "document_model_seconds": round(model, 4),
        "document_model_mb_per_s": round(megabytes / model, 2),
        "combined_seconds": round(combined, 4),
        "combined_mb_per_s": round(megabytes / combined, 2),
        "combined_cpu_seconds": round(combined_cpu, 4),
        "combined_cpu_mb_per_s": round(megabytes / combined_cpu, 2),
        "findings": findings,
        "reference_mb_per_s": round(megabytes / reference, 2),
        "ratio_to_reference": round(reference / combined_cpu, 2),
        "target_ratio": round(TARGET_MB_PER_S / REFERENCE_AT_TARGET_MB_PER_S, 2),
        "per_rule": per_rule,
    }


def measure_cli(folder: Path, jobs: Sequence[int], megabytes: float) -> Dict:
    exe = shutil.which("scrapelint")
    base = [exe] if exe else [sys.executable, "-m", "lint"]
    runs = {}
    for n in jobs:
        command = base + ["check", str(folder), "--output-format", "json", "--jobs", str(n), "--isolated"]
        start = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=folder)
        except OSError as exc:
            return {"skipped": f"could not run {' '.join(command)}: {exc}"}
        seconds = time.perf_counter() - start
        # 1 only means findings remain; 2 may mean that some file could not be read,
        # and the report of the others still counts if it is there.
        try:
            findings = len(json.loads(done.stdout)) if done.returncode in (0, 1, 2) else None
        except ValueError:
            findings = None
        if findings is None:
            note = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            return {"skipped": f"`scrapelint check` failed (exit {done.returncode}): {note[0]}"}
        runs[str(n)] = {"seconds": round(seconds, 3), "mb_per_s": round(megabytes / seconds, 2),
                        "findings": findings}
        if done.returncode == 2:
            last = done.stderr.strip().splitlines()[-1:] or [""]
            runs[str(n)]["note"] = f"exit 2, some files were not processed: {last[0]}"
    return {"command": " ".join(base + ["check", "DIR", "--output-format", "json", "--jobs", "N"]),
            "runs": runs}


def report(figures: Dict) -> None:
    api = figures["api"]
    print(f"corpus: {api['files']} files, {api['megabytes']:.2f} MB; {api['rules']} default rules; "
          f"best of {figures['repeat']}")
    print(f"all default rules together: {api['combined_mb_per_s']:8.2f} MB/s "
          f"({api['combined_seconds']:.2f} s wall, {api['findings']} findings); "
          f"{api['combined_cpu_mb_per_s']:.2f} MB/s of processor time ({api['combined_cpu_seconds']:.2f} s)")
    met = "met" if api["ratio_to_reference"] >= api["target_ratio"] else "NOT met"
    print(f"reference, ftfy.fix_text:   {api['reference_mb_per_s']:8.2f} MB/s of processor time: the rules run "
          f"{api['ratio_to_reference']:.2f} times as fast (target {api['target_ratio']:.2f}: {met})")
    print(f"lint_text with no rule:     {api['baseline_mb_per_s']:8.2f} MB/s ({api['baseline_seconds']:.2f} s)")
    print(f"lines and paragraphs built: {api['document_model_mb_per_s']:8.2f} MB/s "
          f"({api['document_model_seconds']:.2f} s; shared by the rules that use them)")
    print("each rule alone (slowest first):")
    ranked = sorted(api["per_rule"].items(), key=lambda item: -item[1]["seconds"])
    for code, row in ranked:
        print(f"  {code} {row['name']:42s} {row['mb_per_s']:9.2f} MB/s  {row['seconds']:7.3f} s "
              f"(rule share {row['rule_seconds']:.3f} s)  {row['findings']:6d} findings")
    cli = figures.get("cli")
    if cli:
        if "skipped" in cli:
            print(f"command line: skipped: {cli['skipped']}")
        else:
            for n, row in cli["runs"].items():
                note = f"; {row['note']}" if "note" in row else ""
                print(f"command line --jobs {n}: {row['mb_per_s']:.2f} MB/s ({row['seconds']:.2f} s, "
                      f"{row['findings']} findings{note})")


def main(argv: Sequence[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", help="read the .txt files of this folder instead of generating")
    parser.add_argument("--files", type=int, default=3000, help="articles to generate (default 3000)")
    parser.add_argument("--seed", type=int, default=20181007, help="random seed of the generated corpus")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the best counts")
    parser.add_argument("--cli", action="store_true", help="also time `scrapelint check` end to end")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values for --cli")
    parser.add_argument("--keep", metavar="DIR", help="write the generated corpus to DIR and keep it")
    parser.add_argument("--output", metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="scrapelint-bench-") as tmp:
        if args.folder:
            folder = Path(args.folder)
        else:
            folder = Path(args.keep or tmp)
            folder.mkdir(parents=True, exist_ok=True)
            generate_corpus(folder, args.files, args.seed)
        texts = load_texts(folder)
        if not texts:
            parser.error(f"no .txt files in {folder}")
        figures = {
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
            "machine": machine(),
            "corpus": str(args.folder) if args.folder else f"generated: {args.files} files, seed {args.seed}",
            "repeat": args.repeat,
            "api": measure_api(texts, args.repeat),
        }
        if args.cli:
            figures["cli"] = measure_cli(folder, args.jobs, figures["api"]["megabytes"])
    report(figures)
    if args.output:
        Path(args.output).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
