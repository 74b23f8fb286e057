"""Broken and hostile files: binary, invalid UTF-8, UTF-16, NUL bytes, empty files,
files that vanish or change before a fix is written, read-only files, symbolic
links, folder loops and deep trees, fifos, sockets and devices, odd file names,
hostile JSON Lines records. Each is reported by name (or skipped as documented)
and the other files are still checked."""
import json
import os
import socket
import stat
import subprocess
import sys

import pytest

import lint.runner
from helpers import json_diagnostics, run_cli
from lint.source import SourceError, decode, read_source, write_atomically

TRAILING = "The envoy arrived on Sunday.  \n"
FIXED = "The envoy arrived on Sunday.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(TRAILING, encoding="utf-8")
    return tmp_path


def check(capsys, *argv):
    return run_cli(capsys, "check", "--isolated", "--select", "WS01", "--output-format", "concise", *argv)


def run_limited(*argv, cwd=None, timeout=60):
    """The command line in a subprocess that is killed if it hangs."""
    return subprocess.run([sys.executable, "-m", "lint", *argv], cwd=cwd, capture_output=True, timeout=timeout)


# --- contents that are not UTF-8 text ---------------------------------------------
@pytest.mark.parametrize("data,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte at offset 8)"),
    (b"Text.\x00More text.\n", "binary file (NUL byte at offset 5)"),
    (b"\x00", "binary file (NUL byte at offset 0)"),
    (b"caf\xe9 au lait\n", "not valid UTF-8: byte 0xe9 at offset 3"),
    (b"\xef\xbb\xbfab\xff\n", "not valid UTF-8: byte 0xff at offset 5"),  # the offset counts the BOM
    (b"ends mid-character \xe2\x82", "not valid UTF-8: byte 0xe2 at offset 19"),
    (b"overlong \xc0\xaf", "not valid UTF-8: byte 0xc0 at offset 9"),
    (b"surrogate \xed\xa0\x80", "not valid UTF-8: byte 0xed at offset 10"),
    (b"past U+10FFFF \xf4\x90\x80\x80", "not valid UTF-8: byte 0xf4 at offset 14"),
    (b"\x80 lone continuation", "not valid UTF-8: byte 0x80 at offset 0"),
    ("\ufeffUTF-16 text\n".encode("utf-16-le"), "UTF-16 text (byte-order mark)"),
    ("\ufeffUTF-16 text\n".encode("utf-16-be"), "UTF-16 text (byte-order mark)"),
    ("UTF-16 without a mark\n".encode("utf-16-le"), "binary file (NUL byte at offset 1)"),
    ("\ufeffUTF-32\n".encode("utf-32-le"), "UTF-16 text (byte-order mark)"),
    (b"", "empty file"),
])
def test_undecodable_files_are_reported_with_the_offset_and_others_checked(capsys, folder, data, message):
    (folder / "bad.txt").write_bytes(data)
    code, out, err = check(capsys, ".")
    assert code == 2
    assert f"bad.txt: {message}" in err
    assert "good.txt:1:29: WS01" in out


def test_undecodable_files_are_never_touched_by_fix(capsys, folder):
    samples = {"nul.txt": b"A\x00B  \n", "latin.txt": b"caf\xe9  \n", "utf16.txt": "\ufeffA  \n".encode("utf-16")}
    for name, data in samples.items():
        (folder / name).write_bytes(data)
    code, _, _ = check(capsys, "--fix", ".")
    assert code == 2
    for name, data in samples.items():
        assert (folder / name).read_bytes() == data
    assert (folder / "good.txt").read_text(encoding="utf-8") == FIXED


def test_only_whitespace_and_only_a_bom(capsys, folder):
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf")
    (folder / "blank.txt").write_bytes(b"\n\n \n")
    code, _, err = run_cli(capsys, "check", "--isolated", "--select", "ALL", "--fix", ".")
    assert "Traceback" not in err
    assert (folder / "bom.txt").read_bytes() == b"\xef\xbb\xbf"  # nothing to fix in no text


# --- files that change under the fixer ---------------------------------------------
@pytest.fixture
def between_read_and_write(monkeypatch):
    """Run ``action(path)`` after a file was read and linted, before its fix is written."""
    actions = []
    real_fix_text = lint.runner.fix_text

    def fix_then_act(text, rules, path, **kwargs):
        outcome = real_fix_text(text, rules, path, **kwargs)
        for action in actions:
            action(path)
        return outcome

    monkeypatch.setattr(lint.runner, "fix_text", fix_then_act)
    return actions


