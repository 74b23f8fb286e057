"""Name rules (NM): a person's name written more than one way in one article.

No NLP model is involved. Person-name *mentions* are runs of capitalised words
(with hyphenated parts, particles such as "bin" or "von", initials and a
possessive), found by one regular expression; titles in front ("President",
"Mr") are recorded apart from the name. Mentions with the same letters, once
case, diacritics, hyphens and spaces are folded away, form one *name*. Names are
compared only within blocks (the same first part or the same last part; a
single-word mention against the parts of longer names with its first letter),
never all pairs, and evidence from the whole document (a title or a role noun
before a mention, a word seen in lower case elsewhere, the headline lines, the
document's language) is gathered only for the few pairs that need it.

Capitalisation is the only sign of a name here, and German capitalises every
noun: in German text (rules.language) one-word mentions are not taken for
names, and longer ones that the text writes after an article, inflects or
compounds are not either.

The mention index is computed once per document and kept in ``Document.cache``,
shared by the three rules:

* NM01 ``names.variant-spelling``: a rare near miss of a frequent spelling, or a
  known transliteration mixed with another.
* NM02 ``names.translated-part``: a name part replaced by its translation
  ("Kim Jong-un" -> "Kim Jong-a", "un" read as the French article).
* NM03 ``names.mixed-romanization``: one name with two arrangements of hyphens,
  spaces or diacritics ("Kim Jong-un" beside "Kim Jong Un").

:func:`compare_names` is the pair decision on its own, as the labelled-set test
uses it.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple, Union

import regex

from lint.document import Document
from lint.rule import Applicability, Fix, Option, Rule, Severity
from rules.datafiles import data_path, read_lines, read_toml
from rules.language import document_language

CACHE_INDEX = "names.index"

# ---------------------------------------------------------------------------
# Data, loaded once per process

_LETTERS = r"[\p{L}\p{M}]"
_APOS = "'’"


def _read_set(name: str) -> FrozenSet[str]:
    return frozenset(fold(line) for line in read_lines(data_path("names", name)))


@dataclass(frozen=True)
class Tables:
    titles: FrozenSet[str]
    role_nouns: FrozenSet[str]
    particles: FrozenSet[str]
    stopwords: FrozenSet[str]
    nonname: FrozenSet[str]
    #: folded word -> {meaning: frozenset(languages)}
    translations: Dict[str, Dict[str, FrozenSet[str]]]
    #: folded part or whole-name key -> the canonical folded form of its variant group
    variant_of: Dict[str, str]
    #: folded whole-name key -> ids of the distinct groups holding it
    distinct_names: Dict[str, FrozenSet[int]]
    #: folded part -> ids of the distinct part groups holding it
    distinct_parts: Dict[str, FrozenSet[int]]
    #: the same for family names that differ only when written alone
    distinct_surnames: Dict[str, FrozenSet[int]]
    #: (shorter ending, longer ending) pairs that derive a different name
    ending_pairs: FrozenSet[Tuple[str, str]]
    #: the same for endings that derive another word from a name (a people, a plural)
    derived_endings: FrozenSet[Tuple[str, str]]
    #: the endings of German nouns and adjectives
    german_inflections: FrozenSet[str]
    #: English clitics after a stop word ("re" of "We're"), and elided French and
    #: Italian function words ("c" of "C'est")
    clitics: FrozenSet[str]
    elided: FrozenSet[str]
    #: prefixes written joined to a capitalised rest ("Mc" of "McDonald")
    joined_prefixes: FrozenSet[str]
    #: German articles and determiners, which stand before nouns, not names
    german_determiners: FrozenSet[str]


@lru_cache(maxsize=None)
def tables() -> Tables:
    translations: Dict[str, Dict[str, Set[str]]] = {}
    for entry in read_toml(data_path("names", "translations.toml"))["meanings"]:
        meaning = entry["meaning"]
        for lang, words in entry.items():
            if lang == "meaning":
                continue
            for word in words:
                translations.setdefault(fold(word), {}).setdefault(meaning, set()).add(lang)
    variant_of: Dict[str, str] = {}
    for entry in read_toml(data_path("names", "variants.toml"))["variants"]:
        keys = [name_key(form) for form in entry["forms"]]
        for key in keys:
            variant_of[key] = keys[0]
    distinct = read_toml(data_path("names", "distinct.toml"))["distinct"]
    distinct_names: Dict[str, Set[int]] = {}
    distinct_parts: Dict[str, Set[int]] = {}
    distinct_surnames: Dict[str, Set[int]] = {}
    for number, entry in enumerate(distinct):
        for name in entry.get("names", []):
            distinct_names.setdefault(name_key(name), set()).add(number)
        for part in entry.get("parts", []):
            distinct_parts.setdefault(name_key(part), set()).add(number)
        for part in entry.get("surnames", []):
            distinct_surnames.setdefault(name_key(part), set()).add(number)
    endings = read_toml(data_path("names", "endings.toml"))
    pairs = {(fold(short), fold(long)) for short, long in endings["pairs"]}
    derived = {(fold(short), fold(long)) for short, long in endings["derived"]}
    contractions = read_toml(data_path("names", "contractions.toml"))
    return Tables(
        titles=_read_set("titles.txt"),
        role_nouns=_read_set("role_nouns.txt"),
        particles=frozenset(particles()["inside"]),
        stopwords=_read_set("stopwords.txt"),
        nonname=_read_set("nonname_words.txt"),
        translations={w: {m: frozenset(l) for m, l in d.items()} for w, d in translations.items()},
        variant_of=variant_of,
        distinct_names={k: frozenset(v) for k, v in distinct_names.items()},
        distinct_parts={k: frozenset(v) for k, v in distinct_parts.items()},
        distinct_surnames={k: frozenset(v) for k, v in distinct_surnames.items()},
        ending_pairs=frozenset(pairs),
        derived_endings=frozenset(derived | pairs),
        german_inflections=frozenset(fold(e) for e in endings["german_inflections"]),
        clitics=frozenset(contractions["clitics"]),
        elided=frozenset(contractions["elided"]),
        joined_prefixes=_read_set("joined_prefixes.txt"),
        german_determiners=_read_set("german_determiners.txt"),
    )


# ---------------------------------------------------------------------------
# Folding: what two spellings of one name have in common

_APOSTROPHE_STYLES = {"’": "'", "ʼ": "'", "‘": "'"}
_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss",
                          "æ": "ae", "œ": "oe", **_APOSTROPHE_STYLES})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case and diacritics folded away: "Erdoğan" -> "erdogan"."""
    text = text.casefold().translate(_SPECIAL)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """A name with case, diacritics, spaces, hyphens, apostrophes and full stops
    folded away: every romanization of one spelling shares it."""
    folded = fold(name)
    if folded.isalnum():
        return folded
    return "".join(c for c in folded if c.isalnum())


# ---------------------------------------------------------------------------
# Mentions

# A capitalised word, with apostrophe parts (O'Brien, and the possessive Kim's),
# hyphenated parts (Jong-un, Matthews-King) and particle prefixes (al-Assad).
@lru_cache(maxsize=None)
def particles() -> Dict[str, Tuple[str, ...]]:
    """The particles of data/names/particles.txt by section: ``inside`` a name
    ("bin", "von"), or the ``prefix`` of a hyphenated part ("al-")."""
    sections: Dict[str, List[str]] = {}
    current = None
    for line in read_lines(data_path("names", "particles.txt")):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is None:
            raise ValueError(f"particles.txt: {line!r} comes before any [section] header")
        else:
            current.append(line)
    # Longest first, so that an alternation never stops at a shorter particle.
    return {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in sections.items()}


_PREFIX = "(?:" + "|".join(particles()["prefix"]) + ")-"
_CAPITALISED = (rf"\p{{Lu}}{_LETTERS}*(?:[{_APOS}]\p{{L}}{_LETTERS}*)*"
                rf"(?:-\p{{L}}{_LETTERS}*(?:[{_APOS}]\p{{L}}{_LETTERS}*)*)*")
_WORD = rf"(?:{_PREFIX})?{_CAPITALISED}"
_INITIALS = r"(?:\p{Lu}\.)+"
_SEP = r"[ \t\u00a0]+"


def _char_class(chars: Iterable[str]) -> str:
    """A character class of ``chars``, written as ranges."""
    codes = sorted({ord(c) for c in chars})
    out, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(re.escape(chr(codes[i])) + ("" if i == j else "-" + re.escape(chr(codes[j]))))
        i = j + 1
    return "[" + "".join(out) + "]"


def _alternation(words: Iterable[str]) -> str:
    """An alternation of ``words`` written as a tree of their letters
    ("d(?:e(?:l|n)|u)"): a word that does not match fails at its first letter
    instead of at every alternative. Particles are whole words, followed by a
    space or a hyphen, so no two alternatives can both match there and their
    order does not matter."""
    heads: Dict[str, List[str]] = {}
    for word in sorted(set(words)):
        heads.setdefault(word[:1], []).append(word[1:])
    branches = [re.escape(head) + _alternation(rest) for head, rest in heads.items() if head]
    if "" in heads:
        branches.append("")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _leaf_tree(leaves: Dict[str, str]) -> str:
    """Words as a tree of letters, like :func:`_alternation`, each followed
    where it ends by its own pattern (``leaves`` maps a word to it)."""
    heads: Dict[str, Dict[str, str]] = {}
    for word, leaf in leaves.items():
        heads.setdefault(word[:1], {})[word[1:]] = leaf
    branches = [re.escape(head) + _leaf_tree(rest) for head, rest in sorted(heads.items()) if head]
    if "" in heads:
        branches.append(heads[""][""])
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _stop_word_alone(stops: Iterable[str], inside: str, prefix: str, upper: str) -> str:
    """A pattern for the rest of a stop word ("The", "Monday") that is a run by
    itself, read just after its first letter: spaces, then a word that does not
    go on with the run (no capital, no particle, no prefix); and no hyphen
    before the word ("al-The" may be a name)."""
    firsts: Dict[str, Set[str]] = {}
    for stop in stops:
        if stop.isascii() and stop.isalpha():
            firsts.setdefault(stop[1:], set()).add(stop[0].upper())
    leaves = {}
    for tail, letters in firsts.items():
        cls = "[" + "".join(sorted(letters)) + "]" + re.escape(tail)
        leaves[tail] = rf"(?<={cls})(?<!-{cls})"
    return rf"{_leaf_tree(leaves)}(?=[ \t\u00a0]+(?!{inside}[ \t\u00a0]|{prefix}|{upper}))"


# The stop words that most often open a sentence, and so most often stand alone
# as a run; the scan passes over them (those of them that are stop words) at
# once. A short list: every word makes the pattern longer to compile.
SENTENCE_OPENERS = frozenset(
    "a an and as at but by for he her his i if in it its my no on our she so that the their there these they "
    "this those to we what when while with you your monday tuesday wednesday thursday friday saturday sunday "
    "nobody please".split())


