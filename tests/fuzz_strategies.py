"""Hypothesis strategies for article-like text, arbitrary Unicode and the bytes of
article files, shared by the property tests and ``benchmarks/fuzz.py``.

Article-like text is assembled from the pieces scrapers leave behind: sentences,
headlines, site chrome, mojibake, HTML, invisible characters, quotes of every
kind, names, astral characters and combining marks, with the spacing and line
breaks of real pages (trailing spaces, runs of blank lines, CRLF, a lone CR, no
final newline). The bad and good examples of every installed rule are added to
the pool, so that each rule, a new one included, sees text it reports.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List

from hypothesis import strategies as st

WORDS = (
    "the envoy arrived in Seoul on Sunday for two days of talks with officials from "
    "Pyongyang and Washington a second U.S. delegation said its would be to of and "
    "minister ministry summit nuclear programme sanctions Mr. Dr. Gen. No. e.g. etc. "
    "Kim Jong-un Jong-a Moon Jae-in Pompeo Trump Xi Jinping Macron d'Arcy O'Neill de Gaulle "
    "iPhone eBay 2018 10:37 3 : 2 1990s 5% $5 £5 €5 www.example.com @envoy #talks"
).split()
SENTENCES = (
    "The envoy arrived in Seoul on Sunday.",
    "Officials said the two sides would meet again.",
    "\u201cWe continue to make progress,\u201d he said.",
    "\u201eJa\u201c, sagte er.",
    "\u00ab Enfin ! \u00bb dit-il ; c\u2019est fait.",
    "She asked: \u2018Why not?\u2019",
    "The talks (which began in May) ended.",
    "It cost $5 (about \u00a34) a day [sic].",
    "What a day!!! Really?!",
    "Officials said the envoy would press the North to give up its...",
    "The minister expressed the hope that a second U.S.",
    "The talks ended on Sunday.The envoy flew on to Seoul.",
    "You are logged inPlease sign in again.",
    "said the spokesman. and then",
    "Kim Jong-a met Moon Jae-in. Kim Jong-un left.",
    "He met the the minister.",
    "The caf\u00c3\u00a9 reopened; Korea\u00e2\u20ac\u2122s envoy paid \u00c2\u00a35.",
    "AT&amp;T fell after the president&#8217;s remarks&nbsp;today &amp;amp;#8217; &copy R&D.",
    "Sunday.<br>Talks began, <a href=\"/x\">officials</a> said.<!-- ad -->",
    "Bras\ufffdlia \ufffd\ufffd",
    "The talks\u200b resumed on Sun\u00adday.\u200e\u202e\u2066x\u2069",
    "Korea\u2018s envoy, Hawai\u2018i, O\u2018Neill.",
    "He wrote: \u201cWe continue to make progress.\u201c",
    "The envoy was in Tokyo . He flies to Beijing on Monday .",
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b\u0e04\u0e23\u0e31\u0e1a \u6771\u4eac\u200b\u3067\u3059",
    "The scientist posted \U0001f469\u200d\U0001f52c and \U0001f1f0\U0001f1f7 \U0001f44d\U0001f3fd.",
    "Cafe\u0301 na\u0303o \u1e9b\u0323 Z\u0351\u0352\u0353a\u0354l\u0355g\u0356o\u0357.",
    "\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522 \U00020000\U0002a6d6.",
)
CHROME = (
    "Sign up for our newsletter", "Read more:", "Related news", "Related: Talks resume",
    "Photo: Reuters", "(Getty Images)", "Share this article", "Facebook Twitter Email",
    "Click here to subscribe", "We use cookies to improve your experience on our site.",
    "Log in to comment", "12 comments", "Advertisement", "Home | World | Asia | Korea",
    "Jane Doe\nSunday 07 October 2018 10:37 BST", "pic.twitter.com/AbC123xyz",
    "Stay up to date with notifications from The Daily Courier", "English | Fran\u00e7ais | \ud55c\uad6d\uc5b4",
    "Follow us", "Subscribe", "Next article", "Most read", "Tags: Korea, Talks",
)
ODDITIES = (
    "\u00a0", "\u202f", "\t", "  ", "   ", "\u3000", "\u200b", "\u200d", "\ufeff", "\u00ad",
    "\x0b", "\x0c", "\x1b[31m", "\x7f", "\r", "\x85", "\u2028", "\u2029", "\ufffd",
    "\U0001f600", "\U0001f3f3\ufe0f\u200d\U0001f308", "e\u0301", "\u0301", "\U0010fffd",
    "\u2026", "...", ". . .", "\"", "\u201c", "\u201d", "\u2018", "\u2019", "\u201e", "(", ")", "[", "]",
    "&", "&amp;", "<", ">", "<p>", "</p>", "<br/>", "\u00c3", "\u00c2 ", "\u00e2\u20ac", "#", "@", "/",
)
LINE_ENDS = ("\n", "\n", "\n", "\n\n", "\n\n\n", " \n", "  \n", "\t\n", "\u00a0\n", "\r\n", "\n \n", "\n\n\n\n")


@lru_cache(maxsize=None)
def rule_examples() -> tuple:
    """The lines of every installed rule's bad and good examples."""
    from lint.plugins import load_registry

    pieces = set()
    for rule in load_registry().rules.values():
        for example in (rule.bad_example, rule.good_example):
            for line in (example or "").split("\n"):
                if line.strip():
                    pieces.add(line)
    return tuple(sorted(pieces))


