"""The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit itself
(`pre-commit try-repo`) on a temporary git repository of article files."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")  # hook environments, shared by the tests here
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    env.pop("GIT_DIR", None)
    return env


def make_repo(path):
    path.mkdir()
    git(path, "init", "-q")
    (path / "good.txt").write_text("The envoy arrived on Sunday.\n", encoding="utf-8")
    (path / "bad.txt").write_text("The talks resumed.   \nThe envoy left.\n", encoding="utf-8")
    (path / "notes.md").write_text("Not plain text for the hook.   \n", encoding="utf-8")
    git(path, "add", ".")
    return path


def try_repo(repo, hook, env):
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files",
                           "--verbose"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_check_hook_fails_on_findings(tmp_path, hook_env):
    repo = make_repo(tmp_path / "articles")
    proc = try_repo(repo, "scrapelint", hook_env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "bad.txt:1:19: WS01" in proc.stdout
    assert "notes.md" not in proc.stdout  # only plain-text files reach the hook


def test_fix_hook_rewrites_and_fails_then_passes(tmp_path, hook_env):
    repo = make_repo(tmp_path / "articles")
    proc = try_repo(repo, "scrapelint-fix", hook_env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert (repo / "bad.txt").read_text(encoding="utf-8") == "The talks resumed.\nThe envoy left.\n"
    assert (repo / "notes.md").read_text(encoding="utf-8") == "Not plain text for the hook.   \n"
    git(repo, "add", ".")
    proc = try_repo(repo, "scrapelint-fix", hook_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
