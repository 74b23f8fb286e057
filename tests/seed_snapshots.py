"""The sample articles in seeds/ as the default rules see them: the findings (one
line each: ``row:column-end_row:end_column CODE``) and the text after ``--fix``.

Run as a script to rewrite seeds/expected/ after a deliberate change to the rules
(``python tests/seed_snapshots.py``), then review the diff before committing.
"""
from pathlib import Path
from typing import List, Tuple

from lint.config import Settings, enabled_codes
from lint.linter import fix_text, lint_text
from lint.plugins import load_registry
from lint.runner import Linter
from lint.source import read_source

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXPECTED = SEEDS / "expected"


def seed_files() -> List[Path]:
    return sorted(SEEDS.glob("*.txt"))


def default_linter() -> Linter:
    settings, registry = Settings(), load_registry()
    return Linter(settings, sorted(enabled_codes(settings, registry)), registry)


def snapshot(linter: Linter, path: Path) -> Tuple[str, str]:
    """(findings, fixed text) of one sample article."""
    text = read_source(str(path)).text
    diagnostics = lint_text(text, linter.rules, path.name).diagnostics
    findings = "".join(
        f"{d.location[0]}:{d.location[1]}-{d.end_location[0]}:{d.end_location[1]} {d.code}\n" for d in diagnostics)
    return findings, fix_text(text, linter.rules, path.name).text


if __name__ == "__main__":
    EXPECTED.mkdir(exist_ok=True)
    linter = default_linter()
    for path in seed_files():
        findings, fixed = snapshot(linter, path)
        (EXPECTED / f"{path.stem}.findings").write_text(findings, encoding="utf-8")
        (EXPECTED / f"{path.stem}.fixed").write_text(fixed, encoding="utf-8")
        print(f"{path.name}: {findings.count(chr(10))} findings")
