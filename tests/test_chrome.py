"""The chrome catalogue and its matching, beyond the per-rule fixture cases."""
from pathlib import Path

import pytest

from lint.config import ConfigError, parse_rule_options
from lint.document import Document
from lint.linter import fix_text, lint_text
from rules import chrome
from rules.datafiles import data_path, read_lines

CATALOGUE_RULES = [rule for rule in chrome.RULES if issubclass(rule, chrome.CatalogueRule)]
BODY = "The envoy arrived in Seoul on Sunday for two days of talks with officials."


def codes(text, rules=None):
    rules = rules if rules is not None else [rule() for rule in chrome.RULES]
    return [(d.location[0], d.code) for d in lint_text(text, rules).diagnostics]


def test_every_kind_has_a_rule_and_a_data_file():
    assert sorted(rule.kind for rule in CATALOGUE_RULES) == sorted(chrome.KINDS)
    for kind in chrome.KINDS:
        assert read_lines(data_path("chrome", f"{kind}.txt")), kind


def test_no_phrase_is_claimed_by_two_kinds():
    owners = {}
    clashes = []
    for kind in chrome.KINDS:
        catalogue = chrome.build_catalogue(kind, read_lines(data_path("chrome", f"{kind}.txt")))
        for key in catalogue.keys:
            if key in owners and owners[key] != kind:
                clashes.append((key, owners[key], kind))
            owners.setdefault(key, kind)
    assert not clashes


def test_section_labels_are_not_catalogue_phrases():
    # A section label counts only at the edges; in the catalogue it would count anywhere.
    catalogue = chrome.builtin_catalogue()
    assert not [key for key in chrome.section_labels().exact if key in catalogue.exact]


@pytest.mark.parametrize("text,key", [
    ("Leave a Reply", "leave a reply"),
    ("  LEAVE   a reply!!", "leave a reply"),
    ("Comments (12)", "comments 0"),
    ("Sunday 07 October 2018 10:37 BST", "sunday 0 october 0 0 bst"),
    ("The Courier\u2019s jobs board.", "the courier s jobs board"),
    ("Cafe\u0301 cre\u0300me", "café crème"),  # decomposed accents are composed first
    ("Stra\u00dfe", "strasse"),
])
def test_normalise(text, key):
    assert chrome.normalise(text) == key


@pytest.mark.parametrize("phrase,line,exact", [
    ("Related news", "RELATED NEWS:", True),
    ("More from ...", "More from The Courier", False),
    ("... All rights reserved", "The Courier 2018. All rights reserved.", False),
    ("Try ... jobs board", "Try our jobs board", False),
    ("Credit: ...", "Credit: Jane Doe", False),
    ("(Getty Images)", "Delegates arrive at the venue (Getty Images)", True),
    ("(... via Reuters)", "The leader inspects a factory (KCNA via Reuters)", False),
    ("\u00a9 ...", "\u00a9 The Courier 2018", False),
    ("{n} comments", "345 comments", True),
    ("We use cookies [...]", "We use cookies to improve our site, to measure traffic, to show you "
                             "adverts that suit you and to remember what you chose last time.", False),
])
def test_phrase_forms(phrase, line, exact):
    catalogue = chrome.build_catalogue("test", [phrase])
    doc = Document(line + "\n")
    info = chrome.analyse(doc).infos[0]
    hit = catalogue.match(info.line, info.key, info.nwords, info.terminal)
    assert hit is not None and hit.exact == exact


@pytest.mark.parametrize("phrase", ["...", "Start ... middle ... end", "Two words [...]", "  "])
def test_bad_phrases_are_rejected(phrase):
    with pytest.raises(ValueError):
        chrome.build_catalogue("test", [phrase])


def test_no_phrase_matches_in_the_middle_of_a_sentence():
    # Every catalogue phrase, put inside an ordinary sentence, is left alone.
    rules = [rule() for rule in CATALOGUE_RULES]
    for kind in chrome.KINDS:
        for phrase in read_lines(data_path("chrome", f"{kind}.txt")):
            words = phrase.replace("[...]", "").replace("...", "").replace("{n}", "12").strip(" ()[]")
            line = f"The minister said that {words} was not what the two delegations had discussed."
            found = lint_text(f"{BODY}\n\n{line}\n\n{BODY}\n", rules).diagnostics
            assert not found, (kind, phrase, [d.message for d in found])


