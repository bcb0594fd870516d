"""The HTML report rendered by a real browser (headless Chromium).

The page has no JavaScript, so Chromium's ``--dump-dom`` (the DOM after
rendering) is enough to query it; no WebDriver needed. Skipped only when no
Chromium is installed (.ci/run installs it)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from forumcli.cli.app import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

A_TXT = "Bà con phản ánh tình trạng lấn chiếm vỉa hè.\nĐề nghị kiểm tra PCCC ở chợ.\nĐường ngập nước mỗi khi mưa to.\n"
B_TXT = "Khi nào xử lý tụ điểm lô đề?\nĐề nghị xử lý lấn chiếm vỉa hè và tụ điểm <ma túy> & cờ bạc.\n"


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


class DomBars(HTMLParser):
    """Collects the bars of each chart, the <mark> texts and the section headings."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: dict[str, list[tuple[str, int]]] = {}
        self.chart: str | None = None
        self.marks: list[str] = []
        self.in_mark = False
        self.total: str | None = None
        self.in_total = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "chart" in (a.get("class") or ""):
            self.chart = a["id"]
            self.charts[self.chart] = []
        elif tag == "rect" and "bar" in (a.get("class") or "").split() and self.chart:
            self.charts[self.chart].append((a["data-id"], int(a["data-count"])))
        elif tag == "mark":
            self.in_mark = True
            self.marks.append("")
        elif tag == "b" and a.get("id") == "total":
            self.in_total = True

    def handle_endtag(self, tag):
        if tag == "svg":
            self.chart = None
        elif tag == "mark":
            self.in_mark = False
        elif tag == "b":
            self.in_total = False

    def handle_data(self, data):
        if self.in_mark:
            self.marks[-1] += data
        if self.in_total:
            self.total = data


def test_report_in_chromium(runner, mini_path, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(A_TXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B_TXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    made = runner.invoke(app, ["report", "a.txt", "b.txt", "-o", "report.html", "-t", str(mini_path)])
    assert made.exit_code == 0, made.stderr
    counts = json.loads(runner.invoke(app, ["tally", "a.txt", "b.txt", "-f", "json", "-t", str(mini_path)]).stdout)
    url = (tmp_path / "report.html").resolve().as_uri()

    shot = tmp_path / "report.png"
    chromium(tmp_path, "--hide-scrollbars", "--window-size=800,1200", f"--screenshot={shot}", url)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000

    dom = chromium(tmp_path, "--dump-dom", url).stdout
    parsed = DomBars()
    parsed.feed(dom)
    # one bar per topic anyone raised, plus one for "no topic"; the counts are tally's
    expected_topics = {t["id"]: t["count"] for t in counts["topics"] if t["count"]} | {"no_topic": counts["no_topic"]}
    expected_kinds = {k["id"]: k["count"] for k in counts["kinds"] if k["count"]} | {"no_kind": counts["no_kind"]}
    assert dict(parsed.charts["chart-topics"]) == expected_topics == {
        "urban_order": 2, "drugs_gambling": 2, "fire": 1, "no_topic": 1
    }
    assert len(parsed.charts["chart-topics"]) == 4
    assert dict(parsed.charts["chart-kinds"]) == expected_kinds
    assert parsed.total == str(counts["total"]) == "5"
    # remark text arrives as text, not markup: "<ma túy>" stays literal and its term is highlighted
    assert "tụ điểm &lt;<mark>ma túy</mark>&gt; &amp; <mark>cờ bạc</mark>." in dom
    # b.txt:2 is on two topics, so it is listed under both, each time with that topic's terms marked
    assert parsed.marks == ["lấn chiếm vỉa hè", "lấn chiếm vỉa hè", "lô đề", "ma túy", "cờ bạc", "PCCC"]


def test_report_prints_to_a4_pdf(runner, mini_path, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(A_TXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["report", "a.txt", "-o", "report.html", "-t", str(mini_path)]).exit_code == 0
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", (tmp_path / "report.html").as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # every page is A4 (595.3 x 841.9 points; Chromium rounds to whole pixels), not US Letter
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert boxes
    for width, height in boxes:
        assert abs(float(width) - 595.3) < 1.5 and abs(float(height) - 841.9) < 1.5