def _run_pattern(alone: bool = False) -> "re.Pattern[str]":
    """The scan for runs of capitalised words, the one pass over the whole text.

    It uses the standard ``re`` module with explicit classes for the cased
    scripts names are romanised into (Latin, Greek, Cyrillic, with combining
    marks), half again as fast as ``regex`` with its Unicode properties; it has no
    look-behind and no lower-case start either, as both would cost the scan
    most of its speed. A run that starts inside a word, or after a particle
    prefix ("al-" of "al-Assad"), is put right in Python (Index._build).
    """
    chars = [chr(c) for start, end in ((0, 0x250), (0x300, 0x530), (0x1E00, 0x2000)) for c in range(start, end)]
    upper = _char_class(c for c in chars if c.isupper() or c.istitle())
    letter = _char_class(c for c in chars if c.isalpha() or unicodedata.combining(c))
    # Parts joined by apostrophes and hyphens ("O'Brien", "Jong-un", "Abd-al'Aziz").
    word = rf"{letter}*(?:[-'’]{letter}+)*"
    rest = rf"(?:\.(?:{upper}\.)*|{word}\.?)"
    first = upper + rest
    inside = _alternation(particles()["inside"])
    prefix = _alternation(particles()["prefix"]) + "-"
    start = first
    if not alone:
        stops = _read_set("stopwords.txt") & SENTENCE_OPENERS
        start = rf"{upper}(?!{_stop_word_alone(stops, inside, prefix, upper)}){rest}"
    return re.compile(rf"{start}(?:{_SEP}(?:{inside}{_SEP})*(?:{first}|{prefix}{upper}{word}))*")


# Runs of capitalised words, less a stop word that stands alone ("The talks",
# "On Monday that"): it names nobody, and the scan passes over it. The second
# half of a name broken across lines is read with every run (run_all()).
RUN = _run_pattern()


@lru_cache(maxsize=None)
def run_all() -> "re.Pattern[str]":
    return _run_pattern(alone=True)
PREFIX_BEFORE = regex.compile(rf"(?:^|(?<=[^\p{{L}}]))(?:{_PREFIX})\Z")
TOKEN_IN_RUN = regex.compile(rf"{_INITIALS}|{_WORD}\.?|\S+")
POSSESSIVE = regex.compile(rf"[{_APOS}]s\Z")
LOWER_WORD = regex.compile(rf"(?<![\p{{L}}\p{{M}}{_APOS}-])\p{{Ll}}{_LETTERS}*(?:-{_LETTERS}+)*")
# How many words written_in_lower() looks for one by one in a text, before it
# lists every lower-case word of the text once.
WORDS_LOOKED_FOR = 8
# A folded word of ASCII letters, hyphens within, and any non-ASCII letter or mark.
ASCII_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
ACCENTED_LETTER = regex.compile(r"[^\x00-\x7f](?<=[\p{L}\p{M}])")


LETTER_OR_MARK = regex.compile(r"[\p{L}\p{M}]")


def _letter_or_mark(char: str) -> bool:
    """``char`` in [\\p{L}\\p{M}], as LOWER_WORD sees it."""
    if char.isascii():
        return char.isalpha()
    return LETTER_OR_MARK.match(char) is not None


