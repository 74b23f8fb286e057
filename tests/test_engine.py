"""The document model, the fixer and the writer, below the command line."""
import pytest

from lint.document import Document
from lint.linter import MAX_FIX_PASSES, apply_edits, fix_text, lint_text
from lint.rule import Applicability, Edit, Fix, Rule
from lint.source import SourceError, decode, read_source, write_atomically


def test_positions_and_lines():
    doc = Document("ab\n\U0001F600x\n\ncd")
    assert [line.text for line in doc.lines] == ["ab", "\U0001F600x", "", "cd"]
    assert doc.position(0) == (1, 1)
    assert doc.position(3) == (2, 1)
    assert doc.position(4) == (2, 2)  # an astral character is one column
    assert doc.position(len(doc.text)) == (4, 3)
    assert doc.offset(4, 2) == len(doc.text) - 1
    assert [(p.first_row, p.last_row) for p in doc.paragraphs] == [(1, 2), (4, 4)]
    assert doc.paragraphs[0].text == "ab\n\U0001F600x"


@pytest.mark.parametrize("text,row,remaining", [
    ("A\n\nB\n\nC\n", 3, "A\n\nC\n"),  # a paragraph in the middle takes its blank line
    ("A\n\nB\n", 3, "A\n"),  # the last paragraph takes the blank line before it
    ("A\n\nB", 3, "A"),  # ... and no final newline appears
    ("A\nB\nC\n", 2, "A\nC\n"),  # a line inside a paragraph goes with its newline
    ("A\nB", 2, "A"),
    ("B\n\nA\n", 1, "A\n"),
])
def test_line_removal_span(text, row, remaining):
    doc = Document(text)
    start, end = doc.line_removal_span(doc.lines[row - 1])
    assert text[:start] + text[end:] == remaining


def test_decode():
    source = decode(b"\xef\xbb\xbfa\r\nb\r\n", "x.txt")
    assert source.text == "a\nb\n" and source.bom and source.newline == "\r\n"
    assert source.encode("a\nc\n") == b"\xef\xbb\xbfa\r\nc\r\n"
    mixed = decode(b"a\r\nb\n", "x.txt")  # mixed line ends are kept exactly as they are
    assert mixed.text == "a\r\nb\n" and mixed.encode(mixed.text) == b"a\r\nb\n"
    with pytest.raises(SourceError, match="UTF-16"):
        decode("\ufefftext".encode("utf-16"), "x.txt")
    with pytest.raises(SourceError, match=r"byte 0xff at offset 2"):
        decode(b"ab\xffcd", "x.txt")


def test_size_limit_skips_with_warning(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 100)
    with pytest.raises(SourceError) as info:
        read_source(str(path), max_size=10)
    assert info.value.skipped and "over the size limit" in str(info.value)


def test_write_refuses_when_file_changed_since_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old\n")
    source = read_source(str(path))
    path.write_text("newer content\n")
    with pytest.raises(SourceError, match="changed on disk"):
        write_atomically(source, "fixed\n")
    assert path.read_text() == "newer content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


class Rewrite(Rule):
    """A test rule that proposes replacing every 'x' with 'y', and 'y' with 'x'."""
    code, name, summary = "TT01", "test.flip", "flip"

    def check(self, doc):
        for i, ch in enumerate(doc.text):
            if ch in "xy":
                yield self.violation(i, i + 1, "flip", Fix.replace(
                    i, i + 1, "y" if ch == "x" else "x", Applicability.SAFE, "flip"))


class Broken(Rule):
    code, name, summary = "TT02", "test.broken", "raises"

    def check(self, doc):
        raise RuntimeError("boom")


def test_fix_loop_that_never_settles_keeps_the_original():
    outcome = fix_text("x", [Rewrite()])
    assert not outcome.settled and outcome.text == "x" and outcome.fixed_count == 0
    assert MAX_FIX_PASSES == 10


def test_overlapping_edits_wait_for_the_next_pass():
    text = "abcdef"
    doc_rule = Rewrite()
    diagnostics = lint_text("xy", [doc_rule]).diagnostics
    assert apply_edits("xy", diagnostics, unsafe=False) == ("yx", 2)

    class Overlap(Rule):
        code, name, summary = "TT03", "test.overlap", "overlap"

        def check(self, doc):
            yield self.violation(0, 4, "a", Fix.replace(0, 4, "W", Applicability.SAFE, "a"))
            yield self.violation(2, 6, "b", Fix.replace(2, 6, "Z", Applicability.SAFE, "b"))
            yield self.violation(1, 2, "c", Fix.replace(1, 2, "Q", Applicability.UNSAFE, "c"))

    diagnostics = lint_text(text, [Overlap()]).diagnostics
    assert apply_edits(text, diagnostics, unsafe=False) == ("Wef", 1)
    assert apply_edits(text, diagnostics, unsafe=True) == ("Wef", 1)


