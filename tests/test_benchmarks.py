"""The benchmark scripts still run: a tiny corpus through each measurement they
print, so that a change to the engine or the rules cannot leave them broken.
(The figures themselves are never asserted: they depend on the machine.)"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_throughput_script_measures_a_generated_corpus(tmp_path):
    figures_file = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "throughput.py"), "--files", "6", "--keep", str(tmp_path / "corpus"),
         "--output", str(figures_file)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "all default rules together" in proc.stdout
    assert len(list((tmp_path / "corpus").glob("*.txt"))) == 6
    api = json.loads(figures_file.read_text(encoding="utf-8"))["api"]
    assert api["files"] == 6 and api["findings"] > 0
    assert api["combined_mb_per_s"] > 0 and api["combined_cpu_mb_per_s"] > 0
    assert set(api["per_rule"]) and all(row["findings"] >= 0 for row in api["per_rule"].values())
    # The reference workload, and how the rules compare with it, against the target's ratio.
    assert api["reference_mb_per_s"] > 0 and api["ratio_to_reference"] > 0 and api["target_ratio"] == 1.16
    assert "reference, ftfy.fix_text" in proc.stdout
