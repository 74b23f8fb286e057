"""The sentence splitter and the block segmentation shared by the TR and DU rules."""
import pytest

from lint.document import Document
from rules.sentences import abbreviation_class, blocks, ends_with_terminal, list_item, split_sentences


def split(text):
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize("text,expected", [
    ("The envoy left. He will return.", ["The envoy left.", "He will return."]),
    ("Mr. Lee met Dr. Park and Gen. Kim on Monday.", ["Mr. Lee met Dr. Park and Gen. Kim on Monday."]),
    ("U.S. Secretary of State Jane Doe met U.N. officials.", ["U.S. Secretary of State Jane Doe met U.N. officials."]),
    ("She moved to the U.S. She was ten.", ["She moved to the U.S.", "She was ten."]),
    ("J. K. Rowling and Donald J. Trump met.", ["J. K. Rowling and Donald J. Trump met."]),
    ("They met on Jan. 5 in the city.", ["They met on Jan. 5 in the city."]),
    ("See No. 10 and Fig. 3 for details.", ["See No. 10 and Fig. 3 for details."]),
    ("Apples, pears, etc. were sold.", ["Apples, pears, etc. were sold."]),
    ("It was sold by Acme Inc. The firm agreed.", ["It was sold by Acme Inc.", "The firm agreed."]),
    ("The shop opens at 9 a.m. It closes at noon.", ["The shop opens at 9 a.m.", "It closes at noon."]),
    ("Growth was 3.5 percent. 20 firms failed.", ["Growth was 3.5 percent.", "20 firms failed."]),
    ("Is it over? Yes! The talks ended.", ["Is it over?", "Yes!", "The talks ended."]),
    ('He said: "We will win." Then he left.', ['He said: "We will win."', "Then he left."]),
    ("\u201cWe are ready,\u201d she said. \u201cAre you?\u201d", ["\u201cWe are ready,\u201d she said.", "\u201cAre you?\u201d"]),
    ("What they want ... and how we can help.", ["What they want ... and how we can help."]),
    ("The talks stalled... The envoy left.", ["The talks stalled...", "The envoy left."]),
    ("He cited an example, e.g. The Times, in his talk.", ["He cited an example, e.g. The Times, in his talk."]),
    ("The deal needs a second U.S.", ["The deal needs a second U.S."]),
    ("  Leading spaces are not part of it.  ", ["Leading spaces are not part of it."]),
])
def test_split(text, expected):
    assert split(text) == expected


def test_offsets_are_shifted_by_base():
    assert split_sentences("One two. Three four.", 10) == [(10, 18), (19, 30)]


@pytest.mark.parametrize("token,kind", [
    ("Mr.", "title"), ("e.g.", "inner"), ("No.", "number"), ("Jan.", "month"),
    ("U.S.", "proper"), ("Inc.", "final"), ("J.", "initial"), ("J.K.", "initial"), ("said.", ""),
])
def test_abbreviation_class(token, kind):
    assert abbreviation_class(token) == kind


def block_texts(text):
    return [b.text for b in blocks(Document(text))]


def test_lines_of_a_paragraph_are_blocks_of_their_own():
    text = "Jane Doe\nMonday 8 October\nThe envoy walks with the leader\n\nThe envoy left.\n"
    assert block_texts(text) == ["Jane Doe", "Monday 8 October", "The envoy walks with the leader",
                                 "The envoy left."]


def test_a_line_continued_in_lower_case_or_after_a_dangling_word_is_wrapped():
    text = "The envoy said he had met\nthe leader. He met with the\nPresident on Sunday.\n"
    assert block_texts(text) == ["The envoy said he had met\nthe leader. He met with the\nPresident on Sunday."]


def test_a_paragraph_wrapped_at_a_fixed_width_is_one_block():
    text = ("The two sides agreed to set up a working group that\n"
            "Officials said would meet every month in the capital,\n"
            "and the envoy would return to the region in the spring.\n")
    assert len(block_texts(text)) == 1


def test_blocks_are_cached_on_the_document():
    doc = Document("One line.\n\nAnother line.\n")
    assert blocks(doc) is blocks(doc)


@pytest.mark.parametrize("text,expected", [
    # German, French and Spanish abbreviations (rules/data/abbreviations/)
    ("Siehe Nr. 5 und vgl. Abs. 2 des Gesetzes. Das gilt auch hier.",
     ["Siehe Nr. 5 und vgl. Abs. 2 des Gesetzes.", "Das gilt auch hier."]),
    ("So lieferten z. B. Höfe aus dem Dorf zehn Viertel Hafer. Andere zahlten in Geld.",
     ["So lieferten z. B. Höfe aus dem Dorf zehn Viertel Hafer.", "Andere zahlten in Geld."]),
    ("Müller, Urheberrecht, 3. Aufl., § 19a Rdn. 55. Das Gericht folgte dem.",
     ["Müller, Urheberrecht, 3. Aufl., § 19a Rdn. 55.", "Das Gericht folgte dem."]),
    ("Er kam am 28. Okt. 2019 an. Die Sra. López wartete.", ["Er kam am 28. Okt. 2019 an.", "Die Sra. López wartete."]),
    ("Le stade est à env. 20 kilomètres. MM. Dupont et Martin sont venus.",
     ["Le stade est à env. 20 kilomètres.", "MM. Dupont et Martin sont venus."]),
    ("Il a dit : « Nous reviendrons. » Puis il est parti.", ["Il a dit : « Nous reviendrons. »", "Puis il est parti."]),
    # a German quotation closes with "“"
    ("Er sagte: „Wir kommen wieder.“ Dann ging er.", ["Er sagte: „Wir kommen wieder.“", "Dann ging er."]),
    # a sentence may end on a number before a capitalised word, a title among them
    ("The death toll rose to 28. Officials said more were missing.",
     ["The death toll rose to 28.", "Officials said more were missing."]),
    ("The vote was 52 to 48. Mr. Obama said he was pleased.",
     ["The vote was 52 to 48.", "Mr. Obama said he was pleased."]),
    # an English word that is a German abbreviation elsewhere ends an English sentence
    ("The old harbour is a real gem. Visitors come from far away.",
     ["The old harbour is a real gem.", "Visitors come from far away."]),
    # a German quotation opens a sentence with "„"
    ("Er sagte nichts. „Wir kommen bald“, sagte er dann.", ["Er sagte nichts.", "„Wir kommen bald“, sagte er dann."]),
])
def test_split_other_languages(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize("token,kind", [
    ("bzw.", "inner"), ("Nr.", "number"), ("usw.", "final"), ("Okt.", "month"), ("MM.", "title"),
    ("env.", "inner"), ("pág.", "number"), ("mind.", ""),
])
def test_abbreviation_class_other_languages(token, kind):
    assert abbreviation_class(token) == kind


def test_a_german_quotation_mark_ends_a_sentence():
    assert ends_with_terminal("Er sagte: „Wir kommen wieder.“")
    assert ends_with_terminal("« Nous reviendrons. »") and not ends_with_terminal("Er sagte: „Wir kommen")


@pytest.mark.parametrize("text", ["- steel and aluminium", "• a point", "1. First", "12) Twelfth", "(3) Third",
                                  "[14] J. Weber, History", "a) erstens", "aa) Zweitens", "iv. fourth",
                                  "— a dash item"])
def test_list_items(text):
    assert list_item(text)


@pytest.mark.parametrize("text", ["Mr. Lee said so.", "J. K. Rowling wrote it.", "2024 was a year.",
                                  "In 3. Aufl. steht es.", "The (small) print.", "Also."])
def test_prose_is_no_list_item(text):
    assert not list_item(text)
