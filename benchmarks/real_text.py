"""Precision and throughput of the default rules on real scraped article text.

The corpus is rebuilt on your machine (no article text is in the repository):

* the pages cached in the source distributions of trafilatura 1.1.0 and
  htmldate 0.9.0 (``tests/cache/*.html``) and in newspaper4k 0.9.6
  (``tests/data/html/*.html``), downloaded with ``pip download PKG==VERSION
  --no-deps --no-binary :all:`` (pinned, and checked against their SHA-256);
* ``clean/``: each page's article text as trafilatura extracts it (its XML
  output, one paragraph per block, blank-line separated, ``<lb/>`` kept as a line
  break, table rows as ``a | b | c``, list items as ``- item``, the title put
  first when the body does not start with it);
* ``np4k/``: newspaper4k's own expected extractions (``tests/data/txt``);
* ``raw/``: the whole page as text (``html_text.extract_text(guess_layout=True)``),
  menus, footers and comments included; linted only with ``--raw``.

Pages in a non-Latin script are left out (fewer than 70 % of their letters below
U+0250), as in the hand review the labels come from. The corpus is built in a
cache folder (``~/.cache/scrapelint-real-text``, or ``--cache DIR``) once.

Extraction needs two packages that scrapelint does not depend on::

    pip install trafilatura==2.3.1 html-text==0.7.1

The labels were made on a corpus extracted with trafilatura 2.3.1, html-text
0.7.1, lxml 6.1.3, jusText 3.0.2, htmldate 1.11.0, courlan 1.4.0 and
lxml_html_clean 0.4.7 under Python 3.11; with lxml 6.2.1, which that command
installs now, the corpus is the same byte for byte. Other versions may
extract some pages differently: the labels file holds a hash of every
clean/np4k file, the script names the files that differ, and findings on lines
whose text changed are reported as unlabelled. Extraction runs without a time
limit (trafilatura's EXTRACTION_TIMEOUT = 0) and takes about half a minute.

Then the script runs scrapelint's default rules in this process through the
Python API (``lint_text``): a first pass (caches cold) and a second one (warm),
each timed in MB/s (10**6 bytes of UTF-8), and prints per rule the findings,
and how many of them ``benchmarks/real_text_labels.json`` labels true, false or
not at all, the precision over the labelled findings, and the unlabelled
findings, so that a developer can review them and add labels.

A label names the file (corpus-relative), the rule code, the 1-based row and
column, and a short hash of the line's text: it still applies when the line
moves but not when its text changes. It holds no article text.

Usage:

    python benchmarks/real_text.py                  # build the cache if needed, clean+np4k
    python benchmarks/real_text.py --raw            # whole pages as well
    python benchmarks/real_text.py --offline --output figures.json
    python benchmarks/real_text.py --write-labels   # append unlabelled findings as "unreviewed"

Exit codes: 0 when the figures were printed, 2 when the corpus could not be built
(extraction packages missing, download failed, ``--offline`` with an empty cache).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import tarfile
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
LABELS_FILE = HERE / "real_text_labels.json"
DEFAULT_CACHE = Path("~/.cache/scrapelint-real-text").expanduser()

#: (distribution, version, SHA-256 of the sdist): the pages never change.
SDISTS = [
    ("trafilatura", "1.1.0", "650678fe3b3219795ccc72d8d37d2a9dc8c3070529598fddc2809ccd27c55bc4"),
    ("htmldate", "0.9.0", "c3b89bed4e9ff7a64d26ee34b9c5112a63f2872c8b647bc1f816389c793fac3f"),
    ("newspaper4k", "0.9.6", "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e"),
]
#: The versions that extracted the labelled corpus (a difference is only warned about).
EXTRACTORS = {"trafilatura": "2.3.1", "html-text": "0.7.1", "lxml": "6.1.3", "jusText": "3.0.2",
              "htmldate": "1.11.0", "courlan": "1.4.0", "lxml_html_clean": "0.4.7"}
INSTALL = "pip install trafilatura==2.3.1 html-text==0.7.1"
#: Bumped when the extraction below changes; a cache of another version is rebuilt.
CORPUS_FORMAT = 1
SUBSETS = ("clean", "np4k", "raw")
MIN_CHARS = 300  # shorter extractions are left out
LATIN_SHARE = 0.7  # below this share of letters under U+0250 a page is non-Latin


class CorpusError(Exception):
    """The corpus cannot be built or read; the message says what to do."""


# --------------------------------------------------------------------------- corpus
def require_extractors():
    """Import trafilatura and html_text, or say exactly what to install."""
    try:
        import html_text  # noqa: F401
        import trafilatura  # noqa: F401
        from lxml import etree  # noqa: F401
    except ImportError as exc:
        raise CorpusError(
            f"building the corpus needs trafilatura and html-text, which scrapelint does not install "
            f"({exc}).\nInstall them (the versions the labels were made with) and run again:\n\n    "
            f"{INSTALL}\n") from None
    return trafilatura, html_text


def extractor_versions() -> Dict[str, Optional[str]]:
    from importlib import metadata

    found = {}
    for name in EXTRACTORS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_sdists(folder: Path) -> Dict[str, Path]:
    """Download (once) the three pinned source distributions; their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, version, sha in SDISTS:
        found = [p for p in folder.glob(f"{name}-{version}.tar.gz") if sha256_file(p) == sha]
        if not found:
            command = [sys.executable, "-m", "pip", "download", f"{name}=={version}", "--no-deps",
                       "--no-binary", ":all:", "-d", str(folder), "--quiet"]
            print("downloading:", " ".join(command[2:]), file=sys.stderr)
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
                raise CorpusError(f"`pip download {name}=={version}` failed (exit {done.returncode}):\n{tail}")
            found = list(folder.glob(f"{name}-{version}.tar.gz"))
            if not found:
                raise CorpusError(f"`pip download {name}=={version}` gave no {name}-{version}.tar.gz in {folder}")
            if sha256_file(found[0]) != sha:
                raise CorpusError(f"{found[0]} is not the expected sdist (SHA-256 differs from {sha})")
        paths[name] = found[0]
    return paths


