"""Configuration: discovery, validation with errors naming file and key, selection."""
import json

import pytest

from helpers import json_diagnostics, run_cli
from lint.config import ConfigError, Settings, enabled_codes, find_config, load_settings

ARTICLE = "Talks resume in Pyongyang\n\nTalks resume in Pyongyang   \n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "articles" / "deep").mkdir(parents=True)
    (tmp_path / "articles" / "deep" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "articles" / "deep")
    return tmp_path


def test_found_by_walking_up_from_pyproject(capsys, project):
    (project / "pyproject.toml").write_text('[tool.scrapelint]\nselect = ["WS01"]\n')
    assert find_config() == project / "pyproject.toml"
    _, found, _ = json_diagnostics(capsys, "a.txt")
    assert {d["code"] for d in found} == {"WS01"}


def test_scrapelint_toml_wins_in_its_folder(capsys, project):
    (project / "pyproject.toml").write_text('[tool.scrapelint]\nselect = ["WS01"]\n')
    (project / "scrapelint.toml").write_text('select = ["DU01"]\n')
    _, found, _ = json_diagnostics(capsys, "a.txt")
    assert {d["code"] for d in found} == {"DU01"}


def test_pyproject_without_table_is_passed_over(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config() is None


def test_config_option_overrides_and_isolated(capsys, project):
    (project / "scrapelint.toml").write_text('select = ["DU01"]\n')
    other = project / "other.toml"
    other.write_text('select = ["WS01"]\n')
    _, found, _ = json_diagnostics(capsys, "--config", str(other), "a.txt")
    assert {d["code"] for d in found} == {"WS01"}
    _, found, _ = json_diagnostics(capsys, "--isolated", "--select", "DU01,WS01", "a.txt")
    assert {d["code"] for d in found} == {"DU01", "WS01"}


@pytest.mark.parametrize("text,message", [
    ('selct = ["WS01"]\n', "selct: unknown key in the top level"),
    ('select = "WS01"\n', "select: must be a list of strings"),
    ('select = ["QQ01"]\n', "select: 'QQ01' names no rule"),
    ('[rules.QQ01]\nx = 1\n', "rules.QQ01: unknown rule code"),
    ('[rules.DU01]\nmin-wrds = 2\n', "rules.DU01.min-wrds: unknown option for DU01"),
    ('[rules.DU01]\nmin-words = -2\n', "rules.DU01.min-words: invalid value -2: must be a positive integer"),
    ('[rules.DU01]\nseverity = "fatal"\n', "rules.DU01.severity: must be one of error, warning, info"),
    ('[per-file-ignores]\n"*.txt" = ["NOPE"]\n', "per-file-ignores.'*.txt': 'NOPE' names no rule"),
    ('max-file-size = "big"\n', "max-file-size: must be a number of bytes"),
    ('select = [\n', "not valid TOML"),
])
def test_malformed_configuration_names_file_and_key(capsys, project, text, message):
    (project / "scrapelint.toml").write_text(text)
    code, out, err = run_cli(capsys, "check", "a.txt")
    assert code == 2 and out == ""
    assert str(project / "scrapelint.toml") in err and message in err


def test_per_file_ignores_and_rule_options(capsys, project):
    (project / "scrapelint.toml").write_text(
        'select = ["DU01", "WS01"]\n[per-file-ignores]\n"articles/deep/*.txt" = ["WS"]\n'
        '[rules.DU01]\nmin-words = 2\nseverity = "error"\n')
    (project / "articles" / "deep" / "b.txt").write_text("Yes indeed\nYes indeed\n", encoding="utf-8")
    _, found, _ = json_diagnostics(capsys, ".")
    assert {d["code"] for d in found} == {"DU01"}  # WS01 ignored under deep/ (pattern relative to the config)
    assert [(d["filename"], d["severity"]) for d in found] == [("./a.txt", "error"), ("./b.txt", "error")]


def test_exclude_and_include(capsys, project):
    (project / "scrapelint.toml").write_text('include = ["*.txt", "*.text"]\nexclude = ["skip_*"]\n')
    deep = project / "articles" / "deep"
    (deep / "skip_me.txt").write_text(ARTICLE, encoding="utf-8")
    (deep / "c.text").write_text(ARTICLE, encoding="utf-8")
    _, found, _ = json_diagnostics(capsys, ".")
    assert sorted({d["filename"] for d in found}) == ["./a.txt", "./c.text"]
    _, found, _ = json_diagnostics(capsys, "skip_me.txt")  # excluded even when named (pre-commit passes names)
    assert found == []


def test_excluded_folder_by_path_covers_its_files_searched_or_named(capsys, project, monkeypatch):
    (project / "scrapelint.toml").write_text('exclude = ["articles/old/"]\n')
    old = project / "articles" / "old" / "2019"
    old.mkdir(parents=True)
    (old / "b.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(project)
    _, found, _ = json_diagnostics(capsys, "articles")
    assert sorted({d["filename"] for d in found}) == ["articles/deep/a.txt"]
    _, found, _ = json_diagnostics(capsys, "articles/old/2019/b.txt")
    assert found == []


def test_selection_semantics(registry, tmp_path):
    defaults = enabled_codes(Settings(), registry)
    assert {"DU01", "WS01"} <= defaults
    assert all(registry.rules[c].default_enabled for c in defaults)
    settings = Settings(select=["DU"], extend_select=["WS01"], ignore=["DU01"])
    assert enabled_codes(settings, registry) == {c for c in registry.rules if c.startswith("DU") and c != "DU01"} | {"WS01"}


def test_missing_config_file(capsys, project):
    code, _, err = run_cli(capsys, "check", "--config", "nowhere.toml", "a.txt")
    assert code == 2 and "nowhere.toml: no such configuration file" in err


def test_load_settings_reads_tool_table_in_any_file(registry, tmp_path):
    path = tmp_path / "custom.toml"
    path.write_text('[tool.scrapelint]\nignore = ["WS01"]\n')
    assert load_settings(registry, path).ignore == ["WS01"]
    path.write_text('[tool.scrapelint]\nbogus = 1\n')
    with pytest.raises(ConfigError, match=r"bogus: unknown key in \[tool.scrapelint\]"):
        load_settings(registry, path)


def test_family_table_sets_an_option_for_every_rule_that_has_it(registry, tmp_path):
    from lint.config import parse_settings

    settings = parse_settings({"rules": {"DU": {"min-words": 2, "severity": "info"},
                                         "DU01": {"min-words": 5}}}, registry, tmp_path / "scrapelint.toml")
    assert settings.rule_settings["DU01"] == {"min-words": 5}  # the rule's own table wins
    takers = [code for code in registry.rules if code.startswith("DU") and "min-words" in registry.rules[code].options]
    assert all(settings.severities[code].value == "info" for code in registry.rules if code.startswith("DU"))
    assert all(settings.rule_settings[code]["min-words"] == 2 for code in takers if code != "DU01")
    with pytest.raises(ConfigError, match=r"rules.DU.bogus: no DU rule has this option"):
        parse_settings({"rules": {"DU": {"bogus": 1}}}, registry, tmp_path / "scrapelint.toml")
    with pytest.raises(ConfigError, match=r"rules.QQ: no rule has this code prefix"):
        parse_settings({"rules": {"QQ": {}}}, registry, tmp_path / "scrapelint.toml")


@pytest.mark.parametrize("patterns,path,expected", [
    (("drafts",), "2024/drafts/a.txt", True),  # no slash: any part of the path
    (("drafts",), "2024/drafts-old/a.txt", False),
    (("*.bak",), "a/b/c.txt.bak", True),
    (("archive/*.txt",), "archive/a.txt", True),  # a slash: the whole path
    (("archive/*.txt",), "x/archive/a.txt", False),
    (("archive/2019/",), "archive/2019", True),  # a folder, and everything in it
    (("archive/2019/",), "archive/2019/march/a.txt", True),
    (("/archive/2019",), "archive/2019/a.txt", True),  # a leading slash: from the configuration's folder
    (("archive/2019",), "old/archive/2019/a.txt", False),
    (("/data/outside/*",), "/data/outside/a.txt", True),  # a path outside the folder stays absolute
    (("/data/outside/",), "/data/outside/2019/a.txt", True),
    (("build/", "*.tmp", "logs/**"), "logs/2024/a.txt", True),
    (("build/", "*.tmp", "logs/**"), "src/a.txt", False),
    ((), "a.txt", False),
])
def test_glob_patterns_match_parts_or_whole_paths(patterns, path, expected):
    from lint.config import glob_matcher
    assert glob_matcher(patterns)(path) is expected


def test_relative_path_inside_and_outside_the_root(tmp_path):
    from lint.config import relative_path
    assert relative_path(str(tmp_path / "a" / "b.txt"), tmp_path) == "a/b.txt"
    assert relative_path(str(tmp_path) + "-other/b.txt", tmp_path) == str(tmp_path) + "-other/b.txt"
