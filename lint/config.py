"""Configuration: finding it, validating it, and deciding which rules run.

Settings live in ``scrapelint.toml`` (keys at the top level) or in the
``[tool.scrapelint]`` table of ``pyproject.toml``; the first folder, walking up
from the working directory, that has either wins (``scrapelint.toml`` before
``pyproject.toml`` in one folder). ``--config`` names a file instead.
Every error names the file and the key, and tells what is allowed.
"""
from __future__ import annotations

import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple, Type

from lint.linter import DEFAULT_TIME_BUDGET
from lint.plugins import Registry
from lint.rule import Rule, Severity
from lint.source import DEFAULT_MAX_FILE_SIZE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11
    import tomli as tomllib

CONFIG_FILE = "scrapelint.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_INCLUDE = ("*.txt",)
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "__pycache__",
                   "node_modules", "build", "dist", ".scrapelint-*.tmp")
FAMILY_PATTERN = re.compile(r"[A-Z]{2}\Z")
KNOWN_KEYS = {"select", "ignore", "extend-select", "exclude", "extend-exclude", "include",
              "per-file-ignores", "rules", "max-file-size", "text-field", "time-budget"}


class ConfigError(Exception):
    """A configuration or command-line setting that cannot be used."""


@dataclass
class Settings:
    source: Optional[Path] = None  # the file the settings came from
    root: Path = field(default_factory=Path.cwd)  # where relative patterns start
    select: Optional[List[str]] = None
    extend_select: List[str] = field(default_factory=list)
    ignore: List[str] = field(default_factory=list)
    include: List[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: List[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    per_file_ignores: Dict[str, List[str]] = field(default_factory=dict)
    rule_settings: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    severities: Dict[str, Severity] = field(default_factory=dict)
    max_file_size: Optional[int] = DEFAULT_MAX_FILE_SIZE
    time_budget: Optional[float] = DEFAULT_TIME_BUDGET  # seconds per document; None for no limit
    text_field: str = "text"


def find_config(start: Optional[Path] = None) -> Optional[Path]:
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    # A cheap look before parsing: most pyproject files have no such table.
    try:
        return "tool.scrapelint" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def load_settings(registry: Registry, path: Optional[Path] = None) -> Settings:
    """Settings from ``path`` (or the one found by walking up), validated against
    the rules in ``registry``. No file at all gives the defaults."""
    path = path or find_config()
    if path is None:
        return Settings()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:  # the parser recurses once per nested array or table
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    tool_table = data.get("tool", {}).get("scrapelint") if isinstance(data.get("tool"), dict) else None
    if path.name == PYPROJECT or tool_table is not None:
        table, where = tool_table or {}, "[tool.scrapelint]"
    else:
        table, where = data, "the top level"
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: tool.scrapelint: must be a table")
    return parse_settings(table, registry, path, where)


def parse_settings(table: Dict[str, Any], registry: Registry, path: Path, where: str = "the top level") -> Settings:
    settings = Settings(source=path, root=path.parent.resolve())

    def fail(key: str, reason: str) -> ConfigError:
        return ConfigError(f"{path}: {key}: {reason}")

    for key in table:
        if key not in KNOWN_KEYS:
            raise fail(key, f"unknown key in {where} (known keys: {', '.join(sorted(KNOWN_KEYS))})")

    def string_list(key: str) -> Optional[List[str]]:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "must be a list of strings")
        return value

    for key in ("select", "extend-select", "ignore"):
        value = string_list(key)
        if value is not None:
            try:
                expand_selectors(value, registry)
            except ConfigError as exc:
                raise fail(key, str(exc)) from None
    settings.select = string_list("select")
    settings.extend_select = string_list("extend-select") or []
    settings.ignore = string_list("ignore") or []
    if "include" in table:
        settings.include = string_list("include") or []
    if "exclude" in table:
        settings.exclude = string_list("exclude") or []
    settings.exclude += string_list("extend-exclude") or []

    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise fail("per-file-ignores", "must be a table of glob = [codes]")
    for pattern, selectors in per_file.items():
        key = f"per-file-ignores.{pattern!r}"
        if not isinstance(selectors, list) or not all(isinstance(s, str) for s in selectors):
            raise fail(key, "must be a list of strings")
        try:
            expand_selectors(selectors, registry)
        except ConfigError as exc:
            raise fail(key, str(exc)) from None
        settings.per_file_ignores[pattern] = selectors

    if "max-file-size" in table:
        size = table["max-file-size"]
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise fail("max-file-size", "must be a number of bytes (0 for no limit)")
        settings.max_file_size = size or None
    if "time-budget" in table:
        budget = table["time-budget"]
        if not isinstance(budget, (int, float)) or isinstance(budget, bool) or not 0 <= budget < float("inf"):
            raise fail("time-budget", "must be a number of seconds per document (0 for no limit)")
        settings.time_budget = budget or None
    if "text-field" in table:
        if not isinstance(table["text-field"], str) or not table["text-field"]:
            raise fail("text-field", "must be the name of the JSON Lines field that holds the text")
        settings.text_field = table["text-field"]

    rules_table = table.get("rules", {})
    if not isinstance(rules_table, dict):
        raise fail("rules", "must be a table of [rules.CODE] tables")
    # A family table ([rules.NM]) sets an option for every rule of the family that
    # has it; a rule's own table ([rules.NM01]) then overrides it.
    families = sorted(key for key in rules_table if FAMILY_PATTERN.match(key))
    for family in families:
        for code, options, severity in parse_family_options(family, rules_table[family], registry, path,
                                                            settings.root):
            settings.rule_settings.setdefault(code, {}).update(options)
            if severity is not None:
                settings.severities[code] = severity
    for code, options in rules_table.items():
        if code in families:
            continue
        converted, severity = parse_rule_options(code, options, registry, path, settings.root)
        settings.rule_settings.setdefault(code, {}).update(converted)
        if severity is not None:
            settings.severities[code] = severity
    return settings


def parse_family_options(family: str, options: Any, registry: Registry, path: Path, root: Path):
    codes = sorted(code for code in registry.rules if code.startswith(family))
    if not codes:
        raise ConfigError(f"{path}: rules.{family}: no rule has this code prefix (see `scrapelint rules`)")
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: rules.{family}: must be a table of options")
    for key in options:
        if key != "severity" and not any(key in registry.rules[code].options for code in codes):
            raise ConfigError(f"{path}: rules.{family}.{key}: no {family} rule has this option")
    for code in codes:
        own = {key: value for key, value in options.items()
               if key == "severity" or key in registry.rules[code].options}
        converted, severity = parse_rule_options(code, own, registry, path, root, where=f"rules.{family}")
        yield code, converted, severity


def parse_rule_options(code: str, options: Any, registry: Registry, path: Path, root: Path,
                       where: Optional[str] = None):
    table = where or f"rules.{code}"
    rule = registry.rules.get(code)
    if rule is None:
        raise ConfigError(f"{path}: rules.{code}: unknown rule code (see `scrapelint rules`)")
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: rules.{code}: must be a table of options")
    converted: Dict[str, Any] = {}
    severity = None
    for key, value in options.items():
        where = f"{path}: {table}.{key}"
        if key == "severity":
            try:
                severity = Severity(value)
            except ValueError:
                raise ConfigError(f"{where}: must be one of error, warning, info") from None
            continue
        option = rule.options.get(key)
        if option is None:
            known = ", ".join(sorted(rule.options)) or "none"
            raise ConfigError(f"{where}: unknown option for {code} (options: {known}, severity)")
        if option.paths:
            value = _resolve_paths(value, root, where)
        try:
            converted[key] = option.convert(value)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{where}: invalid value {value!r}: {exc}") from None
    return converted, severity


def _resolve_paths(value: Any, root: Path, where: str) -> Any:
    def resolve(item: Any) -> str:
        if not isinstance(item, str):
            raise ConfigError(f"{where}: must be a path or a list of paths")
        return str((root / item).resolve())

    return [resolve(v) for v in value] if isinstance(value, list) else resolve(value)


def expand_selectors(selectors: Sequence[str], registry: Registry) -> Set[str]:
    """The rule codes that selectors name: ``ALL``, a code (``CH01``), a code prefix
    (``CH``, ``C``), a rule name (``chrome.newsletter-prompt``) or a family name
    (``chrome``). A selector that names no rule is an error."""
    codes: Set[str] = set()
    by_name = registry.by_name()
    for selector in selectors:
        if selector == "ALL":
            codes.update(registry.rules)
            continue
        matched = {code for code in registry.rules if code.startswith(selector)}
        if selector in by_name:
            matched.add(by_name[selector].code)
        matched.update(rule.code for name, rule in by_name.items() if name.startswith(selector + "."))
        if not matched:
            raise ConfigError(f"{selector!r} names no rule (see `scrapelint rules`)")
        codes |= matched
    return codes


def enabled_codes(settings: Settings, registry: Registry) -> Set[str]:
    if settings.select is None:
        codes = {code for code, rule in registry.rules.items() if rule.default_enabled}
    else:
        codes = expand_selectors(settings.select, registry)
    codes |= expand_selectors(settings.extend_select, registry)
    codes -= expand_selectors(settings.ignore, registry)
    return codes


def ignored_for_file(settings: Settings, registry: Registry, path: str) -> Set[str]:
    if not settings.per_file_ignores:
        return set()
    relative = relative_path(path, settings.root)
    codes: Set[str] = set()
    for pattern, selectors in settings.per_file_ignores.items():
        if glob_matcher((pattern,))(relative):
            codes |= expand_selectors(selectors, registry)
    return codes


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes, or absolute when outside.
    (String work: the discovery of a large corpus calls it for every file.)"""
    absolute = os.path.abspath(path)
    prefix = str(root).rstrip(os.sep) + os.sep
    # (normcase: on Windows the root's case and the typed path's may differ)
    if os.path.normcase(absolute).startswith(os.path.normcase(prefix)):
        absolute = absolute[len(prefix):]
    return absolute.replace(os.sep, "/") if os.sep != "/" else absolute


@lru_cache(maxsize=1024)  # (keyed by the patterns of the configuration)
def glob_matcher(patterns: Tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a path relative to the configuration's folder matches any of the
    globs ``patterns``, or lies in a folder that does: a glob without a slash (but
    a trailing one) is matched against each name of the path, one with a slash
    against the path from the configuration's folder (a leading slash changes
    nothing, except that an absolute glob also matches a path outside that
    folder). Unlike .gitignore, a trailing slash does not restrict a glob to
    folders. The globs are compiled once, into one expression for each kind."""
    whole, part = [], []
    for pattern in patterns:
        if "/" in pattern.rstrip("/"):
            whole.append(fnmatch.translate(pattern.strip("/")))
            if pattern.startswith("/"):  # a path outside the folder stays absolute
                whole.append(fnmatch.translate(pattern.rstrip("/")))
        else:
            part.append(fnmatch.translate(pattern.rstrip("/")))
    whole_match = re.compile("|".join(whole)).match if whole else None
    part_match = re.compile("|".join(part)).match if part else None

    def match(relative: str) -> bool:
        names = relative.split("/")
        if part_match is not None and any(part_match(name) for name in names):
            return True
        if whole_match is not None:
            for end in range(1, len(names) + 1):  # the path and each folder above it
                if whole_match("/".join(names[:end])):
                    return True
        return False
    return match


def build_rules(settings: Settings, registry: Registry, codes: Set[str]) -> List[Rule]:
    """Instantiate the enabled rules with their configured options, in code order."""
    rules = []
    for code in sorted(codes):
        rule_class: Type[Rule] = registry.rules[code]
        try:
            rule = rule_class(settings.rule_settings.get(code, {}))
        except Exception as exc:  # a data file named in the options that cannot be read, ...
            where = f"{settings.source}: rules.{code}" if settings.source else f"rule {code}"
            raise ConfigError(f"{where}: the rule could not be set up: {type(exc).__name__}: {exc}") from None
        if code in settings.severities:
            rule.severity = settings.severities[code]
        rules.append(rule)
    return rules