#: The members of each sdist that the corpus is made of.
MEMBERS = {"trafilatura": ("tests/cache/", ".html"), "htmldate": ("tests/cache/", ".html"),
           "newspaper4k": ("tests/data/", (".html", ".txt"))}


def unpack(sdists: Dict[str, Path], folder: Path) -> Dict[str, Path]:
    """Unpack the test pages of each sdist into ``folder/NAME-VERSION``."""
    roots = {}
    for name, version, _ in SDISTS:
        root = folder / f"{name}-{version}"
        prefix, suffixes = MEMBERS[name]
        with tarfile.open(sdists[name]) as archive:
            for member in archive.getmembers():
                parts = member.name.split("/", 1)
                if (len(parts) != 2 or not member.isfile() or not parts[1].startswith(prefix)
                        or not parts[1].endswith(suffixes) or ".." in parts[1].split("/")):
                    continue
                target = root / parts[1]
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source:
                    target.write_bytes(source.read())
        roots[name] = root
    return roots


def read_html(path: Path) -> Optional[str]:
    data = path.read_bytes()
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return None


def one_line_per_paragraph(text: str) -> str:
    """Every non-blank line a paragraph of its own (how the raw pages are written)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t]+$", "", line) for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line.strip()) + "\n"


def is_non_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if ord(c) < 0x250)
    return latin / (len(letters) or 1) < LATIN_SHARE


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _inline_text(element) -> str:
    """An element's text with ``<lb/>`` as a line break and other white space collapsed."""
    parts = []

    def walk(node, top=False):
        if not top and node.tag == "lb":
            parts.append("\x00")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element, True)
    lines = [_ws(line) for line in "".join(parts).split("\x00")]
    return "\n".join(line for line in lines if line)


def _blocks(element) -> List[str]:
    tag = element.tag
    if tag == "list":
        items = [_inline_text(item) for item in element if item.tag == "item"]
        return ["- " + item for item in items if item]
    if tag == "code":
        code = "".join(element.itertext()).strip("\n")
        return [code] if code.strip() else []
    if tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [_ws("".join(cell.itertext())) for cell in row]
            cells = [cell for cell in cells if cell]
            if cells:
                rows.append(" | ".join(cells))
        return rows
    if tag in ("quote", "div") and len(element) and all(c.tag in ("p", "list", "head", "quote") for c in element):
        return [block for child in element for block in _blocks(child)]
    text = _inline_text(element)
    return [text] if text else []


