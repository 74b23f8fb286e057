"""Output formats. Each reporter turns the results of a run into text.

``FORMATS`` maps a format name to ``(module, function)``; modules are imported
only when their format is asked for, to keep start-up short.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable, List

from lint.diagnostic import Diagnostic
from lint.plugins import Registry
from lint.runner import FileResult

FORMATS = {
    "full": ("lint.reporters.text", "render_full"),
    "concise": ("lint.reporters.text", "render_concise"),
    "json": ("lint.reporters.json_output", "render_json"),
    "json-lines": ("lint.reporters.json_output", "render_json_lines"),
    "github": ("lint.reporters.github", "render_github"),
    "sarif": ("lint.reporters.sarif", "render_sarif"),
    "junit": ("lint.reporters.junit", "render_junit"),
}
HUMAN_FORMATS = ("full", "concise")


@dataclass
class Report:
    results: List[FileResult]
    registry: Registry
    show_fixes: bool = False  # list the fixes applied or available
    fix_mode: bool = False  # --fix was given
    unsafe_fixes: bool = False
    color: bool = False

    @property
    def diagnostics(self) -> List[Diagnostic]:
        return [d for result in self.results for d in result.diagnostics]


def reporter(name: str) -> Callable[[Report], str]:
    module_name, function = FORMATS[name]
    return getattr(import_module(module_name), function)
