"""A third-party plugin registered through a real ``scrapelint`` entry point."""
import json
import shutil
from pathlib import Path

import pytest

from helpers import run_process

HERE = Path(__file__).parent / "plugin_example"


def install(site, entry_points):
    """Put plugin modules and the distribution metadata declaring their entry
    points in ``site``, as pip would install them; return the environment."""
    site.mkdir()
    for module in ("scrapelint_example_plugin.py", "scrapelint_broken_plugin.py"):
        shutil.copy(HERE / module, site / module)
    info = site / "scrapelint_example-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: scrapelint-example\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[scrapelint]\n" + "".join(f"{k} = {v}\n" for k, v in entry_points.items()))
    return {"PYTHONPATH": str(site)}


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory):
    return install(tmp_path_factory.mktemp("good") / "site", {"example": "scrapelint_example_plugin"})


@pytest.fixture(scope="module")
def broken_path(tmp_path_factory):
    return install(tmp_path_factory.mktemp("broken") / "site",
                   {"example": "scrapelint_example_plugin", "broken": "scrapelint_broken_plugin"})


def test_plugin_rule_is_listed(broken_path):
    proc = run_process("rules", "--output-format", "json", env=broken_path)
    rules = {r["code"]: r for r in json.loads(proc.stdout)}
    assert rules["EX01"]["plugin"] == "example"
    assert "DU01" in rules  # the built-in rules still load beside it
    assert b"plugin 'broken'" in proc.stderr and b"a_module_that_is_not_installed" in proc.stderr


def test_plugin_rule_is_selected_run_and_fixed(plugin_path, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("What a day!!!\nThe envoy arrived.\n", encoding="utf-8")
    proc = run_process("check", "--select", "EX01", "--output-format", "json", str(article), env=plugin_path)
    assert proc.returncode == 1
    found = json.loads(proc.stdout)
    assert [(d["code"], d["location"]["row"]) for d in found] == [("EX01", 1)]
    proc = run_process("check", "--select", "example", "--fix", str(article), env=plugin_path)
    assert proc.returncode == 0, proc.stderr
    assert article.read_text(encoding="utf-8") == "What a day!\nThe envoy arrived.\n"


def test_broken_plugin_does_not_stop_other_rules(broken_path, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Two words  \n", encoding="utf-8")
    proc = run_process("check", "--select", "WS01", "--output-format", "concise", str(article), env=broken_path)
    assert proc.returncode == 2  # the findings are reported, but a rule set with a hole is no pass
    assert b"WS01" in proc.stdout
    assert b"plugin 'broken'" in proc.stderr and b"failed to load" in proc.stderr
