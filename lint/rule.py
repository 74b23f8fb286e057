"""Rules, the violations they find, and the fixes they offer.

A rule is a class with its documentation as attributes (code, name, summary,
explanation, a bad and a good example, severity, fix availability, options) and
a ``check`` method that yields :class:`Violation` objects with character offsets.
The engine turns violations into :class:`~lint.diagnostic.Diagnostic` objects;
a rule never computes rows or columns itself.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, ClassVar, Dict, Iterable, NamedTuple, Optional, Tuple

from lint.document import Document


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Applicability(str, Enum):
    """How sure a fix is: ``safe`` fixes apply with ``--fix``, ``unsafe`` ones only
    with ``--unsafe-fixes``, ``display`` ones are shown and never applied."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display"


# Edits, fixes and violations are named tuples: immutable like frozen dataclasses,
# and several times cheaper to make (a rule may make thousands per document).
class Edit(NamedTuple):
    """Replace ``text[start:end]`` by ``content`` (an empty content deletes)."""

    start: int
    end: int
    content: str = ""


class Fix(NamedTuple):
    edits: Tuple[Edit, ...]
    applicability: Applicability
    message: str

    @classmethod
    def replace(cls, start: int, end: int, content: str, applicability: Applicability, message: str) -> "Fix":
        if applicability.__class__ is not Applicability:  # a plain string from a plugin
            applicability = Applicability(applicability)
        return cls((Edit(start, end, content),), applicability, message)

    @classmethod
    def delete(cls, start: int, end: int, applicability: Applicability, message: str) -> "Fix":
        return cls.replace(start, end, "", applicability, message)


class Violation(NamedTuple):
    """What a rule reports: a span of the document, a message and maybe a fix."""

    start: int
    end: int
    message: str
    fix: Optional[Fix] = None
    severity: Optional[Severity] = None  # overrides the rule's default when set


@dataclass(frozen=True)
class Option:
    """A per-rule setting, configured under ``[tool.scrapelint.rules.CODE]``."""

    default: Any
    help: str
    #: Validates and converts a configured value; raises ValueError with a reason.
    convert: Callable[[Any], Any] = field(default=lambda value: value)
    #: The value is a file path or a list of paths: the engine resolves relative
    #: paths against the configuration file's folder before ``convert`` sees them.
    paths: bool = False


def positive_int(value: Any) -> int:
    """Option converter: a whole number of 1 or more."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("must be a positive integer")
    return value


def boolean(value: Any) -> bool:
    """Option converter: true or false."""
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


class Rule:
    """Base class of every rule, built-in or from a plugin.

    Subclasses set the class attributes below and implement :meth:`check`.
    Instances are made once per run with the configured options; ``check`` must
    not keep state between documents (it may run in several processes).
    """

    code: ClassVar[str] = ""  # two capital letters and two digits: CH01
    name: ClassVar[str] = ""  # kebab-case, family first: chrome.newsletter-prompt
    summary: ClassVar[str] = ""  # one line
    explanation: ClassVar[str] = ""  # why it matters, what the fix does
    bad_example: ClassVar[str] = ""  # text the rule reports
    good_example: ClassVar[str] = ""  # the same text as it should be
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[Optional[Applicability]] = None  # the best fix it can offer
    default_enabled: ClassVar[bool] = True
    options: ClassVar[Dict[str, Option]] = {}

    def __init__(self, settings: Optional[Dict[str, Any]] = None) -> None:
        self.settings: Dict[str, Any] = {key: opt.default for key, opt in self.options.items()}
        self.settings.update(settings or {})
        self.setup()

    def setup(self) -> None:
        """Prepare per-run state from ``self.settings`` (compile patterns, load data)."""

    def check(self, doc: Document) -> Iterable[Violation]:
        raise NotImplementedError

    # Helpers every rule uses to build its violations.
    def violation(self, start: int, end: int, message: str, fix: Optional[Fix] = None,
                  severity: Optional[Severity] = None) -> Violation:
        return Violation(start, end, message, fix, severity)

    @classmethod
    def documentation(cls) -> Dict[str, Any]:
        """The rule's structured documentation (``scrapelint rule CODE``)."""
        return {
            "code": cls.code,
            "name": cls.name,
            "summary": cls.summary,
            "explanation": textwrap.dedent(cls.explanation).strip(),
            "bad_example": cls.bad_example,
            "good_example": cls.good_example,
            "severity": Severity(cls.severity).value,
            "fix": Applicability(cls.fixable).value if cls.fixable else None,
            "default_enabled": cls.default_enabled,
            "options": {key: {"default": opt.default, "help": opt.help} for key, opt in cls.options.items()},
            "plugin": getattr(cls, "plugin_name", None),
        }