def test_a_failing_rule_is_reported_and_others_run():
    result = lint_text("x", [Broken(), Rewrite()])
    assert [d.code for d in result.diagnostics] == ["TT01"]
    assert result.failures[0].code == "TT02" and "RuntimeError: boom" in result.failures[0].error


def test_edit_is_frozen_value():
    assert Edit(1, 2, "a") == Edit(1, 2, "a")


def test_registry_rejects_malformed_and_clashing_rules():
    from lint.plugins import Registry

    class BadCode(Rule):
        code, name, summary = "X1", "test.bad-code", "bad"

    class BadName(Rule):
        code, name, summary = "TT05", "Test Bad Name", "bad"

    class NoSummary(Rule):
        code, name = "TT06", "test.no-summary"

    class Clash(Rule):
        code, name, summary = "TT01", "test.other", "clash"

    registry = Registry()
    registry.add("first", Rewrite)
    for rule in (BadCode, BadName, NoSummary, Clash, object):
        registry.add("second", rule)
    assert list(registry.rules) == ["TT01"]
    assert [e.split(": ", 2)[-1] for e in registry.errors] == [
        "code 'X1' is not two capital letters and two digits",
        "name 'Test Bad Name' is not kebab-case",
        "it has no summary",
        "the code is already taken by test.flip from plugin 'first'",
        "not a subclass of lint.rule.Rule",
    ]


def test_a_linted_document_is_freed_at_once_not_left_to_the_cycle_collector():
    # Rules' memos refer back to the document (the name index keeps it): left in
    # place, every document of a corpus run would wait, with all its lines, for the
    # cycle collector, and that collector's passes grow with them.
    import gc
    import weakref

    seen = []

    class KeepsDocument(Rule):
        code, name, summary = "XX01", "test.keeps-document", "memoises an object that refers to the document"

        def check(self, doc):
            doc.cache["test.index"] = {"document": doc}  # a cycle through the memo
            seen.append(weakref.ref(doc))
            return ()

    gc.disable()
    try:
        lint_text("Talks resume.\n", [KeepsDocument()])
        fix_text("Talks resume.   \n", [KeepsDocument()])
        assert seen and all(ref() is None for ref in seen)  # freed without the collector
    finally:
        gc.enable()


def test_a_fixed_file_is_written_not_kept_in_its_result(tmp_path):
    # A corpus run with --fix must not hold every fixed text in memory (nor send it
    # back from the worker processes); only standard input keeps it, to print it.
    from lint.config import Settings
    from lint.runner import Linter, RunOptions, lint_stdin
    article = tmp_path / "a.txt"
    article.write_text("Talks resume.   \n", encoding="utf-8")
    linter = Linter(Settings(), ["WS01"])
    result = linter.process_path(str(article), RunOptions(fix=True))
    assert result.fixed == 1 and result.fixed_text is None
    assert article.read_text(encoding="utf-8") == "Talks resume.\n"
    piped = lint_stdin(linter, "Talks resume.   \n".encode("utf-8"), "-", RunOptions(fix=True))
    assert piped.fixed_text == "Talks resume.\n"


@pytest.mark.parametrize("limit", [None, 10_000, 50])
def test_a_file_that_grows_after_its_size_was_taken_is_read_whole_or_refused(tmp_path, monkeypatch, limit):
    import os
    from lint import source
    path = tmp_path / "a.txt"
    path.write_text("Talks resume in the capital.\n" * 4, encoding="utf-8")  # 116 bytes
    real_fstat = os.fstat

    def stale_fstat(fd):  # the size as it was before the file grew
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink, info.st_uid, info.st_gid,
                               10, info.st_atime, info.st_mtime, info.st_ctime))

    monkeypatch.setattr(source.os, "fstat", stale_fstat)
    if limit == 50:
        with pytest.raises(SourceError, match="over the size limit of 50"):
            read_source(str(path), limit)
    else:
        assert read_source(str(path), limit).text == "Talks resume in the capital.\n" * 4


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_paused_per_document_and_restored_even_on_an_overrun(enabled):
    import gc

    from lint.linter import BudgetExceeded, time_budget

    class Slow(Rule):
        code, name, summary = "XX02", "test.slow", "sees whether the collector runs"
        seen = []

        def check(self, doc):
            self.seen.append(gc.isenabled())
            if "slow" in doc.text:
                raise BudgetExceeded(1.0, self.code, "test")
            return ()

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        lint_text("Talks resume.\n", [Slow()])
        with pytest.raises(BudgetExceeded):
            with time_budget(5):
                lint_text("slow\n", [Slow()])
        assert Slow.seen == [False, False] and gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
