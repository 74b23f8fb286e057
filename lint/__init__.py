"""scrapelint: a plugin-based linter for scraped article text.

The engine in this package knows no rule by name: rules arrive through the
``scrapelint`` entry point group (see :mod:`lint.plugins`).
"""
import pluggy

__version__ = "0.1.0"

#: Marker for plugin hook implementations: ``@hookimpl def scrapelint_rules(): ...``
hookimpl = pluggy.HookimplMarker("scrapelint")
