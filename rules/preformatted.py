"""Lines of code, command lines and drawings that a scraper kept from a page's
preformatted blocks: their spacing, brackets and punctuation are meant, and the
rules that tidy prose leave them alone."""
from __future__ import annotations

import re

# Characters that prose seldom holds and code, markup and ASCII drawings do.
CODE_CHARACTERS = re.compile(r"[{}`=\\|<>]")
# A shell or interpreter prompt opening the line.
PROMPT = re.compile(r"(?:\$|>>>|\.\.\.|%) ")


def in_code_block(line: str) -> bool:
    """Whether a line is set as a code block: indented (scraped prose starts at
    the margin) or opening with a prompt ("$ ", ">>> ")."""
    if line[:2] == "  " or line[:1] == "\t":
        return bool(line.strip())
    return PROMPT.match(line) is not None


def looks_like_code(line: str) -> bool:
    """Whether a line reads as code or preformatted text rather than prose: set
    as a code block, or holding characters that prose seldom does."""
    return in_code_block(line) or CODE_CHARACTERS.search(line) is not None
