"""Truncation rules (TR): text cut off mid-sentence, fragments, sentences run together.

The rules look at *blocks* (a line, or a hard-wrapped paragraph; see
``rules.sentences``). Headlines, standfirsts, captions and subheadings have no
final full stop and are not truncations, so a rule that reports a missing end asks
for evidence that the block is a sentence that was cut: a last word that cannot
end one ("its", "the"), an ellipsis, an abbreviation that cannot end one, or an
earlier complete sentence in the same block.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

import re
import string

import regex

from lint.document import Document
from lint.rule import Applicability, Fix, Option, Rule, Severity, Violation
from rules.datafiles import data_path, read_toml
from rules.duplication import unmarked_text
from rules.language import is_english
from rules.preformatted import code_line
from rules.sentences import (NEVER_FINAL, OPENERS, WORD, Block, abbreviation_class, abbreviations,
                             block_removal_span, blocks, dangling_words, ends_with_terminal, list_item,
                             paragraph_lines, sentence_starters, sentences, words)

CACHE_TOP = "truncation.first-prose"
CACHE_SPLITS = "truncation.splits"
TERMINAL = frozenset(".!?…")

ELLIPSIS_END = regex.compile(r"(?:\.\s?\.\s?\.|…)\s*\Z")
# Three full stops with at most a character between them: all ELLIPSIS_END needs
# but for "…", found by a quick scan for the literal first stop.
THREE_STOPS = re.compile(r"\.[\s\S]?\.[\s\S]?\.")
ADDRESS = regex.compile(r"https?:|www\.|[@#/]|\.\p{L}{2,}\b")
# A full stop before two letters: the last part of ADDRESS, found by a quick scan.
DOT_LETTERS = re.compile(r"\.[^\W\d_]{2}")


def _address_in(text: str) -> bool:
    """``ADDRESS.search(text)``, after quick looks for what it needs."""
    if not ("/" in text or "@" in text or "#" in text or "www." in text or "http" in text
            or ("." in text and DOT_LETTERS.search(text))):
        return False
    return ADDRESS.search(text) is not None


DOUBLE_QUOTES = regex.compile(r"[\"“”„‟]")
INCH_MARK = regex.compile(r"\d['′]\s?\d{1,2}[\"″]")
# A closing bracket that labels a list item ("1)", "a)", "iv)", "aa)" in German legal
# texts) or ends a smiley (":)").
LIST_OR_SMILEY = regex.compile(r"(?:(?<!\S)(?:\p{L}|(\p{Ll})\1{1,2}|\p{N}{1,2}|[ivx]{2,4})|[:;]-?)\)")
BRACKETS = regex.compile(r"[()\[\]]")
# "end.Start": a full stop (or ? !) between a lower-case word and a capitalised one.
GLUED_STOP = regex.compile(r"(?<=\p{Ll}\p{Ll})[.!?][\"”’)\]]?(?=\p{Lu}\p{Ll})")
# "logged inPlease": a lower-case word of two letters or more, then a capitalised
# word, inside one token that starts at a space, a quote or a bracket. Found from its
# capital (a quick scan), then matched from the token's start.
CAMEL_POINT = regex.compile(r"(?<=\p{Ll}\p{Ll})\p{Lu}(?=\p{Ll}\p{Ll})")
GLUED_CAMEL = regex.compile(r"(\p{Ll}{2,})(\p{Lu}\p{Ll}{2,})(?![\p{L}\p{N}])")
TOKEN_STARTS = " \t\n\"“‘(["
IDENTIFIER_NUMBER = re.compile(r":\d")
# ". said the spokesman": a full stop after a word ending in two lower-case letters,
# then a lower-case word.
# (Found from the full stop, a quick scan; the word before is checked on its own.)
LOWER_AFTER_STOP = regex.compile(r"\.[ \t\u00a0]+(\p{Ll}\S*)")
WORD_BEFORE_STOP = regex.compile(r"\p{L}[\p{L}'’-]*\p{Ll}\p{Ll}")
SENTENCE_OPEN = regex.compile(r"\s*[\"“‘'«(\[]*(\S+)")


@lru_cache(maxsize=None)
def _data() -> Dict[str, FrozenSet[str]]:
    raw = read_toml(data_path("truncation.toml"))
    return {key: frozenset(value) for key, value in raw.items()}


@lru_cache(maxsize=None)
def _dangling_ends() -> Tuple[str, ...]:
    return tuple(dangling_words())


def _cap_ratio(ws: List[str]) -> float:
    """Share of the longer words (four letters or more) after the first that are capitalised:
    high in a title-case headline, low in a sentence."""
    longer = [w for w in ws[1:] if len(w) >= 4 and w.isalpha()]
    if not longer:
        return 1.0 if ws and ws[0][:1].isupper() else 0.0
    return sum(1 for w in longer if w[:1].isupper()) / len(longer)


def _is_prose(block: Block) -> bool:
    """A block that is surely running text: a complete sentence of some length."""
    text = block.text
    if text.count(" ") < 7 or not ends_with_terminal(text):
        return False
    # Eight words, three of them in lower case. Most running text says so in its first
    # tokens: each complete token of letters only is one word.
    tokens = text[:PROSE_LOOK].split()
    if len(text) > PROSE_LOOK:
        tokens.pop()  # maybe cut
    letters = list(filter(str.isalpha, tokens))
    if len(letters) >= 8 and sum(map(str.islower, letters)) >= 3:
        return True
    # Otherwise the words are read until both hold.
    count = lower = 0
    for word in WORD.finditer(block.text):
        count += 1
        if word.group().islower():
            lower += 1
        if count >= 8 and lower >= 3:
            return True
    return False


#: How far into a block the quick look for running text reads.
PROSE_LOOK = 96


def first_prose(doc: Document) -> int:
    """Index of the first block that is running text. Blocks before it are the top of
    the page (headline, standfirst, byline, captions): never reported as cut off."""
    cached = doc.cache.get(CACHE_TOP)
    if cached is None:
        cached = next((b.index for b in blocks(doc) if _is_prose(b)), len(blocks(doc)))
        doc.cache[CACHE_TOP] = cached
    return cached


def last_sentence_removal(doc: Document, block: Block) -> Tuple[int, int]:
    """The span that drops a block's last sentence (the whole block when it is the only one)."""
    spans = sentences(doc, block)
    if len(spans) < 2:
        return block_removal_span(doc, block)
    return spans[-2][1], block.end


