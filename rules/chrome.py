"""Site-chrome rules (CH): text of the page around the article that a scraper kept.

Most chrome is recognised from a phrase catalogue kept as data files, one per
kind (``rules/data/chrome/<kind>.txt``; the format is described in README.txt
there). A line is folded (case, punctuation, spacing, numbers) once per
document and looked up in dictionaries of whole lines, line prefixes and line
suffixes, so that the cost does not grow with the size of the catalogue and a
phrase never matches in the middle of a sentence.

Where phrases are not enough, structural evidence is used, mostly at the
edges of an article (before its first sentence-shaped line or after its last)
or next to other chrome: section labels repeated above the headline, runs of
short link-like lines and lines of menu items (never table rows, never the
headline), imperative button text, comment headers. A few shapes count
anywhere: language pickers, blog-archive entries, photo-agency credits. They
are looked for only on candidate lines (a separator, a "/", a "©"), found by
plain string searches rather than a pattern run over every line.

Fixes delete the line (or the credit at the end of a caption). They are safe
only for an exact catalogue match; anything matched in part or by shape is an
unsafe fix, to be reviewed.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple

from lint.document import Document, Line
from lint.rule import Applicability, Edit, Fix, Option, Rule, Severity, Violation, boolean, positive_int
from rules.datafiles import data_path, read_lines

# --- Folding --------------------------------------------------------------------

# Numbers become "0" so that "{n} comments" matches "12 comments"; every run of
# characters that are not letters or digits becomes one space.
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,:h]\d+)*")  # 10:37 and 10h37 are one number
_NON_WORD = re.compile(r"[\W_]+")
_FIRST_WORD = re.compile(r"[\W_]*([^\W_]+)")


# ASCII text (nearly every line) is folded as bytes, several times faster than
# the patterns: letters lower-cased, digits kept, everything else a space.
_ASCII_FOLD = bytes(
    (i | 0x20 if 65 <= i <= 90 else i) if i < 128 and chr(i).isalnum() else 32 for i in range(256))
_ASCII_NOT_DIGITS = bytes(i for i in range(256) if not 48 <= i <= 57)
_ASCII_NUMBER = re.compile(rb"[0-9]+(?:[.,:h][0-9]+)*")


# Punctuation and spaces that make most of the non-ASCII characters of English
# text. Each folds to a space, takes no part in composition (NFC) and is its own
# case fold, so a line that is ASCII once they are spaces folds as ASCII.
_COMMON_NON_ASCII = "\u201c\u201d\u2019\u2018\u2014\u2013\u00a0\u2026\u00ab\u00bb\u00a9\u2022\u00b7\u202f\u2009\u200b"


def normalise(text: str) -> str:
    """A line (or phrase) with case, punctuation, spacing and numbers folded
    away: the lookup key."""
    plain = text
    if not plain.isascii():
        for char in _COMMON_NON_ASCII:
            if char in plain:
                plain = plain.replace(char, " ")
                if plain.isascii():
                    break
    if plain.isascii():
        data = plain.encode("ascii")
        if data.translate(None, _ASCII_NOT_DIGITS):  # it has a digit
            data = _ASCII_NUMBER.sub(b"0", data.lower())
        return b" ".join(data.translate(_ASCII_FOLD).split()).decode("ascii")
    text = unicodedata.normalize("NFC", text).casefold()
    if _DIGIT.search(text):
        text = _NUMBER.sub("0", text)
    return _NON_WORD.sub(" ", text).strip()


def fold_word(word: str) -> str:
    if word.isdigit():
        return "0"
    return word.lower() if word.isascii() else unicodedata.normalize("NFC", word).casefold()


# Closing characters looked through when asking whether a line ends a sentence.
_CLOSERS = " \t\"'”’»)]*"
_SENTENCE_END = ".!?…。"
_QUOTES = "\"'“”‘’«»„‚‹›「『"
_DOUBLE_QUOTES = "\"“”«»„「『"  # not the apostrophe: "Courier's" is no quotation
MAX_PARTIAL_WORDS = 40  # longer lines are prose: no prefix/suffix matching
MAX_OPENER_WORDS = 80  # ... except boilerplate sentences ("We use cookies [...]")
MAX_LABEL_LINE_WORDS = 25
MAX_TAIL_WORDS = 12  # a caption credit or a "Read more: ..." tail


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _last_words_start(text: str, count: int) -> int:
    """Offset in ``text`` where its last ``count`` words begin."""
    i = len(text)
    for _ in range(count):
        while i > 0 and not text[i - 1].isalnum():
            i -= 1
        while i > 0 and text[i - 1].isalnum():
            i -= 1
    return i


# --- The catalogue ----------------------------------------------------------------

# Named tuples rather than frozen dataclasses: a catalogue holds a thousand
# phrases, built on every start, and a tuple is several times cheaper to make.
class Phrase(NamedTuple):
    kind: str
    text: str  # as written in the data file, for messages
    fixed: int  # how many words of a line the phrase pins down
    tail: str = ""  # "start ... end" phrases: the folded end the line must have
    tail_words: int = 0
    opener: bool = False  # "Start [...]": opens a boilerplate sentence of any length
    edge: bool = False  # "Print [edge]": may be a subheading, so it needs chrome around it


class Hit(NamedTuple):
    """A catalogue phrase found on a line: the span to report and whether the
    match is exact (the whole line, or the whole parenthesis, is the phrase)."""

    phrase: Phrase
    line: Line
    start: int
    end: int
    exact: bool
    whole_line: bool


class Catalogue:
    """Phrases of one or more kinds, indexed for per-line lookups."""

    def __init__(self) -> None:
        self.exact: Dict[str, Phrase] = {}
        self.prefix: Dict[str, List[Phrase]] = {}
        self.prefix_lengths: List[int] = []
        self.prefix_first: Set[str] = set()
        #: First words of the prefix phrases that a line of any length can match
        #: (boilerplate openers, start-and-end phrases of four words or more).
        self.prefix_first_long: Set[str] = set()
        self.suffix: Dict[str, List[Phrase]] = {}
        self.suffix_lengths: List[int] = []
        self.suffix_last: Set[str] = set()
        self.labels: Dict[str, Phrase] = {}
        self.label_lengths: List[int] = []
        self.symbols: Dict[str, Phrase] = {}
        self.singles: Dict[str, Set[str]] = {}  # kind -> one-word exact phrases
        self.single_any: Set[str] = set()
        self.paren: Optional[Catalogue] = None
        self.keys: Dict[str, str] = {}  # every phrase's key -> its kind, for checks

    def __bool__(self) -> bool:
        return bool(self.keys)

    # Building.
    def add(self, text: str, kind: str) -> None:
        """Add one phrase in the data-file syntax; ValueError says what is wrong."""
        source = text.strip()
        if not source:
            raise ValueError("empty phrase")
        body = source.replace("\u2026", "...").replace("{n}", "0")
        edge = body.endswith("[edge]")
        if edge:
            body = body[:-6].rstrip()
            if not body:
                raise ValueError(f"{source!r} has no words")
        if body[0] in "([" and body[-1] in ")]":  # a credit in brackets closing a line
            if self.paren is None:
                self.paren = Catalogue()
            self.paren.add_plain(body[1:-1], kind, source, allow_labels=False)
            self.keys["(" + normalise(body[1:-1]) + ")"] = kind
            return
        self.add_plain(body, kind, source, edge=edge)

    def add_plain(self, body: str, kind: str, source: str, allow_labels: bool = True, edge: bool = False) -> None:
        if body.rstrip().endswith("[...]"):
            head = normalise(body.rstrip()[:-5])
            if head.count(" ") < 2:
                raise ValueError(f"{source!r}: a sentence opener needs three words or more")
            self._put_prefix(head, Phrase(kind, source, head.count(" ") + 1, opener=True))
            self.keys[head + " [...]"] = kind
            return
        parts = body.split("...")
        if len(parts) > 2:
            raise ValueError(f"{source!r}: use '...' once at most")
        head = normalise(parts[0])
        if len(parts) == 1:
            if not head:
                raise ValueError(f"{source!r} has no words")
            self._put_exact(head, Phrase(kind, source, head.count(" ") + 1, edge=edge))
            return
        tail = normalise(parts[1])
        raw_head = parts[0].strip()
        if allow_labels and raw_head.endswith(":") and head and not tail:
            self.labels[head] = Phrase(kind, source, head.count(" ") + 1)
            self.label_lengths = sorted({*self.label_lengths, head.count(" ") + 1})
            self.keys[head + ":"] = kind
        elif allow_labels and raw_head and not head and not tail:
            self.symbols[raw_head] = Phrase(kind, source, 1)
            self.keys[raw_head] = kind
        elif head and tail:
            n_head, n_tail = head.count(" ") + 1, tail.count(" ") + 1
            self._put_prefix(head, Phrase(kind, source, n_head + n_tail, tail, n_tail))
            self.keys[head + " ... " + tail] = kind
        elif head:
            self._put_prefix(head, Phrase(kind, source, head.count(" ") + 1, edge=edge))
            self.keys[head + " ..."] = kind
        elif tail:
            n = tail.count(" ") + 1
            self.suffix.setdefault(tail, []).append(Phrase(kind, source, n))
            self.suffix_lengths = sorted({*self.suffix_lengths, n})
            self.suffix_last.add(tail.rsplit(" ", 1)[-1])
            self.keys["... " + tail] = kind
        else:
            raise ValueError(f"{source!r} has no words")

    def _put_exact(self, key: str, phrase: Phrase) -> None:
        if key in self.exact:
            return  # the first kind to claim a phrase keeps it
        self.exact[key] = phrase
        self.keys[key] = phrase.kind
        if " " not in key:
            self.singles.setdefault(phrase.kind, set()).add(key)
            self.single_any.add(key)

    def _put_prefix(self, head: str, phrase: Phrase) -> None:
        self.prefix.setdefault(head, []).append(phrase)
        n = head.count(" ") + 1
        self.prefix_lengths = sorted({*self.prefix_lengths, n})
        self.prefix_first.add(head.split(" ", 1)[0])
        if phrase.opener or (phrase.tail and phrase.fixed >= 4):
            self.prefix_first_long.add(head.split(" ", 1)[0])

    # Matching.
    @staticmethod
    def _accept(phrase: Phrase, nwords: int, terminal: bool) -> bool:
        """Whether a partial match is evidence enough. A sentence must be mostly
        the phrase; a line without sentence shape (a headline, a button) needs a
        phrase of three words or more, or a remainder of four words at most. A phrase that
        pins both ends of the line with four words or more, and a boilerplate
        opener, are enough on any line."""
        fixed = phrase.fixed
        if phrase.opener or (phrase.tail and fixed >= 4):
            return True
        if nwords > MAX_PARTIAL_WORDS:
            return False
        if terminal:
            return fixed * 2 >= nwords
        return fixed >= 3 or nwords - fixed <= 4

    def _partial(self, key: str, nwords: int, terminal: bool) -> Optional[Phrase]:
        """A prefix, suffix or start-and-end phrase of the folded line ``key``."""
        if nwords > MAX_OPENER_WORDS:
            return None
        if self.prefix_lengths and key.partition(" ")[0] in self.prefix_first:
            words = key.split(" ", self.prefix_lengths[-1])
            for k in self.prefix_lengths:
                if k >= nwords:
                    break
                for phrase in self.prefix.get(" ".join(words[:k]), ()):
                    if phrase.tail and (nwords <= k + phrase.tail_words
                                        or not key.endswith(" " + phrase.tail)):
                        continue
                    if self._accept(phrase, nwords, terminal):
                        return phrase
        if self.suffix_lengths and key.rpartition(" ")[2] in self.suffix_last:
            words = key.rsplit(" ", self.suffix_lengths[-1])
            for k in self.suffix_lengths:
                if k >= nwords:
                    break
                for phrase in self.suffix.get(" ".join(words[-k:]), ()):
                    if self._accept(phrase, nwords, terminal):
                        return phrase
        return None

    def _inner(self, key: str) -> Tuple[Optional[Phrase], bool]:
        """Match the inside of a parenthesis: (phrase, exact). Its place at the
        end of a line is the evidence, so no length test applies."""
        phrase = self.exact.get(key)
        if phrase is not None:
            return phrase, True
        words = key.split(" ")
        for k in self.prefix_lengths:
            if k >= len(words):
                break
            for phrase in self.prefix.get(" ".join(words[:k]), ()):
                if not phrase.tail or key.endswith(" " + phrase.tail):
                    return phrase, False
        for k in self.suffix_lengths:
            if k >= len(words):
                break
            for phrase in self.suffix.get(" ".join(words[-k:]), ()):
                return phrase, False
        return None, False

    def match(self, line: Line, key: str, nwords: int, terminal: bool) -> Optional[Hit]:
        """The catalogue phrase on ``line`` (folded to ``key``), if any."""
        raw = line.text
        quoted = raw.lstrip()[:1] in _QUOTES  # a quotation is article text
        phrase = self.exact.get(key)
        if phrase is not None:
            if quoted and raw.rstrip()[-1:] in _QUOTES:
                return None  # a pull quote, even if it is two words long
            return Hit(phrase, line, line.start, line.end, True, True)
        # Each lookup below is tried only when the line has what it needs (a
        # colon, a closing bracket, a short length): most lines have none.
        colon = bool(self.labels) and ":" in raw
        if not quoted:
            phrase = self._partial(key, nwords, terminal) if nwords <= MAX_OPENER_WORDS else None
            if phrase is None and 2 <= nwords <= 12:
                phrase = self._single_words(key, nwords)
            if phrase is not None:
                exact = phrase.fixed == nwords and not phrase.tail  # a bar of one-word entries
                return Hit(phrase, line, line.start, line.end, exact, True)
            if nwords <= MAX_LABEL_LINE_WORDS:
                hit = (self._label_line(line, raw, nwords) if colon else None) or (
                    self._symbol_line(line, raw, nwords) if self.symbols else None)
                if hit is not None:
                    return hit
        if self.paren is not None and raw.rstrip()[-1:] in (")", "]"):
            hit = self._paren_tail(line, raw)
            if hit is not None:
                return hit
        return self._label_tail(line, raw) if colon else None

    def _single_words(self, key: str, nwords: int) -> Optional[Phrase]:
        """A bar of one-word buttons of one kind: "Facebook Twitter Email"."""
        if nwords < 2 or nwords > 12 or key.partition(" ")[0] not in self.single_any:
            return None
        words = key.split(" ")
        for kind, singles in self.singles.items():
            if all(w in singles for w in words):
                return Phrase(kind, " ".join(words), nwords)
        return None

    def _label_line(self, line: Line, raw: str, nwords: int) -> Optional[Hit]:
        if not self.labels or ":" not in raw or nwords > MAX_LABEL_LINE_WORDS:
            return None
        head, _, rest = raw.partition(":")
        if len(head) > 40 or not normalise(rest):
            return None
        phrase = self.labels.get(normalise(head))
        if phrase is None:
            return None
        return Hit(phrase, line, line.start, line.end, False, True)

    def _symbol_line(self, line: Line, raw: str, nwords: int) -> Optional[Hit]:
        if not self.symbols or nwords > MAX_LABEL_LINE_WORDS:
            return None
        stripped = raw.lstrip()
        for symbol, phrase in self.symbols.items():
            if stripped.startswith(symbol):
                return Hit(phrase, line, line.start, line.end, False, True)
        return None

    def _paren_tail(self, line: Line, raw: str) -> Optional[Hit]:
        """A credit in brackets closing the line: "... walking (Getty Images)"."""
        if self.paren is None:
            return None
        text = raw.rstrip()
        if not text or text[-1] not in ")]":
            return None
        opening = text.rfind("(" if text[-1] == ")" else "[")
        if opening == -1 or len(text) - opening > 80:
            return None
        key = normalise(text[opening + 1:-1])
        if not key or key.count(" ") >= MAX_TAIL_WORDS:
            return None
        phrase, exact = self.paren._inner(key)
        if phrase is None:
            return None
        before = text[:opening].rstrip()
        if not before:
            return Hit(phrase, line, line.start, line.end, exact, True)
        if len(before.split()) < 4:
            return None  # "SEOUL, Oct 7 (Reuters)" is a dateline, not a caption
        return Hit(phrase, line, line.start + len(before), line.end, exact, False)

    def _label_tail(self, line: Line, raw: str) -> Optional[Hit]:
        """A label after a finished sentence: "... on Sunday. Photo: AFP"."""
        if not self.labels or ":" not in raw:
            return None
        head, _, rest = raw.rpartition(":")
        if len(rest) > 120:
            return None
        rest_key = normalise(rest)
        if not rest_key or rest_key.count(" ") >= MAX_TAIL_WORDS or ends_sentence(rest):
            return None
        head_key = normalise(head[-60:])
        words = head_key.split(" ")
        for k in self.label_lengths:
            if k >= len(words):
                break
            phrase = self.labels.get(" ".join(words[-k:]))
            if phrase is None:
                continue
            start = _last_words_start(head.rstrip(), k)
            before = head[:start].rstrip()
            if before and before[-1] in _SENTENCE_END + ")]”\"’|–—-":
                return Hit(phrase, line, line.start + len(before), line.end, False, False)
        return None


def build_catalogue(kind: str, phrases: Iterable[str], origin: str = "") -> Catalogue:
    catalogue = Catalogue()
    for text in phrases:
        try:
            catalogue.add(text, kind)
        except ValueError as exc:
            raise ValueError(f"{origin}{exc}") from None
    return catalogue


#: The catalogue kinds, in the order they claim a phrase, each with its rule.
KINDS = ("newsletter", "comments", "related", "credits", "social", "adverts",
         "account", "consent", "share", "navigation", "footer")


@lru_cache(maxsize=None)
def builtin_catalogue() -> Catalogue:
    catalogue = Catalogue()
    for kind in KINDS:
        path = data_path("chrome", f"{kind}.txt")
        for text in read_lines(path):
            try:
                catalogue.add(text, kind)
            except ValueError as exc:
                raise ValueError(f"{path.name}: {exc}") from None
    return catalogue


@lru_cache(maxsize=None)
def word_list(name: str, folded: bool = True) -> frozenset:
    """A one-entry-a-line data file, folded (or only lower-cased)."""
    entries = read_lines(data_path("chrome", name))
    return frozenset(normalise(w) if folded else w.casefold() for w in entries)


@lru_cache(maxsize=None)
def section_labels() -> Catalogue:
    return build_catalogue("section", read_lines(data_path("chrome", "section-labels.txt")))


def load_data() -> None:
    """Build the catalogue and read the word lists that every document needs, when
    the rules are set up (once per run) rather than while the first document is
    checked. Each is built once per process."""
    builtin_catalogue()
    section_labels()
    _byline_openers()
    for name in ("date-names.txt", "date-words.txt"):
        word_list(name)


# --- Per-document analysis (shared by the rules through doc.cache) -------------

class LineInfo:
    """What the analysis knows of one line. A class with slots: every line of
    every document gets one."""

    __slots__ = ("line", "key", "nwords", "terminal", "meta")

    def __init__(self, line: Line, key: str, nwords: int, terminal: bool, meta: Optional[bool] = None) -> None:
        self.line = line
        self.key = key  # folded text, "" for a blank line
        self.nwords = nwords
        self.terminal = terminal  # ends like a sentence
        self.meta = meta  # a byline or dateline (computed on demand)

    def __repr__(self) -> str:
        return (f"LineInfo(line={self.line!r}, key={self.key!r}, nwords={self.nwords!r}, "
                f"terminal={self.terminal!r}, meta={self.meta!r})")

    @property
    def prose(self) -> bool:
        """Sentence-shaped: long enough and ending like a sentence."""
        return self.nwords >= 8 and self.terminal


SHORT_WORDS = 25


class Analysis:
    """What the chrome rules share about one document: a LineInfo for each line
    with words, the built-in catalogue's hits, and where the article's sentences
    start and end."""

    def __init__(self, doc_lines: List[Line], lines: List[LineInfo], hits: Dict[int, Hit],
                 by_kind: Dict[str, List[Hit]], first_prose: int, last_prose: int,
                 short: Optional[List[LineInfo]] = None) -> None:
        self._doc_lines = doc_lines
        #: The lines that hold words, in order: what the checks walk.
        self.lines = lines
        #: Those of SHORT_WORDS words or fewer: the only ones most structural checks look at.
        self.short = short if short is not None else [info for info in lines if info.nwords <= SHORT_WORDS]
        self.hits = hits  # row -> built-in catalogue hit
        self.by_kind = by_kind
        self.first_prose = first_prose  # row of the first sentence-shaped line (0: none)
        self.last_prose = last_prose
        #: Rows that a rule's own extra phrases matched; the structural rules, which
        #: run after the catalogue rules, leave them alone.
        self.extra_rows: Set[int] = set()
        self._infos: Optional[List[LineInfo]] = None
        self._worded_rows: Optional[Set[int]] = None
        self._lists: Optional[Dict[int, Hit]] = None
        self._labels: Optional[Set[int]] = None
        self._edges: Optional[Tuple[List[LineInfo], List[LineInfo]]] = None

    @property
    def infos(self) -> List[LineInfo]:
        """A LineInfo for every line, blank ones included (made on demand: the
        checks need only the lines with words)."""
        if self._infos is None:
            worded = {info.line.row: info for info in self.lines}
            self._infos = [worded.get(line.row) or LineInfo(line, "", 0, False) for line in self._doc_lines]
        return self._infos

    def at_edge(self, row: int) -> bool:
        """Above the article's first sentence or below its last."""
        return bool(self.first_prose) and (row < self.first_prose or row > self.last_prose)

    def edges(self) -> Tuple[List[LineInfo], List[LineInfo]]:
        """The lines with words above the article's first sentence, and below
        its last (none when it has no sentence)."""
        if self._edges is None:
            top: List[LineInfo] = []
            bottom: List[LineInfo] = []
            if self.first_prose:
                first, last = self.first_prose, self.last_prose
                for info in self.lines:
                    row = info.line.row
                    if row < first:
                        top.append(info)
                    elif row > last:
                        bottom.append(info)
            self._edges = (top, bottom)
        return self._edges

    def edge_ok(self, row: int) -> bool:
        """Whether an "[edge]" phrase on this row counts: above the first
        sentence, below the last, or with chrome on the line before or after."""
        if self.at_edge(row):
            return True
        if self._worded_rows is None:
            self._worded_rows = {info.line.row for info in self.lines}
        worded, count = self._worded_rows, len(self._doc_lines)
        for step in (-1, 1):
            other = row + step
            while 0 < other <= count and other not in worded:
                other += step
            if other in self.hits or other in self.extra_rows:
                return True
        return False

    def tail_lists(self) -> Dict[int, Hit]:
        """Below the article's last sentence, the lines of a list that a
        related-content or navigation header opens ("Most read" and the teaser
        headlines under it, "Topics" and the tags), each with its header."""
        if self._lists is None:
            self._lists = {}
            if self.first_prose:
                header: Optional[Hit] = None
                for info in self.edges()[1]:
                    row = info.line.row
                    hit = self.hits.get(row)
                    if hit is not None:
                        header = hit if (hit.exact and hit.whole_line and info.nwords <= 4
                                         and hit.phrase.kind in LIST_HEADER_KINDS) else None
                    elif header is not None and _list_item(info):
                        self._lists[row] = header
                    else:
                        header = None
        return self._lists

    def edge_labels(self) -> Set[int]:
        """Rows of bare section names above the first sentence or below the last."""
        if self._labels is None:
            labels = section_labels().exact
            lists = self.tail_lists()
            top, bottom = self.edges()
            self._labels = {i.line.row for part in (top, bottom) for i in part
                            if i.key in labels and not i.terminal
                            and i.line.row not in self.hits and i.line.row not in lists}
        return self._labels

    def explained(self, row: int) -> bool:
        """Whether a catalogue rule already accounts for the line."""
        return (row in self.hits or row in self.extra_rows
                or row in (self._lists if self._lists is not None else self.tail_lists())
                or row in (self._labels if self._labels is not None else self.edge_labels()))


