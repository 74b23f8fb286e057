"""Behaviour of the duplication rules (DU) that the rule cases cannot show: their
helpers, and the work they leave undone on documents without candidates."""
import pytest

from lint.document import Document
from lint.rule import Applicability
from rules.duplication import (RepeatedWord, _inner_capitals, _list_runs, _quotations,
                               _sentence_shaped)
from rules.language import CACHE_KEY


@pytest.mark.parametrize("piece", [
    "The envoy left on Monday.",
    "Talks Resume In The Capital As Envoy Arrives",  # a title-case headline
    "Die Klage ist daher begründet.",
    "In 2019 the port handled 4 million containers.",
])
def test_sentences_have_sentence_shape(piece):
    assert _sentence_shaped(piece)


@pytest.mark.parametrize("piece", [
    "Aufl., § 12 UWG Bem.",  # a citation cut at abbreviations
    "§ 19 Abs. 2 Nr. 3",
    "Vol. 12, No. 4.",
])
def test_pieces_of_citations_have_no_sentence_shape(piece):
    assert not _sentence_shaped(piece)


def quoted_texts(text):
    return [text[max(start, 0):end] for start, end in _quotations(text)]


def test_quotations_of_each_kind_are_found():
    assert quoted_texts('He said "yes" and “no”.') == ['"yes', "“no"]
    assert quoted_texts("Er rief „Halt“ und »Stopp«.") == ["„Halt", "»Stopp"]
    assert quoted_texts("Elle dit « non » et ‘peut-être’ ici.") == ["« non ", "‘peut-être"]


def test_apostrophes_close_no_quotation():
    # "I’m" inside the quotation, a possessive outside: neither closes or opens one.
    assert quoted_texts("She said ‘I’m not sure’ about the players’ union.") == ["‘I’m not sure"]
    assert quoted_texts("The players’ union met in the ‘90s.") == []


def test_a_quotation_left_open_goes_on_to_the_end_and_a_stray_closer_closes_one_from_the_start():
    assert quoted_texts("He began: “No. No.") == ["“No. No."]
    assert quoted_texts("No. No,” he ended.") == ["No. No,"]
    # French closing guillemets stand after a space; a German opening one before a word.
    assert quoted_texts("rien du tout » dit-elle.") == ["rien du tout "]


def test_list_runs_go_over_blank_lines_and_end_at_other_lines():
    doc = Document("Pros:\n\n- fast\n\n- simple\n\nCons:\n\n- slow\n")
    runs = _list_runs(doc)
    assert runs[2] == runs[4] != -1 and runs[8] not in (-1, runs[2]) and runs[0] == runs[6] == -1


def test_inner_capitals_mark_identifiers():
    assert _inner_capitals("HTTPClient") and _inner_capitals("iPhone")
    assert not any(map(_inner_capitals, ["the", "The", "THE", "a", "I"]))


def test_the_language_is_told_only_for_a_document_with_a_double_that_needs_it():
    rule = RepeatedWord()
    doc = Document("Die Gespräche gehen weiter, sagte die Ministerin am Montag.\n")
    assert list(rule.check(doc)) == [] and CACHE_KEY not in doc.cache
    doc = Document("The envoy met the the minister on Monday.\n")
    assert len(list(rule.check(doc))) == 1 and CACHE_KEY not in doc.cache
    doc = Document("Die Partner, die die Marke nutzen, zahlen einen Beitrag für die Pflege.\n")
    assert list(rule.check(doc)) == [] and doc.cache[CACHE_KEY] == "de"


def test_a_text_of_no_told_language_is_held_to_every_list():
    rule = RepeatedWord()
    assert list(rule.check(Document("Partner, die die Marke nutzen\n"))) == []
    found = list(rule.check(Document("Kim met a a envoy\n")))
    assert [v.fix.applicability for v in found] == [Applicability.SAFE]


def test_a_and_an_are_safe_in_english_text_only():
    german = "Die Ministerin sagte am Montag, dass die Gespräche weitergehen und sie dafür bereit sei. "
    found = list(RepeatedWord().check(Document(german + "Auf einem Plakat stand: a a new start; the the end.\n")))
    assert [v.fix.applicability for v in found] == [Applicability.UNSAFE, Applicability.SAFE]