def test_file_changed_before_the_fix_keeps_the_newer_content(capsys, folder, between_read_and_write):
    (folder / "other.txt").write_text(TRAILING, encoding="utf-8")

    def edit(path):
        if path.endswith("good.txt"):
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("Someone else's newer text.  \n")

    between_read_and_write.append(edit)
    code, _, err = check(capsys, "--fix", ".")
    assert code == 2 and "good.txt: changed on disk while it was being fixed; left as it is" in err
    assert (folder / "good.txt").read_text(encoding="utf-8") == "Someone else's newer text.  \n"
    assert (folder / "other.txt").read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in folder.iterdir()) == ["good.txt", "other.txt"]  # no temporary file left


def test_file_removed_before_the_fix_is_not_written_again(capsys, folder, between_read_and_write):
    between_read_and_write.append(lambda path: os.unlink(path))
    code, _, err = check(capsys, "--fix", ".")
    assert code == 2 and "good.txt: removed while it was being fixed; not written again" in err
    assert list(folder.iterdir()) == []


def test_file_replaced_by_a_folder_before_the_fix(capsys, folder, between_read_and_write):
    def swap(path):
        os.unlink(path)
        os.mkdir(path)

    between_read_and_write.append(swap)
    code, _, err = check(capsys, "--fix", ".")
    assert code == 2 and "good.txt" in err and "Traceback" not in err
    assert (folder / "good.txt").is_dir()


def test_file_truncated_to_a_prefix_before_the_fix(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TRAILING * 3, encoding="utf-8")
    source = read_source(str(path))
    path.write_text(TRAILING, encoding="utf-8")
    with pytest.raises(SourceError, match="changed on disk"):
        write_atomically(source, FIXED * 3)
    assert path.read_text(encoding="utf-8") == TRAILING


def test_text_that_cannot_be_encoded_is_refused_not_half_written(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TRAILING, encoding="utf-8")
    source = read_source(str(path))
    with pytest.raises(SourceError, match="not valid Unicode"):
        write_atomically(source, "lone \ud800 surrogate\n")
    assert path.read_text(encoding="utf-8") == TRAILING and os.listdir(tmp_path) == ["a.txt"]


# --- permissions ---------------------------------------------------------------------
def test_read_only_file_is_not_fixed(capsys, folder):
    locked = folder / "locked.txt"
    locked.write_text(TRAILING, encoding="utf-8")
    locked.chmod(0o444)
    code, out, err = check(capsys, "--fix", ".")
    assert code == 2 and "locked.txt: read-only file; the fix was not written" in err
    assert locked.read_text(encoding="utf-8") == TRAILING
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert (folder / "good.txt").read_text(encoding="utf-8") == FIXED
    assert "locked.txt:1:29: WS01" in out  # the finding is still reported
    # It was checked, only not fixed: the summary counts it so.
    assert "in 1 of 2 files" in out and "1 file could not be fixed" in out
    assert "could not be checked" not in out


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o664, 0o4755, 0o1644])
def test_fix_keeps_mode_bits(capsys, tmp_path, mode):
    path = tmp_path / "a.txt"
    path.write_text(TRAILING, encoding="utf-8")
    os.chmod(path, mode)
    before = stat.S_IMODE(os.stat(path).st_mode)
    run_cli(capsys, "check", "--isolated", "--select", "WS01", "--fix", str(path))
    assert path.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(os.stat(path).st_mode) == before


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another owner needs root")
def test_fix_by_root_keeps_the_owner(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TRAILING, encoding="utf-8")
    os.chown(path, 12345, 12346)
    run_cli(capsys, "check", "--isolated", "--select", "WS01", "--fix", str(path))
    info = os.stat(path)
    assert path.read_text(encoding="utf-8") == FIXED and (info.st_uid, info.st_gid) == (12345, 12346)


@pytest.mark.skipif(IS_ROOT, reason="root may read and write anything")
def test_unreadable_file_and_unwritable_folder(capsys, folder):
    secret = folder / "secret.txt"
    secret.write_text(TRAILING, encoding="utf-8")
    secret.chmod(0)
    locked = folder / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(TRAILING, encoding="utf-8")
    locked.chmod(0o555)
    try:
        code, _, err = check(capsys, "--fix", ".")
        assert code == 2
        assert "secret.txt: Permission denied" in err
        assert "a.txt: cannot write the fix: Permission denied" in err
        assert (locked / "a.txt").read_text(encoding="utf-8") == TRAILING
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)