def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def first_pass_text(html: str, config) -> Optional[str]:
    """trafilatura's plain text (no tables): decides, as in the review, which pages
    have an article at all, and whether it is in a Latin script."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, config=config, include_comments=False, include_tables=False,
                                      with_metadata=True)
    if doc is None:
        return None
    fields = doc.as_dict() if hasattr(doc, "as_dict") else doc
    body, title = fields.get("text"), fields.get("title")
    if not body or len(body) <= MIN_CHARS:
        return None
    if title and not body.startswith(title):
        body = title + "\n" + body
    return one_line_per_paragraph(body)


def clean_text(html: str, config) -> Optional[str]:
    """The article from trafilatura's XML, one paragraph per block element."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(html, config=config, output_format="xml", with_metadata=True,
                              include_comments=False, include_tables=True, include_formatting=False)
    if not xml:
        return None
    root = etree.fromstring(xml.encode("utf-8"))
    title, main = root.get("title"), root.find("main")
    if main is None:
        return None
    paragraphs = [_ws(main.text)] if main.text and main.text.strip() else []
    for child in main:
        paragraphs += _blocks(child)
        if child.tail and child.tail.strip():
            paragraphs.append(_ws(child.tail))
    body = "\n\n".join(paragraphs)
    if len(body) < MIN_CHARS:
        return None
    if title and _ws(title) and not paragraphs[0].startswith(_ws(title)):
        body = _ws(title) + "\n\n" + body
    return body + "\n"


def raw_text(html: str) -> Optional[str]:
    import html_text

    try:
        text = html_text.extract_text(html, guess_layout=True)
    except Exception:  # a page html_text cannot parse is left out, as in the review
        return None
    return one_line_per_paragraph(text) if text and len(text) > MIN_CHARS else None


def extract_corpus(roots: Dict[str, Path], out: Path) -> Dict[str, str]:
    """Write clean/, raw/ and np4k/ under ``out``; the SHA-256 of each file by relative path."""
    config = _trafilatura_config()
    sources = [("traf", roots["trafilatura"] / "tests" / "cache"), ("hdate", roots["htmldate"] / "tests" / "cache"),
               ("np4k", roots["newspaper4k"] / "tests" / "data" / "html")]
    texts: Dict[str, str] = {}
    seen_names, seen_pages = set(), set()
    for tag, folder in sources:
        for page in sorted(folder.glob("*.html")):
            name = page.name[:-len(".html")]
            html = read_html(page)
            # A page already met under another name or in another package is skipped.
            if name in seen_names or not html:
                continue
            digest = hashlib.md5(html.encode("utf-8")).hexdigest()
            if digest in seen_pages:
                continue
            seen_names.add(name)
            seen_pages.add(digest)
            first = first_pass_text(html, config)
            if first and not is_non_latin(first):
                clean = clean_text(html, config)
                if clean and not is_non_latin(clean):
                    texts[f"clean/{tag}-{name}.txt"] = clean
            raw = raw_text(html)
            if raw and not is_non_latin(raw):
                texts[f"raw/{tag}-{name}.txt"] = raw
    for page in sorted((roots["newspaper4k"] / "tests" / "data" / "txt").glob("*.txt")):
        with open(page, encoding="utf-8") as handle:  # universal newlines
            gold = handle.read()
        if len(gold) >= MIN_CHARS:
            text = one_line_per_paragraph(gold)
            if not is_non_latin(text):
                texts[f"np4k/np4kgold-{page.name}"] = text
    hashes = {}
    for rel, text in sorted(texts.items()):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        hashes[rel] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hashes


def build_corpus(cache: Path, offline: bool) -> Path:
    """The folder of the corpus in ``cache``, built first if it is not there."""
    articles = cache / "articles"
    manifest_path = articles / "MANIFEST.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if manifest and manifest.get("format") == CORPUS_FORMAT and manifest.get("files"):
        return articles
    if offline:
        raise CorpusError(f"--offline: no corpus in the cache {cache} (no {manifest_path}).\n"
                          f"Run once without --offline to download and extract it "
                          f"(needs the network and `{INSTALL}`).")
    require_extractors()
    sdists = download_sdists(cache / "sdist")
    roots = unpack(sdists, cache / "src")
    print(f"extracting article text into {articles} ...", file=sys.stderr)
    articles.mkdir(parents=True, exist_ok=True)
    for subset in SUBSETS:  # a rebuild leaves no file of an older extraction behind
        for old in (articles / subset).glob("*.txt"):
            old.unlink()
    hashes = extract_corpus(roots, articles)
    manifest = {"format": CORPUS_FORMAT, "built": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
                "python": platform.python_version(), "extractors": extractor_versions(),
                "sdists": {f"{n}-{v}": s for n, v, s in SDISTS}, "files": hashes}
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return articles


