"""Shared fixtures. Tests need nothing outside the repository: they use tests/fixtures."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch):
    """Deterministic terminal: no colour, fixed width, no forced TTY."""
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    for var in ("FORCE_COLOR", "TTY_COMPATIBLE", "GITHUB_ACTIONS", "FORUMCLI_TAXONOMY", "FORUMCLI_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # messages in English, whatever the machine's locale


@pytest.fixture
def mini_path() -> Path:
    return MINI


@pytest.fixture(scope="session")
def mini_tagger():
    from forumcli.match.tagger import Tagger
    from forumcli.taxonomy.load import load_taxonomy

    return Tagger(load_taxonomy(MINI))


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.update(TERM="dumb", NO_COLOR="1", COLUMNS="100")
    env.pop("FORCE_COLOR", None)
    return env


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch, tmp_path_factory):
    """Compiled taxonomies go to a temporary cache, never the user's."""
    monkeypatch.setenv("FORUMCLI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "forumcli-cache"))


# Two small meetings shared by the cross-tab, workbook and report tests.
# a.txt: vỉa hè (complaint), PCCC (proposal), one on no topic; b.txt: lô đề (question),
# vỉa hè + ma túy (proposal).
A_TXT = "Bà con phản ánh tình trạng lấn chiếm vỉa hè.\nĐề nghị kiểm tra PCCC ở chợ.\nĐường ngập nước mỗi khi mưa to.\n"
B_TXT = "Khi nào xử lý tụ điểm lô đề?\nĐề nghị xử lý lấn chiếm vỉa hè và tụ điểm ma túy.\n"


@pytest.fixture
def two_files(tmp_path, monkeypatch):
    """a.txt and b.txt in a fresh folder, entered, so output names are exact."""
    (tmp_path / "a.txt").write_text(A_TXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B_TXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return ["a.txt", "b.txt"]


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters it has, plus the tone as a combining mark."""
    out = b""
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        if len(d) > 1 and d[-1] in "\u0300\u0301\u0303\u0309\u0323":
            out += unicodedata.normalize("NFC", d[:-1]).encode("cp1258") + d[-1].encode("cp1258")
        else:
            out += ch.encode("cp1258")
    return out
