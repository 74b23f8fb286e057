"""Running the command line in tests: in this process (fast) or as a real
subprocess (for entry points, stdin and exit codes exactly as a user sees them)."""
import json
import os
import subprocess
import sys

from lint.cli import main


def run_cli(capsys, *argv):
    """(exit code, stdout, stderr) of ``scrapelint argv`` run in this process."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv, cwd=None, env=None, stdin=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "lint", *argv], cwd=cwd, env=full_env,
                          input=stdin, capture_output=True)


def json_diagnostics(capsys, *argv):
    code, out, err = run_cli(capsys, "check", "--output-format", "json", *argv)
    return code, json.loads(out), err