#: The kinds whose short exact lines head a list of links below an article.
LIST_HEADER_KINDS = ("related", "navigation")


def _list_item(info: LineInfo) -> bool:
    """A teaser headline or a tag: no sentence shape, not a quotation."""
    text = info.line.text.strip()
    return (not info.terminal and info.nwords <= 15 and text[:1] not in _QUOTES
            and not is_metadata(info))


# Folding costs more than everything else, so only short lines (the only ones
# the structural checks look at) are folded whole. A long line can match a
# phrase only at its start or its end: its first and last words are checked
# first, and only its two ends are folded; the gap marker stands for the middle
# and matches nothing.
SHORT_LINE = 120
END_SPAN = 160
_GAP = "\x00"


# What may follow the last word of a line: looked through before the word is
# taken whole (the pattern is the fallback for tokens such as "U.S.").
_AFTER_LAST_WORD = " \t\"'.,;:!?)]}*\u2026\u201d\u2019\u00bb"
_SENTENCE_ENDS = frozenset(_SENTENCE_END)


def long_line_key(raw: str, catalogue: "Catalogue") -> str:
    first = _FIRST_WORD.match(raw)
    if first is not None:
        word = first.group(1)  # folded as fold_word does, without the call
        first = "0" if word.isdigit() else word.lower() if word.isascii() else fold_word(word)
    if first is None or first not in catalogue.prefix_first:
        # The last word of the last token: the token stripped of its closing
        # punctuation, or, when more than a word is left, the first word of the
        # reversed token (an anchored match is cheap; a search from the end of a
        # line is not).
        tokens = raw[-40:].rsplit(None, 1)
        if not tokens:
            return _GAP
        word = tokens[-1].rstrip(_AFTER_LAST_WORD)
        if not word.isalnum():
            last = _FIRST_WORD.match(tokens[-1][::-1])
            if last is None:
                return _GAP
            word = last.group(1)[::-1]
        if ("0" if word.isdigit() else word.lower() if word.isascii() else fold_word(word)) not in catalogue.suffix_last:
            return _GAP
    head_end = raw.rfind(" ", 0, END_SPAN)
    tail_start = raw.find(" ", len(raw) - END_SPAN)
    head_end = head_end if head_end > 0 else END_SPAN
    tail_start = tail_start if tail_start != -1 else len(raw) - END_SPAN
    return f"{normalise(raw[:head_end])} {_GAP} {normalise(raw[tail_start:])}"


