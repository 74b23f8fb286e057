"""Plugins and configuration are not a way in: configuration never imports or
executes code; a plugin rule that raises, exits, hangs, runs a catastrophic
pattern or gives malformed fixes is reported by name and disabled for that
document only; a per-document time budget turns a runaway rule into an error
for that document; malformed configuration gives one line naming file and key."""
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import types

import pytest

from helpers import run_cli
from lint.config import ConfigError, Settings, load_settings
from lint.linter import BudgetExceeded, fix_text, lint_text, time_budget, time_left
from lint.plugins import load_registry
from lint.runner import Linter, RunOptions

HOSTILE_PLUGIN = textwrap.dedent('''
    """Rules that misbehave on purpose, each when the text holds its trigger word."""
    import sys
    import regex
    from lint import hookimpl
    from lint.linter import time_left
    from lint.rule import Applicability, Edit, Fix, Option, Rule


    class _Hostile(Rule):
        default_enabled = False
        trigger = ""

        def check(self, doc):
            for at in range(doc.text.count("x")):
                yield self.violation(0, 1, "an x")
            if self.trigger and self.trigger in doc.text:
                yield from self.misbehave(doc)


    class Raises(_Hostile):
        code, name, summary, trigger = "ZZ01", "hostile.raises", "raises", "boom"

        def misbehave(self, doc):
            raise RuntimeError("boom in a plugin")
            yield


    class Exits(_Hostile):
        code, name, summary, trigger = "ZZ02", "hostile.exits", "exits", "exit"

        def misbehave(self, doc):
            sys.exit(3)
            yield


    class Hangs(_Hostile):
        code, name, summary, trigger = "ZZ03", "hostile.hangs", "hangs", "hang"

        def misbehave(self, doc):
            while True:
                pass
            yield


    class Catastrophic(_Hostile):
        code, name, summary, trigger = "ZZ04", "hostile.catastrophic", "backtracks", "aaaa"

        def misbehave(self, doc):
            if regex.search(r"(a|aa)+$", doc.text):
                yield self.violation(0, 1, "never")


    class BadFixes(_Hostile):
        code, name, summary, trigger = "ZZ05", "hostile.bad-fixes", "bad fixes", "badfix"

        def misbehave(self, doc):
            size = len(doc.text)
            yield self.violation(-5, size + 10, "out of range span")
            yield self.violation(0, 1, "edit past the end",
                                 Fix((Edit(size, size + 3, "Q"),), Applicability.SAFE, "bad"))
            yield self.violation(0, 1, "backwards edit", Fix((Edit(2, 1, "Q"),), Applicability.SAFE, "bad"))
            yield self.violation(0, 1, "negative edit", Fix((Edit(-1, 0, "Q"),), Applicability.SAFE, "bad"))
            yield self.violation(0, 1, "no edits", Fix((), Applicability.SAFE, "bad"))
            yield self.violation(0, 1, "self-overlap", Fix((Edit(0, 2, "A"), Edit(1, 3, "B")), Applicability.SAFE, "x"))


    class Garbage(_Hostile):
        code, name, summary, trigger = "ZZ06", "hostile.garbage", "garbage", "garbage"

        def misbehave(self, doc):
            yield "not a violation"


    class UserPattern(Rule):
        """Runs a pattern from the configuration, with the time left as its timeout."""
        code, name, summary, default_enabled = "ZZ07", "hostile.user-pattern", "user pattern", False
        options = {"pattern": Option("x", "a regular expression", lambda v: regex.compile(v).pattern)}

        def setup(self):
            self.pattern = regex.compile(self.settings["pattern"])

        def check(self, doc):
            for match in self.pattern.finditer(doc.text, timeout=time_left()):
                yield self.violation(match.start(), match.end(), "pattern")


    class Endless(_Hostile):
        code, name, summary, trigger = "ZZ08", "hostile.endless", "endless", "forever"

        def misbehave(self, doc):
            while True:
                yield self.violation(0, 1, "again")


    class Recurses(_Hostile):
        code, name, summary, trigger = "ZZ09", "hostile.recurses", "recurses", "deep"

        def misbehave(self, doc):
            def down(n):
                return down(n + 1)
            down(0)
            yield


    @hookimpl
    def scrapelint_rules():
        return [Raises, Exits, Hangs, Catastrophic, BadFixes, Garbage, UserPattern, Endless, Recurses]
''')


