"""The command line end to end: formats, exit codes, fixes, selection, stdin."""
import json
import os
from xml.etree import ElementTree

import pytest

from helpers import json_diagnostics, run_cli, run_process

ARTICLE = "Talks resume in Pyongyang\n\nTalks resume in Pyongyang   \n\nThe envoy arrived on Sunday.\n"
CONTRACT = {"code", "name", "message", "severity", "filename", "location", "end_location", "fix"}


@pytest.fixture
def article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_json_contract(capsys, article):
    code, found, _ = json_diagnostics(capsys, "--select", "DU01,WS01", str(article))
    assert code == 1
    assert [(d["code"], d["location"], d["end_location"]) for d in found] == [
        ("DU01", {"row": 3, "column": 1}, {"row": 3, "column": 29}),
        ("WS01", {"row": 3, "column": 26}, {"row": 3, "column": 29}),
    ]
    for d in found:
        assert CONTRACT <= set(d)
        assert d["fix"]["applicability"] == "safe"
        for edit in d["fix"]["edits"]:
            assert set(edit) == {"content", "location", "end_location"}
    assert found[1]["fix"]["edits"] == [
        {"content": "", "location": {"row": 3, "column": 26}, "end_location": {"row": 3, "column": 29}}]


def test_json_lines_and_concise(capsys, article):
    code, out, _ = run_cli(capsys, "check", "--select", "DU01", "--output-format", "json-lines", str(article))
    assert code == 1 and [json.loads(line)["code"] for line in out.splitlines()] == ["DU01"]
    code, out, _ = run_cli(capsys, "check", "--select", "DU01", "--output-format", "concise", str(article))
    assert out.splitlines()[0] == f"{article}:3:1: DU01 Repeats line 1"
    assert "1 fixable with --fix" in out


def test_full_format_shows_source_and_fix(capsys, article):
    _, out, _ = run_cli(capsys, "check", "--select", "WS01", str(article))
    assert "3 | Talks resume in Pyongyang   " in out
    assert "  |                          ^^^" in out
    assert "= fix: Remove trailing whitespace" in out


def test_full_format_aligns_the_fix_with_the_gutter(capsys, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Fine line.\n" * 11 + "Trailing.   \n", encoding="utf-8")
    _, out, _ = run_cli(capsys, "check", "--isolated", "--select", "WS01", str(path))
    lines = out.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("12 | "))
    assert lines[row - 1] == "   |" and lines[row + 2].startswith("   = fix: ")


def test_github_sarif_junit(capsys, article):
    _, out, _ = run_cli(capsys, "check", "--select", "WS01", "--output-format", "github", str(article))
    assert out.startswith(f"::warning file={article},line=3,col=26,endLine=3,endColumn=29,title=WS01 whitespace.trailing::")
    _, out, _ = run_cli(capsys, "check", "--select", "WS01,DU01", "--output-format", "sarif", str(article))
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["DU01", "WS01"]
    result = run["results"][1]
    assert result["ruleId"] == "WS01" and run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "WS01"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 26, "endLine": 3, "endColumn": 29}
    assert result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": ""}
    _, out, _ = run_cli(capsys, "check", "--select", "WS01", "--output-format", "junit", str(article))
    suite = ElementTree.fromstring(out)
    assert suite.get("failures") == "1" and suite.find(".//failure").get("type") == "WS01"


def test_fix_rewrites_and_second_fix_changes_nothing(capsys, article):
    code, out, _ = run_cli(capsys, "check", "--select", "DU01,WS01", "--fix", str(article))
    assert code == 0 and "Fixed 1 finding" in out
    assert article.read_text(encoding="utf-8") == "Talks resume in Pyongyang\n\nThe envoy arrived on Sunday.\n"
    code, out, _ = run_cli(capsys, "check", "--select", "DU01,WS01", "--fix", "--exit-non-zero-on-fix", str(article))
    assert code == 0 and "Fixed" not in out


def test_show_fixes_lists_the_files_fixed(capsys, article):
    code, out, _ = run_cli(capsys, "check", "--select", "DU01,WS01", "--fix", "--show-fixes", str(article))
    assert code == 0 and out.endswith(f"Fixes applied:\n  {article}: 1 fix\n")
    code, out, _ = run_cli(capsys, "check", "--select", "DU01,WS01", "--fix", str(article.parent))
    assert "Fixes applied" not in out


def test_exit_non_zero_on_fix(capsys, article):
    code, _, _ = run_cli(capsys, "check", "--select", "WS01", "--fix", "--exit-non-zero-on-fix", str(article))
    assert code == 1
    assert "   \n" not in article.read_text(encoding="utf-8")