def _key_unused(raw: str, nwords: int, catalogue: "Catalogue") -> bool:
    """Whether no lookup of the catalogue's can use the folded key of a line of
    more than MAX_PARTIAL_WORDS words. Such a line matches a phrase by its start
    only if the phrase opens boilerplate or pins four words or more at both ends
    (Catalogue._accept), and beyond MAX_OPENER_WORDS not at all; nothing else
    looks at the key of a line this long. The test is answered here only when
    the first word is plain ASCII letters (and so folds the same way alone and
    in the line); otherwise the key is made."""
    if nwords > MAX_OPENER_WORDS:
        return True
    first = _FIRST_WORD.match(raw)
    if first is None:
        return False
    word = first.group(1)
    following = raw[first.end():first.end() + 1]
    if not (word.isascii() and word.isalpha()) or (following and not following.isascii()):
        return False  # a digit, or a mark that NFC may join to the word
    return word.lower() not in catalogue.prefix_first_long


_KEY_SLOT = LineInfo.key


class _LongLineInfo(LineInfo):
    """A long line whose folded key no lookup of the built-in catalogue needs
    (see _key_unused): it is folded only if a rule asks for it (a rule's own
    phrases, say), and then exactly as long_line_key folds it."""

    __slots__ = ()

    @property
    def key(self) -> str:  # type: ignore[override]
        key = _KEY_SLOT.__get__(self)
        if key is None:
            key = long_line_key(self.line.text, builtin_catalogue())
            _KEY_SLOT.__set__(self, key)
        return key

    @key.setter
    def key(self, value: Optional[str]) -> None:
        _KEY_SLOT.__set__(self, value)


def analyse(doc: Document) -> Analysis:
    cached = doc.cache.get("chrome.analysis")
    if cached is not None:
        return cached
    catalogue = builtin_catalogue()
    match = catalogue.match
    # What ``match`` can find on a long line whose folded key is only the gap
    # marker: a label, a leading symbol, a credit in brackets closing the line.
    labels = bool(catalogue.labels)
    credits = (")", "]") if catalogue.paren is not None else ()
    symbols = tuple(catalogue.symbols)
    worded: List[LineInfo] = []
    add = worded.append
    short: List[LineInfo] = []
    hits: Dict[int, Hit] = {}
    by_kind: Dict[str, List[Hit]] = {}
    first = last = 0
    doc_lines = doc.lines
    for line in doc_lines:
        raw = line.text
        if len(raw) <= SHORT_LINE:
            if not raw or raw.isspace():
                continue  # blank: no LineInfo unless one is asked for (Analysis.infos)
            key = normalise(raw)
            if not key:
                continue
            nwords = key.count(" ") + 1
        elif raw.isspace():
            continue
        else:
            nwords = raw.count(" ") + 1
            key = None if nwords > MAX_PARTIAL_WORDS and _key_unused(raw, nwords, catalogue) \
                else long_line_key(raw, catalogue)
        terminal = raw.rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS
        info = LineInfo(line, key, nwords, terminal) if key is not None else _LongLineInfo(line, None, nwords, terminal)
        add(info)
        if nwords <= SHORT_WORDS:
            short.append(info)
        # Most long lines are prose whose two ends matched nothing: looked up
        # only when they hold a label, a leading symbol or a closing bracket.
        if (key is not _GAP and key is not None) or (labels and ":" in raw) or raw.rstrip()[-1:] in credits or (
                symbols and nwords <= MAX_LABEL_LINE_WORDS and raw.lstrip().startswith(symbols)):
            # A key left unmade (see _key_unused) can match nothing: the gap stands for it.
            hit = match(line, key if key is not None else _GAP, nwords, terminal)
        else:
            hit = None
        if hit is not None:
            hits[line.row] = hit
        elif nwords >= 8 and terminal:  # sentence-shaped (LineInfo.prose)
            if not first:
                first = line.row
            last = line.row
    analysis = Analysis(doc_lines, worded, hits, by_kind, first, last, short)
    for row in [row for row, hit in hits.items() if hit.phrase.edge]:
        if not analysis.edge_ok(row):
            del hits[row]
    for hit in hits.values():
        by_kind.setdefault(hit.phrase.kind, []).append(hit)
    doc.cache["chrome.analysis"] = analysis
    return analysis


