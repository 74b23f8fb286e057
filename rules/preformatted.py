"""Lines of code, command lines and drawings that a scraper kept from a page's
preformatted blocks: their spacing, brackets and punctuation are meant, and the
rules that tidy or shorten prose leave them alone.

Three tests, from the strictest: ``opens_code_block`` (how the line starts),
``code_line`` (or it reads as a statement of code), ``looks_like_code`` (or it
holds a character that prose seldom does, for rules that only tidy spacing).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Tuple

from rules.datafiles import data_path, read_toml

# A statement of code: a keyword opening it, a statement or block ending it, a
# method call, a comparison or arrow operator, a <placeholder>.
STATEMENT = re.compile(r"^[ \t]*(?:import[ \t]|from[ \t]+\S+[ \t]+import[ \t]|def[ \t])|[{};][ \t]*$"
                       r"|\w\.\w+\(|\w\(\)|[=!<>]=|=>|->|::|&&|<[a-z][a-z _]*>")
#: Every line STATEMENT matches holds one of these marks or opens with a keyword:
#: a look in C spares most lines the pattern.
STATEMENT_MARKS = frozenset("(){};=<>:&")
KEYWORDS = ("import", "from", "def")
# Characters that prose seldom holds and code, markup and ASCII drawings do.
CODE_CHARACTERS = re.compile(r"[{}`=\\|<>]")


@lru_cache(maxsize=None)
def _line_starts() -> Tuple[str, ...]:
    """The starts of data/code_lines.toml, and an indentation of four spaces or a tab."""
    return (*read_toml(data_path("code_lines.toml"))["line_starts"], "    ", "\t")


def opens_code_block(line: str) -> bool:
    """Whether a line starts as a line of a code sample or a terminal session:
    a prompt ("$ ", ">>> "), a directory tree, a fence, an indentation."""
    return line.startswith(_line_starts())


def code_line(line: str) -> bool:
    """Whether a line is a line of code: it opens a code block, or reads as a
    statement ("import os", "x = f();", "obj.method(arg)", "<placeholder>")."""
    if opens_code_block(line):
        return True
    if STATEMENT_MARKS.isdisjoint(line) and not line.lstrip(" \t").startswith(KEYWORDS):
        return False
    return STATEMENT.search(line) is not None


def looks_like_code(line: str) -> bool:
    """Whether a line may be code or preformatted text rather than prose: a line
    of code, or one holding characters such as | < > = { } (a table, a path, a
    formula). For rules that only tidy spacing and punctuation."""
    return code_line(line) or CODE_CHARACTERS.search(line) is not None
