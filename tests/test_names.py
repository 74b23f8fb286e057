"""The name rules (NM): the pair decision against a labelled set, the mention
parser, the shared mention index, the names file, and the cost of a long text.

The rules' behaviour on whole texts is in fixtures/rules/NM*.toml.
"""
import json
import sys
import time
from pathlib import Path

import pytest

from lint.config import ConfigError, load_settings
from lint.document import Document
from lint.linter import fix_text, lint_text
from rules import names
from rules.language import CACHE_KEY as LANGUAGE_KEY
from rules.names import (
    compare_names, derived_forms, fold, german_inflections, mention_index, name_key, osa_distance, parse_run,
    translation_of,
)

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

LABELLED = Path(__file__).parent / "data" / "names_labelled.toml"
NM_CODES = ("NM01", "NM02", "NM03")


def labelled_pairs():
    data = tomllib.loads(LABELLED.read_text(encoding="utf-8"))
    for origin, lists in data.items():
        for label in ("variants", "distinct"):
            for row in lists.get(label, []):
                counts = tuple(row[2:4]) if len(row) > 2 else (1, 3)
                yield origin, label == "variants", row[0], row[1], counts


def test_labelled_set_precision_and_recall():
    pairs = list(labelled_pairs())
    assert len(pairs) >= 200
    assert len({origin for origin, *_ in pairs}) >= 8
    tp = fp = fn = 0
    wrong = []
    for origin, variant, rare, frequent, counts in pairs:
        found = compare_names(rare, frequent, *counts) is not None
        tp += found and variant
        fp += found and not variant
        fn += variant and not found
        if found != variant:
            wrong.append((origin, rare, frequent, "false alarm" if found else "missed"))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print(f"\nlabelled pairs: {len(pairs)}, precision {precision:.3f}, recall {recall:.3f}")
    assert precision > 0.95, [w for w in wrong if w[3] == "false alarm"]
    assert recall >= 0.85, [w for w in wrong if w[3] == "missed"]


@pytest.mark.parametrize("rare,frequent,kind", [
    ("Kim Jong-un", "Kim Jong Un", "romanization"),
    ("Erdogan", "Erdoğan", "romanization"),
    ("Kim Jong-a", "Kim Jong-un", "translation"),
    ("Ursula of the Leyen", "Ursula von der Leyen", "translation"),
    ("Qaddafi", "Gaddafi", "known"),
    ("Muhammad bin Salman", "Mohammed bin Salman", "known"),
    ("Mike Pompoe", "Mike Pompeo", "spelling"),
])
def test_the_kind_of_variant(rare, frequent, kind):
    assert compare_names(rare, frequent).kind == kind


def test_counts_decide_as_much_as_similarity():
    # A slip is rare beside a frequent spelling; two spellings each in use are two people.
    assert compare_names("Kim Jong-a", "Kim Jong-un", 1, 3) is not None
    assert compare_names("Kim Jong-a", "Kim Jong-un", 3, 3) is None
    assert compare_names("Mike Pompoe", "Mike Pompeo", 1, 3) is not None
    assert compare_names("Mike Pompoe", "Mike Pompeo", 2, 3) is None
    assert compare_names("Kim Jong Il", "Kim Jong Un", 1, 5) is None


def test_folding_and_keys():
    assert fold("Erdoğan") == "erdogan"
    assert fold("Kılıçdaroğlu") == "kilicdaroglu"
    assert fold("Đình") == "dinh"
    assert name_key("Kim Jong-un") == name_key("KIM JONG UN") == "kimjongun"
    assert name_key("J. K. Rowling") == name_key("J.K. Rowling")


def test_edit_distance_with_transpositions_and_a_limit():
    assert osa_distance("pompeo", "pompoe", 2) == 1
    assert osa_distance("zelensky", "zelenskyy", 2) == 1
    assert osa_distance("kim", "kimjongun", 2) == 3  # past the limit: limit + 1
    assert osa_distance("abc", "abc", 0) == 0


def test_translations_need_two_languages():
    assert translation_of("un", "a")
    assert translation_of("de", "of")
    assert translation_of("in", "dans")
    assert not translation_of("al", "el")  # both Arabic: a romanization, not a translation
    assert not translation_of("un", "il")
    assert not translation_of("le", "la")


def test_derived_forms_are_other_names():
    assert derived_forms("navalny", "navalnaya")
    assert derived_forms("ivana", "ivanka")
    assert derived_forms("michael", "michaela")
    assert not derived_forms("zelensky", "zelenskyy")
    assert not derived_forms("pompeo", "pompoe")