# --- Options ----------------------------------------------------------------------

def _string_list(value):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of strings")
    return value


def _phrase_list(value):
    value = _string_list(value)
    build_catalogue("check", value)  # raises ValueError naming the bad phrase
    return value


def _phrase_files(value):
    value = _string_list(value)
    for name in value:
        path = Path(name)
        if not path.is_file():
            raise ValueError(f"no such file: {name}")
        build_catalogue("check", read_lines(path), f"{name}: ")
    return value


PHRASE_OPTIONS = {
    "extra-phrases": Option([], "More phrases of this kind, in the catalogue syntax "
                                "('Phrase', 'Start ...', '... end', 'Label: ...', '(Credit)')", _phrase_list),
    "extra-files": Option([], "Phrase files of this kind (UTF-8, one phrase a line, # comments)",
                          _phrase_files, paths=True),
    "ignore-phrases": Option([], "Catalogue phrases (or whole lines) not to report", _string_list),
}


# --- Rules ------------------------------------------------------------------------

def _quote(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


class LineFinding(NamedTuple):
    """A whole line a rule wants deleted; its span is settled with its neighbours'."""

    line: Line
    message: str
    applicability: Applicability
    fix_message: str = "Delete the line"


def line_deletions(rule: Rule, doc: Document, findings: Iterable[LineFinding]) -> Iterator[Violation]:
    """Violations for whole-line findings. A line goes with its newline; when a
    rule flags every line of a paragraph, the blank lines that separate the
    paragraph go too, as a second edit of the least sure line's fix (the one
    applied last, or together with the others), so that no empty paragraph is
    left and no two paragraphs are glued."""
    by_row: Dict[int, LineFinding] = {}
    for finding in findings:
        by_row.setdefault(finding.line.row, finding)
    rows = sorted(by_row)
    lines = doc.lines
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
            j += 1
        group = [by_row[r] for r in rows[i:j + 1]]
        i = j + 1
        first, last = group[0].line, group[-1].line
        whole = (first.row == 1 or lines[first.row - 2].is_blank) and (
            last.row == len(lines) or lines[last.row].is_blank)
        if not whole or len(group) == 1:
            for finding in group:
                start, end = doc.line_removal_span(finding.line)
                yield rule.violation(finding.line.start, finding.line.end, finding.message,
                                     Fix((Edit(start, end),), finding.applicability, finding.fix_message))
            continue
        block_start, block_end = doc.block_span(first, last)
        last_end = min(last.end + 1, block_end)
        unsure = [f for f in group if f.applicability != Applicability.SAFE]
        carrier = (unsure or group)[-1]
        for index, finding in enumerate(group):
            line = finding.line
            edits = [Edit(line.start, group[index + 1].line.start if index + 1 < len(group) else last_end)]
            if finding is carrier:
                if block_start < first.start:
                    edits.insert(0, Edit(block_start, first.start))
                if last_end < block_end:
                    edits.append(Edit(last_end, block_end))
            yield rule.violation(line.start, line.end, finding.message,
                                 Fix(tuple(edits), finding.applicability, finding.fix_message))


class CatalogueRule(Rule):
    """A rule reporting one kind of the phrase catalogue, plus its own extras."""

    kind: ClassVar[str] = ""
    noun: ClassVar[str] = ""  # what the message calls a match
    severity = Severity.WARNING
    fixable = Applicability.SAFE
    options = PHRASE_OPTIONS

    def setup(self) -> None:
        load_data()
        phrases = list(_string_list(self.settings.get("extra-phrases") or []))
        for name in _string_list(self.settings.get("extra-files") or []):
            phrases.extend(read_lines(Path(name)))
        self.extra = build_catalogue(self.kind, phrases)
        self.has_extra = bool(self.extra)
        self.ignored = {normalise(p) for p in _string_list(self.settings.get("ignore-phrases") or [])}

    def check(self, doc: Document) -> Iterable[Violation]:
        analysis = analyse(doc)
        hits = self.hits(analysis)
        more = self.check_more(doc, analysis)
        if not hits and more == ():
            return ()  # the usual case: nothing of this kind, and no more to look for
        return self._violations(doc, hits, more)

    def _violations(self, doc: Document, hits: Iterable[Hit], more: Iterable[LineFinding]) -> Iterator[Violation]:
        findings: List[LineFinding] = []
        for hit in hits:
            applicability = Applicability.SAFE if hit.exact else Applicability.UNSAFE
            matched = "" if hit.exact else f" (matches {hit.phrase.text!r})"
            if hit.whole_line:
                findings.append(LineFinding(hit.line, f"{self.noun}: {_quote(hit.line.text)!r}{matched}",
                                            applicability))
            else:  # a credit closing a caption: only the credit goes
                credit = _quote(doc.text[hit.start:hit.end])
                yield self.violation(hit.start, hit.end, f"{self.noun} at the end of the line: {credit!r}{matched}",
                                     Fix.delete(hit.start, hit.end, applicability, "Delete the credit"))
        findings.extend(more)
        yield from line_deletions(self, doc, findings)

    def hits(self, analysis: Analysis) -> Iterable[Hit]:
        if not (self.has_extra or self.ignored):  # the usual case: only this kind's hits
            return analysis.by_kind.get(self.kind, ())
        found = []
        for info in analysis.lines:
            hit = analysis.hits.get(info.line.row)
            if hit is None or hit.phrase.kind != self.kind:
                hit = self.extra.match(info.line, info.key, info.nwords, info.terminal) if self.has_extra else None
            if hit is not None and hit.phrase.edge and hit is not analysis.hits.get(info.line.row) \
                    and not analysis.edge_ok(info.line.row):
                continue
            if hit is not None and not self._ignored(hit, info):
                found.append(hit)
                if hit.whole_line:
                    analysis.extra_rows.add(hit.line.row)
        return found

    def check_more(self, doc: Document, analysis: Analysis) -> Iterable[LineFinding]:
        """Evidence beyond the catalogue, for the kinds that have some."""
        return ()

    def _ignored(self, hit: Hit, info: LineInfo) -> bool:
        if not self.ignored:
            return False
        return normalise(hit.phrase.text) in self.ignored or info.key in self.ignored

    def line_finding(self, line: Line, message: str,
                     applicability: Applicability = Applicability.UNSAFE) -> LineFinding:
        return LineFinding(line, message, applicability)


class NewsletterPrompt(CatalogueRule):
    code = "CH01"
    name = "chrome.newsletter-prompt"
    kind = "newsletter"
    noun = "Newsletter or notification prompt"
    summary = "Browser-notification, newsletter, subscribe or app-download prompt"
    explanation = """
        Pages ask readers to allow notifications, sign up for a newsletter or get
        the app; a scraper keeps those prompts as if they were article lines. The
        rule looks each line up in a catalogue of such prompts (English, French,
        German, Spanish), folding case, punctuation and spacing. A line that is
        exactly a catalogue phrase is deleted by a safe fix; a line that only
        starts or ends like one gets an unsafe fix, and so does a line that
        is only a newsletter's name ("Courier-Newsletter"). A sentence that
        merely mentions a newsletter is not reported.
    """
    bad_example = ("Stay up to date with notifications from The Daily Courier\n\n"
                   "The envoy arrived in Seoul on Sunday for two days of talks.\n\n"
                   "Sign up for our newsletter\n")
    good_example = ("The envoy arrived in Seoul on Sunday for two days of talks.\n\n"
                    "Officials said the newsletter of the ministry would publish the agenda.\n")

    def check_more(self, doc, analysis):
        if "-Newsletter" not in doc.text:
            return ()
        return [self.line_finding(info.line, f"{self.noun}: {_quote(info.line.text)!r} (a newsletter's name)")
                for info in analysis.short if info.nwords <= 3 and self._named(info)
                and not analysis.explained(info.line.row)] or ()

    @staticmethod
    def _named(info: LineInfo) -> bool:
        """A line that is only a newsletter's name ("Brigitte-Newsletter"): a
        link to the sign-up form."""
        text = info.line.text.strip()
        return text.endswith("-Newsletter") and " " not in text and text[:1].isupper()


# The end of a comment header: "Jane Doe May 30, 2019 at 1:06 PM".
_COMMENT_TIME = re.compile(r" at \d{1,2}:\d\d(?: ?[AaPp][Mm])?\s*$")
_TIME_ENDS = frozenset("0123456789MmAaPp")


class CommentWidget(CatalogueRule):
    code = "CH02"
    name = "chrome.comment-widget"
    kind = "comments"
    noun = "Comment-section widget"
    summary = "Comment-section label, form or prompt (\"Comments\", \"Leave a Reply\")"
    explanation = """
        The comment section under an article leaves labels ("Comments", "12
        comments"), form text ("Leave a Reply", "Your email address will not be
        published") and invitations ("Join the conversation") in scraped text.
        The rule matches whole lines against a catalogue of these; an exact
        match is deleted by a safe fix, a partial one by an unsafe fix. A
        commenter's name with the date and time ("Jane Roe May 30, 2019 at
        1:06 PM") is reported, with an unsafe fix, only in the two lines after
        other comment chrome ("12 comments", "Reply"): elsewhere it may be a
        byline.
    """
    bad_example = ("The talks ended without a joint statement on Monday.\n\n"
                   "Leave a Reply\n\n"
                   "Your email address will not be published. Required fields are marked *\n")
    good_example = ("The talks ended without a joint statement on Monday.\n\n"
                    "Comments from both delegations suggested a second round was likely.\n")

    def check_more(self, doc, analysis):
        hits = analysis.by_kind.get("comments")
        if not hits:
            return ()  # a comment header counts only where there is other comment chrome
        return list(self._headers(doc, analysis, hits)) or ()

    def _headers(self, doc, analysis, hits):
        """A commenter's name and the time of the comment ("Iwona May 30, 2019
        at 1:06 PM") in one of the two lines after other comment chrome (the
        "12 comments" label, the previous comment's "Reply")."""
        names = word_list("date-names.txt")
        lines = doc.lines
        seen: Set[int] = set()
        for hit in hits:
            row, looked = hit.line.row, 0
            while row < len(lines) and looked < 2:
                line = lines[row]  # the line after ``row``
                row += 1
                if not line.text or line.text.isspace():
                    continue
                looked += 1
                if row in seen or row in analysis.hits:
                    continue
                seen.add(row)
                if line.text.rstrip()[-1:] in _TIME_ENDS and _COMMENT_TIME.search(line.text) \
                        and self._header_shape(normalise(line.text), names):
                    yield self.line_finding(line, f"Comment header: {_quote(line.text)!r}")

    @staticmethod
    def _header_shape(key: str, names: frozenset) -> bool:
        """ "iwona may 0 0 at 0 pm": a name of five words at most, a date, a time."""
        words = key.split(" ")
        if words[-1] in ("am", "pm"):
            words.pop()
        date, name = words[-5:-2], words[:-5]  # "may 0 0" or "0 may 0", then "at 0"
        return 1 <= len(name) <= 5 and words[-2:] == ["at", "0"] and (
            (date[0] in names and date[1:] == ["0", "0"]) or (date[1] in names and date[0] == date[2] == "0"))


class ListItems:
    """Mixin: report the items of the lists this kind's headers open."""

    def list_items(self, doc, analysis):
        lists = analysis.tail_lists()
        if not lists:
            return ()
        return list(self._list_items(doc, lists)) or ()

    def _list_items(self, doc, lists):
        for row, header in sorted(lists.items()):
            if header.phrase.kind == self.kind:
                line = doc.lines[row - 1]
                yield self.line_finding(
                    line, f"Item of the {_quote(header.line.text, 30)!r} list: {_quote(line.text)!r}")


class RelatedContent(ListItems, CatalogueRule):
    code = "CH03"
    name = "chrome.related-content"
    kind = "related"
    noun = "Related-content block"
    summary = "Related-story block, recommendation or \"Read more\" link"
    explanation = """
        "Related news", "Recommended For You", "Read more", "More from ..." and
        "Most read" head lists of other stories; the header and the link text
        are page furniture, not part of the article. Exact catalogue lines are
        deleted by a safe fix; lines that only start like one ("More from The
        Courier") by an unsafe fix. Below the article's last sentence, the
        teaser headlines under such a header are reported too (unsafe fix).
        Prose such as "More from the talks is expected next week." is not
        reported.
    """
    bad_example = ("The delegation flew on to Beijing on Monday evening.\n\n"
                   "Related news\n\nRecommended For You\nKim's sister takes a bigger role in talks\n")
    good_example = ("The delegation flew on to Beijing on Monday evening.\n\n"
                    "More from the talks is expected after the envoy reports back.\n")

    def check_more(self, doc, analysis):
        return self.list_items(doc, analysis)


class MediaCredit(CatalogueRule):
    code = "CH04"
    name = "chrome.media-credit"
    kind = "credits"
    noun = "Photo or video credit"
    summary = "Photo or video credit line, or a credit left at the end of a caption"
    explanation = """
        Image credits ("Credit: Twitter via @envoy", "Photo: AFP", "(Getty
        Images)") belong to the picture, which the scraper dropped. A line that
        is only a credit is deleted; a credit closing a caption ("... in
        Pyongyang (Twitter)", "... on Sunday. Photo: AFP") is cut from the
        caption, which stays. Besides the catalogue phrases, a credit is known
        by its shape: names joined by "/" or an em dash, one of them a photo
        agency ("AP Photo/Evan Vucci", "... in Seoul. Jane Doe—Getty
        Images"), alone or after the caption's last sentence; and a name after
        "©" at the end of a caption ("The old town © Jane Doe"), though not a
        year (a copyright notice) or the rest of a sentence. The fix is safe
        when the credit is exactly a catalogue phrase, unsafe otherwise.
    """
    bad_example = ("The two men walked through the garden after lunch (Getty Images)\n"
                   "Credit: Twitter via @envoy\n\n"
                   "The talks lasted for more than three hours on Sunday.\n")
    good_example = ("The two men walked through the garden after lunch\n\n"
                    "The talks lasted for more than three hours on Sunday.\n")

    def setup(self) -> None:
        super().setup()
        self.agencies = word_list("agencies.txt")

    def check(self, doc: Document) -> Iterable[Violation]:
        analysis = analyse(doc)
        hits = self.hits(analysis)
        shaped = self._shaped(doc, analysis)
        if not hits and not shaped:
            return ()
        return self._violations(doc, [*hits, *shaped] if shaped else hits, ())

    def _shaped(self, doc: Document, analysis: Analysis) -> List[Hit]:
        """Credits known by their shape: names joined by "/" or an em dash, one
        of them an agency ("AP Photo/Evan Vucci"), alone on a line or after a
        caption's last sentence; "© Name" closing a caption. Only the lines
        that hold one of those marks are looked at."""
        text = doc.text
        found: List[Hit] = []
        seen: Set[int] = set()
        for mark in (_CREDIT_MARKS if not text.isascii() else "/"):
            at = text.find(mark)
            while at != -1:
                line = doc.lines[doc.position(at)[0] - 1]
                if line.row not in seen and line.row not in analysis.hits:
                    seen.add(line.row)
                    hit = self._credit(line)
                    if hit is not None and not (self.ignored and normalise(line.text) in self.ignored):
                        found.append(hit)
                        if hit.whole_line:
                            analysis.extra_rows.add(line.row)
                at = text.find(mark, line.end)
        return found

    def _credit(self, line: Line) -> Optional[Hit]:
        raw = line.text.rstrip()
        mark = raw.rfind("\u00a9")
        if mark > 0:
            credit = raw[mark + 1:].split()
            before = raw[:mark].rstrip(_CREDIT_SEPARATORS)
            # "Alpines Lebensgefühl © Österreich Werbung", "... 16 mars 2018 © E.B":
            # a name after the sign ("© 2019 The Courier" is a copyright notice, "©
            # Disney is on every cup" a sentence going on); more than a name before
            # a full stop is a sentence going on too
            if (before and 0 < len(credit) <= (2 if ends_sentence(raw) else 6)
                    and _name_like(" ".join(credit).rstrip("."), 4)):
                return Hit(_COPYRIGHT_CREDIT, line, line.start + len(before), line.start + len(raw), False, False)
        if ends_sentence(raw):
            return None
        cut = _last_sentence_end(raw)
        credit = raw[cut:].strip()
        if len(credit.split()) > 8:
            return None
        names = _CREDIT_JOIN.split(credit)
        if len(names) < 2 or not any(normalise(name) in self.agencies for name in names) or not all(
                normalise(name) in self.agencies or _name_like(name, 4) for name in names):
            return None
        if not cut:
            return Hit(_AGENCY_CREDIT, line, line.start, line.end, False, True)
        return Hit(_AGENCY_CREDIT, line, line.start + len(raw[:cut].rstrip()), line.start + len(raw), False, False)


_CREDIT_MARKS = ("\u00a9", "/", "\u2014")  # only "/" can be in ASCII text
_CREDIT_SEPARATORS = " \t\u2219\u00b7|\u2013\u2014-"  # "caption ∙ © Name": the separator goes too
_CREDIT_JOIN = re.compile(r"\s*[/\u2014]\s*")
_AGENCY_CREDIT = Phrase("credits", "Name/Agency", 2)
_COPYRIGHT_CREDIT = Phrase("credits", "caption \u00a9 Name", 2)


def _last_sentence_end(text: str) -> int:
    """Offset just past the last sentence end that a space follows (0 if
    none); an initial ("David J. Phillip") ends no sentence."""
    end = len(text)
    while True:
        end = max(text.rfind(". ", 0, end), text.rfind("! ", 0, end), text.rfind("? ", 0, end))
        if end == -1:
            return 0
        initial = text[end] == "." and end >= 1 and text[end - 1].isupper() \
            and (end == 1 or not text[end - 2].isalnum())
        if not initial:
            return end + 1


class EmbeddedPost(CatalogueRule):
    code = "CH05"
    name = "chrome.embedded-post"
    kind = "social"
    noun = "Embedded social-media post"
    summary = "What an embedded social-media post leaves behind"
    explanation = """
        An embedded tweet or Instagram post is scraped as loose lines: the post's
        text with a pic.twitter.com link, a signature line "— Name (@handle)
        date", a line starting ".@handle", "View this post on Instagram", or a
        bare link to the post. The signature and the fixed Instagram phrases
        are deleted by a safe fix; the post's text is the author's words, so
        its deletion is an unsafe fix to review (the article usually quotes it
        properly elsewhere).
    """
    bad_example = (".@envoy meets the foreign minister in Seoul on October 7, 2018. pic.twitter.com/AbC123xyz\n\n"
                   "\u2014 Ministry of Foreign Affairs (@ForeignMin) October 7, 2018\n\n"
                   "The minister said the talks had been productive.\n")
    good_example = "The minister said on Twitter that the talks had been productive.\n"

    # "— Name (@handle) October 7, 2018": the name, the handle, then a short date.
    SIGNATURE = re.compile(r"\s*[\u2014\u2013\u2015-]{1,2}\s*[^()\n]{1,80}?\s*\(@\w{1,30}\)(?P<rest>[^()\n]{0,40})\Z")
    URL = re.compile(r"(?:https?://)?(?:www\.)?(?P<host>[\w.-]+\.[a-z]{2,})(?:/\S*)?\Z", re.IGNORECASE)

    def setup(self) -> None:
        super().setup()
        self.domains = word_list("social-domains.txt", folded=False)
        self.dotted, self.undotted, self.after_dot = _domain_finder(self.domains)

    def check_more(self, doc, analysis):
        if not self._may_hold_post(doc.text):
            return ()  # nothing here can be a post's residue
        return self._posts(analysis)

    def _posts(self, analysis):
        hits = analysis.hits
        for info in analysis.lines:
            if info.line.row in hits:
                continue
            raw = info.line.text
            # Every shape needs an "@", a "/" (the pic.twitter.com link) or a
            # line of one token (a bare link).
            if "@" not in raw and "/" not in raw and " " in raw.strip():
                continue
            message, applicability = self._shape(raw)
            if message:
                yield self.line_finding(info.line, message, applicability)

    def _may_hold_post(self, text: str) -> bool:
        """Whether the text has an "@" or one of the domains. The domains are
        looked for at the dots the text has, found by one scan, rather than by
        one scan of the text for each domain."""
        if "@" in text:
            return True
        if self.after_dot is not None:
            for hint in self.after_dot.finditer(text):
                dot = hint.start()
                for domain, offset in self.dotted:
                    if dot >= offset and text.startswith(domain, dot - offset):
                        return True
        return any(domain in text for domain in self.undotted)

    def _shape(self, raw: str) -> Tuple[str, Applicability]:
        text = raw.strip()
        if "pic.twitter.com/" in text.casefold():
            return "Embedded tweet text (pic.twitter.com link)", Applicability.UNSAFE
        if text.startswith(".@"):
            return "Embedded tweet text (starts \".@handle\")", Applicability.UNSAFE
        if text[:1] in "\u2014\u2013\u2015-" and "(@" in text:
            match = self.SIGNATURE.match(text)
            if match:
                rest = match.group("rest").strip()
                if not rest or (any(c.isdigit() for c in rest) and len(rest.split()) <= 6):
                    return "Embedded tweet signature (\u2014 Name (@handle) date)", Applicability.SAFE
        if " " not in text and "." in text and len(text) < 300:
            match = self.URL.match(text)
            if match:
                host = match.group("host").casefold()
                parts = host.split(".")
                if any(".".join(parts[i:]) in self.domains for i in range(len(parts) - 1)):
                    return f"Bare link to a social-media post ({host})", Applicability.UNSAFE
        return "", Applicability.UNSAFE


@lru_cache(maxsize=None)
def _domain_finder(domains: frozenset):
    """The domains with a dot, each with the offset of its first dot; those
    without one; a pattern that finds a dot followed by what follows the first
    dot of some domain."""
    dotted = tuple(sorted((domain, domain.index(".")) for domain in domains if "." in domain))
    undotted = tuple(sorted(domain for domain in domains if "." not in domain))
    tails = sorted({domain[offset + 1:] for domain, offset in dotted}, key=len, reverse=True)
    after_dot = re.compile(r"\.(?=" + "|".join(map(re.escape, tails)) + ")") if tails else None
    return dotted, undotted, after_dot


class Advert(CatalogueRule):
    code = "CH06"
    name = "chrome.advert"
    kind = "adverts"
    noun = "Advert or sponsored block"
    summary = "Advert, sponsor label, donation appeal or job-board block"
    explanation = """
        "Advertisement", "Sponsored content", "Story continues below
        advertisement", donation appeals and job-board teasers ("Dreaming of a
        career in ...?", "Try our jobs board.") are page furniture. Exact
        catalogue lines get a safe fix, partial ones an unsafe fix.
    """
    bad_example = ("The summit is expected before the end of the year.\n\n"
                   "Advertisement\n\n"
                   "Dreaming of a career in diplomacy?\nTry The Courier's jobs board.\n")
    good_example = ("The summit is expected before the end of the year.\n\n"
                    "The ministry placed an advertisement for interpreters in June.\n")


class AccountPrompt(CatalogueRule):
    code = "CH07"
    name = "chrome.account-prompt"
    kind = "account"
    noun = "Login, registration or paywall prompt"
    summary = "Login, registration or paywall prompt"
    explanation = """
        Login forms, "Thank you for registering", "Please refresh the page ... to
        be logged in" and paywall notices ("Subscribe to continue reading") are
        the site talking to the reader. Exact catalogue lines get a safe fix,
        lines that only start or end like one an unsafe fix.
    """
    bad_example = ("The envoy will return to Washington on Tuesday.\n\n"
                   "Thank you for registering\n\n"
                   "Subscribe to continue reading this article\n")
    good_example = ("The envoy will return to Washington on Tuesday.\n\n"
                    "Visitors must register with the embassy before the trip.\n")


class ConsentBanner(CatalogueRule):
    code = "CH08"
    name = "chrome.consent-banner"
    kind = "consent"
    noun = "Cookie or consent banner"
    summary = "Cookie or consent banner text and buttons"
    explanation = """
        Consent banners ("We use cookies to ...", "Accept all", "Manage
        preferences") are scraped along with the article when the page is
        saved before the banner is dismissed. Exact catalogue lines get a safe
        fix, lines that only start like one an unsafe fix.
    """
    bad_example = ("We use cookies to improve your experience on our site.\n\n"
                   "Accept all\n\nManage preferences\n\n"
                   "The envoy arrived in Seoul on Sunday.\n")
    good_example = ("The envoy arrived in Seoul on Sunday.\n\n"
                    "The regulator said the site used cookies without consent.\n")


class ShareButtons(CatalogueRule):
    code = "CH09"
    name = "chrome.share-buttons"
    kind = "share"
    noun = "Share, follow or print button"
    summary = "Share, follow, print, save or listen button text"
    explanation = """
        Button rows ("Share", "Facebook Twitter Email", "Print this article",
        "Follow us on ...") come through as short lines. A line made only of
        one-word buttons counts as an exact match (safe fix); "Follow ... on
        Twitter" and other partial matches get an unsafe fix.
    """
    bad_example = ("Share this article\n\nFacebook Twitter Email\n\n"
                   "The envoy arrived in Seoul on Sunday.\n")
    good_example = ("The envoy arrived in Seoul on Sunday.\n\n"
                    "Officials did not share the agenda with reporters.\n")


class Navigation(ListItems, CatalogueRule):
    code = "CH10"
    name = "chrome.navigation"
    kind = "navigation"
    noun = "Navigation"
    summary = "Navigation, section label, tag line or reading-time counter"
    explanation = """
        Menus and labels of the site: "Skip to content", "Back to top", "Tags:
        ...", "5 min read", and the section an article is filed under. Catalogue
        phrases are reported anywhere. A bare section name ("World",
        "Politics") is reported only above the article's first sentence or
        below its last, where it cannot be a subheading; so is a short label
        repeated above the headline ("Flashpoints" twice), and so are the tags
        under a "Topics" or "Tags" line below the article. Those get an unsafe
        fix, catalogue phrases a safe one.
    """
    bad_example = ("Flashpoints\n\nTalks resume in Pyongyang\n\nFlashpoints\n\n"
                   "The envoy met the leader on Sunday for more than three hours.\n\n"
                   "Back to top\n")
    good_example = ("Talks resume in Pyongyang\n\n"
                    "The envoy met the leader on Sunday for more than three hours.\n\n"
                    "Some progress\n\n"
                    "Both sides said the meeting had gone better than the last one.\n")
    options = {
        **PHRASE_OPTIONS,
        "section-labels": Option(True, "Report bare section names at the top and bottom", boolean),
        "repeated-labels": Option(True, "Report short labels repeated above the headline", boolean),
    }

    def check_more(self, doc, analysis):
        if not analysis.first_prose:
            return ()
        return list(self._more(doc, analysis)) or ()

    def _more(self, doc, analysis):
        yield from self.list_items(doc, analysis)
        labels = analysis.edge_labels() if self.settings.get("section-labels", True) else set()
        for row in sorted(labels):
            line = doc.lines[row - 1]
            yield self.line_finding(line, f"Section label: {_quote(line.text)!r}")
        if self.settings.get("repeated-labels", True):
            edge = [i for part in analysis.edges() for i in part
                    if i.nwords <= 2 and not i.terminal and not analysis.explained(i.line.row)]
            yield from self._repeated(doc, analysis, edge)

    def _repeated(self, doc, analysis, edge):
        """A one- or two-word line seen twice or more, every time at an edge."""
        at_edge: Dict[str, List[LineInfo]] = {}
        for info in edge:
            if info.line.text.strip()[:1].isupper():
                at_edge.setdefault(info.key, []).append(info)
        if all(len(infos) < 2 for infos in at_edge.values()):
            return  # no label seen twice at the edges
        counts: Dict[str, int] = {}
        for info in analysis.short:
            if info.nwords <= 2:
                counts[info.key] = counts.get(info.key, 0) + 1
        for key, infos in at_edge.items():
            if len(infos) >= 2 and counts[key] == len(infos):
                for info in infos:
                    yield self.line_finding(
                        info.line,
                        f"Section label repeated above the headline: {_quote(info.line.text)!r}")


class Footer(CatalogueRule):
    code = "CH11"
    name = "chrome.footer"
    kind = "footer"
    noun = "Copyright or footer line"
    summary = "Copyright notice or footer link"
    explanation = """
        The page footer ("© 2018 The Courier. All rights reserved.", "Privacy
        policy", "Contact us") follows the article in whole-page scrapes. Exact
        catalogue lines get a safe fix, copyright lines matched by their start
        or end an unsafe fix. A footer link that is the first line of the text
        is left alone: it is the title of a page of terms or of an article
        headed "Privacy policy". "Terms and conditions" counts only at the
        article's edges or next to other chrome: within the text it heads the
        terms of a licence or a prize draw.
    """
    bad_example = ("The envoy arrived in Seoul on Sunday.\n\n"
                   "\u00a9 2018 The Courier. All rights reserved.\n\nPrivacy policy\n")
    good_example = ("Terms of Service\n\n"
                    "The paper said all rights to the photographs had been reserved by the agency.\n")

    def hits(self, analysis: Analysis) -> Iterable[Hit]:
        hits = super().hits(analysis)
        if not hits:
            return hits
        # The first line of the text is its title: a page of terms is headed
        # "Terms of Service", and that title is no footer link.
        first = analysis.lines[0].line.row
        return [hit for hit in hits if not (hit.exact and hit.whole_line and hit.line.row == first)]


_MENU_SEPARATOR = re.compile("[|\u2022\u00b7\u203a\u00bb>]")
_LIST_SEPARATORS = "|\u2022\u00b7"  # between items of one level; the others are breadcrumb arrows
_ARCHIVE_MARKS = "\u25ba\u25bc\u25b6\u25b8"  # a blog-archive widget's fold arrows
_TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014\u00b7:-]\s+|\s*\|\s*")
PARAGRAPH_WORDS = 20  # a line this long is the article's, sentence-shaped or not
MAX_TABLE_GAP = 2  # lines (group labels) that may stand between two rows of a table