WORD_BEFORE = regex.compile(r"(\p{L}+)\.?[ \t]+\Z")
WORD_AND_QUOTE_BEFORE = regex.compile(r"(\p{L}+)[ \t]+[\"„“‚‘»«']?\Z")
RUN_OPENERS = frozenset(" \n\t\"“‘'([«—–/")
AFTER_FIRST_WORD = re.compile(r"[ \t\u00a0]+")
SHORT_STOP = regex.compile(r"[ \t\u00a0]+(\p{Lu}\p{Ll}{0,2})(?![\p{L}\p{M}\p{N}'’-])")
HEADLINE_SMALL_WORDS = _read_set("headline_small_words.txt")
_SMALL = rf"(?:{'|'.join(sorted(HEADLINE_SMALL_WORDS))})(?![\p{{L}}])"
LINE_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
_HEADWORD = rf"(?:[\p{{Lu}}\d\"“‘'(&–—-][^\s]*|{_SMALL})"
# A line of three or more words, each capitalised or a small word: title case.
HEADLINE_LINE = regex.compile(rf"[^\S\n]*{_HEADWORD}(?:[^\S\n]+{_HEADWORD}){{2,}}[^\S\n]*")
# A word after a space that starts with a lower-case ASCII letter and is no small
# word: such a line is no headline, which this finds faster than HEADLINE_LINE.
NOT_HEADLINE = re.compile(rf"[ \t](?!(?:{'|'.join(sorted(HEADLINE_SMALL_WORDS))})(?![A-Za-z]))[a-z]")
class _Memo(dict):
    """A per-process memo of parsing work (the same runs, headlines and words
    recur across the articles of a site). It starts afresh when it holds
    ``limit`` entries, so that a run over a large corpus keeps bounded memory."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: str, value: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


_headline_verdicts = _Memo(20_000)


def _is_headline(line: str) -> bool:
    """Whether a line is set in title case; memoised per process, as the same
    headlines and page furniture recur across the articles of a site."""
    found = _headline_verdicts.get(line)
    if found is None:
        found = _headline_verdicts.put(line, not NOT_HEADLINE.search(line)
                                       and HEADLINE_LINE.fullmatch(line) is not None)
    return found


# Blocks of names compared pairwise stay below this size (see Index.pairs).
BLOCK_LIMIT = 64
NEIGHBOURS = 16
# Lines this long that end inside a name were hard-wrapped: the name goes on.
WRAPPED_LINE = 50


class Piece:
    """A name found inside a run: offsets relative to the run, and its parts.

    Immutable once made. A plain class with slots rather than a dataclass:
    pieces are memoised for the whole process (parse_run), and a slotted object
    is one object for the garbage collector to look at, not two.
    """

    __slots__ = ("start", "end", "parts", "raw", "seps", "title", "words", "caps", "stop_after", "key", "_shape")

    def __init__(self, start: int, end: int, parts: Tuple[str, ...], raw: Tuple[str, ...], seps: Tuple[str, ...],
                 title: str, words: Tuple[str, ...], caps: int, stop_after: bool = False) -> None:
        self.start = start
        self.end = end
        self.parts = parts
        self.raw = raw
        self.seps = seps
        self.title = title  # "President", "Mr"; "" when none
        self.words = words  # the folded capitalised words, for the stop and place lists
        self.caps = caps  # how many capitalised name words (not initials, particles or titles)
        self.stop_after = stop_after  # a short capitalised stop word follows ("Moon Jae In")
        self.key = "".join(parts)
        self._shape: Optional[str] = None

    @property
    def shape(self) -> str:
        shape = self._shape
        if shape is None:
            shape = self._shape = spelled(self.raw, self.seps)
        return shape

    def moved(self, offset: int, stop_after: Optional[bool] = None) -> "Piece":
        """The same piece, ``offset`` further on (and with ``stop_after`` changed)."""
        if not offset and stop_after is None:
            return self
        return Piece(self.start + offset, self.end + offset, self.parts, self.raw, self.seps, self.title,
                     self.words, self.caps, self.stop_after if stop_after is None else stop_after)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return (f"Piece({self.start}, {self.end}, {self.parts!r}, {self.raw!r}, {self.seps!r}, {self.title!r}, "
                f"{self.words!r}, {self.caps}, {self.stop_after})")


class Mention:
    """One written name in a document: its span and the parsed piece it is."""

    __slots__ = ("start", "end", "piece", "text")

    def __init__(self, start: int, end: int, piece: "Piece", text: str) -> None:
        self.start = start
        self.end = end
        self.piece = piece
        self.text = text  # the document's

    @property
    def surface(self) -> str:
        """As written, a line break or a no-break space read as a space."""
        return " ".join(self.text[self.start:self.end].split())

    parts = property(lambda self: self.piece.parts)
    raw = property(lambda self: self.piece.raw)
    seps = property(lambda self: self.piece.seps)
    title = property(lambda self: self.piece.title)
    words = property(lambda self: self.piece.words)
    key = property(lambda self: self.piece.key)
    shape = property(lambda self: self.piece.shape)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Mention({self.surface!r}@{self.start})"


_APOSTROPHES = str.maketrans(_APOSTROPHE_STYLES)


def spelled(raw: Sequence[str], seps: Sequence[str]) -> str:
    """A name as spelt, case aside: "kim jong-un". The style of an apostrophe
    ("O’Brien", "O'Brien") and how an accented letter is encoded (one code
    point or two) are typography, not spelling: they are folded here."""
    out = [raw[0].casefold()]
    for sep, part in zip(seps, raw[1:]):
        out.append(sep)
        out.append(part.casefold())
    shape = "".join(out)
    if shape.isascii():
        return shape
    return unicodedata.normalize("NFC", shape.translate(_APOSTROPHES))


_POSSESSIVE_ENDINGS = tuple(a + "s" for a in _APOS)  # what POSSESSIVE finds, as endings


_token_kinds = _Memo(50_000)


def _token_kind(token: str, data: Tables) -> str:
    """What a word of a run is: "word", "initial", "title", "particle", "stop",
    "acronym", "lower" or "last" (the word before a full stop). Memoised per
    process, by the word alone (``data`` is always the process's ``tables()``): a
    new run is mostly made of words seen in other runs. Long tokens are no
    words worth keeping."""
    kind = _token_kinds.get(token)
    if kind is None:
        kind = _classify_token(token, data)
        if len(token) <= 64:
            _token_kinds.put(token, kind)
    return kind


def _classify_token(token: str, data: Tables) -> str:
    if token.endswith("."):
        if fold(token[:-1]) in data.titles:
            return "title"  # Mr., Gen.
        if token.count(".") * 2 == len(token):
            return "initial"
        return "last"  # the last word of a sentence: a name may end here
    if token[0].islower():
        if "-" in token:
            return "word"  # "al-Assad"
        return "particle" if token in data.particles else "lower"
    if len(token) >= 2 and token[1].isupper():
        return "acronym"  # US, UN, DPRK, KIM in an all-caps headline: not a name here
    bare = token[:-2] if token[-2:] in _POSSESSIVE_ENDINGS else token
    folded = fold(bare)
    if folded in data.stopwords or _contraction(bare, data):
        return "stop"
    if folded in data.titles:
        return "title"
    if _words_run_together(bare, data):
        return "handle"
    return "word"


def _contraction(word: str, data: Tables) -> bool:
    """A function word joined by an apostrophe to a lower-case tail: "We're",
    "Don't", "C'est", "L'école" (data/names/contractions.toml)."""
    cut = max(word.find("'"), word.find("’"))
    if cut <= 0:
        return False
    head, tail = fold(word[:cut]), word[cut + 1:]
    if not tail.islower() or not tail.replace("-", "").isalpha():
        return False  # "O'Brien", "D'Alema"
    return (head in data.elided or (tail in data.clitics and head in data.stopwords)
            or (tail == "t" and head.endswith("n")))


CAPITAL_INSIDE = regex.compile(r"(?<=\p{L})\p{Lu}")


def _words_run_together(word: str, data: Tables) -> bool:
    """A capital inside a word, not after a name prefix ("McDonald",
    "DeSantis"): words written together, as a handle ("SaraLindqvist") or a
    brand ("YouTube", "IBMers") is, never a person's name. A part in
    capitals ("Jong-UN") is a headline's."""
    if word[1:].islower():
        return False  # most words: one capital, at the start
    for segment in regex.split(r"[-'’]", word):
        if segment.isupper():
            continue
        humps = [m.start() for m in CAPITAL_INSIDE.finditer(segment)]
        starts = [0] + humps
        for begin, end in zip(starts, humps):
            if fold(segment[begin:end]) not in data.joined_prefixes:
                return True
    return False


_parse_cache = _Memo(100_000)  # run -> its pieces
SENTENCE_END = re.compile(r"\.[ \t\u00a0]+")


def parse_run(run: str) -> Tuple[Piece, ...]:
    """The names in one run of capitalised words, titles and stop words taken off.

    Memoised per process: the same runs ("Mr Pompeo", "Kim Jong Un") recur.
    """
    found = _parse_cache.get(run)
    if found is not None:
        return found
    if _ONE_WORD.fullmatch(run):
        return _parse_cache.put(run, _one_word(run))
    # A run that goes on past the end of a sentence ("Monday. The", "Seoul. Kim
    # Jong Un") holds the names of its sentences: a word that ends a sentence
    # ends every name, so each sentence is parsed (and memoised) on its own.
    cuts = []
    after = 0  # where the word before the next full stop may start at the earliest
    for stop in SENTENCE_END.finditer(run) if "." in run else ():  # most runs hold no full stop
        end = stop.start() + 1
        start = max(run.rfind(" ", after, end), run.rfind("\t", after, end), run.rfind("\u00a0", after, end),
                    after - 1) + 1
        if _ends_sentence(run, start, end):
            cuts.append((end, stop.end()))
        after = stop.end()
    if not cuts:
        result = _parse_words(run)
    else:
        pieces: List[Piece] = []
        begin = 0
        cuts.append((len(run), len(run)))
        for end, rest in cuts:
            sentence = run[begin:end]
            found = _parse_cache.get(sentence)
            if found is None:
                found = _parse_cache.put(sentence, _parse_words(sentence))
            pieces.extend(piece.moved(begin) for piece in found)
            begin = rest
        result = tuple(pieces)
    return _parse_cache.put(run, result)


# A run that is one word of letters: most runs of a text are (a name written alone,
# a capitalised noun, a sentence's first word), and most of those never recur.
_ONE_WORD = regex.compile(r"[\p{L}\p{M}]+")


def _one_word(word: str) -> Tuple[Piece, ...]:
    """parse_run on a run of one word, without the machinery of longer runs
    (the same pieces as ``_parse_words``)."""
    if _token_kind(word, tables()) != "word":
        return ()  # a stop word, a title alone, an acronym, a handle
    folded = fold(word)
    key = name_key(word)
    if not key:
        return ()
    return (Piece(0, len(word), (key,), (word,), (), "", (folded, folded), 1),)


_sentence_enders = _Memo(20_000)


def _ends_sentence(run: str, start: int, end: int) -> bool:
    """Whether ``run[start:end]``, a word before a full stop and a space, is one
    token that ends a sentence ("Monday.", not "Mr." or "J."). Memoised by word."""
    word = run[start:end]
    found = _sentence_enders.get(word)
    if found is None:
        token = TOKEN_IN_RUN.match(run, start)
        found = _sentence_enders.put(word, token is not None and token.end() == end
                                     and _token_kind(token.group(), tables()) == "last")
    return found


# A run of plain words (ASCII letters, inner hyphens and apostrophes, a full
# stop at the end) with single spaces between: each word is one TOKEN_IN_RUN
# token, so that a split finds them without the pattern.
PLAIN_RUN = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*\.?(?: [A-Za-z]+(?:[-'’][A-Za-z]+)*\.?)*")


def _tokens(run: str) -> List[Tuple[int, int, str]]:
    """The TOKEN_IN_RUN tokens of a run: (start, end, text)."""
    if PLAIN_RUN.fullmatch(run):
        tokens = []
        start = 0
        for word in run.split(" "):
            end = start + len(word)
            tokens.append((start, end, word))
            start = end + 1
        return tokens
    return [(m.start(), m.end(), m.group()) for m in TOKEN_IN_RUN.finditer(run)]


def _parse_words(run: str) -> Tuple[Piece, ...]:
    """parse_run on a run, token by token."""
    data = tables()
    pieces: List[Piece] = []
    segment: List[Tuple[int, int, str, str]] = []
    for start, end, text in _tokens(run):
        kind = _token_kind(text, data)
        if kind == "last":
            kind = _token_kind(text[:-1], data)
            if kind == "word":
                segment.append((start, end - 1, text[:-1], kind))
            stop_after = False
        elif kind == "stop" or kind == "acronym" or kind == "lower" or kind == "handle":
            stop_after = kind == "stop" and len(text) <= 3
        elif kind == "word" and text[-2:] in _POSSESSIVE_ENDINGS:
            # "Kim Jong Un's sister": the name ends here
            segment.append((start, end - 2, text[:-2], kind))
            stop_after = False
        else:
            segment.append((start, end, text, kind))
            continue
        if segment:
            piece = _piece(segment, data)
            if piece is not None:
                if stop_after and piece.end == segment[-1][1]:
                    piece = piece.moved(0, stop_after=True)
                pieces.append(piece)
            segment = []
    if segment:
        piece = _piece(segment, data)
        if piece is not None:
            pieces.append(piece)
    return tuple(pieces)


def _piece(segment: List[Tuple[int, int, str, str]], data: Tables) -> Optional[Piece]:
    # The title ends at the last title word that a name word follows.
    cut = -1
    for i in range(len(segment) - 1):
        if segment[i][3] == "title" and segment[i + 1][3] in ("word", "initial"):
            cut = i
    if cut < 0:
        title = ""
        first, last = 0, len(segment)
    else:
        title = " ".join(t[2] for t in segment[:cut + 1] if t[3] == "title")
        first, last = cut + 1, len(segment)
    # A particle neither starts nor ends a name.
    while first < last and segment[first][3] == "particle":
        first += 1
    while first < last and segment[last - 1][3] == "particle":
        last -= 1
    caps = 0
    raw: List[str] = []
    seps: List[str] = []
    words: List[str] = []
    for _, _, text, kind in segment[first:last]:
        if kind == "initial":
            subparts = [c + "." for c in text.split(".") if c]
            inner = " "
        else:
            subparts = text.split("-")
            if "" in subparts:
                subparts = [p for p in subparts if p]
            inner = "-"
            if kind != "particle":
                if kind == "word":
                    caps += 1
                words.append(fold(text))
                for sub in subparts:
                    if sub[0].isupper():
                        words.append(fold(sub))
        if subparts:
            if raw:
                seps.append(" ")
            seps.extend([inner] * (len(subparts) - 1))
            raw.extend(subparts)
    if caps == 0:
        return None
    parts = tuple([name_key(p) for p in raw])
    if not all(parts):
        return None
    return Piece(segment[first][0], segment[last - 1][1], parts, tuple(raw), tuple(seps), title, tuple(words), caps)


def _holds(parts: Sequence[str], run: Sequence[str]) -> bool:
    """Whether ``run`` is a run of consecutive parts of ``parts``."""
    size = len(run)
    return any(tuple(parts[i:i + size]) == tuple(run) for i in range(len(parts) - size + 1))


def _start(mention: Mention) -> int:
    return mention.start


def _run_start(text: str, start: int, end: int) -> int:
    """Where a run that follows no space, quote or bracket begins: further back
    for a particle prefix written first ("al-Assad"); after a handle or a
    hashtag ("@SaraLindqvist", "#MeToo"), which names nobody, at the next word;
    -1 for none, inside a word ("iPhone") or after a full stop without space."""
    before = text[start - 1]
    if before == "-":
        prefix = PREFIX_BEFORE.search(text, max(0, start - 5), start)
        return prefix.start() if prefix else start
    if before == "@" or before == "#":
        after = AFTER_FIRST_WORD.search(text, start, end)
        return after.end() if after else -1
    if before.isalnum() or before in "'’.":
        return -1
    return start


def _joined_end(text: str, start: int, end: int) -> int:
    """A name split by a line break in hard-wrapped prose: where its second
    half, on the next line, ends (0 when the line is too short to be wrapped)."""
    more = run_all().match(text, end + 1)
    if more and end - text.rfind("\n", 0, start) > WRAPPED_LINE:
        return more.end()
    return 0


# Where the runs holding a piece start: one offset, or a tuple of them when the
# run is written more than once. Most runs are written once, and an int is no
# object for the garbage collector to look at.
Starts = Union[int, Tuple[int, ...]]


def _places(starts: Starts) -> Tuple[int, ...]:
    return (starts,) if starts.__class__ is int else starts  # type: ignore[return-value]


class Name:
    """The mentions that share a folded key: one name, however hyphenated.

    A name holds its mentions as *groups*: a parsed piece and the offsets where
    the runs holding it start (the piece's own start is added to each), one
    group per distinct run. The first group is kept in the name itself and the
    others, seldom any, in a flat list ([piece, starts, piece, starts, ...]):
    an index lives as long as its document, and the fewer objects it keeps, the
    less the garbage collector has to look at. Counts, parts and spellings come
    from the groups; the :class:`Mention` objects are made only when a rule
    asks for them.
    """

    __slots__ = ("key", "parts", "first", "count", "piece", "starts", "more", "mixed", "text", "_mentions")
    EMPTY: "Name"

    def __init__(self, key: str, piece: Piece, starts: Starts, text: str) -> None:
        self.key = key
        self.parts = piece.parts
        if starts.__class__ is int:
            self.first = starts + piece.start  # where the name is first written
            self.count = 1
        else:
            self.first = starts[0] + piece.start
            self.count = len(starts)
        self.piece = piece  # the first group
        self.starts = starts
        self.more: Optional[List[Any]] = None  # the other groups, flat
        self.mixed = False  # written in two or more spellings
        self.text = text
        self._mentions: Optional[List[Mention]] = None

    @property
    def groups(self) -> List[Tuple[Piece, Tuple[int, ...]]]:
        """(piece, run starts) pairs."""
        more = self.more
        if more is None:
            return [(self.piece, _places(self.starts))]
        return [(self.piece, _places(self.starts)), *zip(more[::2], map(_places, more[1::2]))]

    def add(self, piece: Piece, starts: Starts) -> None:
        if self.more is None:
            self.more = [piece, starts]
        else:
            self.more += (piece, starts)
        if starts.__class__ is int:
            self.count += 1
            first = starts + piece.start
        else:
            self.count += len(starts)
            first = starts[0] + piece.start
        if first < self.first:
            self.first = first
        if not self.mixed:
            head = self.piece
            self.mixed = piece is not head and piece.shape != head.shape
        self._mentions = None

    @classmethod
    def of_mentions(cls, key: str, mentions: List[Mention]) -> "Name":
        """A name made of mentions already in text order."""
        first = mentions[0]
        name = cls(key, first.piece, first.start - first.piece.start, first.text)
        for mention in mentions[1:]:
            name.add(mention.piece, mention.start - mention.piece.start)
        name._mentions = mentions
        return name

    @property
    def mentions(self) -> List[Mention]:
        """The mentions in text order."""
        found = self._mentions
        if found is None:
            text = self.text
            found = [Mention(base + piece.start, base + piece.end, piece, text)
                     for piece, starts in self.groups for base in starts]
            if self.more is not None:
                found.sort(key=_start)
            self._mentions = found
        return found

    def first_mention(self) -> Mention:
        """The first mention (``mentions[0]``), without making the others."""
        if self._mentions is not None:
            return self._mentions[0]
        if self.more is None:
            piece, start = self.piece, self.first
            return Mention(start, start + piece.end - piece.start, piece, self.text)
        return self.mentions[0]

    def shapes(self) -> Counter:
        return Counter(m.shape for m in self.mentions)

    def dominant(self) -> Mention:
        """The first mention of the most used spelling (ties: the first used)."""
        counts = self.shapes()
        best = max(counts.values())
        return next(m for m in self.mentions if counts[m.shape] == best)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Name({self.mentions[0].surface!r} x{self.count})"


_headline_cache = _Memo(20_000)  # headline run -> its words


def _headline_tokens(chunk: str) -> Tuple[Tuple[int, int, str, bool], ...]:
    """The words of a headline run: span, folded form without a possessive,
    and whether the word starts in lower case. Memoised per process."""
    found = _headline_cache.get(chunk)
    if found is None:
        found = _headline_cache.put(chunk, tuple(
            (m.start(), m.end(), fold(POSSESSIVE.sub("", m.group())), m.group()[0].islower())
            for m in TOKEN_IN_RUN.finditer(chunk)))
    return found


class Index:
    """Every mention of a document, grouped into names, with lazy evidence."""

    __slots__ = ("doc", "names", "part_counts", "_mentions", "_lower", "_lower_cache", "_accented", "_lowered",
                 "_one_part", "_more_parts", "_edges", "_sorted", "mixed", "_pairs", "_singles",
                 "_verdicts")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.names: Dict[str, Name] = {}
        self.part_counts: Counter = Counter()  # how often each folded part is written
        self._mentions: Optional[List[Mention]] = None
        self._lower: Optional[Set[str]] = None
        self._lower_cache: Dict[str, bool] = {}
        self._accented: Optional[Set[str]] = None
        self._lowered: Optional[str] = None
        self._one_part: List[Name] = []  # the names of one part, in text order
        self._more_parts: List[Name] = []  # the names of two or more
        self._edges: Dict[str, Name] = {}  # part -> the first name holding it first (or else last)
        self._sorted = False  # whether the three above are filled (_sort_by_parts)
        self.mixed = False  # some name is written in two or more spellings
        self._pairs: Optional[Sequence[Tuple[Name, Name]]] = None
        self._singles: Dict[Thresholds, Sequence[Tuple[Name, Mention, int]]] = {}
        self._verdicts: Dict[Tuple[str, str, Thresholds, Tuple[FrozenSet[str], ...]], Optional[Verdict]] = {}
        self._build()

    @property
    def mentions(self) -> List[Mention]:
        """Every mention, in text order."""
        found = self._mentions
        if found is None:
            found = [mention for name in self.names.values() for mention in name.mentions]
            found.sort(key=_start)
            self._mentions = found
        return found

    # -- building
    def _build(self) -> None:
        text = self.doc.text
        headlines = self.headline_lines()
        runs: Dict[str, Any] = {}  # each distinct run and where it starts (an int, or a list)
        # Runs of two or more words in a headline line, and where they start: a
        # headline is often written twice or three times (page title, heading).
        deferred: Dict[str, List[int]] = {}
        skip, size = -1, len(text)
        upcoming = iter(headlines)
        past_all = (size + 1, size + 1)
        head_start, head_end = next(upcoming, past_all)
        # One pass over the runs; the per-run work is kept to a dictionary look-up.
        # A headline line is only looked at once a run reaches its start, so that
        # the runs of the body pay one comparison for it.
        for match in RUN.finditer(text):
            start, end = match.span()
            if start < skip:
                continue  # the second half of a name joined across a line break
            if start and text[start - 1] not in RUN_OPENERS:
                start = _run_start(text, start, end)
                if start < 0:
                    continue
            chunk = text[start:end]
            in_headline = False
            if start >= head_start:
                while head_end < start:
                    head_start, head_end = next(upcoming, past_all)
                in_headline = head_start <= start
            if in_headline:
                if " " in chunk:
                    deferred.setdefault(chunk, []).append(start)  # waits for the words of the body
                    continue
            elif end + 1 < size and text[end] == "\n" and text[end + 1].isupper():
                joined = _joined_end(text, start, end)
                if joined:
                    end = skip = joined
                    chunk = text[start:end].replace("\n", " ")
            found = runs.get(chunk)
            if found is None:
                runs[chunk] = start
            elif found.__class__ is int:
                runs[chunk] = [found, start]
            else:
                found.append(start)
        # Each distinct run is parsed once; its names take all its places at once.
        # The runs are in the order they are first written, so the names are too.
        names = self.names
        cache = _parse_cache
        counts: Dict[str, int] = {}  # how often each part is written
        stop_after = mixed = False
        # Names of two or more parts that a short stop word follows ("Moon Jae In"),
        # where _extend_syllables() looks.
        syllable_ends: List[Tuple[Piece, Starts]] = []
        for chunk, starts in runs.items():
            pieces = cache.get(chunk)
            if pieces is None:
                pieces = parse_run(chunk)
            if not pieces:
                continue
            if starts.__class__ is int:
                n = 1
            else:
                starts = tuple(starts)  # ints only: the collector stops tracking it
                n = len(starts)
            for piece in pieces:
                key = piece.key
                name = names.get(key)
                parts = piece.parts
                if name is None:
                    names[key] = Name(key, piece, starts, text)
                else:
                    name.add(piece, starts)
                    mixed = mixed or name.mixed
                if len(parts) == 1:
                    counts[key] = counts.get(key, 0) + n
                else:
                    for part in parts:
                        counts[part] = counts.get(part, 0) + n
                if piece.stop_after:
                    stop_after = True
                    if len(parts) > 1:
                        syllable_ends.append((piece, starts))
        reorder = False
        if deferred:
            # Title case capitalises every word of a headline: keep only the
            # words the body also writes as names, split the runs at the others.
            # A word of letters alone that no name has as a part is no name's word.
            needed = {folded for chunk in deferred for _, _, folded, lower in _headline_tokens(chunk)
                      if not lower and (folded in counts or not folded.isalnum())}
            body = self._body_words(needed) if needed else needed
            for chunk, chunk_starts in deferred.items():
                for offset, piece in self._headline_pieces(chunk, body):
                    places = tuple([start + offset for start in chunk_starts])
                    name = names.get(piece.key)
                    if name is None:
                        names[piece.key] = Name(piece.key, piece, places, text)
                        reorder = True
                    else:
                        first = name.first
                        name.add(piece, places)
                        reorder = reorder or name.first != first
                        mixed = mixed or name.mixed
                    n = len(places)
                    for part in piece.parts:
                        counts[part] = counts.get(part, 0) + n
                    if piece.stop_after and len(piece.parts) > 1:
                        syllable_ends.append((piece, places))
            if reorder:  # names in the order they are first written
                self.names = dict(sorted(names.items(), key=lambda item: item[1].first))
        if stop_after and self._extend_syllables(syllable_ends):
            # The names were made again, with longer parts: count again.
            counts = {}
            for name in self.names.values():
                for piece, starts in name.groups:
                    n = len(starts)
                    for part in piece.parts:
                        counts[part] = counts.get(part, 0) + n
            mixed = any(name.mixed for name in self.names.values())
        self.part_counts = Counter()
        dict.update(self.part_counts, counts)
        self.mixed = mixed

    def more_parts(self) -> List[Name]:
        """The names of two or more parts, in text order."""
        self._sort_by_parts()
        return self._more_parts

    def _sort_by_parts(self) -> None:
        """The names by their number of parts, and the first name (in text
        order) to hold each first or last part: what pairs() and singles()
        compare, made when one of them is first asked for."""
        if self._sorted:
            return
        self._sorted = True
        one_part, more_parts, edges = self._one_part, self._more_parts, self._edges
        for name in self.names.values():
            parts = name.parts
            if len(parts) == 1:
                one_part.append(name)
            else:
                more_parts.append(name)
                edges.setdefault(parts[0], name)
            edges.setdefault(parts[-1], name)

    def _extend_syllables(self, candidates: List[Tuple[Piece, Starts]]) -> bool:
        """A syllable that is also a stop word ("In", "An", "Do") ends a run, yet
        "Moon Jae In" is "Moon Jae-in" when the text writes that name too.
        ``candidates`` are the pieces that such a word follows, with the starts
        of their runs. Whether any mention was extended."""
        text = self.doc.text
        names = self.names
        longer: Dict[int, Any] = {}  # mention start -> the match of the syllable
        for piece, starts in candidates:
            for base in _places(starts):
                more = SHORT_STOP.match(text, base + piece.end)
                if more and piece.key + fold(more.group(1)) in names:
                    longer[base + piece.start] = more
        if not longer:
            return False
        mentions = list(self.mentions)
        for i, mention in enumerate(mentions):
            more = longer.get(mention.start)
            if more is not None:
                piece = mention.piece
                offset = mention.start - piece.start
                extended = Piece(piece.start, more.end() - offset, piece.parts + (fold(more.group(1)),),
                                 piece.raw + (more.group(1),), piece.seps + (" ",), piece.title,
                                 piece.words, piece.caps)
                mentions[i] = Mention(mention.start, more.end(), extended, text)
        by_key: Dict[str, List[Mention]] = {}
        for mention in mentions:
            by_key.setdefault(mention.key, []).append(mention)
        self.names = {key: Name.of_mentions(key, found) for key, found in by_key.items()}
        self._mentions = mentions
        return True

    def _body_words(self, needed: Optional[Set[str]] = None) -> Set[str]:
        """The words the body writes as names: in a name of two or more words, or
        alone where no sentence starts. With ``needed``, only names holding one
        of those words are looked at."""
        words: Set[str] = set()
        for name in self.names.values():
            if name.more is None:  # one group, as most names
                if needed is not None and needed.isdisjoint(name.piece.words):
                    continue
                groups: Iterable[Tuple[Piece, Tuple[int, ...]]] = ((name.piece, _places(name.starts)),)
            else:
                groups = name.groups
            for piece, starts in groups:
                if needed is not None and needed.isdisjoint(piece.words):
                    continue
                if piece.caps >= 2 or piece.title or not all(
                        self.sentence_initial(base + piece.start) for base in starts):
                    words.update(piece.words)
        return words

    @staticmethod
    def _headline_pieces(chunk: str, body: Set[str]) -> List[Tuple[int, Piece]]:
        """The names in a headline run, each with the offset its piece is relative to."""
        out: List[Tuple[int, Piece]] = []
        first = last = -1
        for start, end, folded, lower in _headline_tokens(chunk):
            if lower or folded in body:
                if first < 0:
                    first = start
                last = end
            elif first >= 0:
                out.extend((first, piece) for piece in parse_run(chunk[first:last]))
                first = -1
        if first >= 0:
            out.extend((first, piece) for piece in parse_run(chunk[first:last]))
        return out

    def headline_lines(self) -> List[Tuple[int, int]]:
        """The spans of the lines set in title case ("Pompeo Meets Kim In Pyongyang")."""
        found = self.doc.cache.get("names.headlines")
        if found is None:
            # The lines are shared with the other rules. A cheap test first: a
            # headline is short and starts with a capital.
            found = [(start, end) for _, start, end, text in self.doc.lines
                     if end - start < 200 and text[:1].isupper() and _is_headline(text)]
            self.doc.cache["names.headlines"] = found
        return found

    # -- evidence, computed on demand
    def line_bounds(self, offset: int) -> Tuple[int, int]:
        text = self.doc.text
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        return start, (len(text) if end == -1 else end)

    def is_headline(self, offset: int) -> bool:
        start, _ = self.line_bounds(offset)
        return any(a == start for a, _ in self.headline_lines())

    def sentence_initial(self, offset: int) -> bool:
        text = self.doc.text
        i = offset - 1
        while i >= 0 and text[i] in " \t\u00a0\"“‘'«([":
            i -= 1
        return i < 0 or text[i] in ".!?:;\n•–—-|"

    def lower_words(self) -> Set[str]:
        """Every word the text writes in lower case, folded (one scan of the
        whole text; :meth:`written_in_lower` asks about one word for less)."""
        if self._lower is None:
            self._lower = {fold(w) for w in set(LOWER_WORD.findall(self.doc.text))}
        return self._lower

    def written_in_lower(self, word: str) -> bool:
        """Whether the text writes the folded ``word`` in lower case somewhere:
        ``word in self.lower_words()``, found without listing every word.

        An ASCII word is looked for in the lower-cased text, and a place where
        it is written in ASCII, starting with a lower-case letter, as a whole
        word of LOWER_WORD, counts. A word written with letters beyond ASCII
        ("erdoğan") can fold to it as well, so the words of the lines that hold
        such letters are listed too.
        """
        known = self._lower_cache.get(word)
        if known is not None:
            return known
        text = self.doc.text
        if self._lower is not None or len(self._lower_cache) >= WORDS_LOOKED_FOR or not ASCII_WORD.fullmatch(word):
            # Past a few words, one scan for all of them costs less (and stays linear).
            found = word in self.lower_words()
        else:
            if self._lowered is None:
                self._lowered = text.lower()
            lowered = self._lowered
            if len(lowered) != len(text):  # a letter that lower-cases to two: offsets differ
                found = word in self.lower_words()
            else:
                found = False
                size, length = len(text), len(word)
                at = lowered.find(word)
                while at >= 0 and not found:
                    end = at + length
                    written = text[at:end]
                    found = (written.isascii() and written[0].islower()
                             and (at == 0 or not (text[at - 1] in "'’-" or _letter_or_mark(text[at - 1])))
                             and (end == size or not (_letter_or_mark(text[end]) or (
                                 text[end] == "-" and end + 1 < size and _letter_or_mark(text[end + 1])))))
                    at = lowered.find(word, at + 1)
                if not found:
                    found = word in self._accented_words()
        self._lower_cache[word] = found
        return found

    def _accented_words(self) -> Set[str]:
        """The folded LOWER_WORD words of the lines that hold a letter or a mark
        beyond ASCII: every such word that is not all ASCII is among them."""
        if self._accented is None:
            text = self.doc.text
            self._accented = set()
            line_end = -1
            for hit in ACCENTED_LETTER.finditer(text):
                if hit.start() < line_end:
                    continue  # in the line just read
                start = text.rfind("\n", 0, hit.start()) + 1
                end = text.find("\n", hit.start())
                line_end = len(text) if end < 0 else end
                self._accented.update(fold(w) for w in LOWER_WORD.findall(text, start, line_end))
        return self._accented

    def has_person_evidence(self, mention: Mention) -> bool:
        """A title, or a role noun ("leader", "sister"), right before it."""
        if mention.title:
            return True
        before = WORD_BEFORE.search(self.doc.text, max(0, mention.start - 40), mention.start)
        return bool(before) and fold(before.group(1)) in tables().role_nouns

    def person_like(self, name: Name) -> bool:
        """Could this name be a person's? Not with a place, organisation or stop
        word in it, nor with a word that the text also writes in lower case
        (unless a title or role noun vouches for it)."""
        data = tables()
        mention = name.first_mention()
        if any(w in data.nonname or w in data.stopwords for w in mention.words):
            return False
        if any(self.written_in_lower(w) for w in mention.words):
            return any(self.has_person_evidence(m) for m in name.mentions)
        return True

    def full_name_holds(self, part: str) -> bool:
        """Whether ``part``, written alone, is vouched for as a person's name: a
        name of two or more parts that could be a person's holds it first or
        last ("Mike Pompeo" for "Pompeo"), or a title or role noun stands
        before it ("Mr Pompeo"). A word capitalised alone may be anything: a
        people ("Grenadian"), a noun in a title, a German noun."""
        for name in self.more_parts():
            parts = name.parts
            if (parts[0] == part or parts[-1] == part) and self.person_like(name):
                return True
        alone = self.names.get(part)
        return alone is not None and any(self.has_person_evidence(m) for m in alone.mentions)

    def derived_from_a_name(self, word: str, other: str) -> bool:
        """Whether the folded ``word`` is another name of the text than
        ``other`` with an ending of data/names/endings.toml: "wikipedians"
        beside "Wikipedia" is derived from it, not a slip for a third name."""
        counts = self.part_counts
        for short, long in tables().derived_endings:
            if word.endswith(long) and len(word) - len(long) >= 3:
                stem = word[:len(word) - len(long)] + short
                if stem != word and stem != other and stem in counts:
                    return True
        return False

    def written_as_noun(self, name: Name) -> bool:
        """For German text: whether a mention of the name, or of one of its
        parts alone, follows an article or a determiner ("das Müller-Gutachten",
        "eure Garten Tipps", "die Tipps"). German writes a person's name without
        one; a noun takes one."""
        determiners = tables().german_determiners
        text = self.doc.text
        names = [name] + [self.names[part] for part in set(name.parts) if part in self.names]
        for each in names:
            for mention in each.mentions:
                before = WORD_AND_QUOTE_BEFORE.search(text, max(0, mention.start - 40), mention.start)
                if before is not None and before.group(1).lower() in determiners:
                    return True
        return False

    def compounded(self, name: Name) -> bool:
        """For German text: whether a part of the name is joined to other words
        in another name ("Plus-Size Bademode" beside "Plus-Size Mode",
        "Foto-Apps" beside "Reise-Apps"): German compounds combine freely, a
        person's name keeps its parts together. A name that holds this one, or
        is held by it ("Autorin Anna-Lena Berger", "Anna-Lena"), does not count."""
        parts = name.parts
        shared = set(parts)
        for other in self.more_parts():
            if other is name or shared.isdisjoint(other.parts):
                continue
            if not (_holds(other.parts, parts) or _holds(parts, other.parts)):
                return True
        return False

    def written_mid_sentence(self, name: Name) -> bool:
        """Capitalised where a sentence start or a headline does not explain it."""
        return any((m.title or not self.sentence_initial(m.start)) and not self.is_headline(m.start)
                   and not self.title_like_line(m.start) for m in name.mentions)

    def title_like_line(self, offset: int) -> bool:
        """A headline that some style writes with a lower-case verb ("Judges are
        Impressed by Gardener’s Rare Tulips"): a line of six words or more, all
        capitalised but small words and one other, with no full stop."""
        start, end = self.line_bounds(offset)
        line = self.doc.text[start:end].rstrip()
        if line[-1:] in ".!?…":
            return False
        words = LINE_WORD.findall(line)
        if len(words) < 6:
            return False
        return sum(1 for w in words if w[0].islower() and w not in HEADLINE_SMALL_WORDS) <= 1

    def decide(self, minor: Name, major: Name, limits: "Thresholds",
               distinct: Tuple[FrozenSet[str], ...]) -> Optional["Verdict"]:
        """decide() on two names of this document, memoised: NM01 and NM02
        ask it about the same pairs."""
        memo_key = (minor.key, major.key, limits, distinct)
        try:
            return self._verdicts[memo_key]
        except KeyError:
            verdict = self._verdicts[memo_key] = decide(
                minor.parts, major.parts, minor.key, major.key, minor.count, major.count,
                self.part_counts.__getitem__, limits, distinct)
            return verdict

    # -- candidate pairs, by blocks
    def pairs(self) -> Sequence[Tuple[Name, Name]]:
        """Names of two or more parts that share their first or their last part.

        A block that grows past ``BLOCK_LIMIT`` names (a long text with many
        Kims) is split by the next part too, and what is still too big is
        compared only with its neighbours in sorted order, so that the number of
        comparisons stays linear in the number of names.
        """
        if self._pairs is None:
            more = self.more_parts()
            by_first: Dict[str, List[Name]] = {}
            by_last: Dict[str, List[Name]] = {}
            for name in more:
                parts = name.parts
                by_first.setdefault(parts[0], []).append(name)
                by_last.setdefault(parts[-1], []).append(name)
            if len(by_first) == len(more) and len(by_last) == len(more):
                self._pairs = ()  # no two names share a first or a last part
                return self._pairs
            # The blocks of two or more names, in the order their first names
            # are written (the first part's block before the last part's).
            blocks: List[Tuple[int, List[Name]]] = []
            for name in more:
                block = by_first[name.parts[0]]
                if block[0] is name and len(block) > 1:
                    blocks.append((0, block))
                block = by_last[name.parts[-1]]
                if block[0] is name and len(block) > 1:
                    blocks.append((1, block))
            seen: Set[Tuple[str, str]] = set()
            out: List[Tuple[Name, Name]] = []
            for side, block in blocks:
                if len(block) > BLOCK_LIMIT:
                    finer: Dict[Tuple[str, ...], List[Name]] = {}
                    for name in block:
                        finer.setdefault(name.parts[:2] if side == 0 else name.parts[-2:], []).append(name)
                    groups = list(finer.values())
                else:
                    groups = [block]
                for group in groups:
                    window = len(group)
                    if window > BLOCK_LIMIT:
                        group = sorted(group, key=lambda n: n.key)
                        window = NEIGHBOURS
                    for i, a in enumerate(group):
                        for b in group[i + 1:i + window]:
                            pair = (a.key, b.key) if a.key < b.key else (b.key, a.key)
                            if pair not in seen and abs(len(a.key) - len(b.key)) <= 6:
                                seen.add(pair)
                                out.append((a, b))
            self._pairs = out
        return self._pairs

    def singles(self, limits: "Thresholds") -> Sequence[Tuple[Name, Mention, int]]:
        """One-word names against the first and last parts of other names: each
        (one-word name, a mention holding the part, the part's index).

        Only pairs that could pass the decision are made: a rare part against a
        frequent one with its first letter, both long enough for a slip
        (``min_length_single``) and within two letters of each other, or two
        known transliterations of one name.
        """
        found = self._singles.get(limits)
        if found is not None:
            return found
        self._sort_by_parts()
        variant_of = tables().variant_of
        counts = self.part_counts
        floor = limits.min_length_single  # decide() turns down a shorter slip
        max_rare, min_frequent = limits.max_rare, limits.min_frequent
        # The one-word names that may be a variant: rare enough, or a known transliteration.
        singles: List[Tuple[Name, str, bool]] = []
        for name in self._one_part:
            part = name.key
            rare = counts[part] <= max_rare and len(part) >= floor
            if rare or part in variant_of:
                singles.append((name, part, rare))
        letters = {part[0] for _, part, rare in singles if rare}
        groups = {variant_of[part] for _, part, _ in singles if part in variant_of}
        if not singles:
            self._singles[limits] = ()
            return ()
        # What they may be variants of: the first and last parts of every name,
        # each with the first name (in text order) that holds it there.
        frequent: Dict[str, Dict[str, Tuple[Name, int]]] = {}
        known: Dict[str, Dict[str, Tuple[Name, int]]] = {}
        if letters:
            for part, holder in self._edges.items():
                if part[0] in letters and counts[part] >= min_frequent and len(part) >= floor:
                    frequent.setdefault(part[0], {})[part] = (
                        holder, 0 if holder.parts[0] == part else len(holder.parts) - 1)
        if groups:
            for part, holder in self._edges.items():
                if part in variant_of and variant_of[part] in groups:
                    known.setdefault(variant_of[part], {})[part] = (
                        holder, 0 if holder.parts[0] == part else len(holder.parts) - 1)
        if not frequent and not known:
            self._singles[limits] = ()
            return ()
        found: List[Tuple[Name, Mention, int]] = []
        for name, part, rare in singles:
            candidates: Dict[str, Tuple[Name, int]] = {}
            if rare and part[0] in frequent:
                for other, where in frequent[part[0]].items():
                    if other != part and abs(len(other) - len(part)) <= 2:
                        candidates[other] = where
            if part in variant_of and variant_of[part] in known:
                for other, where in known[variant_of[part]].items():
                    if other != part:
                        candidates[other] = where
            for holder, index in candidates.values():
                mention = holder.first_mention()
                if mention.parts != holder.parts:
                    # Written first with other parts (a headline's "Gad-dafi"): a mention
                    # with the name's own parts, which the part's index refers to.
                    mention = next(m for m in holder.mentions if m.parts == holder.parts)
                found.append((name, mention, index))
        self._singles[limits] = found
        return found


class _NoName:
    mentions: List[Mention] = []


Name.EMPTY = _NoName()  # type: ignore[assignment]


def clear_caches() -> None:
    """Forget what parsing memoised (runs, headline words and verdicts, folded
    words), as a new process would: for benchmarks that pass over one corpus
    more than once."""
    _parse_cache.clear()
    _headline_cache.clear()
    _headline_verdicts.clear()
    _sentence_enders.clear()
    _token_kinds.clear()
    fold.cache_clear()
    osa_distance.cache_clear()


def mention_index(doc: Document) -> Index:
    index = doc.cache.get(CACHE_INDEX)
    if index is None:
        index = doc.cache[CACHE_INDEX] = Index(doc)
    return index


# ---------------------------------------------------------------------------
# Comparing two spellings

@lru_cache(maxsize=8192)
def osa_distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions; ``limit + 1`` once it exceeds ``limit``.

    Memoised per process: the same names, and so the same pairs of parts, recur
    from article to article."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    # What the two share at either end costs nothing: the table is for the rest.
    head, size = 0, min(len(a), len(b))
    while head < size and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < size - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    if head or tail:
        a, b = a[head:len(a) - tail], b[head:len(b) - tail]
    # Each letter of one that the other lacks takes an edit of its own: most
    # pairs ("thanks"/"twitter") are over the limit by this, without the table.
    letters_a, letters_b = set(a), set(b)
    if len(letters_a - letters_b) > limit or len(letters_b - letters_a) > limit:
        return limit + 1
    prev2: List[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = i
        ca = a[i - 1]
        for j in range(1, len(b) + 1):
            cost = 0 if ca == b[j - 1] else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def translation_of(original: str, other: str) -> bool:
    """Whether ``other`` renders the function word ``original`` in another language."""
    table = tables().translations
    first, second = table.get(original), table.get(other)
    if not first or not second or original == other:
        return False
    for meaning, langs in first.items():
        other_langs = second.get(meaning)
        if other_langs and not (langs & other_langs):
            return True
    return False


def derived_forms(a: str, b: str) -> bool:
    """One stem with two endings that make different names ("ivana"/"ivanka")."""
    pairs = tables().ending_pairs
    if len(a) > len(b):
        a, b = b, a
    for short, long in pairs:
        for x, y in ((short, long), (long, short)):
            if a.endswith(x) and b.endswith(y):
                stem_a = a[:len(a) - len(x)] if x else a
                stem_b = b[:len(b) - len(y)] if y else b
                if stem_a == stem_b and len(stem_a) >= 3:
                    return True
    return False


def german_inflections(a: str, b: str) -> bool:
    """Two folded forms of one German word: one stem of three letters or more
    (umlauts are folded already) with two endings of a noun or an adjective
    ("bahnhof"/"bahnhofen", "hauses"/"hauser")."""
    endings = tables().german_inflections
    size = min(len(a), len(b))
    same = 0
    while same < size and a[same] == b[same]:
        same += 1
    return any(a[stem:] in endings and b[stem:] in endings for stem in range(same, 2, -1))


def _distinct(first: str, second: str, groups: Dict[str, FrozenSet[int]]) -> bool:
    one, two = groups.get(first), groups.get(second)
    return bool(one and two and one & two)


@dataclass(frozen=True)
class Thresholds:
    min_frequent: int = 2
    max_rare: int = 1
    min_length: int = 5
    min_length_single: int = 6
    long_length: int = 9


@dataclass(frozen=True)
class Verdict:
    kind: str  # "romanization", "known", "translation", "spelling"
    detail: str = ""
    frequent: int = 0  # how often the usual spelling of the differing part is written


def _align(a: Sequence[str], b: Sequence[str]) -> Tuple[int, int]:
    """The numbers of leading and trailing parts ``a`` and ``b`` share."""
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def decide(a_parts: Sequence[str], b_parts: Sequence[str], a_key: str, b_key: str,
           a_count: int, b_count: int, part_count, limits: Thresholds,
           distinct: Iterable[FrozenSet[str]] = ()) -> Optional[Verdict]:
    """Is ``a`` (the candidate minority) a variant of ``b``? The core decision.

    ``a_count``/``b_count`` are the two names' mention counts; ``part_count(part)``
    says how often a part is written in the whole text, which decides rarity for
    spelling variants (a part that recurs is somebody's name, not a slip).
    """
    if a_key == b_key:
        return None  # the same letters: the romanization check's business
    data = tables()
    if _distinct(a_key, b_key, data.distinct_names):
        return None
    if distinct:  # groups from a names file
        pair = frozenset((a_key, b_key))
        if any(pair <= group for group in distinct):
            return None
    head, tail = _align(a_parts, b_parts)
    a_mid = a_parts[head:len(a_parts) - tail]
    b_mid = b_parts[head:len(b_parts) - tail]
    if not a_mid or not b_mid:
        return None  # one is the other with a part more ("Donald J. Trump")
    context = head + tail > 0
    minority = a_count < b_count
    # Known transliterations of one name.
    variant_of = data.variant_of
    if variant_of.get(a_key, a_key) == variant_of.get(b_key, b_key) or (
            len(a_mid) == len(b_mid) and all(
                x == y or (x in variant_of and variant_of.get(x) == variant_of.get(y)) for x, y in zip(a_mid, b_mid))):
        if a_count <= b_count:
            return Verdict("known", "known transliterations of one name")
        return None
    if len(a_mid) == 1 and len(b_mid) == 1 and (_distinct(a_mid[0], b_mid[0], data.distinct_parts) or (
            not context and _distinct(a_mid[0], b_mid[0], data.distinct_surnames))):
        return None
    # A function word of the name rendered in another language.
    if len(a_mid) == len(b_mid) and context:
        translated = [(y, x) for x, y in zip(a_mid, b_mid) if x != y]
        if translated and all(translation_of(original, other) for original, other in translated):
            if minority and b_count >= limits.min_frequent:
                detail = "; ".join(f"'{o}' may have been machine-translated as '{t}'" for o, t in translated)
                return Verdict("translation", detail)
            return None
    # A near miss in spelling.
    sa, sb = "".join(a_mid), "".join(b_mid)
    if sa[0] != sb[0] or min(len(sa), len(sb)) < (limits.min_length if context else limits.min_length_single):
        return None
    rare = min(map(part_count, a_mid))
    frequent = min(map(part_count, b_mid))
    if rare > limits.max_rare or frequent < limits.min_frequent or frequent <= rare:
        return None  # two spellings each in use: two people, not a slip
    allowed = 1 if max(len(sa), len(sb)) < limits.long_length else 2
    if osa_distance(sa, sb, allowed) > allowed or derived_forms(sa, sb):
        return None
    return Verdict("spelling", f"written '{sb}' {frequent} times", frequent)


def compare_names(rare: str, frequent: str, rare_count: int = 1, frequent_count: int = 3,
                  limits: Thresholds = Thresholds()) -> Optional[Verdict]:
    """The pair decision on two written names, as if one article held ``rare``
    ``rare_count`` times and ``frequent`` ``frequent_count`` times."""
    a, b = _parse_name(rare), _parse_name(frequent)
    if a is None or b is None:
        return None
    if a.key == b.key:
        return Verdict("romanization") if a.shape != b.shape else None
    counts: Counter = Counter()
    for parts, count in ((a.parts, rare_count), (b.parts, frequent_count)):
        for part in set(parts):
            counts[part] += count
    return decide(a.parts, b.parts, a.key, b.key, rare_count, frequent_count, counts.__getitem__, limits)


def _parse_name(name: str) -> Optional[Piece]:
    """A name given on its own (configuration, the labelled set): every word of
    it is taken for a name part, stop words ("Marine The Pen") included."""
    text = " ".join(name.split())
    pieces = parse_run(text)
    if len(pieces) == 1 and pieces[0].start == 0 and pieces[0].end == len(text):
        return pieces[0]
    data = tables()
    segment = []
    for m in TOKEN_IN_RUN.finditer(text):
        token = m.group()
        kind = _token_kind(token, data)
        if kind in ("stop", "acronym"):
            kind = "word"
        elif kind == "lower":
            kind = "particle"  # "Charles of Gaulle": every word is part of the name given
        elif kind == "last":
            return None
        segment.append((m.start(), m.end(), token, kind))
    if segment and segment[-1][3] == "word" and POSSESSIVE.search(segment[-1][2]):
        start, end, token, kind = segment[-1]
        segment[-1] = (start, end - 2, token[:-2], kind)
    return _piece(segment, data) if segment else None


# ---------------------------------------------------------------------------
# Configuration: a names file of canonical forms and distinct people

@dataclass(frozen=True)
class NamesConfig:
    #: folded key -> the preferred written form
    canonical: Dict[str, str]
    #: groups of folded keys that are different people
    distinct: Tuple[FrozenSet[str], ...]


EMPTY_CONFIG = NamesConfig({}, ())


@lru_cache(maxsize=32)
def _load_names_file(path: str, mtime: float) -> NamesConfig:
    try:
        data = read_toml(Path(path))
    except FileNotFoundError:
        raise ValueError(f"names file {path} does not exist") from None
    except Exception as exc:
        raise ValueError(f"names file {path} is not valid TOML: {exc}") from None
    unknown = set(data) - {"names", "distinct"}
    if unknown:
        raise ValueError(f"names file {path}: unknown table(s) {sorted(unknown)}; expected [[names]] and [[distinct]]")
    canonical: Dict[str, str] = {}
    for number, entry in enumerate(data.get("names", []), 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("canonical"), str):
            raise ValueError(f"names file {path}: [[names]] entry {number} needs canonical = \"...\"")
        variants = entry.get("variants", [])
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise ValueError(f"names file {path}: [[names]] entry {number}: variants must be a list of strings")
        for form in [entry["canonical"], *variants]:
            canonical[name_key(form)] = entry["canonical"]
    distinct = []
    for number, entry in enumerate(data.get("distinct", []), 1):
        names = entry.get("names") if isinstance(entry, dict) else None
        if not isinstance(names, list) or len(names) < 2 or not all(isinstance(n, str) for n in names):
            raise ValueError(f"names file {path}: [[distinct]] entry {number} needs names = [two or more names]")
        distinct.append(frozenset(name_key(n) for n in names))
    return NamesConfig(canonical, tuple(distinct))


def load_names_files(paths: Sequence[str]) -> NamesConfig:
    if not paths:
        return EMPTY_CONFIG
    canonical: Dict[str, str] = {}
    distinct: List[FrozenSet[str]] = []
    for path in paths:
        loaded = _load_names_file(path, os.path.getmtime(path) if os.path.exists(path) else 0.0)
        canonical.update(loaded.canonical)
        distinct.extend(loaded.distinct)
    return NamesConfig(canonical, tuple(distinct))


def _names_files(value: Any) -> Tuple[str, ...]:
    if value is None or value == "" or value == []:
        return ()
    paths = [value] if isinstance(value, str) else value
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ValueError("must be a path or a list of paths to TOML names files")
    load_names_files(paths)  # fail at configuration time, with the file named
    return tuple(paths)


def _count(minimum: int):
    def convert(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"must be an integer of at least {minimum}")
        return value
    return convert


def _preferred(value: Any) -> Tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("must be a list of names, for example [\"Kim Jong Un\"]")
    return tuple(value)


NAMES_FILE_HELP = ("TOML file(s) of [[names]] canonical = \"...\", variants = [...] (preferred forms: their "
                   "fixes become safe) and [[distinct]] names = [...] (never merged); relative to the config file")


# ---------------------------------------------------------------------------
# The rules

class _NameRule(Rule):
    severity = Severity.WARNING

    def setup(self) -> None:
        tables()  # the names data, read once per process, before the first document
        self.config = load_names_files(self.settings.get("names-file") or ())
        self.limits = Thresholds(
            min_frequent=self.settings.get("min-frequent", 2),
            max_rare=self.settings.get("max-rare", 1),
            min_length=self.settings.get("min-length", 5),
            min_length_single=self.settings.get("min-length-single", 6),
            long_length=self.settings.get("long-length", 9),
        )


def _fix_for(mention: Mention, suggestion: str, safe: bool, what: str) -> Fix:
    return Fix.replace(mention.start, mention.end, suggestion,
                       Applicability.SAFE if safe else Applicability.UNSAFE, f"{what} '{suggestion}'")


class VariantSpelling(_NameRule):
    code = "NM01"
    name = "names.variant-spelling"
    summary = "A name spelt once in a way that nearly matches its usual spelling in the article"
    explanation = """
        A person's name should be spelt one way throughout an article. A rare
        spelling that is a near miss of a frequent one ("Pompoe" once beside
        "Pompeo" a dozen times) is most likely a slip, and a known
        transliteration mixed with another ("Qaddafi" beside "Gaddafi",
        "Muhammad bin Salman" beside "Mohammed bin Salman") reads as two people.

        Counts decide as much as similarity: the rare spelling must occur at most
        `max-rare` times and the usual one at least `min-frequent` times, so two
        real people who are each mentioned several times ("Kim Jong Il" and "Kim
        Jong Un") are never merged. Short parts must match exactly, one edit is
        allowed in parts of `min-length` letters or more and two from
        `long-length`. Feminine and diminutive forms ("Navalny"/"Navalnaya",
        "Ivana"/"Ivanka"), words derived from a name with the ending of a
        people or a plural ("Grenada"/"Grenadian", "Wikipedia"/"Wikipedians")
        and the known distinct people in the names data are never reported.

        A word capitalised alone may be a people, a word of a title or a noun,
        so a one-word mention needs `min-length-single` letters, must be
        written mid-sentence somewhere (not in a headline, even one that keeps
        a verb in lower case), and its usual spelling must be vouched for as a
        person's name: the surname or given name of a full name in the article
        ("Mike Pompeo" for "Pompeo"), or written after a title or a role noun
        ("Mr Pompeo"). German capitalises every noun: in German text one-word
        mentions are not compared at all, and two spellings of a longer name
        that differ by an inflection ("Deutsche Bahn"/"Deutschen Bahn"), or
        that the text writes after an article, are left alone.

        A names file may list a canonical form with its variants: those
        variants are then always reported, with a safe fix; otherwise the fix
        is unsafe.
    """
    bad_example = ("Mike Pompeo flew to Pyongyang on Sunday.\n\n"
                   "Later Mike Pompeo met officials, and Pompoe said the talks went well.\n")
    good_example = ("Mike Pompeo flew to Pyongyang on Sunday.\n\n"
                    "Later Mike Pompeo met officials, and Pompeo said the talks went well.\n")
    fixable = Applicability.UNSAFE
    options = {
        "names-file": Option(None, NAMES_FILE_HELP, _names_files, paths=True),
        "min-frequent": Option(2, "Mentions the usual spelling needs before a rarer one is doubted", _count(2)),
        "max-rare": Option(1, "At most this many mentions make a spelling rare", _count(1)),
        "min-length": Option(5, "Shortest differing part (in letters) that may carry one edit", _count(2)),
        "min-length-single": Option(6, "The same for a one-word mention, which has no other parts to agree", _count(2)),
        "long-length": Option(9, "Parts this long may carry two edits", _count(3)),
    }

    def check(self, doc: Document):
        index = mention_index(doc)
        reported: Set[int] = set()
        # Configured variants of a canonical name, whatever the counts.
        for name in index.names.values() if self.config.canonical else ():
            canonical = self.config.canonical.get(name.key)
            if canonical is not None and name_key(canonical) != name.key:
                for mention in name.mentions:
                    reported.add(mention.start)
                    yield self.violation(
                        mention.start, mention.end,
                        f"'{mention.surface}' is listed as a variant of '{canonical}' in the names file",
                        _fix_for(mention, canonical, True, "Write"))
        if not index.names:
            return
        for a, b in index.pairs():
            for minor, major in ((a, b), (b, a)):
                verdict = self._verdict(index, minor, major)
                if verdict is None:
                    continue
                suggestion = major.dominant().surface
                for mention in minor.mentions:
                    if mention.start in reported:
                        continue
                    reported.add(mention.start)
                    yield self._report(mention, suggestion, max(major.count, verdict.frequent), verdict)
                break
        singles = index.singles(self.limits)
        if singles and document_language(doc) == "de":
            return  # German capitalises every noun: a word alone is no name
        for single, holder, position in singles:
            verdict = self._single_verdict(index, single, holder, position)
            if verdict is None:
                continue
            suggestion = holder.raw[position]
            for mention in single.mentions:
                if mention.start not in reported:
                    reported.add(mention.start)
                    yield self._report(mention, suggestion, index.part_counts[holder.parts[position]], verdict)

    def _verdict(self, index: Index, minor: Name, major: Name) -> Optional[Verdict]:
        if minor.key in self.config.canonical:
            return None
        if minor.count > major.count or (minor.count == major.count and minor.first < major.first):
            return None
        verdict = index.decide(minor, major, self.limits, self.config.distinct)
        if verdict is None or verdict.kind not in ("spelling", "known"):
            return None
        if not (index.person_like(minor) and index.person_like(major)):
            return None
        if verdict.kind == "spelling" and not index.written_mid_sentence(minor):
            return None
        if document_language(index.doc) == "de":
            head, tail = _align(minor.parts, major.parts)
            if verdict.kind == "spelling" and german_inflections(
                    "".join(minor.parts[head:len(minor.parts) - tail]),
                    "".join(major.parts[head:len(major.parts) - tail])):
                return None  # "Deutschen Bahn" beside "Deutsche Bahn"
            if index.written_as_noun(minor) or index.written_as_noun(major):
                return None
        return verdict

    def _single_verdict(self, index: Index, single: Name, holder: Mention, position: int) -> Optional[Verdict]:
        part, other = single.parts[0], holder.parts[position]
        if single.key in self.config.canonical:
            return None
        a_count, b_count = index.part_counts[part], index.part_counts[other]
        if a_count > b_count:
            return None
        variant_of = tables().variant_of
        if variant_of.get(part, part) != variant_of.get(other, other) and not (
                part in variant_of and variant_of[part] == variant_of.get(other)):
            # No known transliteration, so only a slip is left, which decide() turns
            # down when too short or more than one or two edits away: said here at less cost.
            limits = self.limits
            if min(len(part), len(other)) < limits.min_length_single:
                return None
            allowed = 1 if max(len(part), len(other)) < limits.long_length else 2
            if osa_distance(part, other, allowed) > allowed:
                return None
        verdict = decide((part,), (other,), part, other, a_count, b_count,
                         index.part_counts.__getitem__, self.limits, self.config.distinct)
        if verdict is None or verdict.kind not in ("spelling", "known"):
            return None
        if verdict.kind == "known" and a_count == b_count:
            return None  # no majority to follow
        major = index.names.get(holder.key)
        if not index.person_like(single) or major is None or not index.person_like(major):
            return None
        if not index.written_mid_sentence(single):
            return None
        if verdict.kind == "spelling" and (not index.full_name_holds(other)
                                           or index.derived_from_a_name(part, other)):
            return None
        return verdict

    def _report(self, mention: Mention, suggestion: str, count: int, verdict: Verdict):
        if verdict.kind == "known":
            message = (f"'{mention.surface}' and '{suggestion}' are two transliterations of one name; "
                       f"this article mostly writes '{suggestion}' ({count} mentions)")
        else:
            message = (f"'{mention.surface}' may be a misspelling of '{suggestion}', "
                       f"the spelling this article uses {count} times")
        return self.violation(mention.start, mention.end, message,
                              _fix_for(mention, suggestion, False, "Write"))


class TranslatedNamePart(_NameRule):
    code = "NM02"
    name = "names.translated-part"
    summary = "A part of a name replaced by its translation (\"Kim Jong-a\" for \"Kim Jong-un\")"
    explanation = """
        Machine translation knows no names: it reads a name part that happens to
        be a function word as that word and translates it. French "un" (= "a")
        turns "Kim Jong-un" into "Kim Jong-a"; "de" turns "Charles de Gaulle"
        into "Charles of Gaulle"; "in" turns "Moon Jae-in" into "Moon Jae-dans"
        on the way into French. When a name is written at least `min-frequent`
        times and fewer mentions write it with one of its parts replaced by a
        translation of that part (from the translation table in the names
        data), the rare form is reported and the message names the word that was
        translated. The fix, restoring the name, is unsafe: review it.
    """
    bad_example = ("Pompeo met Kim Jong-un in Pyongyang.\n\n"
                   "Kim Jong-un hosted a lunch, and Pompeo told Seoul he had discussed steps with Kim Jong-a.\n")
    good_example = ("Pompeo met Kim Jong-un in Pyongyang.\n\n"
                    "Kim Jong-un hosted a lunch, and Pompeo told Seoul he had discussed steps with Kim Jong-un.\n")
    fixable = Applicability.UNSAFE
    options = {
        "names-file": Option(None, "TOML file(s) whose [[distinct]] names = [...] are never reported as translations "
                                   "of one another (the file of NM01 and NM03); relative to the config file",
                             _names_files, paths=True),
        "min-frequent": Option(2, "Mentions the name needs before a translated form of it is doubted", _count(1)),
    }

    def check(self, doc: Document):
        index = mention_index(doc)
        found: Dict[int, Tuple[int, int, Name, List[Tuple[str, str]]]] = {}
        # Translated forms that are mentions of their own ("Kim Jong-a").
        for a, b in index.pairs():
            for minor, major in ((a, b), (b, a)):
                if major.count < self.limits.min_frequent or minor.count >= major.count:
                    continue
                verdict = index.decide(minor, major, self.limits, self.config.distinct)
                if verdict is not None and verdict.kind == "translation":
                    for mention in minor.mentions:
                        pairs = [(o.strip("'"), t.strip("'")) for o, t in
                                 (item.split(" may have been machine-translated as ") for item in verdict.detail.split("; "))]
                        found.setdefault(mention.start, (mention.start, mention.end, major, pairs))
        # Translated function words written apart ("Charles of Gaulle", "Ursula of the Leyen").
        for name in index.more_parts():
            if name.count >= self.limits.min_frequent:
                for hit in _translated_tails(index, name):
                    found.setdefault(hit[0], hit)
        by_form: Dict[Tuple[str, str], List[Tuple[int, int, Name, List[Tuple[str, str]]]]] = {}
        for hit in found.values():
            by_form.setdefault((hit[2].key, name_key(doc.text[hit[0]:hit[1]])), []).append(hit)
        for (key, form_key), hits in sorted(by_form.items(), key=lambda item: item[1][0][0]):
            name = index.names[key]
            if len(hits) >= name.count or not index.person_like(name):
                continue  # as common as the name itself: a different name, not a slip
            if any(frozenset((key, form_key)) <= group for group in self.config.distinct):
                continue
            suggestion = name.dominant().surface
            for start, end, _, pairs in hits:
                written = doc.text[start:end].replace("\n", " ")
                why = "; ".join(f"'{o}' may have been machine-translated as '{t}'" for o, t in pairs)
                yield self.violation(
                    start, end,
                    f"'{written}' looks like the name '{suggestion}' ({name.count} mentions) "
                    f"run through machine translation: {why}",
                    Fix.replace(start, end, suggestion, Applicability.UNSAFE, f"Write '{suggestion}'"))


NEXT_WORD = regex.compile(rf"(?:[ \t\u00a0]+|-|[ \t]*\n[ \t]*)(\p{{L}}{_LETTERS}*)")


def _translated_tails(index: Index, name: Name) -> List[Tuple[int, int, Name, List[Tuple[str, str]]]]:
    """Where a mention of the head of ``name`` ("Ursula") goes on with the rest
    of the name, some of its function words translated (" of the Leyen")."""
    translations = tables().translations
    parts = name.parts
    for first in range(1, len(parts)):
        if parts[first] in translations:
            break
    else:
        return []
    head = index.names.get("".join(parts[:first]))
    if head is None:
        return []
    text = index.doc.text
    raw = name.first_mention().raw
    out = []
    for mention in head.mentions:
        if mention.parts != parts[:first]:
            continue
        pos, changed = mention.end, []
        for k in range(first, len(parts)):
            step = NEXT_WORD.match(text, pos)
            if step is None:
                break
            word = step.group(1)
            if k == len(parts) - 1:
                word = POSSESSIVE.sub("", word)
            folded = name_key(word)
            if folded != parts[k]:
                if parts[k] not in translations or not translation_of(parts[k], folded):
                    break
                changed.append((raw[k], word))
            pos = step.start(1) + len(word)
        else:
            if changed and (pos >= len(text) or not (text[pos].isalnum() or text[pos] == "-")):
                out.append((mention.start, pos, name, changed))
    return out


UMLAUTS = frozenset(["aä", "oö", "uü"])


def case_ending(a: str, b: str) -> bool:
    """Two spellings (shapes) that differ only in the accent of the last letter
    of a word, while both carry accents elsewhere: a case ending (Latvian
    "Rēzekne", "Rēzeknē"), not diacritics dropped."""
    if len(a) != len(b):
        return False
    ends = 0
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            if i + 1 < len(a) and a[i + 1].isalpha():
                return False
            ends += 1
    rest = "".join(x for x, y in zip(a, b) if x == y)
    return ends > 0 and not rest.isascii()


def letter_prefix(piece: Piece) -> bool:
    """A single letter joined by a hyphen to open a word ("E-Mail", "X-Ray"):
    a word of the language, not a name."""
    return len(piece.raw[0]) == 1 and bool(piece.seps) and piece.seps[0] == "-"


def german_word_forms(piece: Piece, other: Piece) -> bool:
    """Two spellings that German grammar and compounding make of one word,
    not of a name: a single word ("Gärten", "Roséwein": German capitalises
    every noun), a compound written solid and split ("Gartenstühle",
    "Garten-Stühle"), or an umlaut of the plural ("Bahnhof", "Bahnhöfe")."""
    if len(other.parts) == 1 or len(piece.parts) != len(other.parts):
        return True
    a, b = piece.shape, other.shape
    return len(a) == len(b) and all(x == y or "".join(sorted((x, y))) in UMLAUTS for x, y in zip(a, b))


def _outside_german_grammar(index: Index, name: Name, dominant: Mention, others: List[Mention]) -> List[Mention]:
    """``others``, the spellings to report, less what German grammar explains
    when the text is German: word forms (german_word_forms), and every
    spelling of a name that the text writes as a noun. (Asked only of a name
    about to be reported, so the language is seldom worked out.)"""
    if document_language(index.doc) != "de":
        return others
    if index.written_as_noun(name) or index.compounded(name):
        return []
    return [m for m in others if not german_word_forms(m.piece, dominant.piece)]


class MixedRomanization(_NameRule):
    code = "NM03"
    name = "names.mixed-romanization"
    summary = "One name written with different hyphens, spaces or diacritics in one article"
    explanation = """
        "Kim Jong-un" and "Kim Jong Un", "Xi Jinping" and "Xi Jin-ping",
        "Erdoğan" and "Erdogan" are accepted spellings of one name, but an article
        should keep to one. Mentions are compared with case, diacritics, hyphens
        and spaces folded away; when one name is written two ways, the less used
        spelling is reported and the dominant one suggested. On a tie the first
        spelling used is kept (the message says so). Differences of case alone
        ("Jong-Un"/"Jong-un", headline case) are not reported.

        Typography is not spelling: apostrophe styles ("O’Brien"/"O'Brien") and
        an accent encoded as one code point or two are one spelling. Contractions
        and elisions ("We’re", "C'est"), handles and hashtags ("@SaraLindqvist",
        and "SaraLindqvist" written together) and a letter joined to a word
        ("E-Mail") are no names. An accent that differs only on the last letter
        of a word written with accents elsewhere is a case ending (Latvian
        "Rēzekne"/"Rēzeknē"), not diacritics dropped.

        German capitalises every noun and writes its compounds solid, with a
        hyphen or (wrongly) with a space. In German text the rule leaves alone
        one-word names, umlaut plurals ("Garten"/"Gärten"), compounds written
        solid and split ("Gartenstühle"/"Garten-Stühle"), and names that the text
        writes after an article or whose parts join other words ("die
        Garten-Tipps", "Plus-Size Mode" beside "Plus-Size Bademode"); a
        person's name written two ways ("Anna-Lena Berger"/"Anna Lena Berger")
        is still reported.

        The fix is unsafe, since either spelling is correct, unless the preferred
        form is configured: a name in `preferred`, or a canonical name in the
        names file. Then every other spelling of that name is reported, even
        when the article is consistent, and the fix is safe.
    """
    bad_example = ("North Korean leader Kim Jong-un met the envoy.\n\n"
                   "Kim Jong Un said the talks were productive, and Kim Jong Un hosted lunch.\n")
    good_example = ("North Korean leader Kim Jong Un met the envoy.\n\n"
                    "Kim Jong Un said the talks were productive, and Kim Jong Un hosted lunch.\n")
    fixable = Applicability.SAFE
    options = {
        "names-file": Option(None, NAMES_FILE_HELP, _names_files, paths=True),
        "preferred": Option([], "Names whose spelling is the house style, e.g. [\"Kim Jong Un\"]: "
                                "other spellings of them are reported with a safe fix", _preferred),
    }

    def setup(self) -> None:
        super().setup()
        preferred = dict(self.config.canonical)
        for name in self.settings.get("preferred") or ():
            preferred[name_key(name)] = name
        self.preferred = preferred

    def check(self, doc: Document):
        index = mention_index(doc)
        if not index.mixed and not self.preferred:
            return  # every name is written one way, and no house style is configured
        for name in index.names.values():
            canonical = self.preferred.get(name.key)
            if canonical is not None and name_key(canonical) == name.key:
                target = _parse_name(canonical)
                target_shape = target.shape if target else canonical.casefold()
                for mention in name.mentions:
                    if mention.shape != target_shape:
                        yield self.violation(
                            mention.start, mention.end,
                            f"'{mention.surface}' is configured to be written '{canonical}'",
                            _fix_for(mention, canonical, True, "Write"))
                continue
            if name.count < 2 or not name.mixed:
                continue  # one spelling throughout
            shapes = name.shapes()
            if len(shapes) < 2 or not index.person_like(name):
                continue
            dominant = name.dominant()
            if letter_prefix(dominant.piece):
                continue  # "E-Mail", "T-Shirt"
            others = [m for m in name.mentions if m.shape != dominant.shape
                      and not case_ending(m.shape, dominant.shape) and not letter_prefix(m.piece)]
            if others:
                others = _outside_german_grammar(index, name, dominant, others)
            if not others:
                continue
            best = shapes[dominant.shape]
            tie = sum(1 for c in shapes.values() if c == best) > 1
            note = " (a tie: the first spelling used is kept)" if tie else ""
            for mention in others:
                what = "diacritics" if fold(mention.shape) == fold(dominant.shape) else "romanization"
                yield self.violation(
                    mention.start, mention.end,
                    f"'{mention.surface}' is written '{dominant.surface}' in {best} other "
                    f"mention{'s' if best > 1 else ''} of this article; keep one {what}{note}",
                    _fix_for(mention, dominant.surface, False, "Write"))


RULES = [VariantSpelling, TranslatedNamePart, MixedRomanization]