def load_corpus(articles: Path, subsets: Sequence[str]) -> List[Tuple[str, str, int]]:
    """(relative path, text, size in bytes) of every file of ``subsets``, sorted."""
    texts = []
    for subset in subsets:
        for path in sorted((articles / subset).glob("*.txt")):
            data = path.read_bytes()
            texts.append((f"{subset}/{path.name}", data.decode("utf-8"), len(data)))
    return texts


# --------------------------------------------------------------------------- linting
def default_rules():
    from lint.plugins import load_registry

    registry = load_registry()
    if registry.errors:
        print("plugin problems:", *registry.errors, sep="\n  ", file=sys.stderr)
    return [cls() for _, cls in sorted(registry.rules.items()) if cls.default_enabled]


def line_hash(line: str) -> str:
    """The short hash that ties a label to the text of a line."""
    return hashlib.sha256(line.encode("utf-8")).hexdigest()[:12]


def lint_corpus(texts, rules) -> Tuple[float, float, List[Dict]]:
    """Lint every text once: wall seconds, processor seconds, and the findings."""
    from lint.linter import lint_text

    findings = []
    start, start_cpu = time.perf_counter(), time.process_time()
    results = [(rel, text, lint_text(text, rules, rel)) for rel, text, _ in texts]
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    for rel, text, result in results:
        for failure in result.failures:
            print(failure.message(rel), file=sys.stderr)
        lines = text.split("\n")
        for d in result.diagnostics:
            row, column = d.location
            findings.append({"file": rel, "code": d.code, "row": row, "column": column,
                             "line": line_hash(lines[row - 1] if row <= len(lines) else ""),
                             "message": d.message})
    findings.sort(key=lambda f: (f["file"], f["row"], f["column"], f["code"]))
    return seconds, cpu, findings


# --------------------------------------------------------------------------- labels
VERDICTS = ("true", "false")


def load_labels(path: Path = LABELS_FILE) -> Dict:
    if not path.exists():
        return {"labels": []}
    return json.loads(path.read_text(encoding="utf-8"))


def match_labels(findings: List[Dict], labels: Iterable[Dict]) -> List[Optional[Dict]]:
    """The label of each finding (or None). A label applies to a finding of the
    same file and rule on a line with the same text hash; among several, the one
    at the same row and column is taken first, then the same row, then the
    nearest row. Each label serves one finding."""
    pool = defaultdict(list)
    for label in labels:
        pool[(label["file"], label["code"], label["line"])].append(label)
    matched: List[Optional[Dict]] = [None] * len(findings)
    groups = defaultdict(list)
    for index, finding in enumerate(findings):
        groups[(finding["file"], finding["code"], finding["line"])].append(index)
    for key, indexes in groups.items():
        free = list(pool.get(key, ()))
        for closeness in (lambda f, l: l["row"] == f["row"] and l.get("column") == f["column"],
                          lambda f, l: l["row"] == f["row"], lambda f, l: True):
            for index in indexes:
                if matched[index] is not None or not free:
                    continue
                finding = findings[index]
                candidates = [label for label in free if closeness(finding, label)]
                if candidates:
                    best = min(candidates, key=lambda l: (abs(l["row"] - finding["row"]),
                                                          abs(l.get("column", 0) - finding["column"])))
                    matched[index] = best
                    free.remove(best)
    return matched


def score(findings: List[Dict], matched: List[Optional[Dict]]) -> Dict:
    """Per rule and overall: findings, labelled true, labelled false, unlabelled, precision."""
    rows: Dict[str, Counter] = defaultdict(Counter)
    for finding, label in zip(findings, matched):
        verdict = label["verdict"] if label and label["verdict"] in VERDICTS else "unlabelled"
        rows[finding["code"]]["findings"] += 1
        rows[finding["code"]][verdict] += 1

    def figures(counts: Counter) -> Dict:
        true, false = counts["true"], counts["false"]
        return {"findings": counts["findings"], "true": true, "false": false, "unlabelled": counts["unlabelled"],
                "precision": round(true / (true + false), 4) if true + false else None}

    total = sum(rows.values(), Counter())
    return {"per_rule": {code: figures(rows[code]) for code in sorted(rows)}, "all": figures(total)}