def test_fixes_settle_and_unsafe_fixes_leave_only_article_text():
    text = ("Stay up to date with notifications from The Courier\n\nHome | World | Asia\n\n"
            "Talks resume in Pyongyang\n\nJane Doe\nSunday 07 October 2018 10:37 BST\nComments\n\n"
            f"{BODY}\n\nThe two men walked in the garden (Getty Images)\n\n{BODY}\n\n"
            "Related news\n\nLeave a Reply\n\n\u00a9 2018 The Courier. All rights reserved.")
    rules = [rule() for rule in chrome.RULES]
    safe = fix_text(text, rules)
    assert safe.settled and fix_text(safe.text, rules).text == safe.text
    everything = fix_text(text, rules, unsafe=True)
    assert everything.settled
    assert everything.text == ("Talks resume in Pyongyang\n\nJane Doe\nSunday 07 October 2018 10:37 BST\n\n"
                               f"{BODY}\n\nThe two men walked in the garden\n\n{BODY}")


def test_metadata_rule_is_off_by_default_and_never_fixes():
    assert not chrome.ArticleMetadata.default_enabled
    assert chrome.ArticleMetadata.severity == chrome.Severity.INFO
    text = f"Talks resume\n\nBy Jane Doe\n\n{BODY}\n"
    rule = chrome.ArticleMetadata()
    assert codes(text, [rule]) == [(3, "CH14")]
    assert fix_text(text, [rule], unsafe=True).text == text


def test_extra_files_option(tmp_path):
    phrases = tmp_path / "courier.txt"
    phrases.write_text("# our site\nThe Courier Morning Briefing\nGet the Courier app ...\n", encoding="utf-8")
    settings = {"extra-files": chrome.NewsletterPrompt.options["extra-files"].convert([str(phrases)])}
    rule = chrome.NewsletterPrompt(settings)
    text = f"{BODY}\n\nThe Courier Morning Briefing\n\nGet the Courier app for iPhone\n"
    assert codes(text, [rule]) == [(3, "CH01"), (5, "CH01")]


def test_extra_files_resolve_against_the_configuration_folder(tmp_path):
    from lint.plugins import load_registry

    (tmp_path / "chrome").mkdir()
    (tmp_path / "chrome" / "courier.txt").write_text("The Courier Morning Briefing\n", encoding="utf-8")
    registry = load_registry()
    converted, _ = parse_rule_options("CH01", {"extra-files": ["chrome/courier.txt"]}, registry,
                                      tmp_path / "scrapelint.toml", tmp_path)
    assert Path(converted["extra-files"][0]) == (tmp_path / "chrome" / "courier.txt").resolve()
    with pytest.raises(ConfigError, match="no such file"):
        parse_rule_options("CH01", {"extra-files": ["missing.txt"]}, registry,
                           tmp_path / "scrapelint.toml", tmp_path)
    with pytest.raises(ConfigError, match="once at most"):
        parse_rule_options("CH01", {"extra-phrases": ["a ... b ... c"]}, registry,
                           tmp_path / "scrapelint.toml", tmp_path)


def test_long_lines_match_only_at_their_ends():
    middle = " ".join(["the talks went on"] * 12)  # long enough to be folded only at its ends
    rules = [chrome.ConsentBanner(), chrome.Footer(), chrome.CommentWidget()]
    assert codes(f"We use cookies to {middle}.\n", rules) == [(1, "CH08")]
    assert codes(f"{BODY}\n\nThe Courier {middle}. All rights reserved.\n", rules) == []
    assert codes(f"{BODY}\n\nShe said {middle} we use cookies, all rights reserved, comments.\n", rules) == []


PAGE = """Skip to main content
Menu
Home
World
Asia
English | Fran\u00e7ais | Espa\u00f1ol
Home \u203a World \u203a Asia \u203a Korea
North Korea's leader meets US envoy for three hours
By Jane Doe
October 7, 2018
5 min read
Share
Tweet
The US envoy met North Korea's leader on Sunday for more than three hours, officials in Seoul said.
\u201cWe continue to make progress,\u201d he said after the meeting.
Advertisement
Officials in Seoul were more cautious about what had been agreed in Pyongyang.
Photo: AFP
Most read
Kim's sister takes a bigger role in talks
Why the summit matters
Topics
North Korea
Nuclear weapons
About us
Careers
\u00a9 2018 The Courier. All rights reserved.
"""