class LinkList(Rule):
    code = "CH12"
    name = "chrome.link-list"
    summary = "Menu, breadcrumb, tag list or language picker from a whole-page scrape"
    explanation = """
        A scrape of the whole page brings in the site's menus: a line of short
        items between separators ("Home | World | Asia", "News › Asia ›
        Korea"), a language picker ("English Français Deutsch"), a
        blog-archive entry ("► March (4)"), or a run of short lines with no
        sentence shape above the article's first sentence or below its last
        (menus, tag lists, counters and dates). A separator line counts only
        at those edges or next to another chrome line: inside the article it
        may be a list. A line of cells is never a menu, wherever it stands: a
        markdown table row, a row with numbers, dates or prices and the header
        above it, three rows or more with the same number of cells (a table),
        a byline ("Jane Doe | Seoul | 07/10/2018"). The headline is kept even inside a run: the
        first line of the text (the page title), the line nearest the article
        that opens that title, or else the short line just above the first
        sentence or above its byline and date. The fix deletes each line and
        is unsafe.
    """
    bad_example = ("Home | World | Asia | Korea\n\n"
                   "The envoy arrived in Seoul on Sunday for two days of talks.\n\n"
                   "North Korea\nSouth Korea\nDiplomacy\nNuclear talks\nUnited States\n")
    good_example = ("The envoy arrived in Seoul on Sunday for two days of talks.\n\n"
                    "The agenda had three items:\nsanctions\ninspections\na second summit\n\n"
                    "Seat | Price | Grade\nJoie i-Level | 300 \u20ac | 1.7\n\n"
                    "Officials said each would be discussed in turn.\n")
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE
    options = {
        "min-run": Option(5, "Short lines in a row that make a menu at the top or bottom", positive_int),
        "max-item-words": Option(3, "Words a menu item may have", positive_int),
    }

    SEPARATORS = re.compile(r"\s+>\s+|\s*[|\u2022\u00b7\u203a\u00bb]\s*")

    def setup(self) -> None:
        load_data()
        self.languages = word_list("languages.txt")
        self.short_languages = all(name.count(" ") < SHORT_WORDS for name in self.languages)
        self.months = word_list("date-names.txt")

    def check(self, doc):
        analysis = analyse(doc)
        found: Dict[int, str] = {}  # row -> what the line is
        rows: List[Tuple[LineInfo, int, bool]] = []  # separator lines: (info, items, a list of cells)
        archive = not doc.text.isascii() and any(mark in doc.text for mark in _ARCHIVE_MARKS)
        for info in analysis.short:
            if info.nwords > 24 or analysis.explained(info.line.row):
                continue
            items = self._menu_items(info)
            if items:
                rows.append((info, items, any(c in info.line.text for c in _LIST_SEPARATORS)))
            elif self._language_line(info):
                found[info.line.row] = "Language picker"
            elif archive and info.line.text.lstrip()[:1] in _ARCHIVE_MARKS and self._archive_entry(info):
                found[info.line.row] = "Blog archive entry"
        if rows:
            self._menu_lines(analysis, rows, found)
        self._language_runs(analysis, found)
        self._edge_runs(analysis, found)
        yield from self._grouped(doc, found)

    def _grouped(self, doc, found: Dict[int, str]):
        """One finding per block of adjacent lines, so that the fix deletes the
        block and the blank lines around it in one edit."""
        groups: List[List[int]] = []
        for row in sorted(found):
            if groups and groups[-1][-1] == row - 1:
                groups[-1].append(row)
            else:
                groups.append([row])
        for group in groups:
            first, last = doc.lines[group[0] - 1], doc.lines[group[-1] - 1]
            what = found[group[0]]
            if len(group) == 1:
                message = f"{what}: {_quote(first.text)!r}"
            else:
                message = f"{what}: {len(group)} lines, {_quote(first.text, 30)!r} to {_quote(last.text, 30)!r}"
            start, end = self._block_span(doc, first, last)
            yield self.violation(first.start, last.end, message,
                                 Fix.delete(start, end, Applicability.UNSAFE, "Delete the lines"))

    @staticmethod
    def _block_span(doc, first: Line, last: Line) -> Tuple[int, int]:
        lines = doc.lines
        if (first.row == 1 or lines[first.row - 2].is_blank) and (
                last.row == len(lines) or lines[last.row].is_blank):
            return doc.block_span(first, last)  # a whole paragraph
        if last.end < len(doc.text):
            return first.start, last.end + 1
        return max(0, first.start - 1), last.end

    def _menu_items(self, info: LineInfo) -> int:
        """How many short items the line's separators split it into (0 when
        it is not shaped like a menu line)."""
        raw = info.line.text
        if not _MENU_SEPARATOR.search(raw):
            return 0
        text = raw.strip()
        if text[:1] == "|" and (text[-1] == "|" or "|--" in text or "|  " in text):
            return 0  # a markdown table row, or a directory tree
        parts = self.SEPARATORS.split(text)
        items = [item for item in (normalise(part) for part in parts) if item]
        if len(items) < 3 or any(item.count(" ") >= 4 for item in items):
            return 0
        if any(ends_sentence(part) for part in parts):
            return 0
        return len(items)

    def _menu_lines(self, analysis: "Analysis", rows: List[Tuple[LineInfo, int, bool]],
                    found: Dict[int, str]) -> None:
        """Separator lines that are neither table rows nor bylines, above the
        article's first sentence, below its last, or next to a chrome line."""
        first, last = self._body(analysis)
        if not first:
            return
        tables = self._table_rows(analysis, rows)
        for info, _, cells in rows:
            row = info.line.row
            if row in tables or (cells and _numeric_cell(info.line.text)) or is_metadata(info):
                continue  # "Home › 2010 › May" is a breadcrumb, "Joie | 300 € | 1.7" a table row
            if row < first or row > last or analysis.edge_ok(row):
                found[row] = "Menu or breadcrumb line"

    @staticmethod
    def _body(analysis: "Analysis") -> Tuple[int, int]:
        """The rows of the article's first and last sentence; without one, of
        its first and last paragraph-length line."""
        if analysis.first_prose:
            return analysis.first_prose, analysis.last_prose
        long = [info.line.row for info in analysis.lines
                if info.nwords >= PARAGRAPH_WORDS and not _MENU_SEPARATOR.search(info.line.text)]
        return (long[0], long[-1]) if long else (0, 0)

    @staticmethod
    def _table_rows(analysis: "Analysis", rows: List[Tuple[LineInfo, int, bool]]) -> Set[int]:
        """Rows of cells with the same number of cells one after the other
        (group labels may stand between them): a table when one of them has
        numbers (a header above data rows) or there are three rows or more."""
        candidates = [(info, items) for info, items, cells in rows if cells]
        if len(candidates) < 2:
            return set()
        worded = [info.line.row for info in analysis.lines]
        tables: Set[int] = set()
        group: List[LineInfo] = []
        for index, (info, items) in enumerate(candidates + [(None, 0)]):
            if group and info is not None and items == candidates[index - 1][1] and (
                    bisect_left(worded, info.line.row) - bisect_left(worded, group[-1].line.row) <= MAX_TABLE_GAP + 1):
                group.append(info)
                continue
            if len(group) >= 3 or (len(group) == 2 and any(_numeric_cell(g.line.text) for g in group)):
                tables.update(g.line.row for g in group)
            group = [info] if info is not None else []
        return tables

    def _archive_entry(self, info: LineInfo) -> bool:
        """"► March (4)", "▼ 2016 (18)": a month or year and a count in brackets."""
        words = info.key.split(" ")
        return len(words) == 2 and words[1] == "0" and (words[0] == "0" or words[0] in self.months) \
            and info.line.text.rstrip().endswith(")")

    def _language_line(self, info: LineInfo) -> str:
        if info.nwords < 2 or info.nwords > 16:
            return ""
        return "Language picker" if self._languages_in(info.key.split(" ")) >= 2 else ""

    def _languages_in(self, words: Sequence[str]) -> int:
        """How many language names the words make, or 0 if a word is not one."""
        count, i = 0, 0
        while i < len(words):
            if i + 1 < len(words) and words[i] + " " + words[i + 1] in self.languages:
                i += 2
            elif words[i] in self.languages:
                i += 1
            else:
                return 0
            count += 1
        return count

    def _language_runs(self, analysis, found):
        """Three lines or more in a row, each one language name."""
        # Most texts have fewer than three such lines; a language name is short,
        # so they are counted among the short lines.
        candidates = analysis.short if self.short_languages else analysis.lines
        if sum(1 for info in candidates if info.key in self.languages) < 3:
            return
        run: List[LineInfo] = []
        for info in analysis.lines + [None]:
            if info is not None and info.line.row not in found and info.key in self.languages \
                    and not analysis.explained(info.line.row):
                run.append(info)
                continue
            if len(run) >= 3:
                for item in run:
                    found[item.line.row] = "Language picker"
            run = []

    def _edge_runs(self, analysis, found):
        """Runs of short, sentence-less lines above the first sentence or below
        the last. Short lines that another chrome rule explains count towards a
        run but are left to that rule; bylines, datelines and longer chrome
        lines neither count nor break a run. A run is reported when it is long
        enough and holds two unexplained lines or more; the headline counts
        towards it but is kept."""
        if not analysis.first_prose:
            return
        min_run = self.settings["min-run"]
        max_words = self.settings["max-item-words"]
        explained_words = max(max_words, 4)
        top, bottom = analysis.edges()
        runs: List[Tuple[List[LineInfo], bool]] = []  # each with whether it is above the article
        # Blank lines are skipped (menus come one item a line or one a
        # paragraph); the article's first sentence ends the run above it.
        for part in (top, bottom):
            run: List[LineInfo] = []
            for index, info in enumerate(part):
                row = info.line.row
                explained = analysis.explained(row)
                byline = part is top and 2 <= info.nwords <= 4 and _name_by_date(part, index)
                if (explained and info.nwords <= explained_words) or row in found \
                        or (not explained and not byline and _menu_item(info, max_words)):
                    run.append(info)
                    continue
                if explained or byline or is_metadata(info):
                    continue
                runs.append((run, part is top))
                run = []
            runs.append((run, part is top))
        headline: Optional[Set[int]] = None  # looked for only when a run above the article is long enough
        for run, above in runs:
            if len(run) < min_run:
                continue
            if above and headline is None:
                headline = self._headline(analysis, top, found, max_words)
            own = [m for m in run if not analysis.explained(m.line.row) and not (above and m.line.row in headline)]
            if len(own) >= 2:
                for member in own:
                    found.setdefault(member.line.row, "Menu or link list")

    @staticmethod
    def _headline(analysis: "Analysis", top: List[LineInfo], found: Dict[int, str], max_words: int) -> Set[int]:
        """Rows above the first sentence that hold the article's title, short
        as it may be: the first line of the text (where a scraper puts the
        page title); the line nearest the first sentence that the page title
        opens with ("Parken in Paris" under "Parken in Paris – jovelblog");
        failing that, the line just above the first sentence or above its
        byline and date."""
        first = analysis.lines[0]
        if top[0] is not first:
            return set()
        kept = {first.line.row}
        pieces = _TITLE_SEPARATOR.split(first.line.text.strip())
        heads = {normalise(" ".join(pieces[:n])) for n in range(1, len(pieces) + 1)}
        for info in reversed(top[1:]):
            if info.key in heads:
                kept.add(info.line.row)
                return kept
        for index in range(len(top) - 1, 0, -1):
            info = top[index]
            if is_metadata(info) or any(c.isdigit() for c in info.line.text) or _name_by_date(top, index):
                continue  # a byline, a date
            if _menu_item(info, max_words):
                kept.add(info.line.row)
            break
        return kept


