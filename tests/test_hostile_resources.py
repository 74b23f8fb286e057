"""Resource limits: the file size limit (default, option, key, standard input,
a file that grows while it is read), and bounded memory on a 50 MB file that is
one single line, read, linted and fixed (``--max-file-size 0``)."""
import json
import os
import subprocess
import sys

import pytest

from helpers import run_cli
from lint.source import DEFAULT_MAX_FILE_SIZE, SourceError, read_source

MB = 1024 * 1024
TRAILING = "The envoy arrived on Sunday.  \n"

# Runs the command line, then prints the peak resident memory of the process (KiB).
PEAK_MEMORY = """
import resource, sys
from lint.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def test_default_limit_skips_a_50mb_file_with_a_warning(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open("big.txt", "wb") as handle:
        handle.truncate(50 * MB)  # sparse: costs no disk, and would be binary if it were read
    (tmp_path / "good.txt").write_text(TRAILING, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", "--isolated", "--select", "WS01", "--output-format", "concise", ".")
    assert DEFAULT_MAX_FILE_SIZE == 10 * MB
    assert code == 1  # the findings of good.txt; a skipped file is a warning, not an error
    assert (f"scrapelint: warning: ./big.txt: {50 * MB} bytes is over the size limit of {10 * MB} "
            "(see --max-file-size); skipped") in err
    assert "good.txt:1:29: WS01" in out


def test_limit_from_option_and_configuration(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "at.txt").write_text("x" * 99 + "\n", encoding="utf-8")  # 100 bytes
    (tmp_path / "over.txt").write_text("x" * 100 + "\n", encoding="utf-8")  # 101 bytes
    code, _, err = run_cli(capsys, "check", "--isolated", "--max-file-size", "100", ".")
    assert "at.txt" not in err and "over.txt: 101 bytes is over the size limit of 100" in err
    (tmp_path / "scrapelint.toml").write_text("max-file-size = 100\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "check", ".")
    assert "over.txt: 101 bytes is over the size limit of 100" in err
    code, _, err = run_cli(capsys, "check", "--max-file-size", "0", ".")
    assert "over the size limit" not in err
    code, _, err = run_cli(capsys, "check", "--max-file-size", "-5", ".")
    assert code == 2 and "--max-file-size must be 0 or more" in err


def test_file_that_grows_while_read_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_text("x" * 1000, encoding="utf-8")
    real_fstat = os.fstat

    class Small:
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 10  # what it was when looked at

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(SourceError) as info:
        read_source(str(path), max_size=100)
    assert info.value.skipped and "101 bytes is over the size limit of 100" in str(info.value)


def test_standard_input_over_the_limit_is_skipped(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "lint", "check", "--isolated", "--max-file-size", "100", "-"],
                          input=b"x" * 500, capture_output=True, timeout=120)
    assert proc.returncode == 0 and b"-: 500 bytes is over the size limit of 100" in proc.stderr


def run_measured(*argv, cwd):
    proc = subprocess.run([sys.executable, "-c", PEAK_MEMORY, *argv], cwd=cwd, capture_output=True, timeout=600)
    peak_kib = int(proc.stderr.rsplit(b"PEAK", 1)[1])
    return proc, peak_kib * 1024


@pytest.fixture(scope="module")
def big_line(tmp_path_factory):
    """A 50 MB article that is one single line: sentences, with an HTML entity every MB
    and trailing spaces at the end."""
    folder = tmp_path_factory.mktemp("big")
    unit = "The envoy arrived in Seoul on Sunday for talks, officials said.  Shares of AT&T fell on Monday. "
    chunk = (unit * (MB // len(unit))).encode("utf-8")
    data = b"".join(chunk + b"AT&amp;T " for _ in range(50)) + b"end  "
    (folder / "big.txt").write_bytes(data)
    return folder


def test_memory_stays_bounded_on_a_50mb_single_line(big_line):
    """Reading, linting and reporting: the engine holds a few copies of the text,
    not one per finding or per rule. Rules that are cheap per character are used
    here; the whole default rule set is measured by benchmarks/regex_worst_case.py."""
    proc, peak = run_measured("check", "--isolated", "--max-file-size", "0", "--select", "WS01,WS02,EN02,EN04",
                              "--output-format", "json", "big.txt", cwd=big_line)
    assert proc.returncode == 1, proc.stderr[-2000:]
    found = json.loads(proc.stdout)
    assert {d["code"] for d in found} == {"WS01", "EN02"}
    assert peak < 8 * 50 * MB, f"peak memory {peak / MB:.0f} MB for a 50 MB file"


def test_fixing_a_50mb_single_line_file(big_line, tmp_path):
    target = tmp_path / "big.txt"
    target.write_bytes((big_line / "big.txt").read_bytes())
    proc, peak = run_measured("check", "--isolated", "--max-file-size", "0", "--select", "WS01,EN02", "--fix",
                              "--output-format", "concise", "big.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = target.read_bytes()
    assert b"&amp;" not in data and data.endswith(b"end") and b"said.  Shares" in data  # WS01: line ends only
    assert os.listdir(tmp_path) == ["big.txt"]
    assert peak < 10 * 50 * MB, f"peak memory {peak / MB:.0f} MB fixing a 50 MB file"
