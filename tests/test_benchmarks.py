"""The benchmark scripts still run: a tiny corpus through each measurement they
print, so that a change to the engine or the rules cannot leave them broken.
(The figures themselves are never asserted: they depend on the machine.)"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_throughput_script_measures_a_generated_corpus(tmp_path):
    figures_file = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "throughput.py"), "--files", "6", "--keep", str(tmp_path / "corpus"),
         "--output", str(figures_file)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "all default rules together" in proc.stdout
    assert len(list((tmp_path / "corpus").glob("*.txt"))) == 6
    api = json.loads(figures_file.read_text(encoding="utf-8"))["api"]
    assert api["files"] == 6 and api["findings"] > 0
    assert api["combined_mb_per_s"] > 0 and api["combined_cpu_mb_per_s"] > 0
    assert set(api["per_rule"]) and all(row["findings"] >= 0 for row in api["per_rule"].values())
    # The reference workload, and how the rules compare with it, against the target's ratio.
    assert api["reference_mb_per_s"] > 0 and api["ratio_to_reference"] > 0 and api["target_ratio"] == 1.16
    assert "reference, ftfy.fix_text" in proc.stdout


def _real_text_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("real_text", ROOT / "benchmarks" / "real_text.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_corpus(articles, files):
    """A cache as real_text.py leaves it, without downloading or extracting anything."""
    import hashlib

    hashes = {}
    for rel, text in files.items():
        (articles / rel).parent.mkdir(parents=True, exist_ok=True)
        (articles / rel).write_text(text, encoding="utf-8")
        hashes[rel] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (articles / "MANIFEST.json").write_text(json.dumps({"format": 1, "files": hashes}), encoding="utf-8")


def test_real_text_scores_findings_against_labels_that_follow_moved_lines(tmp_path, capsys):
    real_text = _real_text_module()
    article = ("Ministers agree to cut tariffs\n\nThe talks ended on Sunday. The envoy said the deal was close.\n\n"
               "Related Stories\n\nSign up for our free daily newsletter\n\nThe the talks resume in May.\n")
    texts = [("clean/a.txt", article, len(article.encode()))]
    _, _, findings = real_text.lint_corpus(texts, real_text.default_rules())
    assert len(findings) >= 3, findings
    labels = [dict(finding, verdict=verdict) for finding, verdict in zip(findings, ["true", "false", "true"])]
    for label in labels:
        del label["message"]
    # Two paragraphs put above move every line down by four rows: the labels still apply,
    # except to the line whose text changed (its label no longer matches, so it is unlabelled).
    changed = findings[2]
    lines = article.split("\n")
    lines[changed["row"] - 1] += " Again."
    moved = "A new first paragraph.\n\nAnd a second one.\n\n" + "\n".join(lines)
    cache = tmp_path / "cache"
    _write_corpus(cache / "articles", {"clean/a.txt": moved, "np4k/b.txt": "A plain paragraph.\n"})
    labels_file = tmp_path / "labels.json"
    labels_file.write_text(json.dumps({"labels": labels}), encoding="utf-8")
    figures_file = tmp_path / "figures.json"

    code = real_text.main(["--cache", str(cache), "--offline", "--labels", str(labels_file),
                           "--output", str(figures_file), "--write-labels"])
    out = capsys.readouterr().out
    assert code == 0
    figures = json.loads(figures_file.read_text(encoding="utf-8"))["clean+np4k"]
    assert figures["files"] == 2
    assert figures["all"]["true"] == 1 and figures["all"]["false"] == 1
    assert figures["all"]["precision"] == 0.5
    assert figures["all"]["unlabelled"] == figures["all"]["findings"] - 2
    assert f"clean/a.txt:{changed['row'] + 4}:" in out and changed["code"] in out
    assert "precision over the 2 labelled findings: 50.0 %" in out
    assert "first pass (caches cold)" in out and "second pass (warm)" in out
    # --write-labels appended the unlabelled findings as "unreviewed", once.
    written = json.loads(labels_file.read_text(encoding="utf-8"))["labels"]
    assert [l["verdict"] for l in written].count("unreviewed") == figures["all"]["unlabelled"]
    assert real_text.write_unreviewed(labels_file, {"labels": written}, [dict(l) for l in written[3:]]) == 0


def test_real_text_labels_file_holds_verdicts_without_article_text():
    labels = json.loads((ROOT / "benchmarks" / "real_text_labels.json").read_text(encoding="utf-8"))
    assert labels["labels"] and labels["corpus"]
    for label in labels["labels"]:
        assert set(label) <= {"file", "code", "row", "column", "line", "verdict", "source", "note"}
        assert label["verdict"] in ("true", "false", "unreviewed")
        assert label["file"].split("/")[0] in ("clean", "np4k") and len(label["line"]) == 12
        assert len(label.get("note", "")) < 120  # a reason in a few words, never a quotation


def test_real_text_says_what_to_install_without_trafilatura(tmp_path, monkeypatch, capsys):
    real_text = _real_text_module()
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura raises ImportError
    monkeypatch.setattr(real_text, "download_sdists", lambda folder: (_ for _ in ()).throw(AssertionError("no")))
    assert real_text.main(["--cache", str(tmp_path / "cache")]) == 2
    err = capsys.readouterr().err
    assert "pip install trafilatura==2.3.1 html-text" in err
    assert real_text.main(["--cache", str(tmp_path / "cache"), "--offline"]) == 2
    assert "--offline: no corpus in the cache" in capsys.readouterr().err
