"""Encoding and typography rules (EN): mojibake, HTML residue, lost and invisible
characters, wrong apostrophes and quotes, a space before punctuation.

Every rule first runs one compiled pattern over the whole text and does its
slower work only where that pattern hits: most articles have none of these
defects, and the linter must stay fast on a large corpus.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

import regex

from lint.document import Document
from lint.rule import Applicability, Fix, Rule, Severity
from rules.datafiles import data_path, read_lines
from rules.language import document_language, language_of
from rules.preformatted import looks_like_code, opens_code_block
from rules.whitespace import unprintable_lines


class _Lazy:
    """A pattern compiled on its first use. Most texts never need most of these
    patterns, and compiling them all (the regex module's compiler above all)
    costs more at start-up than checking a small file."""

    __slots__ = ("_compile", "_args", "_pattern")

    def __init__(self, compile, *args) -> None:
        self._compile = compile
        self._args = args
        self._pattern = None

    def __getattr__(self, name: str):  # only the pattern's own attributes get here
        if self._pattern is None:
            self._pattern = self._compile(*self._args)
        return getattr(self._pattern, name)


def _utf8(doc: Document) -> bytes:
    """The text as UTF-8 (lone surrogates kept), shared by the rules that look
    for bytes: a test for a byte is much faster than a pattern's scan."""
    data = doc.cache.get("encoding.utf8")
    if data is None:
        data = doc.cache["encoding.utf8"] = doc.text.encode("utf-8", "surrogatepass")
    return data


@lru_cache(maxsize=None)
def _word_set(name: str) -> FrozenSet[str]:
    return frozenset(word.lower() for word in read_lines(data_path("encoding", name)))


# --------------------------------------------------------------------------- EN01
# UTF-8 read as Windows-1252 or Latin-1 turns every non-ASCII character into a
# lead character (Â..ô) followed by the character a continuation byte
# (0x80-0xBF) becomes.
# C1 controls are Windows-1252 text read as Latin-1. "Â " / "Ã " are mojibake
# whose non-breaking space was turned into a plain one.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]|[\u0080-\u009f]|[\u00c2\u00c3] ")
# Every hint starts with one of these; most articles have none. The hint pattern
# is tried only where the scan for them stops. (The standard re module is used
# for most plain classes, which it scans faster; this one range regex scans
# three times faster.)
MOJIBAKE_PREFILTER = _Lazy(regex.compile, "[\u0080-\u00f4]")


@lru_cache(maxsize=None)
def _ftfy():
    """ftfy's encoding repair and its settings, imported on the first suspicious
    line: the import costs more than checking most texts."""
    import ftfy

    # Only the encoding repair (re-decoding, with its subordinate fixes: a lost
    # non-breaking space byte, lossy sequences, inconsistent UTF-8, C1 controls),
    # not ftfy's whole pipeline: quotes stay curly, HTML and control characters
    # are other rules' business, and no normalisation rewrites legitimate text.
    # It also runs once instead of twice per suspicious line (fix_and_explain
    # repeats its whole pipeline until nothing changes; this step already does).
    return ftfy.fix_encoding_and_explain, ftfy.TextFixerConfig(explain=True)

# ftfy steps that guess (a space that was a non-breaking space, a lost byte) rather
# than re-decode what is there: their repair is offered as unsafe.
GUESSING_STEPS = {"restore_byte_a0", "replace_lossy_sequences"}
TOKENS = re.compile(r"(\s+)")
WORD_SPANS = re.compile(r"\S+")
MAX_ALIGNED_TOKENS = 20000  # a diff of word lists is fast, but not linear
#: The words either side of a suspicious character that ftfy is shown with it:
#: context enough for its judgement, and much less text than a paragraph (ftfy's
#: time grows with the text it reads).
CONTEXT_WORDS = 2


@lru_cache(maxsize=4096)
def _repaired(text: str) -> Tuple[str, bool]:
    """ftfy's re-decoding of ``text``, and whether it had to guess. Memoised: a
    site that mangles one word mangles it in every article."""
    repair, config = _ftfy()
    result = repair(text, config)
    steps = {step for _, step in (result.explanation or [])}
    guessed = bool(steps & GUESSING_STEPS) or result.text.count("\ufffd") > text.count("\ufffd")
    return result.text, guessed


def _suspicious_windows(line: str) -> List[Tuple[int, int]]:
    """The spans of ``line`` that ftfy is shown: each suspicious character with
    CONTEXT_WORDS words either side, windows that meet merged."""
    words = [match.span() for match in WORD_SPANS.finditer(line)]
    if not words:  # the suspicious characters are all white space ("\x85"): the line is the window
        return [(0, len(line))]
    starts = [start for start, _ in words]
    windows: List[Tuple[int, int]] = []
    for hint in MOJIBAKE_HINT.finditer(line):
        first = max(0, bisect_right(starts, hint.start()) - 1 - CONTEXT_WORDS)
        last = min(len(words) - 1, bisect_right(starts, hint.end() - 1) - 1 + CONTEXT_WORDS)
        start, end = words[first][0], words[last][1]
        if windows and start <= windows[-1][1] + 1:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


class Mojibake(Rule):
    code = "EN01"
    name = "encoding.mojibake"
    summary = "Mojibake: text decoded with the wrong encoding (Ã©, â€™, Â£)"
    explanation = """
        When UTF-8 text is read as Windows-1252 or Latin-1, every accented letter,
        curly quote or dash becomes two or three odd characters: "cafÃ©",
        "Koreaâ€™s", "Â£5". The rule asks ftfy whether the words around a
        suspicious character re-decode into ordinary text and reports only the
        characters ftfy changes (it never straightens curly quotes). The fix
        restores the characters; it is safe when ftfy re-decodes what is there,
        and unsafe when it has to guess a lost byte or a non-breaking space.
    """
    bad_example = "The caf\u00c3\u00a9 near the ministry reopened on Monday.\n"
    good_example = "The caf\u00e9 near the ministry reopened on Monday.\n"
    severity = Severity.ERROR
    fixable = Applicability.SAFE

    def check(self, doc: Document):
        text = doc.text
        if text.isascii():
            return
        data = _utf8(doc)
        if b"\xc2" not in data and b"\xc3" not in data:
            return  # no character from U+0080 to U+00FF, the lead bytes C2 and C3
        pos = 0
        search, hint = MOJIBAKE_PREFILTER.search, MOJIBAKE_HINT.match
        while True:
            candidate = search(text, pos)
            if candidate is None:
                return
            pos = candidate.start()
            if not hint(text, pos):
                pos += 1
                continue
            line = doc.lines[doc.position(pos)[0] - 1]
            pos = line.end + 1  # the line's suspicious characters are looked at together
            for window_start, window_end in _suspicious_windows(line.text):
                yield from self._repairs(line.text[window_start:window_end], line.start + window_start)

    def _repairs(self, old: str, offset: int):
        new, window_guessed = _repaired(old)
        if new == old:
            return
        for start, end, replacement, shown_old, shown_new in _changed_spans(old, new):
            # "Ã " read as "à": the space stood for a lost non-breaking space byte.
            guessed = window_guessed or " " in old[start:end] or (
                old[end:end + 1] == " " and old[end - 1:end] in ("\u00c2", "\u00c3"))
            applicability = Applicability.UNSAFE if guessed else Applicability.SAFE
            yield self.violation(
                offset + start, offset + end,
                f"Mojibake {_short(shown_old)!r} should read {_short(shown_new)!r}",
                Fix.replace(offset + start, offset + end, replacement, applicability,
                            f"Re-decode as {_short(shown_new)!r}"),
            )


def _changed_spans(old: str, new: str) -> Iterator[Tuple[int, int, str, str, str]]:
    """The spans of ``old`` that differ in ``new``: (start, end, replacement, and
    the whole words before and after, for the message).

    ftfy rewrites characters inside words and seldom touches whitespace, so the
    lines are compared word by word: pairwise when the spaces are unchanged,
    else aligned by a diff of the word lists (never a diff of characters, which
    is slow on long lines).
    """
    old_tokens, new_tokens = TOKENS.split(old), TOKENS.split(new)
    if len(old_tokens) == len(new_tokens) and old_tokens[1::2] == new_tokens[1::2]:
        pairs = [(i, i + 1, i, i + 1) for i in range(len(old_tokens)) if old_tokens[i] != new_tokens[i]]
    elif len(old_tokens) <= MAX_ALIGNED_TOKENS:  # a space was taken for a lost byte: align the words
        matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
        pairs = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    else:  # a huge single-line text: one span from the first change to the last
        pairs = [(0, len(old_tokens), 0, len(new_tokens))]
    starts = [0]
    for token in old_tokens:
        starts.append(starts[-1] + len(token))
    for i1, i2, j1, j2 in pairs:
        before, after = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        start, end, replacement = _trim(before, after)
        yield starts[i1] + start, starts[i1] + end, replacement, before.strip() or before, after.strip()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _trim(old: str, new: str) -> Tuple[int, int, str]:
    """The smallest span of ``old`` to replace to get ``new``."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, len(old) - tail, new[head:len(new) - tail]


# --------------------------------------------------------------------------- EN02
_NAMED = r"[A-Za-z][A-Za-z0-9]{1,31};"
_NUMERIC = r"#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};"
# "&amp;" may repeat when a page escaped its text twice; the legacy names that
# browsers accept without a semicolon are taken too, as whole words.
# The patterns of rules that most texts give no work (no "&", no "<", no "‘")
# are compiled on first use: compiling them costs more at start-up than checking
# a small file.


@lru_cache(maxsize=None)
def _html_entity():
    return regex.compile(rf"&(?:amp;)*(?:{_NUMERIC}|{_NAMED})|&(?:nbsp|amp|quot|lt|gt)(?![A-Za-z0-9;])")


class HtmlEntity(Rule):
    code = "EN02"
    name = "encoding.html-entity"
    summary = "An HTML entity left in the text (&amp; &#8217; &nbsp;)"
    explanation = """
        A scraper that copies the page's source instead of its rendered text leaves
        character references such as "&amp;", "&#8217;" or "&nbsp;" in the article.
        The fix replaces the entity by the character it stands for (a doubly
        escaped "&amp;#8217;" included). Only entities HTML defines are reported,
        so "AT&T" or "R&D" pass.
    """
    bad_example = "Shares of AT&amp;T fell after the president&#8217;s remarks.\n"
    good_example = "Shares of AT&T fell after the president\u2019s remarks.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def check(self, doc: Document):
        text = doc.text
        if "&" not in text:
            return
        for match in _html_entity().finditer(text):
            entity = match.group()
            decoded = _unescape(entity)
            if decoded is None:
                continue
            shown = unicodedata.name(decoded, repr(decoded)) if len(decoded) == 1 and not decoded.isprintable() \
                else decoded
            twice = " (escaped twice)" if entity.startswith("&amp;") and len(entity) > 5 else ""
            yield self.violation(
                match.start(), match.end(), f"HTML entity {entity!r}{twice} in text: {shown}",
                Fix.replace(match.start(), match.end(), decoded, Applicability.SAFE,
                            f"Replace by {decoded!r}"),
            )


def _unescape(entity: str) -> Optional[str]:
    """The text an entity stands for, or None when it is not an HTML entity."""
    # Strip the "amp;" of each extra escaping by moving an offset: cutting a copy
    # per level would be quadratic in a long chain ("&amp;amp;amp;...").
    skipped = 1
    while entity.startswith("amp;", skipped) and len(entity) - skipped > 4:
        skipped += 4
    inner = "&" + entity[skipped:]
    if inner.startswith("&#"):
        import html
        return html.unescape(inner)
    from html.entities import html5
    name = inner[1:] if inner.endswith(";") else inner[1:] + ";"
    if name not in html5:
        return None
    return html5[name]


# --------------------------------------------------------------------------- EN03
_ATTRIBUTE = r"""\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"<>\n]*"|'[^'<>\n]*'|[^\s"'=<>`]+))?"""


@lru_cache(maxsize=None)
def _html_tag():
    elements = "|".join(sorted(_word_set("html_elements.txt"), key=len, reverse=True))
    # The attributes are matched possessively: a tag that never closes fails once,
    # instead of trying every shorter run of its attributes (quadratic time).
    return regex.compile(rf"<(/?)({elements})(?:{_ATTRIBUTE})*+\s*/?>|<!--.*?-->", regex.IGNORECASE)


class HtmlTag(Rule):
    code = "EN03"
    name = "encoding.html-tag"
    summary = "An HTML tag or comment left in the text (<br>, <p>, </a>)"
    explanation = """
        Markup that survived extraction: line-break and paragraph tags, the ends
        of links, formatting tags, comments. Only the names of real HTML elements
        with well-formed attributes are reported, so "<3" or "a < b > c" pass, and
        so does markup in a code sample (an indented line, or one that opens
        with a prompt such as ">>> ").
        The fix removes the tag (a tag that separated two words leaves a space);
        the words between an opening and a closing tag are kept.
    """
    bad_example = "The envoy arrived on Sunday.<br>Talks began at noon, <a href=\"/x\">officials</a> said.\n"
    good_example = "The envoy arrived on Sunday. Talks began at noon, officials said.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def setup(self) -> None:
        self.block = _word_set("block_elements.txt")

    def check(self, doc: Document):
        text = doc.text
        if "<" not in text:
            return
        for match in _html_tag().finditer(text):
            start, end = match.start(), match.end()
            if opens_code_block(doc.lines[doc.position(start)[0] - 1].text):
                continue  # markup quoted in a code sample is the sample's
            element = (match.group(2) or "").lower()
            before = text[start - 1] if start else "\n"
            after = text[end] if end < len(text) else "\n"
            replacement = ""
            if element in self.block and not before.isspace() and not after.isspace():
                replacement = " "  # "Sunday.<br>Talks" becomes "Sunday. Talks"
            kind = "comment" if not element else f"tag <{match.group(1)}{element}>"
            yield self.violation(
                start, end, f"HTML {kind} left in text",
                Fix.replace(start, end, replacement, Applicability.SAFE, f"Remove the HTML {kind}"),
            )


# --------------------------------------------------------------------------- EN04
REPLACEMENT_RUN = _Lazy(regex.compile, "\ufffd+")


class ReplacementCharacter(Rule):
    code = "EN04"
    name = "encoding.replacement-character"
    summary = "U+FFFD replacement character: a character lost in decoding"
    explanation = """
        "\ufffd" marks a byte that could not be decoded: the original character
        (often an accented letter, a quote or a dash) is gone. The text cannot be
        repaired from itself; re-fetch or re-decode the source. No fix is offered.
    """
    bad_example = "The minister met his counterpart in Bras\ufffdlia.\n"
    good_example = "The minister met his counterpart in Bras\u00edlia.\n"
    severity = Severity.WARNING
    fixable = None

    def check(self, doc: Document):
        if "\ufffd" not in doc.text:
            return
        for match in REPLACEMENT_RUN.finditer(doc.text):
            count = len(match.group())
            what = "a replacement character" if count == 1 else f"{count} replacement characters"
            yield self.violation(match.start(), match.end(),
                                 f"Text has {what} (U+FFFD): the original character was lost in decoding")


# --------------------------------------------------------------------------- EN05
ESCAPE_SEQUENCE = _Lazy(re.compile, r"\x1b\[[0-?]*[ -/]*[@-~]")
INVISIBLE = _Lazy(re.compile,
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\r\x81\x8d\x8f\x90\x9d"  # controls (C1 others are EN01's)
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")
BIDI_MARKS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
RTL_LETTER = _Lazy(regex.compile, r"[\p{Bidi_Class=R}\p{Bidi_Class=AL}]")
# Scripts whose spelling uses zero-width joiners and non-joiners (Persian
# "می‌خواهم", Indic conjuncts), and those that mark word breaks with a
# zero-width space (Thai, Khmer, ...).
JOINING_SCRIPT = _Lazy(regex.compile,
    r"[\p{Arabic}\p{Syriac}\p{Thaana}\p{Nko}\p{Mongolian}\p{Devanagari}\p{Bengali}"
    r"\p{Gurmukhi}\p{Gujarati}\p{Oriya}\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}"
    r"\p{Sinhala}\p{Tibetan}\p{Myanmar}\p{Khmer}\p{Hebrew}\p{M}]")
BREAK_SCRIPT = _Lazy(regex.compile,
    r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}\p{Han}\p{Hiragana}\p{Katakana}]")
EMOJI_BEFORE_ZWJ = _Lazy(regex.compile, r"[\p{Extended_Pictographic}\ufe0f\U0001f3fb-\U0001f3ff]")
EMOJI = _Lazy(regex.compile, r"\p{Extended_Pictographic}")
SPACING_CONTROLS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")


class InvisibleCharacter(Rule):
    code = "EN05"
    name = "encoding.invisible-character"
    summary = "A control, zero-width or stray direction character in the text"
    explanation = """
        Control characters, zero-width spaces, soft hyphens, byte-order marks and
        direction marks are invisible in a reader but split words for search,
        deduplication and tokenisers. Left alone where they belong: a zero-width
        joiner inside an emoji sequence (👩‍🔬), joiners and non-joiners in scripts
        that spell with them (Persian, Indic), zero-width spaces between Thai or
        Japanese words, and direction marks on a line with right-to-left text.
        The fix deletes the character (a form feed or vertical tab between words
        becomes a space; a lone carriage return becomes a line break, unsafely).
    """
    bad_example = "The talks\u200b resumed on Sun\u00adday.\n"
    good_example = "The talks resumed on Sunday. The scientist posted 👩\u200d🔬 on Monday.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def check(self, doc: Document):
        text = doc.text
        # Every character of the pattern is unprintable: only the lines that
        # hold such a character (few, if any) are scanned.
        for line in unprintable_lines(doc):
            yield from self._check_line(doc, text, line)

    def _check_line(self, doc: Document, text: str, line):
        rtl: Optional[bool] = None  # whether the line has right-to-left text, once asked
        for match in INVISIBLE.finditer(text, line.start, line.end):
            start, end = match.start(), match.end()
            char = match.group()
            if char == "\x1b":  # a terminal colour code goes whole
                escape = ESCAPE_SEQUENCE.match(text, start)
                if escape:
                    end, char = escape.end(), escape.group()
            if len(char) == 1 and char in BIDI_MARKS:
                if rtl is None:
                    rtl = RTL_LETTER.search(line.text) is not None
                if rtl:
                    continue  # a direction mark on a line with right-to-left text
            elif len(char) == 1 and self._belongs(doc, char, start):
                continue
            if char == "\r" and text.startswith("\n", end):
                continue  # a CRLF line end in a file with mixed line ends: WS05's business
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            applicability = Applicability.SAFE
            replacement = ""
            if char == "\r":
                replacement, applicability = "\n", Applicability.UNSAFE
            elif char in SPACING_CONTROLS and not before.isspace() and not after.isspace():
                replacement = " "
            yield self.violation(
                start, end, f"Invisible character in text: {_describe(char)}",
                Fix.replace(start, end, replacement, applicability,
                            "Replace by a line break" if replacement == "\n" else
                            "Replace by a space" if replacement else "Delete it"),
            )

    @staticmethod
    def _belongs(doc: Document, char: str, offset: int) -> bool:
        text = doc.text
        before = text[offset - 1] if offset else ""
        after = text[offset + 1] if offset + 1 < len(text) else ""
        if char == "\u200d" and EMOJI_BEFORE_ZWJ.match(before) and EMOJI.match(after):
            return True
        if char in "\u200c\u200d" and (JOINING_SCRIPT.match(before) or JOINING_SCRIPT.match(after)):
            return True
        if char in "\u200b\u2060" and (BREAK_SCRIPT.match(before) or BREAK_SCRIPT.match(after)):
            return True
        if char in BIDI_MARKS:
            line = doc.lines[doc.position(offset)[0] - 1]
            return RTL_LETTER.search(line.text) is not None
        return False


def _describe(char: str) -> str:
    if char.startswith("\x1b"):
        return f"terminal escape sequence {char[1:]!r}"
    if char == "\ufeff":
        return "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte-order mark)"
    name = unicodedata.name(char, None) or _CONTROL_NAMES.get(char, "control character")
    return f"U+{ord(char):04X} {name}"


_CONTROL_NAMES = {"\x00": "NULL", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED",
                  "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x7f": "DELETE"}


# --------------------------------------------------------------------------- EN06
# Korea‘s, don‘t, 1990‘s; O‘Neill, D‘Angelo. The ending must close the word, so
# Hawai‘i or Shi‘a (an ʻokina, an ayn) pass.
@lru_cache(maxsize=None)
def _left_quote_apostrophe():
    suffixes = "|".join(sorted(_word_set("apostrophe_suffixes.txt"), key=len, reverse=True))
    return regex.compile(
        rf"(?<=[\p{{L}}\p{{N}}])\u2018(?=(?i:{suffixes})(?![\p{{L}}\p{{N}}]))|(?<=\b[OD])\u2018(?=\p{{Lu}}\p{{Ll}})")


class LeftQuoteApostrophe(Rule):
    code = "EN06"
    name = "typography.left-quote-apostrophe"
    summary = "A left single quote (‘) used as an apostrophe (Korea‘s)"
    explanation = """
        The apostrophe is the right single quote (’) or the straight one ('). A left
        single quote inside a word ("Korea‘s", "don‘t") comes from a keyboard or
        converter that curled the quote the wrong way. Only English endings
        (‘s ‘t ‘re ‘ll ‘ve ‘d ‘m) and O‘/D‘ names are reported, so a transliteration
        that writes an ʻokina or an ayn with ‘ (Hawai‘i, Shi‘a) passes. The fix is safe.
    """
    bad_example = "The dismantling of North Korea\u2018s missile programme stalled.\n"
    good_example = "The dismantling of North Korea\u2019s missile programme stalled in Hawai\u2018i.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def check(self, doc: Document):
        if "\u2018" not in doc.text:
            return
        for match in _left_quote_apostrophe().finditer(doc.text):
            yield self.violation(
                match.start(), match.end(), "Left single quote \u2018 used as an apostrophe; use \u2019",
                Fix.replace(match.start(), match.end(), "\u2019", Applicability.SAFE, "Replace by \u2019"),
            )


# --------------------------------------------------------------------------- EN07
# The curly quotes (\u2018 \u2019 \u201c \u201d \u201e) and the two low and
# reversed single quotes between them, skipped: one range scans several times
# faster than a set.
CURLY_QUOTES = _Lazy(regex.compile, "[\u2018-\u201e]")
NOT_QUOTES = frozenset("\u201a\u201b")
PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
# What may follow a closing quote: the end, a space, or punctuation.
AFTER_CLOSE = frozenset(" \t\n\u00a0\u202f.,;:!?)]}\u2026\u2013\u2014-/")


def _opens(text: str, pos: int, after: str) -> bool:
    """Whether the quote at ``pos`` can open a quotation: a word, a quote, a
    bracket or an ellipsis follows."""
    return after.isalnum() or after in "\u2018\u201c\"'([\u2026" or text.startswith("...", pos + 1)


def _closes(text: str, pos: int, after: str) -> bool:
    """Whether the quote at ``pos`` stands where a quotation ends. After a space,
    only punctuation or the end of the paragraph shows that a quote closes:
    "and myself \u201c." yes, a hard-wrapped "called it a \u201c" no."""
    if after not in AFTER_CLOSE:
        return False
    before = text[pos - 1] if pos else "\n"
    return not before.isspace() or (after not in " \t\u00a0\u202f\n" or pos + 1 >= len(text)
                                     or PARAGRAPH_BREAK.match(text, pos + 1) is not None)


class MismatchedQuotes(Rule):
    code = "EN07"
    name = "typography.mismatched-quotes"
    summary = "A quotation closed with an opening quote (“…“ or ‘…‘)"
    explanation = """
        A quotation that opens with “ must close with ” (and ‘ with ’). A “ or ‘ that
        stands where the quotation ends (before punctuation, a space or the end of
        the paragraph) while a quotation opened with the same mark is still open is
        the wrong glyph. German „…“ is respected, and a lone quote with nothing
        open is left alone. The fix replaces the mark by the closing one.
    """
    bad_example = "He wrote: \u201cWe continue to make progress.\u201c\n"
    good_example = "He wrote: \u201cWe continue to make progress.\u201d Er sagte: \u201eJa.\u201c\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def check(self, doc: Document):
        text = doc.text
        if "\u201c" not in text and "\u2018" not in text:
            return
        double_open: Optional[str] = None  # the mark that opened the current quotation
        single_open = False
        previous = 0
        for match in CURLY_QUOTES.finditer(text):
            pos = match.start()
            mark = text[pos]
            if mark in NOT_QUOTES:
                continue
            # A quotation never spans paragraphs here: a new paragraph starts afresh
            # (nothing to do when no quotation is open).
            if (double_open is not None or single_open) and text.find("\n", previous, pos) != -1 \
                    and PARAGRAPH_BREAK.search(text, previous, pos):
                double_open, single_open = None, False
            previous = pos
            if mark == "\u201d":
                double_open = None
            elif mark == "\u201e":
                double_open = mark
            elif mark == "\u201c":
                after = text[pos + 1] if pos + 1 < len(text) else "\n"
                opening = _opens(text, pos, after)
                if double_open == "\u201c" and not opening and _closes(text, pos, after):
                    yield self._wrong(pos, "\u201d", "Quotation opened with \u201c is closed with \u201c; use \u201d")
                    double_open = None
                elif double_open == "\u201e":
                    double_open = None  # German closing quote
                elif opening:
                    double_open = mark
            elif mark == "\u2018":
                before = text[pos - 1] if pos else "\n"
                after = text[pos + 1] if pos + 1 < len(text) else "\n"
                if before.isalnum() and after.isalnum():
                    continue  # inside a word: an apostrophe, EN06's business
                opening = _opens(text, pos, after)
                if single_open and not opening and not before.isspace() and _closes(text, pos, after):
                    yield self._wrong(pos, "\u2019", "Quotation opened with \u2018 is closed with \u2018; use \u2019")
                    single_open = False
                elif opening and (before.isspace() or before in "\u201c\"(["):
                    single_open = True
            elif single_open:  # \u2019: closes the quotation, or is an apostrophe
                before = text[pos - 1] if pos else "\n"
                after = text[pos + 1] if pos + 1 < len(text) else "\n"
                if not before.isspace() and not after.isalnum() and _closes(text, pos, after):
                    single_open = False

    def _wrong(self, pos: int, right: str, message: str):
        return self.violation(pos, pos + 1, message,
                              Fix.replace(pos, pos + 1, right, Applicability.SAFE, f"Replace by {right}"))


# --------------------------------------------------------------------------- EN08
# . , ; : ! ? right after a space (or a non-breaking or thin space), or after a
# curly quote that may follow a space ("myself “."). The lookbehind comes after
# the punctuation mark so that the scan looks for the rarer character first.
SPACED_PUNCT = re.compile(r"[.,;:!?](?<=[ \t\u00a0\u202f\u201c\u201d].)")
# The candidates are found faster in a translation of the text's UTF-8 bytes
# than by the pattern's scan: the last byte of a character the pattern wants
# before a mark becomes "S", a mark "P", any other byte "x"; each "SP" is a
# candidate (a continuation byte may end another character: the pattern decides).
_SPACED_PUNCT_BYTES = bytes(
    ord("S") if b in b" \t\xa0\xaf\x9c\x9d" else ord("P") if b in b".,;:!?" else ord("x") for b in range(256))
_NOT_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b <= 0xBF)


def _spaced_marks(text: str, data: bytes) -> Iterator[int]:
    """The offsets where SPACED_PUNCT matches in ``text`` (whose UTF-8 is
    ``data``), in order."""
    mapped = data.translate(_SPACED_PUNCT_BYTES)
    found = mapped.find(b"SP")
    byte_at = char_at = 0
    while found != -1:
        mark = found + 1
        # A character is one byte and its continuation bytes.
        char_at += mark - byte_at - len(data[byte_at:mark].translate(None, _NOT_CONTINUATION))
        byte_at = mark
        if SPACED_PUNCT.match(text, char_at):
            yield char_at
        found = mapped.find(b"SP", mark)
SPACES = " \t\u00a0\u202f"
PUNCT = ".,;:!?"
WORD_END = ")]%\u201d\u2019\""  # may end the word before the space
PUNCT_END = "\u201d\u2019\"\u00bb"  # may follow the punctuation, besides a space
URL_LIKE = _Lazy(re.compile, r"://|^www\.|@|^/|\.(?:com|org|net)\b", re.IGNORECASE)
# URL_LIKE in two parts, so that a token is tested in place (never sliced) and a
# token that grows from one mark to the next is searched only where it grew.
URL_START = _Lazy(re.compile, r"www\.|/", re.IGNORECASE)
URL_INSIDE = _Lazy(re.compile, r"://|@|\.(?:com|org|net)\b", re.IGNORECASE)
LIST_NUMBER = _Lazy(re.compile, r"(?:\d+|[ivxlcdm]+|[a-z])", re.IGNORECASE)
WORD = _Lazy(regex.compile, r"\p{L}+")
FRENCH_SPACED = frozenset(";:!?")


class SpaceBeforePunctuation(Rule):
    code = "EN08"
    name = "typography.space-before-punctuation"
    summary = "A space before . , ; : ! ? in English text (\"Tokyo .\")"
    explanation = """
        English puts no space before a full stop, comma, semicolon, colon,
        exclamation or question mark; "Tokyo ." and "myself “." are left by French
        typography or a translation tool. French text (which spaces before ; : ! ?
        and inside « ») is left alone for those marks, in a French article and in
        a French paragraph of another; an ellipsis ("... and"), spaced dots
        (". . ."), a full stop before a lower-case word ("sh . de"), items set apart
        by spaced full stops ("Maps . Routes . Timetables"), emoticons, numbers
        ("3 : 2"), list markers, URLs and code-like lines pass. The fix removes
        the space.
    """
    bad_example = "The envoy was in Tokyo . He flies to Beijing on Monday .\n"
    good_example = "The envoy was in Tokyo. He flies to Beijing on Monday. « Enfin ! » dit-il ; c’est fait.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def check(self, doc: Document):
        text = doc.text
        done = 0
        scan = _Tokens(text)
        for punct_start in _spaced_marks(text, _utf8(doc)):
            if punct_start < done:
                continue
            space_end = punct_start - 1 if text[punct_start - 1] in "\u201c\u201d" else punct_start
            space_start = space_end
            while space_start > 0 and text[space_start - 1] in SPACES:
                space_start -= 1
            if space_start == space_end or space_start == 0:
                continue
            word_end = text[space_start - 1]
            if not (word_end.isalnum() or word_end in WORD_END):
                continue
            punct_end = punct_start
            while punct_end < len(text) and text[punct_end] in PUNCT:
                punct_end += 1
            if punct_end < len(text) and not (text[punct_end].isspace() or text[punct_end] in PUNCT_END):
                continue  # ".5", ".com", ":)", ",foo": not a sentence mark
            done = punct_end
            punct = text[punct_start:punct_end]
            if not self._is_defect(doc, space_start, punct_end, punct, scan):
                continue
            yield self.violation(
                space_start, punct_end, f"Space before {punct!r}",
                Fix.delete(space_start, space_end, Applicability.SAFE, "Remove the space"),
            )

    def _is_defect(self, doc: Document, space_start: int, punct_end: int, punct: str, scan: "_Tokens") -> bool:
        text = doc.text
        if ".." in punct or (punct == "." and text.startswith(".", _skip_spaces(text, punct_end))):
            return False  # an ellipsis, or spaced dots ". . ."
        line = doc.lines[doc.position(space_start)[0] - 1]
        if scan.code_like(line):
            return False
        # The token before the space: from the last space or tab of the line.
        token_start = scan.last_separator(space_start)
        first_token = token_start < line.start
        start = line.start if first_token else token_start + 1
        if scan.url_like(start, space_start):
            return False
        if first_token and scan.list_number(start, space_start):
            return False  # "1 . Introduction", "a ) ..."
        if space_start - start == 1 and not text[start].isalpha():
            return False
        if punct[0] == ":" and space_start > start and text[space_start - 1].isdigit():
            after = _skip_spaces(text, punct_end)
            if after < len(text) and text[after].isdigit():
                return False  # a score or a time: "3 : 2"
        if punct == ".":
            after = _skip_spaces(text, punct_end)
            if after < len(text) and text[after].islower():
                return False  # "sh . de": no sentence ends before a lower-case word
            if _separator_line(line.text):
                return False  # "Maps . Routes . Timetables"
        if punct[0] in FRENCH_SPACED:
            return document_language(doc) != "fr" and self._english_paragraph(doc, space_start, scan)
        return True

    def _english_paragraph(self, doc: Document, offset: int, scan: "_Tokens") -> bool:
        """Whether the paragraph at ``offset`` reads as English (French spaces
        before ; : ! ? and uses « »); short paragraphs go by the whole document.
        Answered once per paragraph."""
        paragraphs = doc.paragraphs
        starts = doc.cache.get("encoding.paragraph-starts")
        if starts is None:
            starts = doc.cache["encoding.paragraph-starts"] = [p.start for p in paragraphs]
        index = max(0, bisect_right(starts, offset) - 1)
        if index not in scan.english:
            scan.english[index] = self._paragraph_is_english(doc, paragraphs, index)
        return scan.english[index]

    @staticmethod
    def _paragraph_is_english(doc: Document, paragraphs, index: int) -> bool:
        para_text = paragraphs[index].text if paragraphs else ""
        if "\u00ab" in para_text or "\u00bb" in para_text:
            return False
        # (A paragraph too short to tell goes by the document.)
        return (language_of(para_text) or document_language(doc)) == "en"


class _Tokens:
    """What SpaceBeforePunctuation asks of the text around each mark, answered
    so that a document costs linear time however long its lines and tokens:
    each line is tested for code once, the last space or tab before a mark is
    found by one forward scan over the document, and a token that grows from
    one mark to the next (words separated by non-breaking spaces) is searched
    only where it grew."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._code: Dict[int, bool] = {}
        self._scanned = 0
        self._last_space = self._last_tab = -1
        self._url_token = -1  # the start of the token last tested for a URL
        self._url_until = 0
        self._url_found = False
        self._list_token = -1
        self.english: Dict[int, bool] = {}

    def code_like(self, line) -> bool:
        if line.row not in self._code:
            self._code[line.row] = looks_like_code(line.text)
        return self._code[line.row]

    def last_separator(self, end: int) -> int:
        """The offset of the last space or tab before ``end`` (asked for ever
        larger ``end``), or -1."""
        if end < self._scanned:  # never in practice: asked out of order
            return max(self.text.rfind(" ", 0, end), self.text.rfind("\t", 0, end))
        if end > self._scanned:
            space = self.text.rfind(" ", self._scanned, end)
            if space != -1:
                self._last_space = space
            tab = self.text.rfind("\t", self._scanned, end)
            if tab != -1:
                self._last_tab = tab
            self._scanned = end
        return max(self._last_space, self._last_tab)

    def url_like(self, start: int, end: int) -> bool:
        """URL_LIKE.search(text[start:end]). A token with the same start as the
        last one holds it and more, after a non-breaking space (a space or a tab
        would have started a new token), which no match can span."""
        if start != self._url_token:
            self._url_token, self._url_until = start, start
            self._url_found = URL_START.match(self.text, start, end) is not None
        if not self._url_found and end > self._url_until:
            self._url_found = URL_INSIDE.search(self.text, self._url_until, end) is not None
            self._url_until = end
        return self._url_found

    def list_number(self, start: int, end: int) -> bool:
        """LIST_NUMBER.fullmatch(text[start:end]) for the first token of a line.
        A longer token with the same start holds a non-breaking space, which
        LIST_NUMBER cannot match."""
        if start == self._list_token:
            return False
        self._list_token = start
        return LIST_NUMBER.fullmatch(self.text, start, end) is not None


#: A line this short whose items are set apart by spaced full stops is a list.
SEPARATOR_LINE_WORDS = 12


def _separator_line(line: str) -> bool:
    """Whether the line is a short list of items separated by " . "."""
    return line.count(" . ") >= 2 and line.count(" ") < 2 * SEPARATOR_LINE_WORDS


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\u00a0\u202f":
        pos += 1
    return pos


RULES = [
    Mojibake,
    HtmlEntity,
    HtmlTag,
    ReplacementCharacter,
    InvisibleCharacter,
    LeftQuoteApostrophe,
    MismatchedQuotes,
    SpaceBeforePunctuation,
]