def words() -> st.SearchStrategy[str]:
    return st.sampled_from(WORDS)


@st.composite
def sentence(draw) -> str:
    kind = draw(st.integers(0, 9))
    if kind <= 3:
        ws = draw(st.lists(words(), min_size=1, max_size=14))
        text = " ".join(ws)
        text = text[:1].upper() + text[1:]
        return text + draw(st.sampled_from((".", ".", ".", "?", "!", "", ",", "...", "\u2026", ":", ".\u201d", ".)")))
    if kind <= 6:
        return draw(st.sampled_from(SENTENCES))
    if kind == 7:
        return draw(st.sampled_from(rule_examples()))
    if kind == 8:
        return draw(st.sampled_from(CHROME))
    return draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))


@st.composite
def line(draw) -> str:
    parts = draw(st.lists(sentence(), min_size=1, max_size=4))
    out = []
    for part in parts:
        if out:
            out.append(draw(st.sampled_from((" ", " ", " ", "", "  ", "\t", "\u00a0", " \u00a0"))))
        out.append(part)
        if draw(st.integers(0, 7)) == 0:
            out.append(draw(st.sampled_from(ODDITIES)))
    return "".join(out)


@st.composite
def article_text(draw, max_lines: int = 24) -> str:
    """Text shaped like a scraped article, with its defects."""
    lines = draw(st.lists(line(), min_size=1, max_size=max_lines))
    if draw(st.booleans()):  # repeat a line or paragraph, as pages do
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(lines)))
    out = []
    if draw(st.integers(0, 5)) == 0:
        out.append(draw(st.sampled_from(("\n", "\n\n", " \n", "\ufeff"))))
    for i, text in enumerate(lines):
        out.append(text)
        if i + 1 < len(lines):
            out.append(draw(st.sampled_from(LINE_ENDS)))
    out.append(draw(st.sampled_from(("\n", "\n", "", "\n\n", "  \n", "\r\n", " "))))
    return "".join(out)


def unicode_text(max_size: int = 400) -> st.SearchStrategy[str]:
    """Any Unicode text (no lone surrogates: a decoded file cannot hold one)."""
    return st.text(st.characters(blacklist_categories=("Cs",)), max_size=max_size)


@st.composite
def mutated_article(draw) -> str:
    """An article with random cuts, insertions of any character, and copies."""
    text = draw(article_text(max_lines=12))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        op = draw(st.integers(0, 3))
        if op == 0:
            text = text[:at] + draw(unicode_text(8)) + text[at:]
        elif op == 1:
            end = draw(st.integers(at, min(len(text), at + 40)))
            text = text[:at] + text[end:]
        elif op == 2:
            end = draw(st.integers(at, min(len(text), at + 80)))
            text = text[:end] + text[at:end] + text[end:]
        else:
            text = text[:at] + draw(st.sampled_from(ODDITIES + LINE_ENDS)) + text[at:]
    return text


def any_text() -> st.SearchStrategy[str]:
    return st.one_of(article_text(), unicode_text(), mutated_article())


@st.composite
def article_file(draw) -> bytes:
    """The bytes of an article file: UTF-8, maybe with a BOM, LF or CRLF line ends."""
    text = draw(st.one_of(article_text(), mutated_article())).replace("\x00", "")  # NUL: a binary file
    text = text or "\n"  # (an empty file is no article: it is reported and skipped, see test_hostile_files)
    if draw(st.booleans()):
        text = re.sub(r"\r?\n", "\r\n", text)
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if draw(st.booleans()) else data


def layout_text() -> st.SearchStrategy[str]:
    """Lines of characters that are hard on positions: astral, combining, wide, RTL, CR."""
    chars = st.sampled_from(["a", "Z", " ", "\U0001f600", "\U0001d518", "\U0002a6d6", "e\u0301", "\u0301",
                             "\u6771", "\u05e9", "\u200d", "\u00a0", "\t", "\r", "\ufeff", "\U0001f469\u200d\U0001f52c"])
    line_strategy = st.lists(chars, max_size=12).map("".join)
    return st.lists(line_strategy, min_size=1, max_size=8).map("\n".join)


def split_lines(text: str) -> List[str]:
    return text.split("\n")