_CELL_SEPARATOR = re.compile("[|\u2022\u00b7]")
_NUMBER_SIGNS = "$\u20ac\u00a3\u00a5+-\u2212\u00b1~\u2248<>#"


def _numeric_cell(text: str) -> bool:
    """Whether a line of cells has one that starts with a number ("300 €",
    "$5", "01.09.1907", "-2.5"): a table row or a byline's date."""
    for cell in _CELL_SEPARATOR.split(text):
        cell = cell.strip().lstrip(_NUMBER_SIGNS).lstrip()
        if cell[:1].isdigit():
            return True
    return False


def _name_by_date(infos: List[LineInfo], index: int) -> bool:
    """A bare name of two to four words just above or below a dateline ("Jane
    Doe" / "October 7, 2018"): a byline, left to CH14. ("Archive" above
    "March 2019" is a widget's.)"""
    info = infos[index]
    if not 2 <= info.nwords <= 4 or info.terminal:
        return False
    for other in (index - 1, index + 1):
        if 0 <= other < len(infos) and abs(infos[other].line.row - info.line.row) <= 2 \
                and is_dateline(infos[other]):
            return _name_like(info.line.text, 4)
    return False


def _menu_item(info: LineInfo, max_words: int) -> bool:
    """A line shaped like a menu entry or a tag: a few words, capitalised, with
    no sentence punctuation, no digits and no list bullet. Lowercase lines (a
    poem's), numbered or bulleted lines and "June 12: summit" (a fact box) are
    the article's own."""
    if info.nwords > max_words or info.terminal:
        return False
    text = info.line.text.strip()
    first = text[:1]
    if not (first == "#" or (first.isalpha() and not first.islower())):
        return False
    return not any(c in text for c in ":;,") and not any(c.isdigit() for c in text)