def hostile_module():
    module = types.ModuleType("scrapelint_hostile_plugin")
    exec(compile(HOSTILE_PLUGIN, "scrapelint_hostile_plugin.py", "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module")
def hostile_registry():
    registry = load_registry([("hostile", hostile_module())])
    assert not registry.errors, registry.errors
    return registry


def linter_for(registry, codes, **settings):
    return Linter(Settings(**settings), codes, registry)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The hostile plugin installed through a real entry point, for subprocess runs."""
    site = tmp_path_factory.mktemp("hostile") / "site"
    site.mkdir()
    (site / "scrapelint_hostile_plugin.py").write_text(HOSTILE_PLUGIN, encoding="utf-8")
    info = site / "scrapelint_hostile-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: scrapelint-hostile\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[scrapelint]\nhostile = scrapelint_hostile_plugin\n")
    return dict(os.environ, PYTHONPATH=str(site))


def run_process(*argv, cwd=None, env=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "lint", *argv], cwd=cwd, env=env, capture_output=True,
                          timeout=timeout)


# --- a failing rule is disabled for that document only ------------------------------------
@pytest.mark.parametrize("code,trigger,error", [
    ("ZZ01", "boom", "RuntimeError: boom in a plugin"),
    ("ZZ02", "exit", "SystemExit: 3"),
    ("ZZ06", "garbage", "AttributeError"),
    ("ZZ09", "deep", "RecursionError"),
])
def test_failing_rule_is_named_and_skipped_for_that_document_only(hostile_registry, tmp_path, code, trigger, error):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text(f"x x {trigger}\n", encoding="utf-8")
    good.write_text("x x\n", encoding="utf-8")
    linter = linter_for(hostile_registry, [code, "WS01"])
    first = linter.process_path(str(bad), RunOptions())
    second = linter.process_path(str(good), RunOptions())
    assert first.error is None and first.incomplete and not second.incomplete
    assert first.notes == [] and len(first.rule_errors) == 1 and first.rule_errors[0].startswith(
        f"{bad}: rule {code} (plugin 'hostile') failed and was skipped: {error}")
    assert [d.code for d in first.diagnostics] == []  # its partial findings are dropped with it
    assert [d.code for d in second.diagnostics] == [code, code]  # the next document still runs it


def test_failing_rule_through_the_command_line(hostile_site, tmp_path):
    (tmp_path / "a.txt").write_text("x boom   \n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x\n", encoding="utf-8")
    proc = run_process("check", "--isolated", "--select", "ZZ01,ZZ02,WS01", "--output-format", "concise", ".",
                       cwd=tmp_path, env=hostile_site)
    assert proc.returncode == 2, proc.stderr  # a.txt was not fully checked: no pass
    assert b"error: ./a.txt: rule ZZ01 (plugin 'hostile') failed and was skipped: RuntimeError: boom in a plugin" \
        in proc.stderr
    assert b"./a.txt:1:7: WS01" in proc.stdout and b"./b.txt:1:1: ZZ01" in proc.stdout
    assert b"./a.txt:1:1: ZZ01" not in proc.stdout
    assert b"1 file not fully checked" in proc.stdout


@pytest.mark.parametrize("mode", ["check", "fix", "diff", "exit-zero", "stdin", "records"])
def test_a_rule_that_raised_is_an_error_in_every_mode_and_report(hostile_site, tmp_path, mode):
    """No report may call a run clean when a rule failed on a document."""
    text = "x boom\n"
    name = "a.jsonl" if mode == "records" else "a.txt"
    (tmp_path / name).write_text(json.dumps({"text": text}) + "\n" if mode == "records" else text,
                                 encoding="utf-8")
    extra = {"fix": ["--fix"], "diff": ["--diff"], "exit-zero": ["--exit-zero"]}.get(mode, [])
    target = ["-", "--stdin-filename", "a.txt"] if mode == "stdin" else [name]
    outputs = {}
    # (--diff prints the diff alone, whatever the format: its exit code and errors count)
    for output_format in ("concise",) if mode == "diff" else ("concise", "sarif", "junit", "github"):
        proc = subprocess.run([sys.executable, "-m", "lint", "check", "--isolated", "--select", "ZZ01,WS01",
                               "--output-format", output_format, *extra, *target],
                              input=text.encode("utf-8"), cwd=tmp_path, env=hostile_site, capture_output=True,
                              timeout=120)
        assert proc.returncode == 2, (output_format, proc.stderr)
        assert b"error: " in proc.stderr and b"rule ZZ01 (plugin 'hostile') failed" in proc.stderr
        outputs[output_format] = proc.stdout.decode("utf-8")
    if mode == "diff":
        return
    assert "not fully checked" in outputs["concise"] and "All checks passed" not in outputs["concise"]
    sarif = json.loads(outputs["sarif"])
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert any("rule ZZ01" in n["message"]["text"] for n in invocation["toolExecutionNotifications"])
    assert 'errors="1"' in outputs["junit"]
    assert "::error file=" in outputs["github"] and "rule ZZ01" in outputs["github"]


def test_malformed_spans_and_fixes_are_contained(hostile_registry):
    rules = linter_for(hostile_registry, ["ZZ05"]).rules
    text = "badfix here\n"
    result = lint_text(text, rules)
    assert all(0 <= d.start <= d.end <= len(text) for d in result.diagnostics)
    problems = sorted(f.error for f in result.failures)
    assert len(problems) == 4 and all("the fix was dropped" in p for p in problems)
    assert not any(f.raised for f in result.failures)  # the findings stand: the document was checked
    outcome = fix_text(text, rules)
    assert outcome.text == text  # no malformed fix touched the text
    assert outcome.settled


def test_a_dropped_fix_alone_does_not_fail_the_run_as_an_error(hostile_site, tmp_path):
    (tmp_path / "a.txt").write_text("badfix here\n", encoding="utf-8")
    proc = run_process("check", "--isolated", "--select", "ZZ05", "--output-format", "concise", ".",
                       cwd=tmp_path, env=hostile_site)
    assert proc.returncode == 1, proc.stderr  # findings, each reported, their fixes dropped
    assert b"warning: ./a.txt: rule ZZ05 (plugin 'hostile') gave" in proc.stderr
    assert b"the fix was dropped; the finding is kept" in proc.stderr and b"./a.txt:1:" in proc.stdout


# --- the time budget ---------------------------------------------------------------------------
@pytest.mark.parametrize("code,trigger", [("ZZ03", "hang"), ("ZZ04", "a" * 40 + "b"), ("ZZ08", "forever")])
def test_runaway_rule_is_an_error_for_its_document_and_others_go_on(hostile_registry, tmp_path, code, trigger):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text(f"x {trigger}  \n", encoding="utf-8")
    good.write_text("x  \n", encoding="utf-8")
    linter = linter_for(hostile_registry, [code, "WS01"], time_budget=0.5)
    for options in (RunOptions(), RunOptions(fix=True)):
        first = linter.process_path(str(bad), options)
        assert first.error == (f"{bad}: gave up after the time budget of 0.5 s per document "
                               f"(rule {code} of plugin 'hostile' was running); see --time-budget")
        assert first.diagnostics == []
        assert bad.read_text(encoding="utf-8") == f"x {trigger}  \n"  # nothing written
    second = linter.process_path(str(good), RunOptions(fix=True))
    assert second.error is None and good.read_text(encoding="utf-8") == "x\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_time_budget_from_the_command_line(hostile_site, tmp_path, jobs):
    (tmp_path / "a.txt").write_text("x hang\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x  \n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n", encoding="utf-8")
    proc = run_process("check", "--isolated", "--select", "ZZ03,ZZ04,WS01", "--time-budget", "0.5", "--jobs", jobs,
                       "--fix", "--output-format", "concise", ".", cwd=tmp_path, env=hostile_site)
    assert proc.returncode == 2
    assert b"./a.txt: gave up after the time budget of 0.5 s per document (rule ZZ03" in proc.stderr
    assert b"./c.txt: gave up after the time budget of 0.5 s per document (rule ZZ04" in proc.stderr
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "x\n"
    assert b"./b.txt:1:1: ZZ03" in proc.stdout


def test_time_budget_in_configuration(hostile_site, tmp_path):
    (tmp_path / "scrapelint.toml").write_text('select = ["ZZ03"]\ntime-budget = 0.3\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("hang\n", encoding="utf-8")
    proc = run_process("check", "a.txt", cwd=tmp_path, env=hostile_site)
    assert proc.returncode == 2 and b"time budget of 0.3 s" in proc.stderr


def test_user_pattern_from_configuration_is_bounded_by_the_budget(hostile_registry, tmp_path):
    config = tmp_path / "scrapelint.toml"
    config.write_text('[rules.ZZ07]\npattern = "(a|aa)+$"\n', encoding="utf-8")
    settings = load_settings(hostile_registry, config)
    settings.time_budget = 0.5
    linter = Linter(settings, ["ZZ07"], hostile_registry)
    path = tmp_path / "a.txt"
    path.write_text("a" * 40 + "b\n", encoding="utf-8")
    result = linter.process_path(str(path), RunOptions())
    assert result.error and "rule ZZ07 of plugin 'hostile' was running" in result.error


def test_budget_works_off_the_main_thread_through_regex_timeouts(hostile_registry):
    """No alarm signal off the main thread: a user pattern run with ``time_left()``
    as its timeout, and a rule that yields for ever, still stop."""
    config_rules = Linter(Settings(rule_settings={"ZZ07": {"pattern": "(a|aa)+$"}}), ["ZZ07"],
                          hostile_registry).rules
    endless = linter_for(hostile_registry, ["ZZ08"]).rules
    outcomes = []

    def work():
        for rules, text in ((config_rules, "a" * 40 + "b"), (endless, "forever")):
            try:
                lint_text(text, rules, budget=0.5)
                outcomes.append(None)
            except BudgetExceeded as exc:
                outcomes.append(exc.code)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(120)
    assert not thread.is_alive() and outcomes == ["ZZ07", "ZZ08"]


def test_budget_covers_all_passes_of_a_fix_and_jsonl_records(hostile_registry, tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"text": "one  "}\n{"text": "hang  "}\n{"text": "three  "}\n', encoding="utf-8")
    linter = linter_for(hostile_registry, ["ZZ03", "WS01"], time_budget=0.5)
    result = linter.process_path(str(path), RunOptions(fix=True))
    assert result.error == (f"{path}:2: gave up after the time budget of 0.5 s per document "
                            "(rule ZZ03 of plugin 'hostile' was running); see --time-budget")
    assert path.read_text(encoding="utf-8") == '{"text": "one"}\n{"text": "hang  "}\n{"text": "three"}\n'


def test_budget_leaves_signal_state_as_it_found_it():
    import signal

    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timers here")
    before = signal.getsignal(signal.SIGALRM)
    assert time_left() is None
    with time_budget(5):
        assert 0 < time_left() <= 5
        with time_budget(1):  # nested: the outer budget stands
            assert time_left() > 1
    assert time_left() is None
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    # Someone else's timer is running: it is not touched, the budget is checked cooperatively.
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        with time_budget(0.2):
            pass
        assert 29 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("value,message", [
    ('"10s"', "time-budget: must be a number of seconds per document"),
    ("-1", "time-budget: must be a number of seconds per document"),
    ("true", "time-budget: must be a number of seconds per document"),
    ("nan", "time-budget: must be a number of seconds per document"),
    ("inf", "time-budget: must be a number of seconds per document"),
])
def test_time_budget_setting_is_checked(registry, tmp_path, value, message):
    path = tmp_path / "scrapelint.toml"
    path.write_text(f"time-budget = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(registry, path)
    path.write_text("time-budget = 0\n", encoding="utf-8")
    assert load_settings(registry, path).time_budget is None


def test_time_budget_option_is_checked(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "check", "--isolated", "--time-budget", "-1", str(tmp_path / "a.txt"))
    assert code == 2 and "--time-budget must be 0 (no limit) or a number of seconds" in err
    code, _, _ = run_cli(capsys, "check", "--isolated", "--time-budget", "0", str(tmp_path / "a.txt"))
    assert code == 0


# --- configuration never runs code ----------------------------------------------------------------
CODE_LIKE = "__import__('os').system('touch PWNED')"


def test_configuration_imports_and_runs_nothing(registry, tmp_path):
    marker = tmp_path / "PWNED"
    evil = tmp_path / "evil.py"
    evil.write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    config = tmp_path / "scrapelint.toml"
    config.write_text(textwrap.dedent(f'''
        include = ["{CODE_LIKE}", "*.txt"]
        exclude = ["$(touch PWNED)", "`touch PWNED`"]
        text-field = "{CODE_LIKE}"
        [per-file-ignores]
        "{CODE_LIKE}" = ["WS01"]
        [rules.CH01]
        extra-files = ["evil.py"]
        ignore-phrases = ["{CODE_LIKE}"]
    '''), encoding="utf-8")
    modules = set(sys.modules)
    try:
        settings = load_settings(registry, config)
    except ConfigError as exc:  # a data file that is no phrase list may be refused, never run
        settings = None
        assert "evil.py" in str(exc)
    assert set(sys.modules) == modules
    if settings is not None:
        linter = Linter(settings, ["CH01", "WS01"], registry)
        (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
        linter.process_path(str(tmp_path / "a.txt"), RunOptions())
    assert not marker.exists()


@pytest.mark.parametrize("text,key", [
    ('plugins = ["os"]\n', "plugins: unknown key"),
    ('load-plugins = ["evil"]\n', "load-plugins: unknown key"),
    ('[rules.DU01]\nplugin = "os.system"\n', "rules.DU01.plugin: unknown option"),
    ('select = ["os.system"]\n', "select: 'os.system' names no rule"),
])
def test_configuration_has_no_key_that_loads_code(capsys, tmp_path, monkeypatch, text, key):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scrapelint.toml").write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", "a.txt")
    assert code == 2 and out == "" and key in err


def _console_script():
    return shutil.which("scrapelint")


@pytest.mark.skipif(_console_script() is None, reason="the scrapelint command is not installed")
def test_repository_files_cannot_pose_as_modules_or_plugins(tmp_path):
    """A repository being linted may hold files named like the linter's own modules,
    or package metadata declaring a plugin; the installed command imports neither."""
    marker = tmp_path / "PWNED"
    for name in ("regex.py", "pluggy.py", "rules.py", "ftfy.py", "evil_plugin.py"):
        (tmp_path / name).write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    info = tmp_path / "evil-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: evil\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[scrapelint]\nevil = evil_plugin\n")
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([_console_script(), "check", "a.txt"], cwd=tmp_path, env=env, capture_output=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()


# --- malformed configuration: one line naming file and key ---------------------------------------
@pytest.mark.parametrize("text,key", [
    ("select = [\n", "not valid TOML"),
    ("select = 'WS01\n", "not valid TOML"),
    ("= 1\n", "not valid TOML"),
    ("select = [1, 2]\n", "select: must be a list of strings"),
    ("ignore = {}\n", "ignore: must be a list of strings"),
    ('include = "*.txt"\n', "include: must be a list of strings"),
    ("exclude = [[]]\n", "exclude: must be a list of strings"),
    ("extend-exclude = 3\n", "extend-exclude: must be a list of strings"),
    ("rules = 5\n", "rules: must be a table"),
    ("[rules]\nDU01 = 5\n", "rules.DU01: must be a table of options"),
    ("[rules.DU01]\nmin-words = []\n", "rules.DU01.min-words: invalid value"),
    ("[rules.DU01]\nmin-words = { a = 1 }\n", "rules.DU01.min-words: invalid value"),
    ('[rules.DU01]\nseverity = ["error"]\n', "rules.DU01.severity: must be one of"),
    ("per-file-ignores = []\n", "per-file-ignores: must be a table"),
    ('[per-file-ignores]\n"*.txt" = "WS01"\n', "per-file-ignores.'*.txt': must be a list of strings"),
    ("max-file-size = -1\n", "max-file-size: must be a number of bytes"),
    ("max-file-size = 1.5\n", "max-file-size: must be a number of bytes"),
    ("max-file-size = true\n", "max-file-size: must be a number of bytes"),
    ('text-field = ""\n', "text-field: must be the name"),
    ("text-field = 3\n", "text-field: must be the name"),
    ("time-budget = []\n", "time-budget: must be a number of seconds"),
    ("unknown-key = 1\n", "unknown-key: unknown key in the top level"),
    ("[tool]\nscrapelint = 5\n", None),  # a scrapelint.toml has its keys at the top level
])
def test_malformed_configuration_is_one_line(capsys, tmp_path, monkeypatch, text, key):
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "scrapelint.toml"
    config.write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", "a.txt")
    if key is None:
        assert code == 2 and str(config) in err and err.count("\n") == 1
        return
    assert code == 2 and out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"scrapelint: error: {config}: ") and key in err


@pytest.mark.parametrize("text,key", [
    ("[tool]\nscrapelint = 5\n", "tool.scrapelint: must be a table"),
    ("[tool.scrapelint]\nselct = []\n", r"selct: unknown key in [tool.scrapelint]"),
    ("[tool.scrapelint\n", "not valid TOML"),
])
def test_malformed_pyproject_is_one_line(capsys, tmp_path, text, key):
    config = tmp_path / "pyproject.toml"
    config.write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "check", "--config", str(config), str(tmp_path / "a.txt"))
    assert code == 2 and err.count("\n") == 1 and str(config) in err and key in err


@pytest.mark.parametrize("data,key", [
    (b"select = ['\xff']\n", "not valid TOML"),
    (b"\xef\xbb\xbfselect = ['WS01']\n", None),  # a BOM: tolerated or one clear line
    (b"\x00\x00", "not valid TOML"),
])
def test_undecodable_configuration_is_one_line(capsys, tmp_path, data, key):
    config = tmp_path / "scrapelint.toml"
    config.write_bytes(data)
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "check", "--config", str(config), str(tmp_path / "a.txt"))
    assert "Traceback" not in err
    if key is not None:
        assert code == 2 and err.count("\n") == 1 and str(config) in err and key in err
    elif code == 2:
        assert err.count("\n") == 1 and str(config) in err


@pytest.mark.parametrize("path", ["/dev/null", "/dev/zero", "."])
def test_configuration_that_is_not_a_file(capsys, tmp_path, path):
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "check", "--config", path, str(tmp_path / "a.txt"))
    assert code == 2 and err.count("\n") == 1 and "no such configuration file" in err


def test_deeply_nested_configuration_is_one_line(capsys, tmp_path):
    config = tmp_path / "scrapelint.toml"
    config.write_text("select = " + "[" * 50000 + "]" * 50000 + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "check", "--config", str(config), str(tmp_path / "a.txt"))
    assert code == 2 and err.count("\n") == 1 and str(config) in err


def test_budget_state_is_clean_after_documents_that_end_right_at_the_deadline():
    """Documents that take about their budget, so that the alarm fires around the
    end of a document: each ends in a result or an overrun, and leaves no timer,
    handler or deadline behind for the next one."""
    import random
    import signal
    import time

    from lint.rule import Rule

    class Busy(Rule):
        code, name, summary = "ZZ98", "test.busy", "busy"
        seconds = 0.0

        def check(self, doc):
            until = time.monotonic() + self.seconds
            while time.monotonic() < until:
                pass
            yield self.violation(0, 1, "done")

    rule = Busy()
    rule.plugin_name = "test"
    rng = random.Random(5)
    before = signal.getsignal(signal.SIGALRM) if hasattr(signal, "SIGALRM") else None
    outcomes = set()
    for _ in range(150):
        rule.seconds = rng.uniform(0.0, 0.02)
        try:
            lint_text("x", [rule], budget=0.01)
            outcomes.add("finished")
        except BudgetExceeded:
            outcomes.add("overrun")
        assert time_left() is None
        if before is not None:
            assert signal.getsignal(signal.SIGALRM) is before
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert outcomes == {"finished", "overrun"}