# --- links, loops, deep trees ----------------------------------------------------------
@pytest.fixture
def linked(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(TRAILING, encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "real.txt").write_text(TRAILING, encoding="utf-8")
    os.symlink(outside / "secret.txt", tree / "out.txt")
    os.symlink(tree / "sub" / "real.txt", tree / "in.txt")
    os.symlink(outside, tree / "outdir")
    os.symlink(tree, tree / "sub" / "loop")
    os.symlink(tree / "missing.txt", tree / "dangling.txt")
    os.symlink("cycle-b.txt", tree / "cycle-a.txt")
    os.symlink("cycle-a.txt", tree / "cycle-b.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_links_are_not_followed_out_of_the_tree(capsys, linked):
    code, found, err = json_diagnostics(capsys, "--isolated", "--select", "WS01", "tree")
    names = sorted(d["filename"] for d in found)
    assert names in (["tree/in.txt"], ["tree/sub/real.txt"])  # one file, found once
    assert "tree/out.txt: link to a file outside tree; skipped" in err
    assert "secret" not in "".join(names) and "outdir" not in err
    assert "dangling.txt" in err and "cycle-a.txt" in err  # broken links are named
    assert code == 2


def test_fix_through_links_keeps_the_links_and_the_outside(capsys, linked):
    check(capsys, "--fix", "tree")
    tree = linked / "tree"
    assert (tree / "in.txt").is_symlink() and (tree / "out.txt").is_symlink()
    assert (tree / "sub" / "real.txt").read_text(encoding="utf-8") == FIXED
    assert (linked / "outside" / "secret.txt").read_text(encoding="utf-8") == TRAILING


def test_link_named_on_the_command_line_is_followed_and_kept(capsys, linked):
    code, out, _ = check(capsys, "--fix", "tree/out.txt")
    assert code == 0
    assert os.path.islink("tree/out.txt")
    assert (linked / "outside" / "secret.txt").read_text(encoding="utf-8") == FIXED


def test_deeply_nested_folders(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("deep")
    os.chdir("deep")
    for _ in range(1200):  # deeper than Python's recursion limit
        os.mkdir("a")
        os.chdir("a")
    with open("x.txt", "w", encoding="utf-8") as handle:
        handle.write(TRAILING)
    os.chdir(tmp_path)
    try:
        code, out, err = check(capsys, "deep")
        assert "Traceback" not in err and "RecursionError" not in err
        assert code == 1 and out.count(": WS01") == 1
    finally:  # removed here: the test runner's own clean-up recurses, and would fail
        os.chdir("deep")
        os.unlink("/".join(["a"] * 1200 + ["x.txt"]))
        for depth in range(1200, 0, -1):
            os.rmdir("/".join(["a"] * depth))
        os.chdir(tmp_path)


def test_folder_loop_through_parent_link_finishes(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text(TRAILING, encoding="utf-8")
    os.symlink("..", tmp_path / "a" / "b" / "up")
    os.symlink("/", tmp_path / "a" / "root")
    proc = run_limited("check", "--isolated", "--select", "WS01", "--output-format", "concise", "a", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout.count(b": WS01") == 1


# --- fifos, sockets, devices ---------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no fifos here")
def test_fifos_sockets_and_devices_are_skipped_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock.txt"))
    except OSError:  # a path too long for a socket address
        pass
    (tmp_path / "good.txt").write_text(TRAILING, encoding="utf-8")
    os.symlink("/dev/zero", tmp_path / "zero.txt")  # a link to a device
    try:
        proc = run_limited("check", "--isolated", "--select", "WS01", "--output-format", "concise", ".",
                           cwd=tmp_path, timeout=60)
        assert proc.returncode == 1, proc.stderr  # the link to /dev/zero points out of the tree: a warning
        assert b"zero.txt: link to a file outside .; skipped" in proc.stderr
        assert proc.stdout.count(b": WS01") == 1
        proc = run_limited("check", "--isolated", "--select", "WS01", "pipe.txt", "/dev/zero", "/dev/null",
                           "--fix", cwd=tmp_path, timeout=60)
        assert proc.returncode == 0, proc.stderr
        for name in (b"pipe.txt", b"/dev/zero", b"/dev/null"):
            assert name + b": not a regular file (a fifo, socket or device); skipped" in proc.stderr
        assert stat.S_ISFIFO(os.stat(tmp_path / "pipe.txt").st_mode)
    finally:
        server.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no fifos here")
def test_file_swapped_for_a_fifo_after_discovery_does_not_block(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(TRAILING, encoding="utf-8")
    real_stat = os.stat
    calls = []

    def stat_then_swap(target, *args, **kwargs):
        result = real_stat(target, *args, **kwargs)
        if str(target) == str(path) and not calls:
            calls.append(target)
            os.unlink(path)
            os.mkfifo(path)
        return result

    monkeypatch.setattr(os, "stat", stat_then_swap)
    with pytest.raises(SourceError) as info:
        read_source(str(path))
    assert info.value.skipped and "not a regular file" in str(info.value)


# --- file names ------------------------------------------------------------------------------
def test_odd_file_names(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = ["-starts-with-dash.txt", "new\nline.txt", "tab\tand space.txt", "\u00e9t\u00e9 \U0001f600.txt",
             " leading space.txt", "quote\"and'apostrophe.txt"]
    for name in names:
        (tmp_path / name).write_text(TRAILING, encoding="utf-8")
    code, found, err = json_diagnostics(capsys, "--isolated", "--select", "WS01", ".")
    assert code == 1 and sorted(d["filename"] for d in found) == sorted("./" + n for n in names)
    run_cli(capsys, "check", "--isolated", "--select", "WS01", "--fix", ".")
    assert all((tmp_path / n).read_text(encoding="utf-8") == FIXED for n in names)


@pytest.mark.skipif(sys.platform == "darwin", reason="the file system insists on UTF-8 names")
def test_file_name_that_is_not_utf8_is_checked_and_fixed(tmp_path):
    os.mkdir(tmp_path / "names")
    with open(os.path.join(os.fsencode(tmp_path), b"names", b"caf\xe9.txt"), "wb") as handle:
        handle.write(TRAILING.encode())
    proc = run_limited("check", "--isolated", "--select", "WS01", "--fix", "names", cwd=tmp_path)
    assert b"Traceback" not in proc.stderr
    with open(os.path.join(os.fsencode(tmp_path), b"names", b"caf\xe9.txt"), "rb") as handle:
        assert handle.read() == FIXED.encode()


def test_report_names_a_file_whose_name_is_not_utf8(tmp_path):
    os.mkdir(tmp_path / "names")
    with open(os.path.join(os.fsencode(tmp_path), b"names", b"caf\xe9.txt"), "wb") as handle:
        handle.write(TRAILING.encode())
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    proc = subprocess.run([sys.executable, "-m", "lint", "check", "--isolated", "--select", "WS01",
                           "--output-format", "json", "names"], cwd=tmp_path, env=env, capture_output=True,
                          timeout=60)
    assert b"Traceback" not in proc.stderr and proc.returncode == 1


# --- JSON Lines corpora -------------------------------------------------------------------------
def test_jsonl_record_with_lone_surrogate_is_reported_not_crashed(capsys, tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"text": "Fine.  "}\n{"text": "Bad \\ud800 half.  "}\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "check", "--isolated", "--select", "WS01", "--fix", str(path))
    assert code == 2 and "corpus.jsonl:2: the record's text has a lone surrogate U+D800 at character 4" in err
    assert path.read_text(encoding="utf-8") == '{"text": "Fine.  "}\n{"text": "Bad \\ud800 half.  "}\n'


def test_jsonl_other_field_with_lone_surrogate_stays_escaped(capsys, tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"title": "\\udc80", "text": "Fine.  "}\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "check", "--isolated", "--select", "WS01", "--fix", str(path))
    assert code == 0, err
    assert json.loads(path.read_text(encoding="utf-8")) == {"title": "\udc80", "text": "Fine."}


@pytest.mark.parametrize("line,message", [
    ("[1, 2]", "the record has no string field 'text'"),
    ('{"text": 5}', "the record has no string field 'text'"),
    ('{"text": "unterminated', "not a JSON record"),
    ("\x00", "binary file"),
])
def test_jsonl_malformed_records(capsys, tmp_path, line, message):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"text": "Fine."}\n' + line + "\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "check", "--isolated", "--select", "WS01", "--fix", str(path))
    assert code == 2 and message in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == '{"text": "Fine."}\n' + line + "\n"


def test_decode_keeps_text_of_every_code_point():
    text = "".join(chr(c) for c in range(1, 0x110000, 97) if not 0xD800 <= c < 0xE000)
    assert decode(text.encode("utf-8"), "x.txt").text == text


def test_read_only_jsonl_corpus_reports_its_findings(capsys, tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"text": "Fine."}\n{"text": "Trailing.  "}\n', encoding="utf-8")
    path.chmod(0o444)
    code, found, err = json_diagnostics(capsys, "--isolated", "--select", "WS01", "--fix", str(path))
    assert code == 2 and "read-only file" in err
    assert [(d["code"], d["record"]) for d in found] == [("WS01", 2)]
    assert path.read_text(encoding="utf-8") == '{"text": "Fine."}\n{"text": "Trailing.  "}\n'
