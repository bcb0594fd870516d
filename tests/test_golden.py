"""Golden files: each samples/*.txt and *.docx tagged and tallied with the bundled taxonomy.

Regenerate after a deliberate change to the taxonomy or the matcher with
``FORUMCLI_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff.
"""

import os
from pathlib import Path

import pytest
from conftest import ROOT

from forumcli.cli.app import app

SAMPLES = sorted([*(ROOT / "samples").glob("*.txt"), *(ROOT / "samples").glob("*.docx")])
GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("FORUMCLI_REGEN_GOLDEN") == "1"


def check(path: Path, actual: str) -> None:
    if REGEN:
        path.write_text(actual, encoding="utf-8", newline="")
    assert path.exists(), f"missing golden file {path}; run with FORUMCLI_REGEN_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_there_are_samples():
    assert len(SAMPLES) >= 3


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_tally_csv(runner, in_root, sample):
    result = runner.invoke(app, ["tally", f"samples/{sample.name}", "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    check(GOLDEN / f"{sample.stem}.tally.csv", result.stdout)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_tag_jsonl(runner, in_root, sample):
    result = runner.invoke(app, ["tag", f"samples/{sample.name}", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    check(GOLDEN / f"{sample.stem}.json", result.stdout)
