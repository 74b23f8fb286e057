"""Duplication rules (DU): paragraphs, lines, sentences and words repeated in one article.

DU01 reports exact repeats of a line; DU02 repeats of the first line that DU01
leaves (short ones, decorated ones); DU03 near repeats of a paragraph; DU04 a
sentence repeated; DU05 a word doubled. Each defect is reported by one rule only.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import accumulate, compress, repeat
from typing import Any, Dict, FrozenSet, Iterator, List, Optional, Tuple

import re
import string
import sys
from operator import eq

import regex

from lint.rule import Applicability, Fix, Option, Rule, Severity, positive_int
from rules.datafiles import data_path, read_toml
from rules.language import document_language
from rules.preformatted import code_line
from rules.sentences import Block, block_removal_span, blocks, list_item, sentences, words as text_words

# The white space that ``str.split()`` splits on, but for the line break.
ASCII_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
WIDE_SPACES = "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
              "\u2028\u2029\u202f\u205f\u3000"
# Punctuation and symbols: anything that is neither a letter, a digit nor a space.
# Most text is ASCII, where a byte translation table does the job several times
# faster than a pattern. (The white space becomes plain spaces in the same go.)
ASCII_PUNCTUATION = bytes.maketrans((string.punctuation + ASCII_SPACES).encode(),
                                    b" " * len(string.punctuation + ASCII_SPACES))
# Where there is other punctuation (below), the ASCII control characters go too, as
# everything that is neither a word character nor a space.
_CONTROLS = "".join(chr(c) for c in range(128) if not re.match(r"[\w\s]", chr(c))
                    and chr(c) not in string.punctuation)
ASCII_PUNCTUATION_AND_CONTROLS = bytes.maketrans((string.punctuation + ASCII_SPACES + _CONTROLS).encode(),
                                                 b" " * len(string.punctuation + ASCII_SPACES + _CONTROLS))
# The common non-ASCII punctuation, for the quick looks.
WIDE_PUNCTUATION = "“”‘’«»„—–…"


# Non-ASCII punctuation that is not in the table above, after the common marks are
# replaced: rare, and few different marks in a text.
OTHER_PUNCTUATION = re.compile(r"[^\x00-\x7f\w\s]")


def _without_marks(text: str, marks: str) -> str:
    """``text`` with each of ``marks`` (uncased characters) turned into a space."""
    for mark in marks:
        if mark in text:
            text = text.replace(mark, " ")
    return text


def fold(text: str) -> str:
    """Case-folded, with punctuation turned into spaces (line breaks kept)."""
    if text.isascii():
        return text.lower().encode("ascii").translate(ASCII_PUNCTUATION).decode("ascii")
    return _fold_cased(_case_folded(_without_marks(text, WIDE_PUNCTUATION)))


def _case_folded(text: str) -> str:
    """``text.casefold()``; ``lower`` is several times faster on ASCII text, and the
    same there. (The common wide marks are uncased, so they may be replaced before:
    most text is ASCII without them.)"""
    return text.lower() if text.isascii() else text.casefold()


def _fold_cased(text: str) -> str:
    """``fold`` of a case-folded text without the common wide marks."""
    if text.isascii():
        return text.encode("ascii").translate(ASCII_PUNCTUATION).decode("ascii")
    others = OTHER_PUNCTUATION.findall(text)
    # Bytes of non-ASCII letters are >= 0x80 and pass the table untouched.
    folded = text.encode("utf-8").translate(
        ASCII_PUNCTUATION_AND_CONTROLS if others else ASCII_PUNCTUATION).decode("utf-8")
    if others:
        # Each mark becomes a space (a run of them several spaces, which the
        # callers fold away with the rest of the white space).
        for mark in set(others):
            folded = folded.replace(mark, " ")
    return folded


def normalise(text: str) -> str:
    """Case, whitespace and punctuation folded away: what makes two lines 'the same'."""
    return " ".join(fold(text).split())


CACHE_FOLDED = "duplication.folded"
CACHE_LINE_KEYS = "duplication.line-keys"
CACHE_WORDS = "duplication.words"
CACHE_LINE_TOKENS = "duplication.line-tokens"
CACHE_UNMARKED = "duplication.unmarked"
CACHE_CASE_FOLDED = "duplication.case-folded"
#: The wide marks but the ellipsis, which ends a sentence.
INNER_MARKS = WIDE_PUNCTUATION.replace("…", "")


def unmarked_text(doc) -> str:
    """The text with the wide marks but the ellipsis turned into spaces (the same
    length): the start of both foldings of the family."""
    unmarked = doc.cache.get(CACHE_UNMARKED)
    if unmarked is None:
        unmarked = doc.cache[CACHE_UNMARKED] = _without_marks(doc.text, INNER_MARKS)
    return unmarked


def case_folded_text(doc) -> str:
    """``unmarked_text`` case-folded."""
    folded = doc.cache.get(CACHE_CASE_FOLDED)
    if folded is None:
        folded = doc.cache[CACHE_CASE_FOLDED] = _case_folded(unmarked_text(doc))
    return folded


def folded_text(doc) -> str:
    """The whole text case-folded, punctuation turned into spaces, lines kept: folded
    once per document for all the rules of the family."""
    folded = doc.cache.get(CACHE_FOLDED)
    if folded is None:
        cased = case_folded_text(doc)
        if not cased.isascii():
            cased = _without_marks(cased, "…")
        folded = doc.cache[CACHE_FOLDED] = _fold_cased(cased)
    return folded


def line_keys(doc) -> List[str]:
    """``normalise(line.text)`` for every line of the document, computed in one go."""
    keys = doc.cache.get(CACHE_LINE_KEYS)
    if keys is None:
        tokens = list(map(str.split, folded_text(doc).split("\n")))
        if len(tokens) != len(doc.lines):  # a line break inside a case-folding: never in practice
            tokens = [fold(line.text).split() for line in doc.lines]
        keys = doc.cache[CACHE_LINE_KEYS] = list(map(" ".join, tokens))
        doc.cache[CACHE_LINE_TOKENS] = tokens
    return keys


def line_tokens(doc) -> List[List[str]]:
    """The words of each line key (``line_keys(doc)[row].split(" ")``, bar empty keys)."""
    tokens = doc.cache.get(CACHE_LINE_TOKENS)
    if tokens is None:
        line_keys(doc)
        tokens = doc.cache[CACHE_LINE_TOKENS]
    return tokens


def folded_words(doc) -> str:
    """The words of the folded text (``folded_text(doc).split()``) joined by single
    spaces, with a space before the first and after the last."""
    joined = doc.cache.get(CACHE_WORDS)
    if joined is None:
        joined = doc.cache[CACHE_WORDS] = " " + " ".join(filter(None, line_keys(doc))) + " "
    return joined


#: The lines of the head of an article (its first non-blank lines: a section label,
#: the headline, a standfirst), whose repeats are scraper debris whatever they look
#: like.
HEAD_LINES = 3


def _head_rows(doc) -> FrozenSet[int]:
    """The rows (1-based) of the first HEAD_LINES non-blank lines."""
    rows = []
    for line in doc.lines:
        if not line.is_blank:
            rows.append(line.row)
            if len(rows) == HEAD_LINES:
                break
    return frozenset(rows)


def _list_runs(doc) -> List[int]:
    """For each line, the number of the run of list items it belongs to (blank lines
    between items do not end a run), or -1 for a line that is no list item."""
    runs, run, in_list = [], 0, False
    for line in doc.lines:
        if line.is_blank:
            runs.append(-1)
        elif list_item(line.text):
            if not in_list:
                run += 1
                in_list = True
            runs.append(run)
        else:
            in_list = False
            runs.append(-1)
    return runs


class RepeatedLine(Rule):
    code = "DU01"
    name = "duplication.repeated-paragraph"
    summary = "A paragraph or line repeated exactly later in the article"
    explanation = """
        Scraped pages repeat headlines, captions and teasers: the page shows the
        headline above the article, in a share box and in a related-story list. Two
        lines count as the same after folding case, whitespace and punctuation. The
        first copy is kept; the fix deletes each later copy.

        A repeat of one of the article's first three lines (a section label, the
        headline, a standfirst), or of the line just before, is reported from three
        words. Elsewhere an article repeats lines for good reasons: the same job
        title under two names, the same time stamp over two comments, the same
        point in the pros of two tools, a table of contents that lists a heading.
        So there a line is reported from five words, and a list item only when its
        earlier copy is in the same list. Lines of code (a prompt, a statement, a
        method call, a <placeholder>) are never reported.
    """
    bad_example = "Talks resume in Pyongyang\n\nTalks resume in Pyongyang\n\nThe envoy arrived on Sunday.\n"
    good_example = "Talks resume in Pyongyang\n\nThe envoy arrived on Sunday.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE
    options = {
        "min-words": Option(3, "Shortest repeat of one of the first three lines, or of the line before, "
                               "reported (shorter lines are left to the chrome rules)", positive_int),
        "min-words-body": Option(5, "Shortest repeat of any other line reported", positive_int),
    }

    def check(self, doc):
        keys = line_keys(doc)
        present = list(filter(None, keys))
        if len(set(present)) == len(present):
            return  # no line repeats another
        first_seen = {}
        min_words, min_body = self.settings["min-words"], self.settings["min-words-body"]
        head = runs = None
        previous = ""  # the key of the last line with words
        lines = doc.lines
        for line, key, tokens in zip(lines, keys, line_tokens(doc)):
            if not key:
                continue
            stutter, previous = key == previous, key  # (a line right after itself, blank lines aside)
            if len(tokens) < min_words:
                continue
            if key not in first_seen:
                first_seen[key] = line.row
                continue
            earlier = first_seen[key]
            if code_line(line.text) or code_line(lines[earlier - 1].text):
                continue
            if head is None:
                head = _head_rows(doc)
            if earlier not in head and not stutter:
                if len(tokens) < min_body:
                    continue  # a label: a job title, a time stamp
                if list_item(line.text) or list_item(lines[earlier - 1].text):
                    if runs is None:
                        runs = _list_runs(doc)
                    if runs[line.row - 1] == -1 or runs[line.row - 1] != runs[earlier - 1]:
                        continue  # the same item in two lists, or a list that names a heading
            start, end = doc.line_removal_span(line)
            yield self.violation(
                line.start, line.end,
                f"Repeats line {earlier}",
                Fix.delete(start, end, Applicability.SAFE, "Delete the repeated copy"),
            )


@lru_cache(maxsize=None)
def _data() -> Dict[str, Any]:
    """The word lists of duplication.toml as sets; the tables of lists by language
    as dicts of sets."""
    def words(value):
        return frozenset(word.casefold() for word in value)

    return {key: {lang: words(v) for lang, v in value.items()} if isinstance(value, dict) else words(value)
            for key, value in read_toml(data_path("duplication.toml")).items()}


def _shingles(tokens: List[str]) -> FrozenSet[Tuple[str, str]]:
    """Word pairs: two texts that share most of them say nearly the same thing."""
    if len(tokens) == 1:
        return frozenset({(tokens[0], "")})
    return frozenset(zip(tokens, tokens[1:]))


def near_repeat(earlier: List[str], later: List[str], earlier_sh: FrozenSet, later_sh: FrozenSet,
                threshold: float, min_words: int, max_extra: int) -> Optional[str]:
    """How ``later`` nearly repeats ``earlier``, or None.

    Two tests: the word-pair Jaccard similarity, which is high only for texts of
    nearly equal length; and containment, one text inside the other with at most
    ``max_extra`` words more ("a caption" / "a caption (Twitter)"). A token-set
    ratio would call a headline contained in a long caption a duplicate: it is not.
    """
    if earlier == later:
        return None  # an exact repeat: DU01's
    short, long = (earlier, later) if len(earlier) <= len(later) else (later, earlier)
    extra = len(long) - len(short)
    if len(short) >= min_words and 0 < extra <= max_extra:
        if f" {' '.join(short)} " in f" {' '.join(long)} ":
            what = "adds" if long is later else "drops"
            return f"{what} {extra} word{'s' if extra > 1 else ''}"
    if len(short) >= min_words and earlier_sh and later_sh:
        inter = len(earlier_sh & later_sh)
        similarity = inter / (len(earlier_sh) + len(later_sh) - inter)
        if similarity >= threshold:
            return f"similarity {similarity:.2f}"
    return None


class _Words:
    """The words of a normalised text, their set and their pairs, made when first
    needed and kept for the other comparisons of the text."""

    __slots__ = ("text", "count", "_tokens", "_set", "_shingles")

    def __init__(self, text: str, tokens: Optional[List[str]] = None) -> None:
        self.text = text
        self.count = len(tokens) if tokens is not None else text.count(" ") + 1  # the number of words
        self._tokens = tokens
        self._set: Optional[FrozenSet[str]] = None
        self._shingles: Optional[FrozenSet] = None

    @property
    def tokens(self) -> List[str]:
        if self._tokens is None:
            self._tokens = self.text.split(" ")
        return self._tokens

    @property
    def set(self) -> FrozenSet[str]:
        if self._set is None:
            self._set = frozenset(self.tokens)
        return self._set

    @property
    def shingles(self) -> FrozenSet:
        if self._shingles is None:
            self._shingles = _shingles(self.tokens)
        return self._shingles


def _too_different(one: _Words, other: _Words, threshold: float) -> bool:
    """Whether the word pairs of the two texts surely overlap below the threshold,
    judged from their sets of words (cheaper than their sets of pairs).

    Each word of ``one`` that ``other`` lacks, but its first, ends a pair of ``one``
    that ``other`` lacks, a different pair for each word: so ``one`` has at least
    ``missing - 1`` pairs of its at most ``count - 1`` outside the intersection, and
    the similarity is at most ``1 - (missing - 1) / (count - 1)``; the same holds
    the other way round. The test asks for a margin of one pair, far above rounding."""
    # (``other`` first, from its set and the words of ``one``: the set of ``one`` is
    # made only when that does not decide)
    other_words = other.set
    shared = len(other_words.intersection(one.tokens))
    slack = 1 - threshold
    if other.count > 1 and len(other_words) - shared - 1 >= slack * (other.count - 1) + 1:
        return True
    return one.count > 1 and len(one.set) - shared - 1 >= slack * (one.count - 1) + 1


def near_repeat_words(earlier: _Words, later: _Words, threshold: float, min_words: int,
                      max_extra: int) -> Optional[str]:
    """``near_repeat`` of two normalised texts, with the cheap tests first: the word
    counts, the containment test on the texts, then the bound of ``_too_different``.
    Only a pair that passes them is compared word pair by word pair."""
    if earlier.text == later.text:
        return None
    short, long = (earlier, later) if earlier.count <= later.count else (later, earlier)
    if short.count < min_words:
        return None  # both tests need that many words
    if not (0 < long.count - short.count <= max_extra and f" {short.text} " in f" {long.text} "):
        if _too_different(earlier, later, threshold):
            return None
    return near_repeat(earlier.tokens, later.tokens, earlier.shingles, later.shingles, threshold, min_words,
                       max_extra)


def _first_line(doc):
    return next((line for line in doc.lines if not line.is_blank), None)


#: DU01's default: shorter exact repeats of the headline are DU02's.
EXACT_MIN_WORDS = RepeatedLine.options["min-words"].default

NEAR_OPTIONS = {
    "threshold": Option(0.8, "Word-pair Jaccard similarity from which two paragraphs are near repeats",
                        lambda v: _fraction(v)),
    "max-extra-words": Option(3, "A copy with at most this many words added or dropped is a near repeat",
                              positive_int),
}


def _fraction(value):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 1:
        raise ValueError("must be a number above 0 and at most 1")
    return float(value)


class RepeatedHeadline(Rule):
    code = "DU02"
    name = "duplication.repeated-headline"
    summary = "The first line (headline or section label) repeated later, short or decorated"
    explanation = """
        A page shows its headline, or the section label above it, more than once:
        in the share box, above the photo, in a breadcrumb. Exact repeats of three
        words or more are DU01's; this rule reports the repeats DU01 leaves: a short
        first line repeated ("Analysis" ... "Analysis"), and a copy of the first
        line with a little added or changed ("Talks resume in the capital | Daily
        News"). A copy that only adds a determiner ("My ten best bakeries" under
        "Ten best bakeries") is a subheading that rephrases the headline, and
        passes. The fix deletes the later copy: safe when it is exact, unsafe when
        it is near.
    """
    bad_example = "Analysis\n\nTalks resume in the capital\n\nAnalysis\n\nThe envoy arrived on Sunday.\n"
    good_example = "Analysis\n\nTalks resume in the capital\n\nThe envoy arrived on Sunday.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE
    options = dict(NEAR_OPTIONS)

    def setup(self):
        self.determiners = _data()["heading_determiners"]

    def _rephrased(self, headline: _Words, copy: _Words) -> bool:
        """Whether ``copy`` is ``headline`` with only determiners added ("My ten best
        bakeries" under "Ten best bakeries"): a subheading that rephrases it, no decoration."""
        added = f" {copy.text} ".replace(f" {headline.text} ", " ", 1).split()
        return all(word in self.determiners for word in added)

    def check(self, doc):
        first = _first_line(doc)
        if first is None:
            return
        keys = line_keys(doc)
        first_key = keys[first.row - 1]
        if len(first_key) < 4:
            return
        tokens_of_lines = line_tokens(doc)
        key = _Words(first_key, tokens_of_lines[first.row - 1])
        max_extra = self.settings["max-extra-words"]
        max_difference = max(max_extra, key.count)
        # a copy differs from the first line by a few words at most: skip lines of
        # another length before comparing them
        low, high = 0.6 * len(first_key) - 40, 1.5 * len(first_key) + 40
        lines = doc.lines
        for row in range(first.row, len(lines)):
            line_key = keys[row]
            if not line_key or not low <= len(line_key) <= high:
                continue
            if line_key == first_key:
                line = lines[row]
                if key.count < EXACT_MIN_WORDS:
                    start, end = doc.line_removal_span(line)
                    yield self.violation(line.start, line.end, f"Repeats the first line (line {first.row})",
                                         Fix.delete(start, end, Applicability.SAFE, "Delete the repeated copy"))
                continue
            words = _Words(line_key, tokens_of_lines[row])
            if abs(words.count - key.count) > max_difference:
                continue
            how = near_repeat_words(key, words, self.settings["threshold"], 4, max_extra)
            if how and not (how.startswith("adds") and self._rephrased(key, words)):
                line = lines[row]
                start, end = doc.line_removal_span(line)
                yield self.violation(line.start, line.end,
                                     f"Nearly repeats the first line (line {first.row}; {how})",
                                     Fix.delete(start, end, Applicability.UNSAFE, "Delete the near copy"))


CACHE_NEAR = "duplication.near"
#: Candidate pairs share one of these keys: the first or the last EDGE characters of
#: the normalised paragraph (a credit added at the end keeps the start, a label added
#: at the start keeps the end, a word changed in the middle keeps both), or the
#: longest word of its middle (both ends changed).
EDGE = 24
#: A key shared by this many paragraphs says nothing about which of them repeat each
#: other; the caps keep the work per paragraph bounded (linear in the article).
POSTING_CAP = 12
CANDIDATES = 8


def _look_up(postings: Dict[str, List[int]], key: str, index: int, register: bool,
              candidates: List[int]) -> None:
    """Add the blocks posted under ``key`` to ``candidates`` (unless the key is
    too common to say anything, see POSTING_CAP), and post block ``index``."""
    posting = postings.get(key)
    if posting is None:
        if register:
            postings[key] = [index]
    elif len(posting) < POSTING_CAP:
        candidates.extend(posting)
        if register:
            posting.append(index)


def near_repeats(doc, threshold: float, max_extra: int, min_words: int) -> Dict[int, Tuple[int, str]]:
    """For each block that nearly repeats an earlier one: (earlier block index, how).

    Candidates are the earlier paragraphs that share a key (see EDGE) with this one,
    a bounded set; each is then compared word by word (see ``near_repeat``). Exact
    repeats (DU01's) and repeats of the first line (DU02's) are left out.
    """
    memo_key = (CACHE_NEAR, threshold, max_extra, min_words)
    cached = doc.cache.get(memo_key)
    if cached is not None:
        return cached
    found: Dict[int, Tuple[int, str]] = {}
    # the postings of the three kinds of key (see EDGE)
    heads: Dict[str, List[int]] = {}
    tails: Dict[str, List[int]] = {}
    middles: Dict[str, List[int]] = {}
    keys_of_lines = line_keys(doc)
    tokens_of_lines = line_tokens(doc)
    texts: Dict[int, Tuple[str, Optional[List[str]]]] = {}
    words_of: Dict[int, _Words] = {}
    exact = set()
    first = _first_line(doc)
    first_row = first.row - 1 if first is not None else -1
    for index, _, first_line, last_line, _, _, block_text in blocks(doc):
        if first_line == last_line:
            text, tokens = keys_of_lines[first_line], tokens_of_lines[first_line]
            count = len(tokens)
        else:
            text, tokens = normalise(block_text), None
            count = text.count(" ") + 1
        if count < min_words or text in exact:
            continue  # too short, or an exact repeat (DU01's)
        exact.add(text)
        texts[index] = (text, tokens)
        # The keys, in this order (see EDGE); a posting of the first line takes no
        # block (repeats of the first line are DU02's).
        register = not first_line <= first_row <= last_line
        candidates: List[int] = []
        _look_up(heads, text[:EDGE], index, register, candidates)
        _look_up(tails, text[-EDGE:], index, register, candidates)
        n = len(text)
        if n > 8 * EDGE:
            middle = max(text[n // 2 - 2 * EDGE:n // 2 + 2 * EDGE].split()[1:-1] or ("",), key=len)
            _look_up(middles, middle, index, register, candidates)
        if not candidates:
            continue
        if len(candidates) > 1:
            candidates = sorted(set(candidates), key=candidates.count, reverse=True)[:CANDIDATES]
        words = words_of[index] = _Words(text, tokens)
        for other in candidates:
            other_words = words_of.get(other)
            if other_words is None:
                other_words = words_of[other] = _Words(*texts[other])
            how = near_repeat_words(other_words, words, threshold, min_words, max_extra)
            if how:
                found[index] = (other, how)
                break
    doc.cache[memo_key] = found
    return found


class NearDuplicate(Rule):
    code = "DU03"
    name = "duplication.near-duplicate"
    summary = "A paragraph or line that nearly repeats an earlier one"
    explanation = """
        Pages repeat a caption with the photo credit added ("...during the visit"
        then "...during the visit (Reuters)"), or a paragraph with a word changed.
        Two paragraphs of five words or more are near repeats when their word pairs
        overlap with a Jaccard similarity of 0.8 or more (which needs nearly equal
        lengths), or when one is the other with at most three words added or
        dropped. A short headline inside a long caption is not a repeat. Nor are
        list items, numbered notes and lines of code, which often differ in one
        detail by design ("[14] J. Weber, History of the parish, p. 367." and
        "[23] J. Weber, History of the parish, p. 505."). Only paragraphs that
        share their first or last words, or the longest word of their middle, are
        compared, so a long article costs no more per paragraph; a copy changed at
        both ends and in the middle is not found. Exact repeats are DU01's,
        repeats of the first line DU02's. The unsafe fix deletes the later copy.
    """
    bad_example = ("Envoy meets leader\n\n"
                   "The envoy walks with the leader through the garden of the guest house\n"
                   "The envoy walks with the leader through the garden of the guest house (Reuters)\n\n"
                   "The talks lasted two hours.\n")
    good_example = ("Envoy meets leader\n\n"
                    "The envoy walks with the leader through the garden of the guest house (Reuters)\n\n"
                    "The talks lasted two hours.\n")
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE
    options = dict(NEAR_OPTIONS, **{
        "min-words": Option(5, "Shorter paragraphs are not compared", positive_int),
    })

    def check(self, doc):
        found = near_repeats(doc, self.settings["threshold"], self.settings["max-extra-words"],
                             self.settings["min-words"])
        all_blocks = blocks(doc)
        for index, (other, how) in sorted(found.items()):
            block = all_blocks[index]
            if any(list_item(text) or code_line(text) for text in (block.text, all_blocks[other].text)):
                continue  # numbered notes citing one source, items of a list, lines of code
            start, end = block_removal_span(doc, block)
            row = all_blocks[other].first_line + 1
            yield self.violation(block.start, block.end, f"Nearly repeats line {row} ({how})",
                                 Fix.delete(start, end, Applicability.UNSAFE, "Delete the near copy"))


_NON_TERMINAL = "".join(c for c in string.punctuation if c not in ".!?")
KEEP_STOPS = bytes.maketrans(_NON_TERMINAL.encode(), b" " * len(_NON_TERMINAL))


def _pieces(lowered: str) -> bytes:
    """The pieces of sentence of a lower-case text, one a line, encoded in UTF-8: the
    text between any two possible sentence ends (terminal punctuation then a space,
    or a line break: every boundary of the real splitter is one of these), with inner
    punctuation turned into spaces. The pieces keep the length and place of their
    text (in characters)."""
    folded = lowered.encode("utf-8").translate(KEEP_STOPS)
    # (Plain replacements, which keep the length: a pattern is several times slower.)
    if 46 in folded:  # "."
        folded = folded.replace(b". ", b".\n")
    if 33 in folded:  # "!"
        folded = folded.replace(b"! ", b"!\n")
    if 63 in folded:  # "?"
        folded = folded.replace(b"? ", b"?\n")
    if not lowered.isascii() and "…" in lowered:  # (a look for a character is cheaper in a str)
        folded = folded.replace(_ELLIPSIS + b" ", _ELLIPSIS + b"\n")
    return folded


_ELLIPSIS = "…".encode("utf-8")
_STOP_BYTES = ".!?…".encode("utf-8")
_SPACE_BYTES = (" " + ASCII_SPACES).encode("ascii")


def _spaceless(pieces: bytes, lowered: str) -> List[bytes]:
    """The pieces of ``lowered`` (see ``_pieces``) with their white space taken out."""
    if not lowered.isascii():
        for space in WIDE_SPACES:
            if space in lowered:
                pieces = pieces.replace(space.encode("utf-8"), b" ")
    return pieces.translate(None, _SPACE_BYTES).split(b"\n")


#: The quick look of DU04: inner punctuation and white space go, the characters
#: that may end a sentence split the text into bits.
_BIT_TABLE = bytes.maketrans(b".!?", b"\0\0\0")
_BIT_DROPS = (_NON_TERMINAL + " " + ASCII_SPACES).encode("ascii")
# A character that may end a sentence before white space that is not a plain space:
# the one way for a piece to hold several words made of such characters only.
_STOP_THEN_ODD_SPACE = re.compile("[.!?…][%s]" % re.escape(ASCII_SPACES + WIDE_SPACES))


def _rows_with_repeats(case_folded: str, min_words: int) -> Optional[List[int]]:
    """The lines (0-based) that may hold a repeated piece of sentence, or None when
    this quick look cannot tell.

    A piece is cut into bits at each character that may end a sentence, its inner
    punctuation and white space taken out: a piece that repeats (the same words,
    trailing stops aside) has the same bits as its copy, at least one of them
    unless its words are all made of stops, which ``_STOP_THEN_ODD_SPACE`` rules
    out (with two words or more). So only the lines that hold a bit that occurs
    twice can hold a repeated piece."""
    if min_words < 2:
        return None
    odd_spaces = [space for space in ASCII_SPACES if space in case_folded]
    if not case_folded.isascii():
        odd_spaces += [space for space in WIDE_SPACES if space in case_folded]
    if odd_spaces and _STOP_THEN_ODD_SPACE.search(case_folded):
        return None
    bits = case_folded.encode("utf-8").translate(_BIT_TABLE, _BIT_DROPS)
    if not case_folded.isascii():
        if "…" in case_folded:
            bits = bits.replace(_ELLIPSIS, b"\0")
        for space in odd_spaces:
            if space not in ASCII_SPACES:
                bits = bits.replace(space.encode("utf-8"), b"")
    present = bits.replace(b"\n", b"\0").split(b"\0")
    distinct = set(present)
    if len(distinct) - (b"" in distinct) == len(present) - present.count(b""):
        return []  # no bit but the empty one occurs twice
    met = [bit for bit, count in Counter(present).items() if count > 1 and bit]
    if len(met) > FEW_BITS:  # line by line
        met = set(met)
        return [row for row, line in enumerate(bits.split(b"\n")) if line and not met.isdisjoint(line.split(b"\0"))]
    # The lines of the few bits that occur twice: each bit between two NULs, found by
    # a search in C (one pass over the text a bit).
    framed = b"\0" + bits.replace(b"\n", b"\0\n\0") + b"\0"
    rows = set()
    for bit in met:
        bit = b"\0" + bit + b"\0"
        row = seen = 0
        at = framed.find(bit)
        while at != -1:
            row += framed.count(b"\n", seen, at)
            seen = at
            rows.add(row)
            at = framed.find(bit, at + len(bit) - 1)
    return sorted(rows)


#: Up to this many bits that occur twice are looked for one by one (see above).
FEW_BITS = 8


def _repeated_pieces(text: str, min_words: int, unmarked: str, case_folded: str,
                     line_starts: List[int]) -> Optional[List[int]]:
    """A quick look for repeated pieces of sentence: the offsets of the pieces (see
    ``_pieces``) of ``min_words`` words or more whose words, trailing full stops
    aside, occur more than once. A sentence that repeats has its pieces repeat,
    unless every one of them is shorter than ``min_words`` ("Dr. J. Lee left.").
    None when lower-casing changed the length and offsets cannot be kept: look at
    everything. ``unmarked`` is the text with the wide marks but the ellipsis turned
    into spaces, ``case_folded`` the same case-folded, ``line_starts`` the offsets of
    the lines.

    The quick looks compare in C what is left of the pieces without their white
    space and stops (see ``_rows_with_repeats`` and below): a superset of the
    repeats, and the same with case-folding for lower-casing (case-folding a
    lower-cased character is case-folding it). Only the pieces they leave are split
    into words."""
    lowered = None
    if len(case_folded) != len(text):
        # (A character whose lower case is longer has a longer case-folding.)
        case_folded = lowered = unmarked.lower()
        if len(lowered) != len(text):
            return None
    # Case-folding and lower-casing agree on ASCII; elsewhere a piece or a line is
    # lower-cased on its own (it is bounded by white space, so that a final sigma
    # stays final).
    same_case = lowered is not None or case_folded.isascii()
    rows = _rows_with_repeats(case_folded, min_words)
    if rows is not None:
        if not rows:
            return []
        texts: List[str] = []
        offsets: List[int] = []
        for row in rows:
            start = line_starts[row]
            end = line_starts[row + 1] - 1 if row + 1 < len(line_starts) else len(text)
            line = case_folded[start:end] if same_case else unmarked[start:end].lower()
            for piece in _pieces(line).decode("utf-8").split("\n"):
                texts.append(piece)
                offsets.append(start)
                start += len(piece) + 1
        return _repeats_among(texts, offsets, min_words)
    pieces = _pieces(case_folded)
    spaceless = _spaceless(pieces, case_folded)
    rough = list(map(bytes.rstrip, filter(None, spaceless), repeat(_STOP_BYTES)))
    if len(set(rough)) == len(rough):
        return []
    rough = list(map(bytes.rstrip, spaceless, repeat(_STOP_BYTES)))
    met = {key for key, count in Counter(compress(rough, spaceless)).items() if count > 1}
    all_texts = pieces.decode("utf-8").split("\n")
    ends = list(accumulate(map(len, all_texts)))  # piece i starts at ends[i - 1] + i
    texts, offsets = [], []
    for index in compress(range(len(all_texts)), map(met.__contains__, rough)):
        piece = all_texts[index]
        at = ends[index - 1] + index if index else 0
        if not same_case:
            piece = _pieces(unmarked[at:at + len(piece)].lower()).decode("utf-8")
        texts.append(piece)
        offsets.append(at)
    return _repeats_among(texts, offsets, min_words)


def _repeats_among(pieces: List[str], offsets: List[int], min_words: int) -> List[int]:
    """The offsets of the pieces (in the order of the text) of ``min_words`` words or
    more whose words, trailing full stops aside, occur more than once."""
    first_at: Dict[str, int] = {}
    repeated: List[int] = []
    for piece, at in zip(pieces, offsets):
        if piece.count(" ") + 1 < min_words:
            continue
        words = piece.split()
        if len(words) >= min_words:
            key = " ".join(words).rstrip(".!?…")
            earlier = first_at.setdefault(key, at)
            if earlier != at:
                repeated.append(earlier)
                repeated.append(at)
    return repeated


#: Sentences of a paragraph at most this many apart repeat "close by": a slip of
#: the scraper, not the author's echo.
NEARBY_SENTENCES = 5

#: Each mark that opens a quotation, with the marks that close it ("“...“" and
#: '“..."' are typing slips). A straight single quote is taken for an apostrophe.
QUOTE_CLOSERS = {'"': '"”“', "“": "”“", "„": "“”", "«": "»", "»": "«", "‘": "’", "‚": "‘’"}
QUOTE_MARKS = re.compile("[\"“”„«»‘’‚]")
#: What may stand before the first word of a quoted sentence.
OPENING_MARKS = "\"“„«»‘‚'([ "


def _quotations(text: str) -> List[Tuple[int, int]]:
    """The spans of ``text`` (offsets of the opening and the closing mark) that are
    inside quotation marks. A closing mark with no opening one closes a quotation
    opened in an earlier paragraph: from the start (-1); an opening mark that is
    not closed opens one that goes on in the next paragraph: to the end."""
    spans: List[Tuple[int, int]] = []
    opened, closers = -1, ""
    for match in QUOTE_MARKS.finditer(text):
        mark, at = match.group(), match.start()
        after = text[at + 1:at + 2]
        if opened < 0:
            if mark == "»" and after.isalnum() or mark == "‘" and after.isalpha() or mark in "\"“„«‚":
                opened, closers = at, QUOTE_CLOSERS[mark]  # (German »...«; ‘ before a digit is an apostrophe)
            elif mark in "”»" and not spans:
                spans.append((-1, at))
        elif mark in closers and not (mark == "’" and after.isalpha()):  # (an apostrophe: "I’m")
            spans.append((opened, at))
            opened = -1
    if opened >= 0:
        spans.append((opened, len(text)))
    return spans


def _starts_quoted(block: Block, at: int, quotations: Dict[int, List[Tuple[int, int]]]) -> bool:
    """Whether the sentence at offset ``at`` of ``block`` starts inside a quotation
    (``quotations`` keeps the quoted spans of the blocks looked at)."""
    spans = quotations.get(block.index)
    if spans is None:
        spans = quotations[block.index] = _quotations(block.text)
    at -= block.start
    head = block.text[at:at + 8]
    at += len(head) - len(head.lstrip(OPENING_MARKS))  # the first word, after the opening marks
    return any(start < at < end for start, end in spans)


def _sentence_shaped(text: str) -> bool:
    """Whether a piece that the splitter took for a sentence reads as one: it has a
    word in lower case, or (a title-case headline) no digit and no section sign.
    The pieces of a citation cut at abbreviations ("2. Aufl., § 12 Rn.") have
    neither."""
    if any(word[:1].islower() for word in text_words(text)):
        return True
    return "§" not in text and not any(c.isdigit() for c in text)


class RepeatedSentence(Rule):
    code = "DU04"
    name = "duplication.repeated-sentence"
    summary = "A sentence repeated within a paragraph, or elsewhere in the article"
    explanation = """
        Aggregators that stitch an article from several sources, and pages that
        repeat a pull quote, leave a sentence twice: in the same paragraph, or once
        inside a paragraph and again elsewhere. A sentence of four words or more
        repeated close by in its paragraph (at most five sentences on), or of eight
        words or more repeated farther away, is reported; whole paragraphs repeated
        are left to DU01 and DU03. Case and punctuation are ignored.

        People repeat themselves on purpose, so these pass: a repeat inside a
        quotation (the speaker's words: "No. I am not saying that. I am not saying
        that."); the running text saying what a heading or pull quote of its own
        said before (the running text is the real one); pieces that are no
        sentence, such as the parts of a citation cut at abbreviations ("2. Aufl.,
        § 12 Rn. 4").

        The fix deletes the later copy. It is safe when that copy is a paragraph of
        its own, or follows close by in the same paragraph. Elsewhere in running
        text (in another paragraph, far on in a long one, or after a copy inside
        quotation marks) the author may mean the repeat, as in an interview, and
        the fix is unsafe.
    """
    bad_example = "The envoy left on Monday. He will return in May. The envoy left on Monday.\n"
    good_example = "The envoy left on Monday. He will return in May.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE
    options = {
        "min-words": Option(4, "Shortest sentence reported when repeated close by in its paragraph",
                            positive_int),
        "min-words-article": Option(8, "Shortest sentence reported when repeated farther away or in "
                                       "another paragraph", positive_int),
    }

    def check(self, doc):
        min_local, min_article = self.settings["min-words"], self.settings["min-words-article"]
        repeated = _repeated_pieces(doc.text, min_local, unmarked_text(doc), case_folded_text(doc),
                                    doc.line_starts)
        if repeated == []:
            return
        all_blocks = blocks(doc)
        if repeated is None:
            candidates = all_blocks
        else:  # only the paragraphs that hold a repeated piece can hold a repeated sentence
            starts = [block.start for block in all_blocks]
            candidates = [all_blocks[i] for i in sorted({bisect_right(starts, at) - 1 for at in repeated})]
        near = None
        quotations: Dict[int, List[Tuple[int, int]]] = {}  # block index -> its quoted spans
        seen_blocks = set()
        seen: Dict[str, Tuple[int, bool, Block]] = {}  # sentence -> (offset, whole paragraph, block)
        text = doc.text
        for block in candidates:
            if block.text.count(" ") + 1 < min_local:
                continue
            block_key = normalise(block.text)
            if block_key in seen_blocks:
                continue  # the whole paragraph repeats: DU01's
            seen_blocks.add(block_key)
            spans = sentences(doc, block)
            whole = len(spans) == 1
            local: Dict[str, int] = {}  # sentence -> its first index in this paragraph
            for i, (start, end) in enumerate(spans):
                if text.count(" ", start, end) + 1 < min_local:
                    continue
                key = normalise(text[start:end])
                n_words = key.count(" ") + 1
                if n_words < min_local:
                    continue
                earlier = seen.get(key)
                first_here = local.setdefault(key, i)
                if first_here == i:
                    first_here = None  # its first copy in this paragraph (which may repeat another one)
                    if earlier is None or n_words < min_article or (whole and earlier[1]):
                        seen.setdefault(key, (start, whole, block))
                        continue
                if not _sentence_shaped(text[start:end]):
                    continue
                if first_here is not None:
                    far = i - first_here > NEARBY_SENTENCES
                    if far and n_words < min_article:
                        continue
                    earlier_at, earlier_whole, earlier_block = spans[first_here][0], False, block
                    where = "earlier in this paragraph"
                else:
                    if near is None:
                        near = near_repeats(doc, NEAR_OPTIONS["threshold"].default,
                                            NEAR_OPTIONS["max-extra-words"].default,
                                            NearDuplicate.options["min-words"].default)
                    if block.index in near:
                        break  # the whole paragraph nearly repeats another: DU03's
                    earlier_at, earlier_whole, earlier_block = earlier
                    far = True
                    where = f"line {doc.position(earlier_at)[0]}"
                if whole:
                    # a paragraph of its own that repeats a sentence: a pull quote, a teaser
                    applicability = Applicability.SAFE
                    span = block_removal_span(doc, block)
                else:
                    if earlier_whole:
                        # A heading or pull quote that the running text then says: the
                        # text is the real one, and the copy later repeats are held to.
                        seen[key] = (start, whole, block)
                        continue
                    if _starts_quoted(block, start, quotations):
                        continue  # the speaker's words
                    safe = not far and not _starts_quoted(earlier_block, earlier_at, quotations)
                    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
                    span = (spans[i - 1][1], end) if i > 0 else (start, spans[1][0])
                yield self.violation(start, end, f"Sentence repeated ({where})",
                                     Fix.delete(span[0], span[1], applicability, "Delete the repeated sentence"))


# A word, blanks, and the same word again (in any case), not part of a longer token
# ("Boutros Boutros-Ghali").
DOUBLED_WORD = regex.compile(r"(?<![\p{L}\p{N}\p{M}'’.-])(\p{L}+)[ \t\u00a0]+(\1)(?![\p{L}\p{N}\p{M}'’-])",
                             regex.IGNORECASE)


if sys.version_info >= (3, 11):
    # A word of the folded text followed by the same word: the possessive run keeps
    # the pattern from retrying shorter words, so that it scans in C at some
    # nanoseconds a character. (A match takes both words; the word after it can only
    # double the same word again.)
    _FOLDED_DOUBLE = re.compile(r" ([^ ]++) \1(?= )")
else:  # pragma: no cover - without possessive runs, a pattern is slower than a split
    _FOLDED_DOUBLE = None


def _doubled_candidates(doc) -> FrozenSet[str]:
    """A quick look for two equal words in a row once case and punctuation are folded
    away (a superset of the doubled words), so that the exact pattern runs only on
    the lines that hold one."""
    joined = folded_words(doc)
    if _FOLDED_DOUBLE is not None:
        return frozenset(match.group(1) for match in _FOLDED_DOUBLE.finditer(joined))
    words = joined.split()
    if not any(map(eq, words, words[1:])):
        return frozenset()
    return frozenset(a for a, b in zip(words, words[1:]) if a == b)


#: Up to this many doubled words are looked for one by one in each line.
FEW_WORDS = 8


def _holds_twice(tokens: List[str], words, sizes: List[int]) -> bool:
    """Whether ``" ".join(tokens)`` holds "w w" for one of ``words`` (whose lengths
    are ``sizes``, in increasing order): the space is one between two tokens, the
    first ending with w and the second starting with it."""
    for first, second in zip(tokens, tokens[1:]):
        longest = min(len(first), len(second))
        for size in sizes:
            if size > longest:
                break
            start = second[:size]
            if start in words and first.endswith(start):
                return True
    return False


@lru_cache(maxsize=1024)
def _pair(word: str) -> "re.Pattern[str]":
    """A case-folded ASCII word, blanks, and the word again: a search that skips
    along the text for the word's letters in C."""
    return re.compile(rf"{re.escape(word)}[ \t\u00a0]+{re.escape(word)}")


def _doubles(text: str, lines, words) -> Iterator["regex.Match"]:
    """The DOUBLED_WORD matches of ``lines`` that can double one of ``words`` (the
    candidates, case-folded): each candidate pair is searched for in the
    case-folded line, and the pattern tried only where one is, instead of at every
    letter. (Many candidates, one beyond ASCII, or a line whose case-folding
    changes lengths, "ß": the line is scanned with the pattern.)"""
    searched = len(words) <= FEW_WORDS and all(word.isascii() for word in words)
    for line in lines:
        folded = text[line.start:line.end].casefold() if searched else ""
        if not searched or len(folded) != line.end - line.start:
            yield from DOUBLED_WORD.finditer(text, line.start, line.end)
            continue
        places = []
        for word in words:
            pair = _pair(word)
            found = pair.search(folded)
            while found is not None:  # (overlapping: "bathe the the" holds "the the" twice)
                places.append(found.start())
                found = pair.search(folded, found.start() + 1)
        done = 0
        for at in sorted(places):
            if at < done:
                continue
            match = DOUBLED_WORD.match(text, line.start + at, line.end)
            if match is not None:
                yield match
                done = match.end() - line.start


def _after_comma(text: str, at: int) -> bool:
    """Whether a comma comes before offset ``at``, blanks aside."""
    before = text[max(0, at - 8):at].rstrip(" \t\u00a0")
    return before.endswith(",")


def _inner_capitals(word: str) -> bool:
    """A capital after the first letter of a word not all in capitals: an
    identifier or a brand ("HTTPClient httpclient;"), no slip."""
    return len(word) > 1 and not word.isupper() and not word[1:].islower()


class RepeatedWord(Rule):
    code = "DU05"
    name = "duplication.repeated-word"
    summary = "A word written twice in a row"
    explanation = """
        "the the", "met with president President Moon": a word doubled by an editor's
        slip or by joining two versions of a sentence. Languages double some words
        legitimately, and the article's language (English, German, French, Spanish,
        told from its function words) says which: English "had had", "that that",
        "what it is is", "gave in in the end", "great great grandfather"; German
        "ist das das Ende", "dass sie sie kennt", and a relative pronoun after a
        comma ("der Mann, der der Frau half"); French "nous nous levons". Where
        the language is not told, all of these pass. Names double ("Sirhan Sirhan",
        "Boutros Boutros-Ghali"): pairs where both copies are capitalised pass, and
        so do identifiers ("HTTPClient httpclient;") and words of scripts without
        case, where a space parts phrases. The fix drops the lower-case copy when
        the two differ in case ("President"), otherwise the second; it is safe only
        for words that never stand twice in a row ("the", "of"; "a" and "an" in
        English text only, as they are words of other languages too).
    """
    bad_example = "The envoy met the the foreign minister on Monday.\n"
    good_example = "The envoy met the foreign minister on Monday.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def setup(self):
        data = _data()
        self.universal = data["legitimate_doubles"]
        by_language = data["legitimate_doubles_by_language"]
        after_comma = data["legitimate_doubles_after_comma"]
        # A text whose language is not told ("") is held to every list.
        self.legitimate = {language: self.universal | words for language, words in by_language.items()}
        self.legitimate[""] = self.universal.union(*by_language.values())
        self.after_comma = dict(after_comma, **{"": frozenset().union(*after_comma.values())})
        self.certain = data["certain_doubles"]
        self.certain_in_english = data["certain_doubles_in_english"]
        # The words whose verdict the language decides: for the others it is not told.
        self.by_language = self.legitimate[""] | self.after_comma[""] | self.certain_in_english

    def check(self, doc):
        words = [w for w in _doubled_candidates(doc) if w not in self.universal and w.isalpha()]
        if not words:
            return
        # (Told only for the few documents with a double that needs it: most are "the the".)
        language = None if self.by_language.isdisjoint(words) else document_language(doc)
        legitimate = self.legitimate.get(language, self.universal)
        words = [w for w in words if w not in legitimate]
        if not words:
            return
        after_comma = self.after_comma.get(language, frozenset())
        if len(words) <= FEW_WORDS:
            doubles = [f"{w} {w}" for w in words]
            lines = [line for line, key in zip(doc.lines, line_keys(doc)) if any(d in key for d in doubles)]
        else:  # (the same lines, in time linear in the text)
            words = set(words)
            sizes = sorted(set(map(len, words)))
            lines = [line for line, tokens in zip(doc.lines, line_tokens(doc)) if _holds_twice(tokens, words, sizes)]
        for match in _doubles(doc.text, lines, words):
            first, second = match.group(1), match.group(2)
            word = first.casefold()
            if language is None and word in self.by_language:  # (defensive: the quick look lists every double)
                language = document_language(doc)
                legitimate = self.legitimate.get(language, self.universal)
                after_comma = self.after_comma.get(language, frozenset())
            if word in legitimate or (first[:1].isupper() and second[:1].isupper()):
                continue
            if first.lower() == first.upper() or _inner_capitals(first) or _inner_capitals(second):
                continue  # a script without case (its spaces part phrases), an identifier
            if word in after_comma and _after_comma(doc.text, match.start()):
                continue  # a relative pronoun and an article
            certain = word in self.certain or (word in self.certain_in_english and language in ("en", ""))
            if first != second and first[:1].isupper():
                span, kept = (match.end(1), match.end(2)), first  # "The the": drop the lower-case copy
            elif first != second and second[:1].isupper():
                span, kept = (match.start(1), match.start(2)), second  # "president President"
                certain = False
            else:
                span, kept = (match.end(1), match.end(2)), first
            applicability = Applicability.SAFE if certain else Applicability.UNSAFE
            yield self.violation(match.start(), match.end(), f"Word repeated: '{first} {second}'",
                                 Fix.delete(span[0], span[1], applicability, f"Keep one '{kept}'"))


RULES = [RepeatedLine, RepeatedHeadline, NearDuplicate, RepeatedSentence, RepeatedWord]
