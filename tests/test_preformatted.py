"""The tests for code and preformatted lines that the prose rules leave alone."""
import pytest

from rules.preformatted import code_line, looks_like_code, opens_code_block

CODE_BLOCK_STARTS = ["$ pip install scrapelint", ">>> parse(text)", "|   |-- bin", "├── src", "```python",
                     "#include <stdio.h>", "C:\\> dir"]
STATEMENTS = ["import os", "from json import loads", "x = compute();", "items.append(value)",
              "if (a == b) {", "pyenv global <desired version>", "run() -> None", "}"]
PROSE = ["$5 million was paid on Monday.", "The plan, he said, was fine; the talks went on.",
         "She said (quietly) that she would stay.", "He said: yes, and left.", "# Heading",
         "A price of 20% was agreed.", "... and then the talks resumed.",
         "    An indented paragraph of prose, as scrapers keep it.",
         "The envoy arrived; the talks began at noon.", "The index fell; prices (in euros) rose 5%;",
         "Prices were at or below 5 euros.", "The talks ended.<br>They resume on Monday."]


@pytest.mark.parametrize("line", CODE_BLOCK_STARTS)
def test_code_block_starts(line):
    assert opens_code_block(line) and code_line(line) and looks_like_code(line)


@pytest.mark.parametrize("line", STATEMENTS)
def test_statements_are_code_but_open_no_block(line):
    assert code_line(line) and not opens_code_block(line)


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_no_code(line):
    assert not code_line(line) and not opens_code_block(line)


def test_prose_rules_see_more_as_code():
    # Characters that prose seldom holds, and indented aligned columns or options.
    for line in ["Model | Price | Grade", "    -h, --help     show this help", "    --verbose  say more"]:
        assert looks_like_code(line) and not code_line(line)
    assert not looks_like_code("    An indented paragraph of prose, as scrapers keep it.")


def test_a_paragraph_is_judged_by_its_first_line():
    assert code_line("$ pip install tool\nThen run it.")
    assert not code_line("The talks went on.\nx = compute();")