def test_derived_words_are_other_words():
    # A people, a member, a plural: a name of the text with an ending added.
    index = names.mention_index(Document(
        "Grenada, Wikipedia, Bhutan and Tonga sent delegates. Grenada spoke first.\n"))
    for word in ("grenadian", "wikipedians", "bhutanese", "tongan"):
        assert index.derived_from_a_name(word, "x"), word
    assert not index.derived_from_a_name("grenadian", "grenada")  # (the name itself is no third name)
    # A dropped last letter is a slip, not a derived name: "Erdoga" for "Erdogan".
    assert not derived_forms("erdoga", "erdogan") and not derived_forms("clinto", "clinton")
    assert derived_forms("navalny", "navalnaya") and not derived_forms("houser", "hauser")


def test_german_inflections():
    assert german_inflections("bahnhof", "bahnhofen")  # "Bahnhöfen", umlaut folded
    assert german_inflections("hauses", "hauser")  # "Häuser"
    assert german_inflections("deutsche", "deutschen")
    assert german_inflections("lehrerin", "lehrer")
    assert not german_inflections("meldungen", "mendungen")
    assert not german_inflections("scholz", "schloz")


def test_contractions_and_handles_are_no_names():
    assert parse_run("We’re") == () and parse_run("I'm") == () and parse_run("Don’t") == ()
    assert parse_run("C’est") == () and parse_run("L'école") == ()
    assert parse_run("SaraLindqvist") == () and parse_run("YouTube") == ()
    # Names with an apostrophe or a joined prefix are names.
    assert [p.parts for p in parse_run("Conan O’Brien")] == [("conan", "obrien")]
    assert [p.parts for p in parse_run("Massimo D'Alema")] == [("massimo", "dalema")]
    assert [p.parts for p in parse_run("Douglas MacArthur")] == [("douglas", "macarthur")]
    assert [p.parts for p in parse_run("Ron DeSantis")] == [("ron", "desantis")]
    doc = Document("You can follow @SaraLindqvist and #MeToo Campaigners. Sara Lindqvist was not available.\n")
    assert [m.surface for m in mention_index(doc).mentions] == ["Campaigners", "Sara Lindqvist"]


FAMILIES = """Relatives in public life

Venus Williams played her sister Serena Williams in the semi-final. Serena Williams won, and Venus Williams
said she was proud of her.

David Miliband campaigned against his brother Ed Miliband. Ed Miliband won the vote; David Miliband left
politics for a charity.

Kim Jong-un laid a wreath for his father Kim Jong-il and his grandfather Kim Il-sung. Kim Jong-un bowed
three times, state media said, as Kim Jong-il had done before him.

Mohammed bin Salman replaced Mohammed bin Nayef as crown prince. Mohammed bin Salman now runs the
government.

Bashar al-Assad took power after his father Hafez al-Assad died. Bashar al-Assad kept his father's
ministers.

Martin Schulz and Olaf Scholz met in Berlin. Scholz spoke first, and Schulz answered him.

Lee Jae-myung met Lee Jae-yong at the factory. Lee Jae-myung praised the workers, and Lee Jae-yong
thanked him.
"""


def test_relatives_sharing_a_family_name_are_never_merged(registry):
    rules = [registry.rules[code]() for code in NM_CODES]
    assert [d.message for d in lint_text(FAMILIES, rules).diagnostics] == []


def test_the_language_is_worked_out_only_for_a_candidate_finding(registry):
    rules = [registry.rules[code]() for code in NM_CODES]
    consistent = Document("Busse und Bahnen: Die Stadt plant neue Wege, und die Wege werden breiter.\n")
    for rule in rules:
        list(rule.check(consistent))
    assert LANGUAGE_KEY not in consistent.cache
    mixed = Document("Die Stadt pflegt viele Gärten, und der Garten am Fluss ist der größte Garten.\n")
    for rule in rules:
        assert list(rule.check(mixed)) == []
    assert mixed.cache[LANGUAGE_KEY] == "de"