class UiLine(Rule):
    code = "CH13"
    name = "chrome.ui-line"
    summary = "Button or link text below an article, or a link with an arrow"
    explanation = """
        A short line that starts with an imperative verb of the web ("Watch the
        full interview", "Download the report", "Find your next role") and has
        no sentence shape reads as a button or a link when it stands below the
        article's last sentence. Above the article such a line may be its
        headline ("Follow the money"), so it is left alone there, as inside the
        article or when it ends like a sentence; so is a line the phrase
        catalogue already explains. A short line ending in a link arrow ("Full
        story →") is reported anywhere, unless the mark closes a pair opened
        on the line: a French quotation ("« Faites votre travail ! »") or a
        placeholder or tag in code ("#include <stdio.h>", "<year>"); arrows
        around a navigation phrase ("« Previous Next »") are still links. The
        fix is unsafe.
    """
    bad_example = ("The envoy arrived in Seoul on Sunday for two days of talks.\n\n"
                   "Watch the full interview with the envoy\n")
    good_example = ("The envoy arrived in Seoul on Sunday for two days of talks.\n\n"
                    "Watch this space, one official told reporters after the meeting.\n")
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE
    options = {
        "max-words": Option(8, "Longest line taken for a button", positive_int),
        "extra-verbs": Option([], "More imperative verbs, one word each", _string_list),
    }
    ARROWS = "\u2192\u00bb\u203a\u25b6\u25ba\u27f6\u2794>"

    def setup(self) -> None:
        load_data()
        self.verbs = word_list("ui-verbs.txt") | {normalise(v) for v in self.settings.get("extra-verbs") or []}

    def check(self, doc):
        return line_deletions(self, doc, self._findings(analyse(doc)))

    def _findings(self, analysis):
        if not analysis.first_prose:
            return
        max_words = self.settings["max-words"]
        for info in analysis.short if max_words <= SHORT_WORDS else analysis.lines:
            row = info.line.row
            if info.nwords > max_words or analysis.explained(row):
                continue
            text = info.line.text.strip()
            # "« Previous Next »" is a pair of arrows around a catalogue phrase, not a quotation
            if text[-1:] in self.ARROWS and info.nwords <= 10 and (
                    not _closes_pair(text) or info.key in builtin_catalogue().exact):
                yield LineFinding(info.line, f"Link text: {_quote(text)!r}", Applicability.UNSAFE)
            elif row > analysis.last_prose and not info.terminal \
                    and info.key.split(" ", 1)[0] in self.verbs \
                    and not any(q in text for q in _DOUBLE_QUOTES) and not is_metadata(info):
                yield LineFinding(info.line, f"Button or link text: {_quote(text)!r}", Applicability.UNSAFE)


