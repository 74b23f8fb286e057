"""Which language a text is written in, told from its function words.

Several rules rest on facts of English: a capitalised word mid-sentence is a
name, "the the" is a slip, "an" cannot end a sentence. German capitalises every
noun and writes "die die" correctly; French writes "nous nous". Such rules ask
here before they report, and stay quiet where the language is not theirs.

The guess counts frequent function words (``rules/data/language/<code>.txt``)
in the first two thousand characters, further when they do not tell; a word
listed for two languages counts for neither. It is made only when a rule asks
(most documents never need it) and kept for the document.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Dict, FrozenSet

from rules.datafiles import data_path, read_lines

#: The languages with a word list (data/language/<code>.txt), by ISO 639-1 code.
LANGUAGES = tuple(sorted(path.stem for path in data_path("language").glob("*.txt")))
#: How many characters are read: function words are frequent, a sample tells. A
#: page that opens with menus is read further when the first sample does not tell.
SAMPLE = 2000
LONG_SAMPLE = 40000
#: A language is named when it has this many words in the sample at least, and
#: twice as many as the next one.
MIN_WORDS = 3
CACHE_KEY = "language.document"


@lru_cache(maxsize=None)
def function_words(language: str) -> FrozenSet[str]:
    """The frequent function words of ``language`` (lower case)."""
    return frozenset(word.lower() for word in read_lines(data_path("language", f"{language}.txt")))


@lru_cache(maxsize=None)
def _telling_words() -> Dict[str, str]:
    """Each function word that belongs to one language only, with that language."""
    owners: Dict[str, str] = {}
    shared = set()
    for language in LANGUAGES:
        for word in function_words(language):
            if word in owners:
                shared.add(word)
            owners[word] = language
    return {word: language for word, language in owners.items() if word not in shared}


def language_of(text: str) -> str:
    """The language of ``text`` ("en", "fr", "de", "es"), or "" when its
    function words do not say clearly."""
    language = _language_of_sample(text[:SAMPLE])
    if not language and len(text) > SAMPLE:
        language = _language_of_sample(text[:LONG_SAMPLE])
    return language


def _language_of_sample(sample: str) -> str:
    # (Split at white space, not lower-cased: a function word seldom carries
    # punctuation or a capital, and the split and the look-ups run in C, several
    # times faster than a word pattern.)
    counts = Counter(map(_telling_words().get, sample.split()))
    ranked = sorted((counts[language], language) for language in LANGUAGES)
    (second, _), (best, language) = ranked[-2], ranked[-1]
    if best >= MIN_WORDS and best >= 2 * second:
        return language
    return ""


def document_language(doc) -> str:
    """``language_of`` the document's text, worked out once per document."""
    language = doc.cache.get(CACHE_KEY)
    if language is None:
        language = doc.cache[CACHE_KEY] = language_of(doc.text)
    return language


def is_english(doc) -> bool:
    """Whether the document reads as English, or gives no clear sign of another
    language (a short text, a list of names): the rules written for English
    keep to English text."""
    return document_language(doc) in ("en", "")