@pytest.mark.parametrize("text,safe,everything", [
    ("P.\n\n{}\n\nQ.\n", "P.\n\nDreaming of a career in diplomacy?\n\nQ.\n", "P.\n\nQ.\n"),
    ("{}\n\nQ.", "Dreaming of a career in diplomacy?\n\nQ.", "Q."),
    # At the end of the text the unsafe line, left alone, keeps one newline.
    ("P.\n\n{}", "P.\n\nDreaming of a career in diplomacy?\n", "P."),
    ("P.\n\n{}\n", "P.\n\nDreaming of a career in diplomacy?\n\n", "P.\n"),
])
def test_deleting_a_paragraph_line_by_line_leaves_clean_paragraphs(text, safe, everything):
    # Safe, unsafe and safe lines in one paragraph: with safe fixes only, the
    # unsafe line stays as its own paragraph; with all fixes, the paragraph and
    # the blank lines that separate it go, in one pass.
    text = text.format("Advertisement\nDreaming of a career in diplomacy?\nJobs board")
    rule = chrome.Advert()
    assert [d.fix.applicability.value for d in lint_text(text, [rule]).diagnostics] == ["safe", "unsafe", "safe"]
    assert fix_text(text, [rule]).text == safe
    outcome = fix_text(text, [rule], unsafe=True)
    assert outcome.text == everything


# Kinds of legitimate text that whole-line chrome rules once deleted: a data
# table (as trafilatura and markdown render it), a byline between bars, a French
# quotation, code with placeholders, a page titled like a footer link.
LEGITIMATE = """Terms of Service

The club tested twenty child seats this spring, and two of them failed the test.

Jane Doe | Busan | 08/10/2018

Seat | Price | Isofix | Grade

up to 15 months

Koala Baby Plus | 240 \u20ac | yes | 1.8

Nido Travel | 99 \u20ac | no | 2.6

| Seat | Price | Grade |
|---|---|---|
| Lupo Max | 310 \u20ac | 2.0 |

\u00ab Nous resterons jusqu'au bout, quoi qu'il arrive ! \u00bb

$ git checkout <branch name>
#include <stdio.h>

The cheapest seat was also among the safest, the testers said on Tuesday.

file | parser A | parser B
twitter.json | 2.1 GB/s | 0.4 GB/s
canada.json | 1.2 GB/s | 0.2 GB/s
"""


def test_tables_quotations_code_and_titles_are_left_alone():
    rules = [rule() for rule in chrome.RULES if rule.default_enabled]
    assert codes(LEGITIMATE, rules) == []


HEADED_PAGE = """Parking in Lisbon | The Courier

Puzzles
Crosswords
Weddings
Classifieds
Recipes
Parking in Lisbon
Jane Doe
October 7, 2018

Finding a parking space in the old town took us most of an afternoon, and a fine.

The city says a new garage will open near the river next spring.

Puzzles | Crosswords | Weddings
\u25ba October (3)

\u00a9 2018 The Courier. All rights reserved.
"""


@pytest.mark.parametrize("page,article", [
    # the headline, byline and dateline above the article stay
    (PAGE, "North Korea's leader meets US envoy for three hours\nBy Jane Doe\nOctober 7, 2018\n"
           "The US envoy met North Korea's leader on Sunday for more than three hours, officials in Seoul said.\n"
           "\u201cWe continue to make progress,\u201d he said after the meeting.\n"
           "Officials in Seoul were more cautious about what had been agreed in Pyongyang.\n"),
    # a short headline next to the menu stays too
    (HEADED_PAGE, "Parking in Lisbon | The Courier\n\nParking in Lisbon\nJane Doe\nOctober 7, 2018\n\n"
                  "Finding a parking space in the old town took us most of an afternoon, and a fine.\n\n"
                  "The city says a new garage will open near the river next spring.\n"),
], ids=["headline-byline-article", "short-headline-next-to-menu"])
def test_a_whole_page_scrape_keeps_the_article(page, article):
    rules = [rule() for rule in chrome.RULES if rule.default_enabled]
    fixed = fix_text(page, rules, unsafe=True)
    assert fixed.settled
    assert fixed.text == article


def test_agency_names_fold_to_words():
    agencies = chrome.word_list("agencies.txt")
    assert agencies and all(agencies)
    assert {"getty images", "ap photo", "picture alliance"} <= agencies
