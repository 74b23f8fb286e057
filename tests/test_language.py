"""The language guess that rules written for English consult before reporting."""
import pytest

from lint.document import Document
from rules.language import document_language, is_english, language_of

SAMPLES = {
    "en": "The minister said on Monday that the talks would go on, and that she was ready for them.",
    "de": "Die Ministerin sagte am Montag, dass die Gespräche weitergehen und sie dafür bereit sei.",
    "fr": "La ministre a dit lundi que les discussions vont continuer et qu'elle est prête pour cela.",
    "es": "La ministra dijo el lunes que las conversaciones van a seguir y que está lista para ellas.",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_each_language_is_told_from_its_function_words(language):
    assert language_of(SAMPLES[language]) == language


def test_a_text_without_enough_function_words_is_unknown():
    assert language_of("Kim Jong Un, Moon Jae-in") == ""
    assert language_of("") == ""


def test_a_page_that_opens_with_menus_is_read_further():
    menus = "Home\nNews\nSport\nWeather\n" * 400  # over the first sample, no function word
    assert language_of(menus + SAMPLES["de"]) == "de"


def test_words_shared_by_two_languages_tell_neither():
    # "la", "de", "que", "en" are French and Spanish: a Spanish text is not French.
    text = "La casa de la ciudad que está en el centro es para los niños y las niñas del barrio."
    assert language_of(text) == "es"


def test_document_language_is_kept_and_unknown_counts_as_english():
    doc = Document(SAMPLES["de"] + "\n")
    assert document_language(doc) == "de" and not is_english(doc)
    assert doc.cache["language.document"] == "de"
    assert is_english(Document("Kim Jong Un\n")) and is_english(Document(SAMPLES["en"]))
