"""Lines of code, command lines and drawings that a scraper kept from a page's
preformatted blocks: their spacing, brackets and punctuation are meant, and the
rules that tidy or shorten prose leave them alone.

Three tests, from the strictest: ``opens_code_block`` (how the line starts),
``code_line`` (or it reads as a statement of code), ``looks_like_code`` (or it
holds a character that prose seldom does, or is indented with aligned columns:
for rules that only tidy spacing and punctuation). Each looks at one line: of a
paragraph of several lines, the first.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import FrozenSet, Tuple

from rules.datafiles import data_path, read_lines, read_toml

# A statement of code: a keyword opening it, a block opening or closing it, a
# method call, a comparison or arrow operator.
STATEMENT = re.compile(r"^[ \t]*(?:import[ \t]|from[ \t]+\S+[ \t]+import[ \t]|def[ \t])|[{}][ \t]*$"
                       r"|\w\.\w+\(|\w\(\)|[=!]=|=>|->|::|&&")
# A statement ending with a semicolon: a call or an assignment before it ("x = f();",
# "free(buffer);"). Prose ends a clause with one too ("the talks went on; prices
# (in euros) rose;"), and writes a space before its brackets.
SEMICOLON_STATEMENT = re.compile(r"(?:\w\(|=).*;[ \t]*$")
#: Every line these match holds one of these marks or opens with a keyword: a look
#: in C spares most lines the patterns.
STATEMENT_MARKS = frozenset("(){};=:&>!")
KEYWORDS = ("import", "from", "def")
# A placeholder of a template or a command line: "<year>", "<desired version>"
# (the name of an HTML element is markup left in text, not a placeholder).
PLACEHOLDER = re.compile(r"<([a-z][a-z _]*)>")
# Characters that prose seldom holds and code, markup and ASCII drawings do.
CODE_CHARACTERS = re.compile(r"[{}`=\\|<>]")
# Columns aligned with spaces, or a command-line option opening the line.
ALIGNED = re.compile(r"\S {2,}\S|^[ \t]*--?\w")


@lru_cache(maxsize=None)
def _line_starts() -> Tuple[str, ...]:
    return tuple(read_toml(data_path("code_lines.toml"))["line_starts"])


@lru_cache(maxsize=None)
def _html_elements() -> FrozenSet[str]:
    return frozenset(read_lines(data_path("encoding", "html_elements.txt")))


def _first_line(text: str) -> str:
    return text.partition("\n")[0]


def opens_code_block(line: str) -> bool:
    """Whether a line starts as a line of a code sample or a terminal session:
    a prompt ("$ ", ">>> "), a directory tree, a fence (data/code_lines.toml)."""
    return _first_line(line).startswith(_line_starts())


def code_line(line: str) -> bool:
    """Whether a line is a line of code: it opens a code block, or reads as a
    statement ("import os", "x = f();", "obj.method(arg)", "if (a == b) {",
    "pyenv global <desired version>")."""
    line = _first_line(line)
    if line.startswith(_line_starts()):
        return True
    if STATEMENT_MARKS.isdisjoint(line) and not line.lstrip(" \t").startswith(KEYWORDS):
        return False
    if STATEMENT.search(line) or SEMICOLON_STATEMENT.search(line):
        return True
    return any(name.split(" ", 1)[0] not in _html_elements() for name in PLACEHOLDER.findall(line))


def looks_like_code(line: str) -> bool:
    """Whether a line may be code or preformatted text rather than prose: a line
    of code, one holding characters such as | < > = { } (a table, a path, a
    formula), or one indented with aligned columns or an option ("    -h, --help
    show help"). For rules that only tidy spacing and punctuation."""
    line = _first_line(line)
    if code_line(line) or CODE_CHARACTERS.search(line):
        return True
    return (line[:4] == "    " or line[:1] == "\t") and ALIGNED.search(line) is not None
