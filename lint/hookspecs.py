"""The hooks a scrapelint plugin may implement.

A plugin is an ordinary module named by an entry point in the ``scrapelint``
group. It implements one or more of these hooks with ``@lint.hookimpl``::

    from lint import hookimpl

    @hookimpl
    def scrapelint_rules():
        return [MyRule]

The built-in rules in the ``rules`` package arrive the same way.
"""
from typing import List, Type

import pluggy

hookspec = pluggy.HookspecMarker("scrapelint")


@hookspec
def scrapelint_rules() -> List[Type["lint.rule.Rule"]]:  # noqa: F821
    """Return the rule classes this plugin provides.

    Each class subclasses :class:`lint.rule.Rule` with a unique ``code`` and ``name``.
    """