def test_parse_titles_possessives_particles_initials():
    (piece,) = parse_run("President Moon Jae-in")
    assert piece.title == "President" and piece.raw == ("Moon", "Jae", "in") and piece.seps == (" ", "-")
    (piece,) = parse_run("Kim Jong Un’s")
    assert piece.raw == ("Kim", "Jong", "Un")
    (piece,) = parse_run("Crown Prince Mohammed bin Salman")
    assert piece.title == "Crown Prince" and piece.parts == ("mohammed", "bin", "salman")
    (piece,) = parse_run("J. K. Rowling")
    assert piece.parts == ("j", "k", "rowling")
    (piece,) = parse_run("Mr. Pompeo")
    assert piece.title == "Mr." and piece.parts == ("pompeo",)
    # Acronyms and stop words split a run; a run of titles alone names nobody.
    assert [p.parts for p in parse_run("US Secretary")] == []
    assert [p.parts for p in parse_run("The Kim Jong Un")] == [("kim", "jong", "un")]


def test_memos_can_be_cleared():
    (first,) = parse_run("Mr. Kim Jong Un")
    names.clear_caches()
    (again,) = parse_run("Mr. Kim Jong Un")
    assert again is not first and (again.key, again.title, again.shape) == (first.key, first.title, first.shape)


def test_mentions_found_in_a_text():
    doc = Document("North Korean leader Kim Jong Un met U.S. Secretary of State Mike Pompeo. "
                   "Mr. Pompeo’s aide, Stephen\nBiegun, took notes.\n")
    index = mention_index(doc)
    found = {m.surface: m.title for m in index.mentions}
    assert found["Kim Jong Un"] == ""
    assert found["Mike Pompeo"] == "State"
    assert found["Pompeo"] == "Mr."
    assert "Stephen Biegun" in found  # a long line that ends inside a name was hard-wrapped
    assert index.has_person_evidence(index.names["kimjongun"].mentions[0])  # "leader" before it
    byline = mention_index(Document("Story and photos: Alex Matthews-King\nSunday 7 October\n\nText follows here.\n"))
    assert "Alex Matthews-King" in [m.surface for m in byline.mentions]  # a short line stands alone


def test_a_name_written_first_with_other_parts(registry):
    """A headline may write a name with other parts ("Gad-dafi") before the body
    writes it as usual ("Gaddafi"): a one-word variant is still compared with
    the usual part, not with a part of the headline's spelling."""
    text = ("Muammar Gad-dafi Visits Tripoli\n\n"
            "Muammar Gaddafi arrived on Monday. Later Muammar Gaddafi spoke to the crowd, "
            "and Muammar Gad-dafi left.\n\n"
            "Officials said that Qaddafi would return.\n")
    result = lint_text(text, [registry.rules["NM01"]()])
    assert not result.failures
    assert [d.message.split("'")[1:4:2] for d in result.diagnostics] == [["Qaddafi", "Gaddafi"]]


def test_the_three_rules_share_one_mention_index(registry):
    doc = Document("Kim Jong-un met Kim Jong Un. Kim Jong Un left.\n")
    rules = [registry.rules[code]() for code in NM_CODES]
    for rule in rules:
        list(rule.check(doc))
    index = doc.cache[names.CACHE_INDEX]
    assert mention_index(doc) is index


def test_every_rule_offers_its_suggestion_in_the_fix(registry):
    text = ("Pompeo met leader Kim Jong-un. Kim Jong-un hosted lunch, and Kim Jong-un smiled.\n\n"
            "Pompeo said he had discussed the steps with Kim Jong-a.\n")
    diagnostics = lint_text(text, [registry.rules["NM02"]()]).diagnostics
    assert len(diagnostics) == 1
    assert diagnostics[0].fix.edits[0].content == "Kim Jong-un"
    assert diagnostics[0].fix.applicability.value == "unsafe"


NAMES_FILE = """
[[names]]
canonical = "Kim Jong Un"
variants = ["Kim Jong Eun"]

[[distinct]]
names = ["Mike Pompeo", "Mike Pompoe"]
"""


def test_names_file_makes_fixes_safe_and_keeps_people_apart(registry, tmp_path):
    path = tmp_path / "names.toml"
    path.write_text(NAMES_FILE, encoding="utf-8")
    options = {"names-file": registry.rules["NM01"].options["names-file"].convert(str(path))}
    nm01 = registry.rules["NM01"](options)
    nm03 = registry.rules["NM03"](options)
    text = ("Kim Jong-un met Mike Pompeo. Kim Jong Eun spoke. Pompeo replied, and Pompeo left.\n\n"
            "Later Mike Pompoe said the talks were useful.\n")
    found = {(d.code, d.message.split("'")[1]): d for d in lint_text(text, [nm01, nm03]).diagnostics}
    assert set(found) == {("NM01", "Kim Jong Eun"), ("NM03", "Kim Jong-un")}
    assert all(d.fix.applicability.value == "safe" for d in found.values())
    assert fix_text(text, [nm01, nm03]).text.startswith("Kim Jong Un met Mike Pompeo. Kim Jong Un spoke.")