def test_diff_changes_nothing(capsys, article):
    code, out, err = run_cli(capsys, "check", "--select", "DU01,WS01", "--diff", str(article))
    assert code == 1
    assert "-Talks resume in Pyongyang   \n" in out and "Would fix 1 finding" in err
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_exit_zero_statistics_and_clean_exit(capsys, article):
    code, out, _ = run_cli(capsys, "check", "--select", "DU01,WS01", "--statistics", "--exit-zero", str(article))
    assert code == 0
    assert out.splitlines()[:2] == ["1  DU01  [*] duplication.repeated-paragraph", "1  WS01  [*] whitespace.trailing"]
    code, out, _ = run_cli(capsys, "check", "--select", "DU01", "--statistics", "--output-format", "json", str(article))
    assert json.loads(out) == [{"code": "DU01", "name": "duplication.repeated-paragraph", "count": 1, "fixable": 1}]
    (article.parent / "clean.txt").write_text("The envoy arrived on Sunday.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", "--select", "DU01,WS01", str(article.parent / "clean.txt"))
    assert code == 0 and "All checks passed" in out


def test_selection_by_prefix_name_family_and_ignore(capsys, article):
    for selector in ("WS", "W", "WS01", "whitespace.trailing", "whitespace"):
        _, found, _ = json_diagnostics(capsys, "--select", selector, str(article))
        assert {d["code"] for d in found} == {"WS01"}, selector
    _, found, _ = json_diagnostics(capsys, "--select", "DU01,WS01", "--ignore", "WS", str(article))
    assert {d["code"] for d in found} == {"DU01"}
    code, _, err = run_cli(capsys, "check", "--select", "ZZ99", str(article))
    assert code == 2 and "'ZZ99' names no rule" in err