class _TruncationRule(Rule):
    """Shared helpers of the family."""

    def cut_off(self, doc: Document, block: Block, message: str,
                severity: Optional[Severity] = None) -> Violation:
        """A violation over the block's unfinished last sentence, with the unsafe fix
        that deletes it (the whole block when it is the only sentence)."""
        spans = sentences(doc, block)
        start = spans[-1][0] if spans else block.start
        end = block.start + len(block.text.rstrip())
        fix_start, fix_end = last_sentence_removal(doc, block)
        return self.violation(start, end, message, Fix.delete(
            fix_start, fix_end, Applicability.UNSAFE, "Delete the unfinished sentence"), severity)


class TrailingEllipsis(_TruncationRule):
    code = "TR01"
    name = "truncation.trailing-ellipsis"
    summary = "A paragraph that breaks off with an ellipsis"
    explanation = """
        Teasers and feeds cut a paragraph at a length limit and append "..." or "…":
        the sentence never finishes ("an agreement for the North to give up its...").
        Writers also end whole sentences with an ellipsis ("Little did I know…"),
        so a paragraph of five words or more that ends with one is reported only
        with evidence that it was cut: the word before the ellipsis cannot end a
        sentence (in English text: "the", "its", "and", "to", "he", "would"; not in
        "and so on..."), it is a word cut in the middle ("Brave, b..."), or the page
        has three paragraphs or more of about the same length cut so (teasers cut
        at a length limit). The top of the
        article (headline, standfirst, before the first paragraph of running text)
        is never reported; an ellipsis inside a quotation ('..."') or in the middle
        of a sentence passes. The unsafe fix deletes the unfinished sentence.
    """
    bad_example = "Officials said the envoy would press the North to give up its...\n"
    good_example = ("Officials said the envoy would press the North to give up its weapons.\n\n"
                    "The envoy had hoped for more. Little did he know…\n")
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE
    options = {
        "min-words": Option(5, "Shorter paragraphs ('Read more...') are left to the chrome rules"),
        "teaser-count": Option(3, "With this many paragraphs of about the same length cut with an ellipsis "
                                  "the page is a list of teasers, and each is reported"),
    }

    def check(self, doc):
        if "…" not in doc.text and not THREE_STOPS.search(doc.text):
            return  # no ellipsis anywhere
        candidates = []  # (block, the word before the ellipsis, the words before it)
        for block in blocks(doc):
            text = block.text.rstrip()
            if not (text.endswith("…") or (text.endswith(".") and text.count(".", max(0, len(text) - 5)) >= 3)):
                continue  # (three full stops end an ellipsis within its last five characters)
            match = ELLIPSIS_END.search(text, len(text) - 6)
            if not match:
                continue
            before = text[:match.start()].rstrip()
            if not before or before[-1] in ".!?,;:" or len(words(text)) < self.settings["min-words"]:
                continue
            if block.index < first_prose(doc):
                continue  # a headline or standfirst ("Das Ministerium informiert…")
            ws = words(before)
            candidates.append((block, ws[-1] if ws else "", ws))
        if not candidates:
            return
        teasers = _teasers([block for block, _, _ in candidates], self.settings["teaser-count"])
        english = None
        for block, last, ws in candidates:
            if block.index in teasers:
                how = f", as {len(teasers) - 1} other paragraphs of about its length do (teasers cut at a length limit)"
            elif len(last) == 1 and last.isalpha() and last not in _data()["one_letter_words"]:
                how = " in mid-word"
            else:
                if not _cut_before_ellipsis(ws):
                    continue  # a whole sentence, written with a trailing ellipsis
                if english is None:
                    english = is_english(doc)  # (the words are English: German "an", French "a")
                if not english:
                    continue
                how = " in mid-phrase"
            yield self.cut_off(
                doc, block, f"Paragraph breaks off with an ellipsis after '{last}'{how}: the sentence is cut off")


#: Teasers cut at one length limit differ in length by at most this share of it.
TEASER_SPREAD = 0.25


