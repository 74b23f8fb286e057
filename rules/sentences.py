"""Blocks and sentences: the units the truncation and duplication rules look at.

A *block* is one unit of running text as the page showed it. Scraped articles put
one block per line (a blank line, or only a newline, between them); a paragraph
that was hard-wrapped is one block over several lines. A *sentence* is found by a
splitter that knows abbreviations ("Mr. Lee", "U.S. officials", "Jan. 5", initials
"J. K."), listed with their behaviour in ``data/abbreviations.txt``.

Both are computed once per document and kept in ``Document.cache``.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from typing import Dict, FrozenSet, List, NamedTuple, Tuple

import regex

from lint.document import Document
from rules.datafiles import data_path, read_lines

CACHE_BLOCKS = "sentences.blocks"
CACHE_SENTENCES = "sentences.split"
CACHE_PARAGRAPHS = "sentences.paragraphs"

#: Classes of abbreviation that never end a sentence.
NEVER_FINAL = frozenset({"title", "inner", "number"})

WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*")
# A sentence ends at terminal punctuation, with any closing quotes or brackets after it
# (German closes a quotation with "“" or "‘", and the reversed guillemet style with "«";
# French puts a space before "»").
BOUNDARY = regex.compile(r"([.!?…]+)((?:[ \u00a0\u202f]»)?[\"”’'»“‘«)\]]*)(\s+)")
INITIALS = regex.compile(r"(?:\p{Lu}\.){1,3}\Z")
NEXT_WORD = regex.compile(r"[\"“‘'«(\[]*([\p{L}\p{N}][\p{L}\p{N}'’-]*)")
OPENERS = "\"“‘'«„‚(["


@lru_cache(maxsize=None)
def abbreviations() -> Dict[str, str]:
    """Each known abbreviation (with its full stop) and its class: the English and
    Latin ones of ``abbreviations.txt`` and those of other languages in
    ``abbreviations/<code>.txt``, in one table (the splitter does not know the
    language of a text)."""
    table: Dict[str, str] = {}
    paths = [data_path("abbreviations.txt"), *sorted(data_path("abbreviations").glob("*.txt"))]
    for path in paths:
        kind = None
        for line in read_lines(path):
            if line.startswith("[") and line.endswith("]"):
                kind = line[1:-1]
            elif kind is None:
                raise ValueError(f"{path.name}: {line!r} comes before any [class] header")
            elif table.get(line, kind) != kind:
                raise ValueError(f"{path.name}: {line!r} is [{kind}] here and [{table[line]}] elsewhere")
            else:
                table[line] = kind
    return table


@lru_cache(maxsize=None)
def sentence_starters() -> FrozenSet[str]:
    return frozenset(read_lines(data_path("sentence_starters.txt")))


@lru_cache(maxsize=None)
def dangling_words() -> FrozenSet[str]:
    return frozenset(word.casefold() for word in read_lines(data_path("dangling_words.txt")))


def abbreviation_class(token: str) -> str:
    """The class of ``token`` (which ends with its full stop): an abbreviation class,
    ``initial`` for "J." or "J.K.", or "" for an ordinary word."""
    kind = abbreviations().get(token)
    if kind:
        return kind
    # (Initials are one to three capitals, each with its full stop: a look at the
    # length and the last capital spares the pattern most words.)
    if len(token) in (2, 4, 6) and token[-2].isupper() and INITIALS.match(token):
        return "initial"
    return ""


# ASCII text: the characters of words (letters, digits, inner apostrophes and
# hyphens) kept, the others turned into spaces.
_WORD_BYTES = bytes(c if chr(c).isalnum() or chr(c) in "'-" else 32 for c in range(128)) + bytes(128)


def words(text: str) -> List[str]:
    """``WORD.findall(text)``. In ASCII text a word is a run of word characters from
    its first letter or digit: a byte translation and a split find them several
    times faster than the pattern."""
    if not text.isascii():
        # The common wide marks are no word characters ("’" is, inside a word).
        for mark in _NON_WORD_MARKS:
            if mark in text:
                text = text.replace(mark, " ")
        if not text.isascii():
            return WORD.findall(text)
    runs = text.encode("ascii").translate(_WORD_BYTES).decode("ascii").split()
    return list(filter(None, map(str.lstrip, runs, repeat("'-"))))


_NON_WORD_MARKS = "“”‘«»„—–…\u00a0"


CLOSERS = "\"”’'»“‘«)]"  # (see BOUNDARY)

# A list item: a bullet or a dash, or a marker of a number or a letter ("1.", "2)",
# "(3)", "[14]", "a)", "aa)" of German legal texts, "iv.") before its text.
LIST_ITEM = regex.compile(r"[ \t]*(?:[-–—•*·▪►‣◦○]|\p{N}{1,3}[.)]|\(\p{N}{1,3}\)|\[\p{N}{1,3}\]"
                          r"|\p{L}\)|(\p{Ll})\1{0,2}[.)]|[ivx]{2,4}[.)])[ \t]")
_LIST_MARKS = frozenset("-–—•*·▪►‣◦○([")


def list_item(text: str) -> bool:
    """Whether a line or paragraph is a list item (see LIST_ITEM). A look at its
    first characters spares most paragraphs the pattern."""
    head = text.lstrip(" \t")[:5]
    if not (head[:1] in _LIST_MARKS or head[:1].isnumeric() or ")" in head or "." in head[1:]):
        return False
    return LIST_ITEM.match(text) is not None


_TERMINALS = frozenset(".!?…")
_CLOSERS = frozenset(CLOSERS)


def ends_with_terminal(text: str) -> bool:
    """Whether the text ends with terminal punctuation, maybe inside quotes or brackets.
    (Looks at the end only: an anchored pattern would scan the whole text.)"""
    last = text[-1:]
    if last in _TERMINALS:
        return True
    if not last or not (last in _CLOSERS or last.isspace()):
        return False
    return text.rstrip().rstrip(CLOSERS).rstrip(" \u00a0\u202f")[-1:] in (".", "!", "?", "…")


def split_sentences(text: str, base: int = 0) -> List[Tuple[int, int]]:
    """The sentences of ``text`` as (start, end) offsets, shifted by ``base``.

    A boundary is terminal punctuation, then whitespace, then a capital letter, a
    digit or an opening quote. A full stop after an abbreviation that never ends a
    sentence is no boundary; after one that may ("U.S.", "Inc.", an initial) it is
    one only when the next word usually opens a sentence ("He", "The").
    """
    spans: List[Tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    starters = sentence_starters()
    length = len(text)
    lines = "\n" in text
    for match in BOUNDARY.finditer(text):
        after = match.end()
        if after >= length:
            break
        nxt = text[after]
        if not (nxt.isupper() or nxt.isdigit() or nxt in OPENERS):
            continue
        punct, closers = match.group(1, 2)
        if not closers:
            if punct == ".":
                at = match.start()
                cut = text.rfind(" ", 0, at)
                if lines:
                    cut = max(cut, text.rfind("\n", 0, at))
                token = text[cut + 1:at].lstrip(OPENERS)
                kind = abbreviation_class(token + ".")
                if kind:
                    if kind in NEVER_FINAL:
                        continue
                    if not (nxt in OPENERS or _next_word(text, after) in starters):
                        continue
                    if kind == "month" and nxt.isdigit():
                        continue
                elif len(token) <= 2 and token.isdigit() and _abbreviation_at(text, after) in ORDINAL_BEFORE:
                    continue  # a German ordinal before an abbreviation: "3. Aufl.", "28. Okt." (not "48. Mr.")
            elif ("…" in punct or ".." in punct) and _next_word(text, after) not in starters:
                continue  # an ellipsis ends a sentence only before a usual sentence opener
        end = match.start(3)
        if end > start:
            spans.append((base + start, base + end))
        start = after
    end = len(text.rstrip())
    if end > start:
        spans.append((base + start, base + end))
    return spans


#: The classes of abbreviation that a German ordinal may stand before ("28. Okt.",
#: "3. Aufl.", "5. Nr."): a title after a number starts a sentence ("...52 to 48. Mr. Obama").
ORDINAL_BEFORE = frozenset({"month", "number", "final"})


def _abbreviation_at(text: str, at: int) -> str:
    """The class of the word at ``at`` if it is a known abbreviation with its full
    stop, else ""."""
    match = NEXT_WORD.match(text, at)
    if match and text[match.end():match.end() + 1] == ".":
        return abbreviation_class(match.group(1) + ".")
    return ""


def _next_word(text: str, at: int) -> str:
    match = NEXT_WORD.match(text, at)
    return match.group(1) if match else ""


class Block(NamedTuple):
    """One unit of running text: a line, or the lines of a hard-wrapped paragraph.
    (A named tuple: articles have many blocks, and a tuple is the cheapest to build.)"""

    index: int  # position among the document's blocks
    paragraph: int  # index of the paragraph it belongs to
    first_line: int  # 0-based index into doc.lines
    last_line: int
    start: int
    end: int
    text: str

    @property
    def line_count(self) -> int:
        return self.last_line - self.first_line + 1


def _continues(line: str, next_line: str) -> bool:
    """Whether a line break between two lines of one paragraph is a hard wrap."""
    stripped = line.rstrip()
    if not stripped or ends_with_terminal(stripped):
        return False
    head = next_line.lstrip().lstrip(OPENERS)
    if head[:1].islower():
        return True
    if next_line[:1] in " \t" and line[:1] not in " \t" and head[:1] not in "-*•":
        return True  # an indented continuation line
    if stripped[-1] in ",;-–(":
        return True
    last = WORD.findall(stripped[-40:])
    return bool(last) and last[-1].islower() and last[-1] in dangling_words()


def _hard_wrapped(lines) -> bool:
    """A paragraph wrapped at a fixed width: three lines or more, all but the last
    of nearly the same length, none longer than a terminal line."""
    if len(lines) < 3:
        return False
    widths = [len(line.text.rstrip()) for line in lines[:-1]]
    width = max(widths)
    return width <= WRAP_WIDTH and min(widths) >= 0.7 * width


WRAP_WIDTH = 100


def blocks(doc: Document) -> List[Block]:
    """The blocks of the document, in order. (Built from the lines: the paragraphs
    are the runs of non-blank lines, as ``Document.paragraphs`` has them, without
    building those.)"""
    cached = doc.cache.get(CACHE_BLOCKS)
    if cached is not None:
        return cached
    result: List[Block] = []
    spans: List[Tuple[int, int]] = []  # the first and last line of each paragraph
    new_block = tuple.__new__  # a named tuple without its Python-level constructor
    lines = doc.lines
    count = len(lines)
    row = 0
    while row < count:
        line = lines[row]
        if not line.text.strip():  # a blank line
            row += 1
            continue
        last = row + 1
        while last < count and lines[last].text.strip():
            last += 1
        paragraph = len(spans)
        spans.append((row, last - 1))
        if last == row + 1:  # most paragraphs of scraped text are one line
            result.append(new_block(Block, (len(result), paragraph, row, row, line.start, line.end, line.text)))
        else:
            para_lines = lines[row:last]
            wrapped = _hard_wrapped(para_lines)
            first = 0
            for i in range(len(para_lines)):
                if i + 1 < len(para_lines) and (wrapped or _continues(para_lines[i].text,
                                                                      para_lines[i + 1].text)):
                    continue
                a, b = para_lines[first], para_lines[i]
                result.append(new_block(Block, (len(result), paragraph, a.row - 1, b.row - 1,
                                                a.start, b.end, doc.text[a.start:b.end])))
                first = i + 1
        row = last + 1  # (the line after the paragraph is blank)
    doc.cache[CACHE_BLOCKS] = result
    doc.cache[CACHE_PARAGRAPHS] = spans
    return result


def paragraph_lines(doc: Document) -> List[Tuple[int, int]]:
    """The first and last line (0-based) of each paragraph: the runs of non-blank
    lines, as ``Document.paragraphs``."""
    spans = doc.cache.get(CACHE_PARAGRAPHS)
    if spans is None:
        blocks(doc)
        spans = doc.cache[CACHE_PARAGRAPHS]
    return spans


def sentences(doc: Document, block: Block) -> List[Tuple[int, int]]:
    """The sentences of one block, as document offsets."""
    cache = doc.cache.setdefault(CACHE_SENTENCES, {})
    spans = cache.get(block.index)
    if spans is None:
        spans = cache[block.index] = split_sentences(block.text, block.start)
    return spans


def block_removal_span(doc: Document, block: Block) -> Tuple[int, int]:
    """The span that deletes a whole block and the line break or blank lines around it."""
    lines = doc.lines
    first, last = lines[block.first_line], lines[block.last_line]
    if paragraph_lines(doc)[block.paragraph] == (block.first_line, block.last_line):
        return doc.block_span(first, last)
    if last.end < len(doc.text):
        return first.start, last.end + 1
    return first.start - 1, last.end