def test_folder_search_and_stable_parallel_order(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(40):
        folder = tmp_path / "corpus" / f"part{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:02}.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "corpus" / "notes.md").write_text(ARTICLE, encoding="utf-8")  # not included
    _, serial, _ = run_cli(capsys, "check", "--output-format", "json", "--jobs", "1", "corpus")
    _, parallel, _ = run_cli(capsys, "check", "--output-format", "json", "--jobs", "2", "corpus")
    assert serial == parallel
    names = [d["filename"] for d in json.loads(serial)]
    assert len(set(names)) == 40 and names == sorted(names)


def test_stdin(tmp_path):
    proc = run_process("check", "--select", "WS01", "--output-format", "concise", "-", "--stdin-filename", "in.txt",
                       stdin="Line one.  \n".encode())
    assert proc.returncode == 1 and proc.stdout.startswith(b"in.txt:1:10: WS01")
    proc = run_process("check", "--select", "WS01", "--fix", "-", stdin="Line one.  \r\nTwo.\r\n".encode())
    assert proc.returncode == 0 and proc.stdout == b"Line one.\r\nTwo.\r\n"


def test_bad_inputs_are_reported_and_others_still_checked(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    os.symlink(tmp_path, tmp_path / "loop")  # a folder that contains itself
    code, found, err = json_diagnostics(capsys, "--select", "DU01", ".", "missing.txt")
    assert code == 2
    assert [d["filename"] for d in found] == ["./good.txt"]
    assert "binary.txt: binary file (NUL byte at offset 4)" in err
    assert "latin1.txt: not valid UTF-8: byte 0xe9 at offset 3" in err
    assert "empty.txt: empty file" in err
    assert "missing.txt: no such file or folder" in err


def test_unreadable_file(capsys, tmp_path, monkeypatch):
    """A file the user may not read (simulated: the tests may run as root, who reads all)."""
    import lint.source

    path = tmp_path / "secret.txt"
    path.write_text("text\n")
    (tmp_path / "other.txt").write_text("Other text.  \n")

    def refuse(name, mode="r", *args, **kwargs):
        if str(name).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(name))
        return open(name, mode, *args, **kwargs)

    monkeypatch.setattr(lint.source, "open", refuse, raising=False)
    code, out, err = run_cli(capsys, "check", "--select", "WS01", "--output-format", "concise", str(tmp_path))
    assert code == 2 and "secret.txt: Permission denied" in err
    assert "other.txt:1:12: WS01" in out


def test_bom_and_crlf_survive_a_fix(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst line.  \r\nSecond line.\r\n")
    code, _, _ = run_cli(capsys, "check", "--select", "WS01", "--fix", str(path))
    assert code == 0
    assert path.read_bytes() == b"\xef\xbb\xbfFirst line.\r\nSecond line.\r\n"


def test_fix_keeps_permissions(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("First line.  \n")
    path.chmod(0o640)
    run_cli(capsys, "check", "--select", "WS01", "--fix", str(path))
    assert path.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".scrapelint-")]


def test_jsonl_corpus_records(capsys, tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": 1, "text": "Clean text."}), json.dumps({"id": 2, "text": "Trailing.  \nNext."})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, found, _ = json_diagnostics(capsys, "--select", "WS01", str(path))
    assert code == 1 and [(d["record"], d["location"]["row"]) for d in found] == [(2, 1)]
    run_cli(capsys, "check", "--select", "WS01", "--fix", str(path))
    first, second = path.read_text(encoding="utf-8").splitlines()
    assert first == lines[0]  # untouched records stay byte for byte
    assert json.loads(second) == {"id": 2, "text": "Trailing.\nNext."}


def test_rules_and_rule(capsys):
    code, out, _ = run_cli(capsys, "rules")
    assert code == 0 and any(line.startswith("DU01  duplication.repeated-paragraph") for line in out.splitlines())
    code, out, _ = run_cli(capsys, "rules", "--output-format", "json")
    assert {"DU01", "WS01"} <= {r["code"] for r in json.loads(out)}
    code, out, _ = run_cli(capsys, "rule", "WS01")
    assert code == 0 and "whitespace.trailing" in out and "Example of text it reports" in out
    code, out, _ = run_cli(capsys, "rule", "duplication.repeated-paragraph", "--output-format", "json")
    assert json.loads(out)["fix"] == "safe"
    code, _, err = run_cli(capsys, "rule", "XX99")
    assert code == 2 and "unknown rule" in err


def test_version_and_usage():
    proc = run_process("--version")
    assert proc.returncode == 0 and proc.stdout.startswith(b"scrapelint ")
    proc = run_process("check", "--jobs", "-1")
    assert proc.returncode == 2 and b"--jobs must be 0 (all cores) or more" in proc.stderr


def _file_results(count):
    """FileResults with a finding each, as the runner yields them, and weak
    references to them."""
    import weakref
    from lint.linter import lint_text
    from lint.plugins import load_registry
    from lint.runner import FileResult
    rules = [load_registry().rules["WS01"]()]
    refs = []

    def results():
        for i in range(count):
            result = FileResult(f"a{i}.txt", diagnostics=lint_text("Talks resume.  \n", rules, f"a{i}.txt").diagnostics)
            refs.append(weakref.ref(result))
            yield result
    return results(), refs


@pytest.mark.parametrize("output_format,kept", [
    ("full", False), ("concise", False), ("json", False), ("json-lines", False), ("github", False),
    ("sarif", True), ("junit", True),
])
def test_a_corpus_report_is_written_as_it_goes_and_keeps_no_finding(tmp_path, output_format, kept):
    # A run over millions of files must not hold their findings: each file's part
    # of the report is written as it comes, and only the totals are kept (SARIF and
    # JUnit, single documents, keep them to write at the end).
    from lint.cli import build_parser, exit_code, write_report
    from lint.plugins import load_registry
    from lint.reporters import Report
    out = tmp_path / "report.out"
    args = build_parser().parse_args(["check", "--output-format", output_format, "-o", str(out)])
    results, refs = _file_results(5)
    report = Report(load_registry())
    write_report(args, report, results)
    assert len(refs) == 5 and all((ref() is not None) == kept for ref in refs)
    assert report.tally.findings == 5 and report.tally.files_checked == 5 and exit_code(args, report.tally) == 1
    text = out.read_text(encoding="utf-8")
    assert text.count("a4.txt") >= 1
    if output_format == "json":
        assert [d["filename"] for d in json.loads(text)] == [f"a{i}.txt" for i in range(5)]


def test_report_file_that_cannot_be_written_is_a_usage_error_before_any_work(capsys, article, tmp_path):
    code, out, err = run_cli(capsys, "check", str(article), "--output-file", str(tmp_path / "no" / "such" / "r.json"))
    assert code == 2 and "cannot write the report" in err and out == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_that_goes_away_stops_the_run_quietly(tmp_path, jobs):
    # `scrapelint check corpus/ | head`: no traceback, the SIGPIPE exit code, and
    # (with a pool) no waiting for the files not yet started.
    import subprocess
    import sys
    for i in range(60):
        (tmp_path / f"a{i:02}.txt").write_text("Talks resume in the capital.   \n" * 300, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "lint", "check", "--isolated", "--select", "WS01",
                             "--output-format", "concise", "--jobs", jobs, str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(str(tmp_path).encode())
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert b"Traceback" not in err