def unreviewed_entries(findings: List[Dict], matched: List[Optional[Dict]]) -> List[Dict]:
    return [{"file": f["file"], "code": f["code"], "row": f["row"], "column": f["column"], "line": f["line"],
             "verdict": "unreviewed"} for f, label in zip(findings, matched) if label is None]


def corpus_differences(files: Dict[str, str], labels: Dict, subsets: Sequence[str]) -> List[str]:
    """Files of ``subsets`` whose text differs from (or is missing in) the labelled corpus."""
    expected = {rel: digest for rel, digest in labels.get("corpus", {}).items() if rel.split("/")[0] in subsets}
    return sorted(rel for rel in set(expected) | {r for r in files if r.split("/")[0] in subsets}
                  if files.get(rel, "")[:12] != expected.get(rel))


# --------------------------------------------------------------------------- report
def mb_per_s(megabytes: float, seconds: float) -> Optional[float]:
    return round(megabytes / seconds, 2) if seconds > 0 else None


def measure(texts, rules, labels: Dict) -> Tuple[Dict, List[Dict], List[Optional[Dict]]]:
    """Lint the texts twice (timing each pass) and score the findings against the labels."""
    megabytes = sum(size for _, _, size in texts) / 1e6
    cold, cold_cpu, findings = lint_corpus(texts, rules)
    warm, warm_cpu, again = lint_corpus(texts, rules)
    if again != findings:  # a cache that changes the results would be a bug
        print("warning: the second pass gave other findings than the first", file=sys.stderr)
    matched = match_labels(findings, labels.get("labels", []))
    figures = score(findings, matched)
    figures.update({
        "files": len(texts), "megabytes": round(megabytes, 3),
        "cold": {"seconds": round(cold, 3), "mb_per_s": mb_per_s(megabytes, cold),
                 "cpu_seconds": round(cold_cpu, 3), "cpu_mb_per_s": mb_per_s(megabytes, cold_cpu)},
        "warm": {"seconds": round(warm, 3), "mb_per_s": mb_per_s(megabytes, warm),
                 "cpu_seconds": round(warm_cpu, 3), "cpu_mb_per_s": mb_per_s(megabytes, warm_cpu)},
        "unlabelled": [dict(f) for f, label in zip(findings, matched) if label is None or
                       label["verdict"] not in VERDICTS],
    })
    return figures, findings, matched


def _percent(value: Optional[float]) -> str:
    return f"{100 * value:5.1f} %" if value is not None else "    –  "


def report(name: str, figures: Dict, labelled: bool = True, out=None) -> None:
    """Print the figures of one part of the corpus; without ``labelled`` only the findings per rule."""
    out = out or sys.stdout
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"{name}: {figures['files']} files, {figures['megabytes']:.2f} MB")
    first = "first pass (caches cold)" if figures.get("cold_caches", True) else "first pass"
    for run, label in (("cold", first), ("warm", "second pass (warm)")):
        r = figures[run]
        p(f"  {label:25s} {r['mb_per_s']:7.2f} MB/s  ({r['seconds']:.2f} s wall, "
          f"{r['cpu_mb_per_s']:.2f} MB/s of processor time)")
    rows = list(figures["per_rule"].items()) + [("all", figures["all"])]
    if not labelled:
        p(f"  {'rule':5s} {'findings':>8s}")
        for code, row in rows:
            p(f"  {code:5s} {row['findings']:8d}")
        return
    p(f"  {'rule':5s} {'findings':>8s} {'true':>5s} {'false':>5s} {'unlabelled':>10s}  precision")
    for code, row in rows:
        p(f"  {code:5s} {row['findings']:8d} {row['true']:5d} {row['false']:5d} {row['unlabelled']:10d}  "
          f"{_percent(row['precision'])}")
    a = figures["all"]
    if a["precision"] is not None:
        p(f"  precision over the {a['true'] + a['false']} labelled findings: {_percent(a['precision']).strip()}")
    unlabelled = figures["unlabelled"]
    if unlabelled:
        p(f"  unlabelled findings ({len(unlabelled)}; review them and add their labels to {LABELS_FILE.name}):")
        for f in unlabelled:
            p(f"    {f['file']}:{f['row']}:{f['column']} {f['code']} {f['message']}")
    else:
        p("  every finding is labelled")


