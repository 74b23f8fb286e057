"""Finding plugins and collecting their rules.

Plugins come only from installed entry points in the ``scrapelint`` group;
configuration never names code to import. A plugin that fails to load, or whose
rules are malformed, is reported by name and skipped: the other rules still run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple, Type

import pluggy

from lint import hookspecs
from lint.rule import Rule

ENTRY_POINT_GROUP = "scrapelint"
CODE_PATTERN = re.compile(r"[A-Z]{2}[0-9]{2}\Z")
NAME_PATTERN = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*\Z")


@dataclass
class Registry:
    """Every rule known to this run, by code, and the problems met loading them."""

    rules: Dict[str, Type[Rule]] = field(default_factory=dict)
    errors: List[str] = field(default_factory=list)

    def by_name(self) -> Dict[str, Type[Rule]]:
        return {rule.name: rule for rule in self.rules.values()}

    def add(self, plugin_name: str, rule: Type[Rule]) -> None:
        problem = _rule_problem(rule)
        if problem:
            self.errors.append(f"plugin {plugin_name!r}: rule {rule!r} skipped: {problem}")
            return
        if rule.code in self.rules:
            other = self.rules[rule.code]
            self.errors.append(
                f"plugin {plugin_name!r}: rule {rule.code} skipped: the code is already "
                f"taken by {other.name} from plugin {getattr(other, 'plugin_name', '?')!r}"
            )
            return
        if any(r.name == rule.name for r in self.rules.values()):
            self.errors.append(f"plugin {plugin_name!r}: rule {rule.code} skipped: name {rule.name!r} is already taken")
            return
        rule.plugin_name = plugin_name
        self.rules[rule.code] = rule


def _rule_problem(rule: object) -> Optional[str]:
    if not (isinstance(rule, type) and issubclass(rule, Rule)):
        return "not a subclass of lint.rule.Rule"
    if not CODE_PATTERN.match(rule.code or ""):
        return f"code {rule.code!r} is not two capital letters and two digits"
    if not NAME_PATTERN.match(rule.name or ""):
        return f"name {rule.name!r} is not kebab-case"
    if not rule.summary:
        return "it has no summary"
    return None


def _entry_points() -> Iterable[Tuple[str, object]]:
    from importlib.metadata import entry_points

    try:
        found = entry_points(group=ENTRY_POINT_GROUP)
    except TypeError:  # Python 3.9: entry_points() takes no arguments
        found = entry_points().get(ENTRY_POINT_GROUP, [])
    seen = set()
    for ep in found:
        if (ep.name, ep.value) in seen:  # the same distribution on sys.path twice
            continue
        seen.add((ep.name, ep.value))
        yield ep.name, ep


def load_registry(extra_plugins: Iterable[Tuple[str, object]] = ()) -> Registry:
    """Load every installed plugin (and ``extra_plugins``, given as (name, module)
    pairs, which tests use) and collect their rules."""
    manager = pluggy.PluginManager("scrapelint")
    manager.add_hookspecs(hookspecs)
    registry = Registry()
    plugins: List[Tuple[str, object]] = []
    for name, ep in _entry_points():
        try:
            module = ep.load()
        except Exception as exc:  # any import failure: name it and carry on
            registry.errors.append(f"plugin {name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}")
            continue
        plugins.append((name, module))
    plugins.extend(extra_plugins)
    for name, module in plugins:
        try:
            manager.register(module, name=name)
        except Exception as exc:  # a hook that does not match its specification
            registry.errors.append(f"plugin {name!r} is not a valid scrapelint plugin: {exc}")
    # Call each implementation on its own so that every rule is tied to its plugin
    # and one plugin's failure does not hide the others' rules.
    for impl in manager.hook.scrapelint_rules.get_hookimpls():
        try:
            rules = list(impl.function() or [])
        except Exception as exc:
            registry.errors.append(
                f"plugin {impl.plugin_name!r} failed to provide its rules: {type(exc).__name__}: {exc}")
            continue
        for rule in rules:
            registry.add(impl.plugin_name, rule)
    return registry