def _teasers(cut: List[Block], count: int) -> Set[int]:
    """The indices of the blocks of ``cut`` (paragraphs ending with an ellipsis)
    that are teasers cut at a length limit: ``count`` or more of about the same
    length. Writers end whole sentences of any length with an ellipsis."""
    if len(cut) < count:
        return set()
    lengths = sorted(len(block.text.rstrip()) for block in cut)
    middle = lengths[len(lengths) // 2]
    alike = {block.index for block in cut if abs(len(block.text.rstrip()) - middle) <= TEASER_SPREAD * middle}
    return alike if len(alike) >= count else set()


def _cut_before_ellipsis(ws: List[str]) -> bool:
    """Whether the last of the words ``ws`` before an ellipsis cannot end an English
    sentence ("...give up its...", "...duties on..."), unless the last two words are
    an ending that can ("and so on...")."""
    last = ws[-1] if ws else ""
    if not last.islower():
        return False
    data = _data()
    if last not in dangling_words() and last not in data["ellipsis_cut_words"]:
        return False
    return " ".join(ws[-2:]) not in data["ellipsis_whole_endings"]


class AbbreviationEnding(_TruncationRule):
    code = "TR02"
    name = "truncation.abbreviation-ending"
    summary = "A paragraph that ends on an abbreviation no sentence ends on"
    explanation = """
        A paragraph cut at a full stop by a naive sentence splitter ends on the
        abbreviation that fooled it: "...the hope that a second U.S." or "...said
        Gen.". Titles ("Mr.", "Dr."), "No.", "e.g." never end a sentence; "U.S.",
        "U.K." end one only as a noun ("moved to the U.S."), not after "a",
        "another" or "second", where a noun must follow. German, French and Spanish
        abbreviations are known too ("bzw.", "Nr.", "Sra."). After a number, "vol."
        and "pp." are units and may end the text ("10 % vol.", "188 pp."). The
        unsafe fix deletes the unfinished sentence.
    """
    bad_example = "The minister expressed the hope that a second U.S.\n"
    good_example = "The minister expressed the hope that a second U.S. delegation would come.\n"
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE

    def setup(self):
        self.units = _data()["unit_abbreviations"]

    def check(self, doc):
        modifiers = _data()["noun_modifiers"]
        known = abbreviations()
        for block in blocks(doc):
            text = block.text.rstrip()
            if not text.endswith("."):
                continue
            cut = text.rfind(" ")
            if block.first_line != block.last_line:
                cut = max(cut, text.rfind("\n"))
            token = text[cut + 1:].lstrip(OPENERS)
            # (initials, the one class not in the table, end sentences: the table says all)
            kind = known.get(token, "")
            if kind not in NEVER_FINAL and kind != "proper":
                continue
            before = text[:len(text) - len(token)].rstrip()
            ws = words(before)
            if not ws or before[-1] in ".!?:;,\"“”—–-":
                continue  # the abbreviation stands as a sentence or an answer ("He said: No.")
            if kind == "proper" and ws[-1].casefold() not in modifiers:
                continue
            if token in self.units and ws[-1][-1].isdigit():
                continue  # a unit after a quantity ends it: "10 % vol.", "188 pp."
            yield self.cut_off(
                doc, block, f"Paragraph ends on '{token}', which cannot end a sentence: the sentence is cut off")


class MissingEnd(_TruncationRule):
    code = "TR03"
    name = "truncation.missing-end"
    summary = "A paragraph of running text that stops without closing its sentence"
    explanation = """
        Headlines, captions and subheadings have no final full stop, so a missing
        stop alone proves nothing. This rule reports a paragraph without final
        punctuation when there is evidence that it is a sentence cut short: it ends
        with a comma, its last word cannot end a sentence ("...visit the"; English
        text only: German "bietet ... an" ends on a particle), or an earlier
        sentence in the same paragraph is complete. A long paragraph in sentence
        case (20 words or more) below the top of the article is reported at info
        level. The top of the article (before the first paragraph of running text)
        is never reported, and neither are: a lead-in to a quotation or a code
        block in the next paragraph ('Pompeo declared,' above the quoted speech,
        'To install a package, run' above '$ pip install'), the salutation or
        closing of a letter ('Dear friends,'), a list item ending in a comma or an
        enumeration ('...; or'), a caption ending in a place and date or a credit
        ('Paris - 2 February 2019', '© AP'), the attribution after a quotation, a
        label after a colon ('...in die Runde: DOWNLOAD'), a smiley or a footnote
        number after the stop. The unsafe fix deletes the unfinished sentence when
        the evidence is strong.
    """
    bad_example = ("The envoy arrived in the capital on Sunday.\n\n"
                   "Officials said the two sides would meet again. The envoy hoped to visit the\n")
    good_example = ("Envoy arrives in the capital\n\n"
                    "Officials said the two sides would meet again. The envoy hoped to visit the north.\n\n"
                    "In a statement, the envoy declared,\n\n"
                    "\"We will be back in the spring.\"\n")
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE
    options = {
        "long-words": Option(20, "A paragraph this long without final punctuation is reported at info level"),
    }

    def check(self, doc):
        dangling = dangling_words()
        dangling_ends = _dangling_ends()
        top = first_prose(doc)
        all_blocks = blocks(doc)
        english = None
        for block in all_blocks:
            text = block.text.rstrip()
            if not text or text[-1] in TERMINAL or ends_with_terminal(text) or text[-1] in ":;":
                continue  # (most paragraphs end with their full stop: the first look says so)
            if (text[-1] != "," and not text.endswith(dangling_ends)
                    and (block.index < top or _address_in(text) or list_item(text)
                         or not (text[-1].isalnum() or text[-1] in "\"”’"))):
                continue  # no comma or dangling word at the end, and skipped below: spare the words
            ws = words(text)
            if len(ws) < 4 or block.index in split_blocks(doc):
                continue  # (a sentence that goes on in the next paragraph is TR08's)
            nxt = all_blocks[block.index + 1].text if block.index + 1 < len(all_blocks) else ""
            if code_line(nxt):
                continue  # a lead-in to a code sample ("To install a package, simply run")
            end = block.start + len(text)
            if text[-1] == ",":
                if len(ws) >= 5 and not (_opens_quotation(nxt) or list_item(text)
                                         or _in_letter_frame(doc, block, text)):
                    yield self.cut_off(doc, block, "Paragraph ends with a comma: the sentence is cut off")
                continue
            last = ws[-1]
            if last.islower() and last in dangling and text.endswith(last):
                if english is None:
                    english = is_english(doc)  # (the list is English: German "bietet ... an")
                if english and text[:-len(last)].rstrip()[-1:] != ";":  # not an enumeration ("...; or")
                    yield self.cut_off(doc, block, f"Paragraph ends on '{last}': the sentence is cut off")
                    continue
            if block.index < top or _address_in(text) or list_item(text) or not (text[-1].isalnum() or text[-1] in "\"”’"):
                continue  # the top of the page, an address, a symbol or a parenthesis at the end
                # ("(Reporting by Jane Doe; Editing by John Smith)")
            if _closed_otherwise(text):
                continue  # a smiley, a footnote or a label at the end
            spans = sentences(doc, block)
            tail = doc.text[spans[-1][0]:end] if spans else text
            if _caption_end(tail):
                continue
            tail_words = words(tail)
            if len(spans) >= 2 and len(tail_words) >= 4 and _cap_ratio(tail_words) < 0.5:
                previous = doc.text[spans[-2][0]:spans[-2][1]].rstrip()
                if previous[-1:] in CLOSING_QUOTES:
                    continue  # the attribution after a quotation ('..." Jane Doe, author of a study')
                if len(words(previous)) < 3:
                    continue  # a title's exclamation or label ("Endlich schlank! Mit diesen 8 Tipps ...")
                yield self.cut_off(doc, block,
                                   "The paragraph's last sentence has no final punctuation: it may be cut off")
            elif len(spans) == 1 and len(ws) >= self.settings["long-words"] and _cap_ratio(ws) < 0.5:
                yield self.violation(block.start, end,
                                     "A long sentence without final punctuation: it may be cut off",
                                     severity=Severity.INFO)


CLOSING_QUOTES = "\"”“»«’"
OPENING_QUOTES = "\"“„«»‘‚‹>"  # (">": a quotation block in Markdown)


def _opens_quotation(text: str) -> bool:
    """Whether a paragraph opens with a quotation mark: the quotation that a
    paragraph ending with a comma ("Pompeo declared,") leads into."""
    return text.lstrip()[:1] in OPENING_QUOTES if text else False


@lru_cache(maxsize=None)
def _letter_phrases() -> Tuple["regex.Pattern", "regex.Pattern"]:
    """The salutation at the start of a paragraph, and a closing phrase anywhere
    in a sentence, as patterns of whole words (case-insensitive)."""
    def alternatives(phrases):
        return "|".join(map(regex.escape, sorted(phrases, key=len, reverse=True)))
    data = _data()
    return (regex.compile(rf"(?:{alternatives(data['salutations'])})(?=[\s,])", regex.IGNORECASE),
            regex.compile(rf"\b(?:{alternatives(data['letter_closings'])})\b", regex.IGNORECASE))


def _in_letter_frame(doc: Document, block: Block, text: str) -> bool:
    """Whether a paragraph ending with a comma is a letter's salutation ("Dear
    friends,", "Liebe Freunde der Unterhaltung,") or closing ("All the best, and
    see you in a few weeks,")."""
    salutation, closing = _letter_phrases()
    if salutation.match(text.lstrip()):
        return True
    spans = sentences(doc, block)
    return closing.search(doc.text[spans[-1][0]:block.start + len(text)] if spans else text) is not None


# A smiley or an emoji, maybe inside the closing quotation mark ('...all the time :)"').
SMILEY_END = regex.compile(r"(?:[:;]-?[()DP]|\p{So})[\"”’“]?\Z")
# A footnote number after the full stop ("...stattfinden sollte.17").
FOOTNOTE_END = regex.compile(r"\p{L}[.!?][\"”’“)]?\d{1,3}\Z")
# A label or a link after a colon: at most four words, none in lower case
# ("...werfe es in die Runde: DOWNLOAD", "...vor die Versionsnummer: CC BY AT 2.0").
LABEL_AFTER_COLON = regex.compile(r":\s+(?:[^\s\p{Ll}]\S*)(?:\s+[^\s\p{Ll}]\S*){0,3}\Z")


def _closed_otherwise(text: str) -> bool:
    """Whether a paragraph without final punctuation ends a sentence in another way:
    a smiley, a footnote number after the stop, a label after a colon."""
    return bool(SMILEY_END.search(text, max(0, len(text) - 4)) or FOOTNOTE_END.search(text, max(0, len(text) - 8))
                or (":" in text[-60:] and LABEL_AFTER_COLON.search(text, max(0, len(text) - 60))))


# The end of a caption: a place and date after a dash or a comma ("... Paris - 2
# février 2019", "..., March 16, 2018", "... - 16.03.2018").
CAPTION_DATE = regex.compile(
    r"[-–—,|]\s*(?:\d{1,2}\.?\s+\p{L}+\.?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\Z")


def _caption_end(tail: str) -> bool:
    """Whether the last sentence of a paragraph ends as a photo caption does: with
    a place and date, or with a credit ("© Jane Doe")."""
    if any(mark in tail for mark in _data()["credit_marks"]):
        return True
    return tail[-1:].isdigit() and CAPTION_DATE.search(tail, max(0, len(tail) - 40)) is not None


class UnbalancedQuotes(_TruncationRule):
    code = "TR04"
    name = "truncation.unbalanced-quotes"
    summary = "A paragraph whose quotation marks or brackets do not pair up"
    explanation = """
        A quotation opened and never closed, or a bracket left open, shows a
        paragraph stitched from pieces or cut off inside a quotation. Straight and
        curly double quotes are counted together (their direction is the typography
        rules' business); a quotation that runs on into the next paragraph, which
        then opens with a quotation mark again, is the normal style and passes, and
        so is a quotation opened in one paragraph and closed a few paragraphs on,
        with none between. List labels ("a)", "2)", "aa)"), smileys (":)", "(:"),
        inch marks and brackets inside a name ("da]v[ax") are not brackets or
        quotes.
    """
    bad_example = 'The minister said the talks were "a step forward and would go on.\n'
    good_example = 'The minister said the talks were "a step forward" and would go on.\n'
    severity = Severity.WARNING

    def check(self, doc):
        all_blocks = blocks(doc)
        odd: List[Tuple[Block, int]] = []  # each block with an odd number of quotation marks, and its last one
        for block in all_blocks:
            text = block.text
            if (text.count('"') % 2 if text.isascii()
                    else (text.count('"') + text.count("“") + text.count("”") + text.count("„")) % 2):
                masked = INCH_MARK.sub(lambda m: m.group()[:-1] + " ", text) if "'" in text or "′" in text else text
                marks = [m.start() for m in DOUBLE_QUOTES.finditer(masked)]
                if len(marks) % 2 and not self._runs_on(all_blocks, block):
                    odd.append((block, marks[-1]))
            if "(" in text or ")" in text or "[" in text or "]" in text:
                bad = self._unmatched_bracket(text)
                if bad is not None:
                    yield self.violation(block.start + bad, block.start + bad + 1,
                                         f"Bracket '{text[bad]}' has no partner in the paragraph")
        for block, mark in _outside_long_quotations(odd):
            at = block.start + mark
            yield self.violation(at, at + 1, "Odd number of double quotation marks: "
                                 "a quotation is not closed, or not opened")

    @staticmethod
    def _runs_on(all_blocks: List[Block], block: Block) -> bool:
        """A quotation that goes on in the next paragraph, which opens with a quote mark."""
        if block.index + 1 >= len(all_blocks):
            return False
        first = block.text.lstrip()[:1]
        nxt = all_blocks[block.index + 1].text.lstrip()[:1]
        return first in "\"“„" and nxt in "\"“„"

    @staticmethod
    def _unmatched_bracket(text: str) -> Optional[int]:
        labels = None
        stack: List[Tuple[str, int]] = []
        for m in BRACKETS.finditer(text):
            char, at = m.group(), m.start()
            if char in "([":
                stack.append((char, at))
            elif stack and stack[-1][0] == ("(" if char == ")" else "["):
                stack.pop()
            else:
                # only a closing bracket left over may be a list label or a smiley
                if labels is None:
                    labels = {x.end() - 1 for x in LIST_OR_SMILEY.finditer(text)}
                if at not in labels and not _no_bracket(text, at):
                    return at
        return next((at for _, at in reversed(stack) if not _no_bracket(text, at)), None)


def _no_bracket(text: str, at: int) -> bool:
    """Whether the bracket at ``at`` is a letter of a name ("da]v[ax") or part of a
    smiley standing as a word (":(", "(:")."""
    before, after = text[at - 1:at] if at else "", text[at + 1:at + 2]
    if before.isalnum() and after.isalnum():
        return True
    if text[at] == "(":
        return ((before in (":", ";") and not after.strip())
                or (after in (":", ";") and not before.strip() and not text[at + 2:at + 3].strip()))
    return False


#: How many paragraphs apart the opening and the closing mark of one quotation
#: over several paragraphs may be.
QUOTATION_SPAN = 8


def _outside_long_quotations(odd: List[Tuple[Block, int]]) -> List[Tuple[Block, int]]:
    """The blocks with an odd number of quotation marks (and their last mark) less
    the pairs that open and close one quotation over several paragraphs: the
    first block's last mark opens a quotation (text follows it), the next such
    block, a few paragraphs on, ends with a closing mark ('...informiert werden.“')."""
    left = []
    i = 0
    while i < len(odd):
        block, mark = odd[i]
        if i + 1 < len(odd):
            closing = odd[i + 1][0]
            if (block.text[mark + 1:mark + 2].strip() and closing.index - block.index <= QUOTATION_SPAN
                    and closing.text.rstrip().rstrip(")")[-1:] in "\"”“"):
                i += 2
                continue
        left.append(odd[i])
        i += 1
    return left


class GluedSentences(_TruncationRule):
    code = "TR05"
    name = "truncation.glued-sentences"
    summary = "Two sentences or page strings run together without a space"
    explanation = """
        When a scraper joins two elements of a page it often drops the space between
        them: "...to be logged inPlease refresh your browser", "...the end of the
        talks.The envoy left". Reported are a full stop, question or exclamation
        mark between a lower-case word and a capitalised one, and a lower-case word
        running into a capitalised word inside one token, when the lower-case part
        is a word of four letters or more or a short word that ends a phrase ("in",
        "up", "now"). Abbreviations ("U.S.", "e.g."), names ("McDonald"), brands
        ("iPhone", "YouTube", "easyJet", "osAlliance"), identifiers ("arXiv:1512"),
        web addresses, handles and decimals pass. The fix inserts the missing
        space: safe after punctuation, or when the second word is a usual sentence
        opener ("Please", "The"); otherwise unsafe.
    """
    bad_example = "The talks ended on Sunday.The envoy flew on to Seoul.\n"
    good_example = "The talks ended on Sunday. The envoy flew on to Seoul.\n"
    severity = Severity.WARNING
    fixable = Applicability.SAFE
    options = {"allow": Option([], "More words with an inner capital to accept (e.g. a brand)")}

    def setup(self):
        data = _data()
        self.allowed = data["camel_case_words"] | frozenset(self.settings["allow"])
        self.suffixes = data["address_suffixes"]
        self.short_words = data["glued_short_words"]

    def check(self, doc):
        starters = sentence_starters()
        text = doc.text
        for match in _glued_stops(text):
            token = _token_at(text, match.start())
            after = WORD.match(text, match.end())
            if token is None or ADDRESS_TOKEN.search(token) or (after and (after.group().casefold() in self.suffixes
                                                          or not after.group()[1:].islower())):
                continue  # an address, a file name, or code ("Dialog.ViewFile")
            at = match.end()
            yield self.violation(match.start(), at + (len(after.group()) if after else 0),
                                 "No space after the end of a sentence: two sentences run together",
                                 Fix.replace(at, at, " ", Applicability.SAFE, "Insert a space"))
        for point in _camel_points(doc):
            start = point.start() - 2
            while start > 0 and text[start - 1].isalpha() and text[start - 1].islower():
                start -= 1
            if start > 0 and text[start - 1] not in TOKEN_STARTS:
                continue
            match = GLUED_CAMEL.match(text, start)
            if not match:
                continue
            token = _token_at(text, match.start())
            if token is None or ADDRESS_TOKEN.search(token) or match.group().strip(".,;:!?") in self.allowed:
                continue
            head = match.group(1)
            if len(head) < 4 and head not in self.short_words:
                continue  # a brand or a nickname ("osAlliance", "eiPhone", "daMax"), not a word
            if IDENTIFIER_NUMBER.match(text, match.end()):
                continue  # an identifier ("arXiv:1512.01655")
            tail = match.group(2)
            safe = Applicability.SAFE if tail in starters else Applicability.UNSAFE
            at = match.start(2)
            yield self.violation(match.start(), match.end(),
                                 f"'{match.group()}': two words or page strings run together",
                                 Fix.replace(at, at, " ", safe, "Insert a space"))


# The places where GLUED_STOP may match, found by quick scans for a literal first
# character: a full stop (or ! ?) with a letter, or a closer, right after it.
GLUED_STOP_PLACES = tuple(re.compile(re.escape(stop) + r"(?=[\"”’)\]]?[^\W\d_])") for stop in ".!?")


def _glued_stops(text: str) -> Iterator:
    """``GLUED_STOP.finditer(text)``: the pattern is tried only where a quick scan
    finds a stop with a letter after it (most stops have a space after them)."""
    places = []
    for stop, pattern in zip(".!?", GLUED_STOP_PLACES):
        if stop in text:
            places.extend(match.start() for match in pattern.finditer(text))
    for at in sorted(places):
        match = GLUED_STOP.match(text, at)
        if match:
            yield match


# The letters of ASCII text by case, for a quick look for "aaAaa" (CAMEL_POINT); "?"
# stands for a character outside ASCII.
_CASES = bytes(ord("a") if chr(c) in string.ascii_lowercase else ord("A") if chr(c) in string.ascii_uppercase
               else c if chr(c) == "?" else ord(" ") for c in range(256))
#: Beyond this many other characters (after the common marks), the pattern scans the text.
MAX_OTHER_CHARACTERS = 40


def _camel_points(doc: Document) -> Iterator:
    """``CAMEL_POINT.finditer(doc.text)``: the pattern is tried only where the text,
    its letters reduced to their case, reads "aaAaa", and around the characters
    outside ASCII (a byte table does the reading), unless there are many of those."""
    text = doc.text
    unmarked = unmarked_text(doc)  # the common marks are no letters
    if unmarked.isascii():
        cases = unmarked.encode("ascii").translate(_CASES)
        others = ()
    else:
        cases = unmarked.encode("ascii", "replace").translate(_CASES)  # one "?" a character
        if cases.count(b"?") > MAX_OTHER_CHARACTERS:
            yield from CAMEL_POINT.finditer(text)
            return
        others = []
        at = cases.find(b"?")
        while at != -1:
            others.append(at)
            at = cases.find(b"?", at + 1)
    places = set()
    at = cases.find(b"aaAaa")
    while at != -1:
        places.add(at + 2)
        at = cases.find(b"aaAaa", at + 1)
    for other in others:  # a letter outside ASCII may be any of the five
        places.update(range(max(0, other - 2), other + 3))
    for at in sorted(places):
        point = CAMEL_POINT.match(text, at)
        if point:
            yield point


# A token that is a web address, a handle, a path or a file name ("tabbedPages.py").
ADDRESS_TOKEN = regex.compile(r"https?:|www\.|[@#/=]|\.\p{L}+\.|\p{L}\.\p{Ll}{2,4}\b")


#: How far either side of a point ``_token_at`` looks for the token's ends: a
#: longer token is no word (a long address, code, a page's junk), and an
#: unbounded search per match would be quadratic in a line without spaces.
TOKEN_REACH = 256


def _token_start(text: str, at: int) -> Optional[int]:
    """Where the run of characters without spaces or line breaks that goes on to
    ``at`` starts, or None when it starts more than TOKEN_REACH characters before."""
    low = max(0, at - TOKEN_REACH)
    start = max(text.rfind(" ", low, at), text.rfind("\n", low, at))
    if start == -1:
        return None if low > 0 else 0
    return start + 1


def _token_at(text: str, at: int) -> Optional[str]:
    """The run of characters without spaces or line breaks around ``at``, or None
    when it goes on for more than TOKEN_REACH characters on either side."""
    start = _token_start(text, at)
    if start is None:
        return None
    high = min(len(text), at + TOKEN_REACH)
    end = min((found for found in (text.find(" ", at, high), text.find("\n", at, high)) if found != -1),
              default=high)
    if end == high < len(text):
        return None
    return text[start:end]


class LowercaseStart(_TruncationRule):
    code = "TR06"
    name = "truncation.lowercase-start"
    summary = "A sentence or paragraph that starts in lower case: a fragment"
    explanation = """
        A sentence that starts in lower case after a full stop ("...control of
        these measures. said the spokesman") is a fragment: a comma turned into a
        full stop, or the start of the sentence lost. So is a paragraph of running
        text that opens in lower case ("and the talks went on."). Abbreviations
        before the stop ("etc.", "approx.", "a.m."), brands written in lower case
        ("eBay", "iPhone"), name particles ("de Gaulle"), web addresses and handles
        pass, and so does a lower-case word after a closing quotation mark
        ('"Why not?" he asked'). The abbreviations of German, French and Spanish
        are known ("bzw.", "ggf.", "sog.", "cf."), and so is an abbreviation
        written in lower case at the start of a sentence ("... 2017. pp. 188–203").
        A paragraph passes when it opens with a list label ("aa)") or goes on from
        the one before: after a code sample, or after a paragraph ending with a
        comma (a letter's salutation; a sentence split in two is TR03's). Before a
        reporting verb the displayed fix suggests a comma.
    """
    bad_example = "The envoy discussed the inspection of these sites. said the spokesman.\n"
    good_example = "The envoy discussed the inspection of these sites, said the spokesman.\n"
    severity = Severity.WARNING
    fixable = Applicability.DISPLAY

    def setup(self):
        data = _data()
        self.verbs = data["reporting_verbs"]

    def _abbreviation(self, text: str, at: int, word: str) -> bool:
        """Whether ``word`` at ``at`` is an abbreviation, written in lower case even
        at the start of a sentence ("pp. 188–203", "vgl. BGH")."""
        end = at + len(word)
        return text[end:end + 1] == "." and bool(abbreviation_class(word + "."))

    def check(self, doc):
        top = first_prose(doc)
        all_blocks = blocks(doc)
        for block in all_blocks:
            text = block.text
            if block.index >= top and (text[:1].islower() or text[:1] in OPENERS):
                opening = SENTENCE_OPEN.match(text)
                # (the lower-case start first: most of these blocks open a quotation)
                word = ordinary_word(opening.group(1)) if opening and opening.group(1)[:1].islower() else None
                if (word and len(words(text)) >= 4 and ends_with_terminal(text)
                        and not list_item(text)
                        and not self._abbreviation(text, opening.start(1), word)
                        and not _goes_on_from(all_blocks[block.index - 1].text if block.index else "")
                        and block.index - 1 not in split_blocks(doc)):
                    at = block.start + opening.start(1)
                    yield self.violation(at, at + len(word),
                                         f"Paragraph starts in lower case ('{word}'): it is a fragment "
                                         "of a sentence")
        text = doc.text  # one scan of the whole text: the pattern stays on one line
        for match in LOWER_AFTER_STOP.finditer(text):
            dot = match.start()
            start = _token_start(text, dot)  # (a bounded look back: no scan to the line's start)
            if start is None:
                continue  # the token before the stop is no word
            before = text[start:dot].lstrip(OPENERS)
            if not WORD_BEFORE_STOP.fullmatch(before) or abbreviation_class(before + "."):
                continue
            word = ordinary_word(match.group(1))
            if not word or self._abbreviation(text, match.start(1), word):
                continue
            fix = None
            if word in self.verbs:
                fix = Fix.replace(dot, dot + 1, ",", Applicability.DISPLAY, "Replace the full stop with a comma")
            at = match.start(1)
            yield self.violation(dot, at + len(word),
                                 f"Sentence starts in lower case after a full stop ('. {word}'): "
                                 "a fragment, or a comma turned into a full stop", fix)


#: A heading is shorter than this many words.
HEADING_WORDS = 12
# A time of day closing a line: the stamp of a comment ("May 30, 2019 at 6:26 PM").
TIME_END = re.compile(r"\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?[Mm]\.?)?\s*$")


def split_blocks(doc: Document) -> FrozenSet[int]:
    """The indices of the blocks whose sentence goes on in the next paragraph
    (see ``_split_before``): TR08 reports them, TR03 and TR06 leave them to it.
    Worked out once per document."""
    found = doc.cache.get(CACHE_SPLITS)
    if found is None:
        all_blocks = blocks(doc)
        found = doc.cache[CACHE_SPLITS] = frozenset(
            block.index for block in all_blocks if _split_before(doc, all_blocks, block.index))
    return found


def _split_before(doc: Document, all_blocks: List[Block], index: int) -> bool:
    """Whether the sentence of block ``index`` goes on in the next paragraph: the
    block stops without final punctuation (or on a comma) and the next one opens
    with an ordinary word in lower case and ends one ("...enough for the 60
    million" / "devices in the country."). Headlines (title case), date lines,
    list items, code and tables, a file name or address at the end, and a
    letter's salutation above its first sentence ("Liebe Freunde," / "wir...")
    are no split sentences."""
    if index + 1 >= len(all_blocks) or index == 0:
        return False  # (the first block is the headline)
    block, following = all_blocks[index], all_blocks[index + 1]
    if following.paragraph == block.paragraph:
        return False  # the lines of one paragraph: the splitter joined what goes on
    text = block.text.rstrip()
    if not text or text[-1] in TERMINAL or ends_with_terminal(text) or text[-1] in ":;" or text[-1] in CLOSING_QUOTES:
        return False  # (a quotation that closes may be a whole one)
    head = following.text.strip()
    opening = SENTENCE_OPEN.match(head)
    if not (head[:1].islower() and opening and ordinary_word(opening.group(1), min_length=1)):
        return False
    if not (ends_with_terminal(head) or FOOTNOTE_END.search(head, max(0, len(head) - 8))):
        return False  # the second half ends the sentence (a footnote number may follow)
    if list_item(head) or head.count(" ") < 2 or TIME_END.search(text):
        return False  # a list label, a reply of a word or two, a comment's time stamp above it
    if (code_line(head) or code_line(text) or "|" in text or "|" in head or list_item(text)
            or ADDRESS.search(text[-40:].split()[-1])):
        return False  # code, a table row, a list item; a file name or address at the end
    ws = words(text)
    if sum(1 for w in ws if w.isalpha()) < 4 or (len(ws) < HEADING_WORDS and _cap_ratio(ws) >= 0.5):
        return False  # a date line, a title-case heading or a label above a paragraph
        # (German capitalises its nouns: a longer text is no heading, whatever its capitals)
    return not (text[-1] == "," and _in_letter_frame(doc, block, text))


def ordinary_word(token: str, min_length: int = 2) -> Optional[str]:
    """The word if ``token`` is an ordinary lower-case word of ``min_length``
    letters or more, else None: not an address, a brand ("eBay"), an identifier
    ("utf-8"), a name particle ("de", "von") or a brand written in lower case
    (data: lowercase_openers)."""
    if ADDRESS.search(token) or any(c.isupper() or c.isdigit() for c in token):
        return None
    word = WORD.match(token)
    if not word or len(word.group()) < min_length or word.group() in _data()["lowercase_openers"]:
        return None
    return word.group()


class SplitParagraph(_TruncationRule):
    code = "TR08"
    name = "truncation.split-paragraph"
    summary = "A sentence split over two paragraphs"
    explanation = """
        Markup that breaks a sentence across two elements (a line break, a link or
        an advert between its halves) leaves it in two paragraphs: "...enough for
        the 60 million" and then "devices in the country.". The first stops
        without final punctuation or on a comma, and the next opens with an
        ordinary word in lower case and ends the sentence. Headlines and labels
        (title case), date lines, list items, code and tables, and a letter's
        salutation above its first sentence pass. The unsafe fix joins the
        halves with a space; the other truncation rules leave such a pair to
        this one.
    """
    bad_example = ("Talks resume\n\nThe new tariffs will cover steel and aluminium\n\n"
                   "imports from the region, the ministry said.\n")
    good_example = ("Talks resume\n\nThe new tariffs will cover steel and aluminium "
                    "imports from the region, the ministry said.\n")
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE

    def check(self, doc):
        all_blocks = blocks(doc)
        for index in sorted(split_blocks(doc)):
            block, following = all_blocks[index], all_blocks[index + 1]
            end = block.start + len(block.text.rstrip())
            start = following.start + len(following.text) - len(following.text.lstrip())
            opening = SENTENCE_OPEN.match(doc.text, start)  # (_split_before found one)
            last = words(block.text)[-1]
            yield self.violation(
                end, opening.end(),
                f"Sentence split over two paragraphs ('...{last}' / '{opening.group(1)}...'): the first "
                "stops without final punctuation and the second goes on in lower case",
                Fix.replace(end, start, " ", Applicability.UNSAFE, "Join the two paragraphs"))


def _goes_on_from(previous: str) -> bool:
    """Whether a paragraph that starts in lower case goes on from the one before:
    a code sample ('$ pip freeze' above 'with the environment active will...'),
    or a paragraph ending with a comma (a letter's salutation above its first
    sentence, or a sentence split in two, which TR03 reports)."""
    return previous.rstrip()[-1:] == "," or code_line(previous)


class StuckFragment(_TruncationRule):
    code = "TR07"
    name = "truncation.stuck-fragment"
    summary = "A headline-like line stuck, without a paragraph break, above a sentence"
    explanation = """
        In an article whose paragraphs are separated by blank lines, a line with no
        final punctuation that sits directly above a sentence of running text in the
        same paragraph is a piece of the page that got stuck there: a related-story
        link whose start was cut off, or a teaser. A real subheading stands in a
        paragraph of its own. Lines at the top of the article (headline, byline,
        captions), short labels, lines of code and a person's name and role above
        their text ("Jane Doe, Head of Research") are left alone. The unsafe fix
        deletes the line.
    """
    bad_example = ("The envoy arrived in the capital on Sunday morning.\n\n"
                   "Officials said the two sides would meet again soon.\n\n"
                   "to join envoy on trip to the capital on Sunday\n"
                   "The delegation left the city after a short lunch with the hosts.\n\n"
                   "The next round of talks is planned for next month.\n")
    good_example = ("The envoy arrived in the capital on Sunday morning.\n\n"
                    "Officials said the two sides would meet again soon.\n\n"
                    "What comes next\n\n"
                    "The delegation left the city after a short lunch with the hosts.\n\n"
                    "The next round of talks is planned for next month.\n")
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE
    options = {"min-words": Option(5, "Shorter lines (labels, subheadings) are left alone")}

    def check(self, doc):
        paragraphs = paragraph_lines(doc)
        if len(paragraphs) < 4:
            return
        single = sum(1 for first, last in paragraphs if first == last)
        if single < 0.6 * len(paragraphs):
            return  # the article does not separate its paragraphs by blank lines
        top = first_prose(doc)
        all_blocks = blocks(doc)
        for block, nxt in zip(all_blocks, all_blocks[1:]):
            if (block.index < top or nxt.paragraph != block.paragraph or block.line_count != 1):
                continue
            text = block.text.strip()
            if not text or ends_with_terminal(text) or text[-1] in ":;,-–—" or _address_in(text):
                continue
            if len(words(text)) < self.settings["min-words"] or not _is_prose(nxt):
                continue
            if code_line(block.text) or _name_and_role(text):
                continue  # a line of code; a speaker's name and role above their talk
            start, end = block_removal_span(doc, block)
            yield self.violation(block.start, block.start + len(block.text.rstrip()),
                                 "Line without final punctuation stuck above a sentence of the same "
                                 "paragraph: a related-story link or a cut-off heading",
                                 Fix.delete(start, end, Applicability.UNSAFE, "Delete the stuck line"))


# A person's name before a comma: two to four capitalised words or initials, maybe
# with a particle ("Gregor J. Mayer, ", "Ursula von der Leyen, ").
NAME_BEFORE_COMMA = regex.compile(
    r"\p{Lu}[\p{Ll}.]\p{L}*(?:[ -](?:\p{Lu}\.|\p{Lu}\p{Ll}+|von|van|der|de|da|di|du|le|la)){1,3}, ")


def _name_and_role(text: str) -> bool:
    """Whether a line is a person's name and role ("Gregor J. Mayer, Head of
    Digital Media"): after the name, capitalised words and a few small ones only."""
    name = NAME_BEFORE_COMMA.match(text)
    if not name:
        return False
    small = _data()["role_line_small_words"]
    return all(not w[:1].islower() or w in small for w in words(text[name.end():]))


RULES = [TrailingEllipsis, AbbreviationEnding, MissingEnd, UnbalancedQuotes, GluedSentences,
         LowercaseStart, StuckFragment, SplitParagraph]