def dump_labels(labels: Dict) -> str:
    """The labels file's text: one label (and one corpus file) per line, for readable diffs."""
    def block(value, one_per_line):
        if isinstance(value, list) and one_per_line:
            return "[\n" + ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in value) + "\n ]"
        if isinstance(value, dict) and one_per_line:
            return "{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                                        for k, v in value.items()) + "\n }"
        return json.dumps(value, ensure_ascii=False)

    body = ",\n".join(f" {json.dumps(key)}: {block(value, key in ('labels', 'corpus'))}"
                       for key, value in labels.items())
    return "{\n" + body + "\n}\n"


def write_unreviewed(path: Path, labels: Dict, entries: List[Dict]) -> int:
    """Append ``entries`` (verdict "unreviewed") to the labels file; how many were new."""
    known = {(l["file"], l["code"], l["row"], l.get("column"), l["line"]) for l in labels.get("labels", [])}
    new = [e for e in entries if (e["file"], e["code"], e["row"], e["column"], e["line"]) not in known]
    if new:
        labels.setdefault("labels", []).extend(new)
        path.write_text(dump_labels(labels), encoding="utf-8")
    return len(new)


def main(argv: Sequence[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", metavar="DIR", type=Path, default=DEFAULT_CACHE,
                        help=f"where the corpus is built and kept (default {DEFAULT_CACHE})")
    parser.add_argument("--raw", action="store_true", help="also lint the whole-page text (raw/), unlabelled")
    parser.add_argument("--offline", action="store_true", help="use the cache only; fail if it holds no corpus")
    parser.add_argument("--output", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--labels", metavar="FILE", type=Path, default=LABELS_FILE, help=argparse.SUPPRESS)
    parser.add_argument("--write-labels", action="store_true",
                        help="append the unlabelled clean+np4k findings to the labels file as \"unreviewed\"")
    args = parser.parse_args(argv)

    try:
        articles = build_corpus(args.cache.expanduser(), args.offline)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    manifest = json.loads((articles / "MANIFEST.json").read_text(encoding="utf-8"))
    labels = load_labels(args.labels)
    rules = default_rules()

    figures = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
               "command": " ".join(["python", "benchmarks/real_text.py",
                                    *(argv if argv is not None else sys.argv[1:])]),
               "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "cache": str(articles), "extractors": manifest.get("extractors"), "rules": len(rules)}
    differing = corpus_differences(manifest["files"], labels, ("clean", "np4k"))
    figures["files_differing_from_labelled_corpus"] = differing
    print(f"{len(rules)} default rules; corpus in {articles}")
    if differing:
        used, expected = manifest.get("extractors") or {}, labels.get("extractors") or {}
        versions = [f"{name} {used.get(name)} (labels: {version})" for name, version in expected.items()
                    if used.get(name) != version]
        print(f"note: {len(differing)} clean/np4k files differ from the labelled corpus, so findings on changed "
              f"lines are unlabelled: {', '.join(differing[:5])}{' ...' if len(differing) > 5 else ''}"
              + (f"\n      extracted with {', '.join(versions)}" if versions else ""))

    texts = load_corpus(articles, ("clean", "np4k"))
    figures["clean+np4k"], findings, matched = measure(texts, rules, labels)
    report("clean+np4k", figures["clean+np4k"])
    if args.raw:
        raw, _, _ = measure(load_corpus(articles, ("raw",)), rules, labels)
        raw["cold_caches"] = False  # the clean+np4k passes ran before in this process
        figures["raw"] = raw
        print()
        report("raw (whole pages; not reviewed, so no precision)", raw, labelled=False)
        raw["unlabelled"] = len(raw["unlabelled"])
    if args.write_labels:
        added = write_unreviewed(args.labels, labels, unreviewed_entries(findings, matched))
        print(f"{added} unlabelled findings appended to {args.labels} as \"unreviewed\"")
    if args.output:
        Path(args.output).write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
