"""The project's sample articles (seeds/) against the expectations written
beside them: seeds/expected.toml by hand, seeds/expected/ as exact snapshots."""
import sys

import pytest

from lint.linter import fix_text, lint_text
from lint.source import read_source
from seed_snapshots import EXPECTED, SEEDS, default_linter, seed_files, snapshot
from test_rule_cases import text_outside_span

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

SPEC = tomllib.loads((SEEDS / "expected.toml").read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def linter():
    return default_linter()


def covering(diagnostics, row, families):
    out = []
    for d in diagnostics:
        last = d.end_location[0] - (1 if d.end_location[0] > d.location[0] and d.end_location[1] == 1 else 0)
        if d.location[0] <= row <= last and d.code[:2] in families.split():
            out.append(d)
    return out


def test_every_sample_has_expectations():
    assert sorted(SPEC) == [p.name for p in seed_files()]


@pytest.mark.parametrize("name", sorted(SPEC))
def test_hand_written_expectations(linter, name):
    text = read_source(str(SEEDS / name)).text
    diagnostics = lint_text(text, linter.rules, name).diagnostics
    spec = SPEC[name]
    missed = [f"{row} {fams}" for row, fams in spec["must"] if not covering(diagnostics, row, fams)]
    false = [f"{row} {d.code} {d.message}" for row, fams in spec["never"] for d in covering(diagnostics, row, fams)]
    names = [f"{row} wants {want!r}" for row, want in spec.get("names", [])
             if not any(want in d.message or (d.fix and any(want in e.content for e in d.fix.edits))
                        for d in covering(diagnostics, row, "NM"))]
    assert not (missed or false or names), {"missed": missed, "false alarms": false, "names": names}
    for d in diagnostics:
        assert not text_outside_span(text, d).strip(), f"{d.code} at row {d.location[0]} fixes outside its span"


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name)
def test_snapshot(linter, path):
    findings, fixed = snapshot(linter, path)
    assert findings == (EXPECTED / f"{path.stem}.findings").read_text(encoding="utf-8")
    assert fixed == (EXPECTED / f"{path.stem}.fixed").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name)
def test_fix_is_idempotent_and_unsafe_fixes_leave_nothing_fixable(linter, path):
    text = read_source(str(path)).text
    once = fix_text(text, linter.rules, path.name).text
    assert fix_text(once, linter.rules, path.name).text == once
    everything = fix_text(text, linter.rules, path.name, unsafe=True)
    assert everything.settled
    assert not [d for d in everything.result.diagnostics if d.fix and d.fix.applicability.value != "display"]