def test_names_file_through_the_configuration(registry, tmp_path):
    (tmp_path / "names.toml").write_text(NAMES_FILE, encoding="utf-8")
    config = tmp_path / "scrapelint.toml"
    config.write_text('[rules.NM03]\nnames-file = "names.toml"\n', encoding="utf-8")
    settings = load_settings(registry, config)
    assert settings.rule_settings["NM03"]["names-file"] == (str((tmp_path / "names.toml").resolve()),)
    config.write_text('[rules.NM03]\nnames-file = "missing.toml"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(registry, config)


@pytest.mark.parametrize("content,problem", [
    ("[[names]]\nvariants = ['x']\n", "canonical"),
    ("[[distinct]]\nnames = ['Only One']\n", "two or more"),
    ("[people]\n", "unknown table"),
    ("not toml [", "not valid TOML"),
])
def test_a_broken_names_file_is_named_with_its_problem(registry, tmp_path, content, problem):
    path = tmp_path / f"names-{abs(hash(content))}.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        registry.rules["NM01"].options["names-file"].convert(str(path))


@pytest.mark.parametrize("code,key,value", [
    ("NM01", "min-frequent", 1), ("NM01", "max-rare", 0), ("NM01", "min-length", "5"),
    ("NM03", "preferred", "Kim Jong Un"),
])
def test_bad_option_values_are_refused(registry, code, key, value):
    with pytest.raises(ValueError):
        registry.rules[code].options[key].convert(value)


SYLLABLES = ["Jong", "Yong", "Song", "Chol", "Hye", "Un", "Il", "Nam", "Sik", "Ho", "Gil", "Su", "Min",
             "Jin", "Hun", "Gwan", "Sol", "Ju", "Ryong", "Hae"]


def _article(i: int) -> str:
    # Every paragraph brings a new Kim: one block that grows with the text.
    given = SYLLABLES[i % 20] + SYLLABLES[i // 20 % 20].lower() + " " + SYLLABLES[i // 400 % 20]
    return (f"Delegate Kim {given} met Kim Jong Un in Pyongyang on Sunday. Kim Jong Un said "
            f"talks with Mike Pompeo and Moon Jae-in would go on. Officials from Seoul and Tokyo, "
            f"among them Kang Kyung-wha, took notes, and Pompeo thanked Kim {given}.\n\n")


def test_cost_grows_linearly_with_the_text(registry):
    """Many distinct names in one long text: blocks keep the comparisons few."""
    rules = [registry.rules[code]() for code in NM_CODES]

    def seconds(count: int) -> float:
        text = "".join(_article(i) for i in range(count))
        start = time.perf_counter()
        lint_text(text, rules)
        return time.perf_counter() - start

    seconds(50)  # warm the parse cache
    small, large = seconds(400), seconds(3200)
    assert large < 20 * small + 0.5, (small, large)  # eight times the text, far from 64 times the time


REFERENCE_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
REFERENCE_EXPECT = Path(__file__).resolve().parents[2] / "shared" / "tools" / "seeds_expect.json"


@pytest.mark.skipif(not REFERENCE_EXPECT.exists(), reason="the reference articles are not beside the repository")
def test_reference_articles(registry):
    """Run by hand where the reference articles sit beside the repository: the
    expected name findings, and no other NM finding on any line."""
    expect = json.loads(REFERENCE_EXPECT.read_text(encoding="utf-8"))
    rules = [registry.rules[code]() for code in NM_CODES]
    files = {p.name[:3]: p for p in REFERENCE_SEEDS.glob("*.txt")}
    wanted = {(key, line): text for key, line, _, text in expect["names_must"]}
    for key, path in files.items():
        for diag in lint_text(path.read_text(encoding="utf-8"), rules).diagnostics:
            suggestion = wanted.pop((key, diag.location[0]), None)
            assert suggestion is not None, f"{key}:{diag.location[0]} unexpected {diag.code}: {diag.message}"
            assert suggestion in diag.message + "".join(e.content for e in diag.fix.edits)
    assert not wanted, f"missed: {wanted}"