_PAIRS = {"\u00bb": "\u00ab", "\u203a": "\u2039", ">": "<"}


def _closes_pair(text: str) -> bool:
    """Whether the mark ending the line closes a pair opened on it: "« ... »"
    is a quotation, "<year>" a placeholder, not a link arrow."""
    opening = _PAIRS.get(text[-1])
    return opening is not None and text.rfind(opening) > text.rfind(text[-1], 0, len(text) - 1)


# --- Metadata ---------------------------------------------------------------------

def is_dateline(info: LineInfo) -> bool:
    """A line made only of date words, numbers and labels, with a month or weekday."""
    key = info.key
    if info.nwords > 12 or "0" not in key:
        return False
    words = key.split(" ")
    if "0" not in words or info.line.text.lstrip()[:1] in _ARCHIVE_MARKS:
        return False  # "► March (4)" is a blog-archive entry (CH12)
    names, fillers = word_list("date-names.txt"), word_list("date-words.txt")
    named = False
    for word in words:
        if word in names:
            named = True
        elif word != "0" and word not in fillers:
            return False
    return named or (info.key.count("0") >= 3 and info.nwords == 3)


def _name_like(text: str, max_words: int = 5) -> bool:
    words = text.replace(",", " ").split()
    particles = {"and", "und", "et", "y", "de", "van", "von", "der", "da", "di", "le", "la", "bin", "al"}
    return 0 < len(words) <= max_words and all(w[:1].isupper() or w.casefold() in particles for w in words) \
        and words[0][:1].isupper() and not any(c.isdigit() for c in text)


@lru_cache(maxsize=None)
def _byline_openers() -> Tuple[frozenset, Tuple[str, ...]]:
    openers = word_list("byline-words.txt")
    return openers, tuple(opener + " " for opener in openers)


def is_byline(info: LineInfo) -> bool:
    if info.nwords > 10 or info.terminal or not info.key:
        return False
    openers, starts = _byline_openers()
    if not info.key.startswith(starts):
        return False
    text = info.line.text.strip()
    for opener in openers:
        if info.key.startswith(opener + " "):
            rest = text.split(None, opener.count(" ") + 1)[-1]
            return _name_like(rest.split("|")[0].split(",")[0], 6)
    return False


def is_metadata(info: LineInfo) -> bool:
    if info.meta is None:
        info.meta = is_dateline(info) or is_byline(info)
    return info.meta


class ArticleMetadata(Rule):
    code = "CH14"
    name = "chrome.article-metadata"
    summary = "Byline or dateline inside the article text (information only)"
    explanation = """
        Bylines ("By Jane Doe", or a bare name above a dateline) and datelines
        ("Sunday 07 October 2018 10:37 BST") are metadata, not chrome: many
        pipelines want them, some store them apart from the body. This rule is
        off by default; when selected it reports them as information, and its
        fix is only displayed, never applied.
    """
    bad_example = ("Talks resume in Pyongyang\n\nJane Doe\nSunday 07 October 2018 10:37 BST\n\n"
                   "The envoy arrived in Seoul on Sunday for two days of talks.\n")
    good_example = ("Talks resume in Pyongyang\n\n"
                    "The envoy arrived in Seoul on Sunday 7 October for two days of talks.\n")
    severity = Severity.INFO
    fixable = Applicability.DISPLAY
    default_enabled = False

    def setup(self) -> None:
        load_data()

    def check(self, doc):
        analysis = analyse(doc)
        infos = analysis.lines
        for index, info in enumerate(infos):
            if info.line.row in analysis.hits:
                continue
            if is_dateline(info):
                kind = "Dateline"
            elif is_byline(info) or self._name_by_date(infos, index):
                kind = "Byline"
            else:
                continue
            start, end = doc.line_removal_span(info.line)
            yield self.violation(
                info.line.start, info.line.end, f"{kind} (article metadata): {_quote(info.line.text)!r}",
                Fix.delete(start, end, Applicability.DISPLAY, f"Move the {kind.lower()} out of the body"))

    @staticmethod
    def _name_by_date(infos: List[LineInfo], index: int) -> bool:
        """A bare name next to a dateline: "Jane Doe" / "Sunday 7 October 2018"."""
        info = infos[index]
        if info.nwords > 4 or info.terminal or not _name_like(info.line.text, 4):
            return False
        neighbours = [infos[j] for j in (index - 1, index + 1) if 0 <= j < len(infos)]
        return any(abs(n.line.row - info.line.row) == 1 and is_dateline(n) for n in neighbours)


RULES = [NewsletterPrompt, CommentWidget, RelatedContent, MediaCredit, EmbeddedPost, Advert,
         AccountPrompt, ConsentBanner, ShareButtons, Navigation, Footer, LinkList, UiLine,
         ArticleMetadata]
