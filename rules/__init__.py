"""scrapelint's built-in rules, one module per family.

This package is a plugin like any other: it is registered through the
``scrapelint`` entry point group (see pyproject.toml), and the engine never
imports it by name.
"""
from importlib import import_module

from lint import hookimpl

#: One module per rule family; each exposes ``RULES``, a list of rule classes.
FAMILY_MODULES = (
    "rules.chrome",
    "rules.truncation",
    "rules.names",
    "rules.duplication",
    "rules.encoding",
    "rules.whitespace",
)


@hookimpl
def scrapelint_rules():
    rules = []
    for module_name in FAMILY_MODULES:
        rules.extend(import_module(module_name).RULES)
    return rules
