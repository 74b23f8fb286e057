"""Crash safety of ``--fix``: the process (and its workers) is killed at random
points while it fixes a folder. Every file must then hold either its original
bytes or the fully fixed text, with its permission bits; a second run finishes
the work. Temporary files a killed run leaves behind are never linted."""
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups and signals")

FILES = 60
TRIALS = 3
MODES = (0o644, 0o600, 0o640, 0o755, 0o664)
PARAGRAPH = ("The envoy arrived in Seoul on Sunday for two days of talks.   \n\n\n\n"
             "Shares of AT&amp;T fell after the president&#8217;s remarks.\t\n"
             "The talks\u200b resumed on Sun\u00adday.\n\n")


def originals():
    rng = random.Random(7)
    files = {}
    for i in range(FILES):
        text = PARAGRAPH * rng.randint(1, 30)  # up to ~5 KB
        if i % 3 == 1:
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        if i % 4 == 2:
            data = b"\xef\xbb\xbf" + data
        files[f"part{i % 4}/{i:03}.txt"] = (data, MODES[i % len(MODES)])
    return files


def lay_out(folder, files):
    if os.path.exists(folder):
        shutil.rmtree(folder)
    for name, (data, mode) in files.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
        os.chmod(path, mode)


# Writing a file takes a tiny part of a run, so a kill at a random moment would
# rarely land inside a write. The fixer runs with a slowed-down fsync, which
# widens that window without changing what is written or in what order.
SLOW_FSYNC = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    time.sleep(0.01)
    return real_fsync(fd)
os.fsync = slow_fsync
from lint.cli import main
sys.exit(main())
"""


def start_fix(folder, jobs, slow=True):
    command = [sys.executable, "-c", SLOW_FSYNC] if slow else [sys.executable, "-m", "lint"]
    return subprocess.Popen(
        command + ["check", "--isolated", "--fix", "--exit-zero", "--jobs", str(jobs),
                   "--output-format", "concise", folder],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def mark(path):
    info = os.stat(path)
    return info.st_ino, info.st_mtime_ns, info.st_size


def contents(folder):
    found = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, folder)] = (handle.read(), stat.S_IMODE(os.stat(path).st_mode))
    return found


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    """The original files, their fully fixed bytes, and how long a whole run takes."""
    files = originals()
    folder = str(tmp_path_factory.mktemp("reference") / "corpus")
    lay_out(folder, files)
    began = time.monotonic()
    proc = start_fix(folder, 1)
    _, err = proc.communicate(timeout=300)
    duration = time.monotonic() - began
    assert proc.returncode == 0, err
    fixed = contents(folder)
    assert set(fixed) == set(files)
    for name, (data, mode) in files.items():
        assert fixed[name][0] != data, f"{name}: the sample has nothing to fix"
        assert fixed[name][1] == mode
    return files, {name: data for name, (data, _) in fixed.items()}, duration


@pytest.mark.parametrize("jobs,sig", [
    (1, signal.SIGKILL), (2, signal.SIGKILL), (1, signal.SIGTERM), (2, signal.SIGINT),
])
def test_killed_fix_leaves_each_file_original_or_fully_fixed(tmp_path, expected, jobs, sig):
    files, fixed, duration = expected
    rng = random.Random(f"{jobs}-{sig}")
    folder = str(tmp_path / "corpus")
    partly_done = 0
    for trial in range(TRIALS):
        lay_out(folder, files)
        marks = {name: mark(os.path.join(folder, name)) for name in files}
        began = time.monotonic()
        proc = start_fix(folder, jobs)
        if trial == 0:  # anywhere from start-up to the end of a whole run
            time.sleep(rng.uniform(0.05, duration * 1.1))
        else:  # once the first file has been touched: while files are being written
            while proc.poll() is None and all(
                    mark(os.path.join(folder, name)) == before for name, before in marks.items()):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, duration / 4))
        delay = time.monotonic() - began
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass  # it finished first
        try:
            proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        time.sleep(0.2)  # let killed workers go
        found = contents(folder)
        leftovers = [name for name in found if name not in files]
        assert all(os.path.basename(n).startswith(".scrapelint-") and n.endswith(".tmp") for n in leftovers), \
            leftovers
        states = []
        for name, (data, mode) in files.items():
            now, now_mode = found[name]
            assert now in (data, fixed[name]), f"{name} is neither original nor fixed after a kill at {delay:.2f}s"
            assert now_mode == mode, f"{name}: mode {oct(now_mode)} after a kill, was {oct(mode)}"
            states.append(now == fixed[name])
        partly_done += 0 < sum(states) < len(states)
        # A second run ignores the leftovers and finishes the work.
        proc = start_fix(folder, jobs, slow=False)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert b".scrapelint-" not in err
        found = contents(folder)
        for name in files:
            assert found[name][0] == fixed[name]
    assert partly_done, "no kill landed while files were being fixed: the timing of this test needs a look"
