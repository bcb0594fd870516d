"""forumcli report (HTML and Markdown) without a browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import cp1258

from forumcli.cli.app import app
from forumcli.match.tagger import Match
from forumcli.read.remarks import Remark
from forumcli.render.report import (
    Bar,
    build_report,
    md_escape,
    render_html,
    render_markdown,
    svg_chart,
)

DAY = dt.date(2021, 4, 27)




def _report(mini_tagger, remarks, **kw):
    return build_report(((r, mini_tagger.tag(r.text)) for r in remarks), mini_tagger, date=DAY, **kw)


EXPECTED_MD = """\
# Họp tổ \\<7\\> \\& "bạn"

Ngày lập: 27/04/2021  
Nguồn: a.txt, b.txt  
Số ý kiến: **5** · Số người phát biểu: **chưa ghi nhận**

## Ý kiến theo chủ đề

| Chủ đề | Số ý kiến | Tỉ lệ |
|---|---:|---:|
| Trật tự đô thị, giao thông | 2 | 40.0% |
| Ma túy, cờ bạc | 2 | 40.0% |
| Phòng cháy, chữa cháy | 1 | 20.0% |
| Không thuộc chủ đề nào | 1 | 20.0% |

Một ý kiến nêu nhiều chủ đề được tính ở mỗi chủ đề.

## Ý kiến theo loại

| Loại ý kiến | Số ý kiến | Tỉ lệ |
|---|---:|---:|
| Kiến nghị | 2 | 40.0% |
| Phản ánh | 1 | 20.0% |
| Hỏi | 1 | 20.0% |
| Không rõ loại ý kiến | 1 | 20.0% |

## 1. Trật tự đô thị, giao thông (2)

1. Bà con phản ánh tình trạng **lấn chiếm vỉa hè**.  
   Người phát biểu: *không rõ* · a.txt:1 · Phản ánh
2. Đề nghị xử lý **lấn chiếm vỉa hè** và tụ điểm ma túy.  
   Người phát biểu: *không rõ* · b.txt:2 · Kiến nghị

## 2. Ma túy, cờ bạc (2)

1. Khi nào xử lý tụ điểm **lô đề**?  
   Người phát biểu: *không rõ* · b.txt:1 · Hỏi
2. Đề nghị xử lý lấn chiếm vỉa hè và tụ điểm **ma túy**.  
   Người phát biểu: *không rõ* · b.txt:2 · Kiến nghị

## 3. Phòng cháy, chữa cháy (1)

1. Đề nghị kiểm tra **PCCC** ở chợ.  
   Người phát biểu: *không rõ* · a.txt:2 · Kiến nghị

## Ý kiến không thuộc chủ đề nào (1)

1. Đường ngập nước mỗi khi mưa to.  
   Người phát biểu: *không rõ* · a.txt:3
"""


def test_markdown_report(runner, mini_path, two_files, tmp_path):
    result = runner.invoke(
        app,
        ["report", *two_files, "-o", "report.md", "--date", "2021-04-27", "--title", 'Họp tổ <7> & "bạn"',
         "-t", str(mini_path)],
    )
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Wrote report.md: 5 remarks, 3 topics.\n"
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == EXPECTED_MD


def test_markdown_report_to_stdout_in_english(runner, mini_path, two_files):
    result = runner.invoke(app, ["report", *two_files, "-f", "md", "--lang", "en", "--date", "2021-04-27",
                                 "-t", str(mini_path)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:5] == ["# Summary of remarks", "", "Date: 2021-04-27  ", "Sources: a.txt, b.txt  ",
                         "Remarks: **5** · Speakers: **not recorded**"]
    assert "| Urban order and traffic | 2 | 40.0% |" in lines
    assert "   Speaker: *unknown* · a.txt:3" in lines


def test_speakers_counted_and_shown(mini_tagger):
    remarks = [
        Remark("m.txt", 1, "Lấn chiếm vỉa hè.", speaker="Ông Bình"),
        Remark("m.txt", 2, "Đề nghị kiểm tra PCCC.", speaker="Bà *Hạnh*"),
        Remark("m.txt", 3, "Vỉa hè bị chiếm.", speaker="Ông Bình"),
        Remark("m.txt", 4, "Đường ngập nước."),
    ]
    rep = _report(mini_tagger, remarks)
    assert rep.speakers == 2
    md = render_markdown(rep)
    assert "Số ý kiến: **4** · Số người phát biểu: **2**" in md
    assert "   Người phát biểu: Bà \\*Hạnh\\* · m.txt:2 · Kiến nghị" in md
    page = render_html(rep)
    assert '<b id="speakers">2</b>' in page
    assert 'Người phát biểu: <span class="speaker">Bà *Hạnh*</span>' in page


def test_topics_nobody_raised_are_named_not_charted(mini_tagger):
    rep = _report(mini_tagger, [Remark("m.txt", 1, "Lấn chiếm vỉa hè.")])
    assert [b.id for b in rep.topic_bars] == ["urban_order"]
    assert rep.empty_topics == ["Phòng cháy, chữa cháy", "Ma túy, cờ bạc"]
    assert "Không có ý kiến về: Phòng cháy, chữa cháy; Ma túy, cờ bạc." in render_markdown(rep)


def test_html_escapes_remark_text_and_highlights_terms(mini_tagger):
    nasty = Remark("<m>.txt", 7, '<script>alert("x")</script> & lấn chiếm vỉa hè </li>', speaker="<b>Ông</b>")
    page = render_html(_report(mini_tagger, [nasty], title="</title><img src=x>"))
    assert "<script" not in page and "<img" not in page and "<b>Ông" not in page
    assert (
        '<li class="remark"><p class="text">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; '
        "<mark>lấn chiếm vỉa hè</mark> &lt;/li&gt;</p>"
        '<p class="who">Người phát biểu: <span class="speaker">&lt;b&gt;Ông&lt;/b&gt;</span> · '
        '<span class="src">&lt;m&gt;.txt:7</span></p></li>'
    ) in page
    assert "<title>&lt;/title&gt;&lt;img src=x&gt;</title>" in page


def test_html_is_self_contained(mini_tagger):
    page = render_html(_report(mini_tagger, [Remark("m.txt", 1, "Đề nghị xử lý vỉa hè, khi nào xong?")]))
    for needle in ("<script", "<link", "src=", "href=", "url(", "@import", "http:", "https:", "@font-face"):
        assert needle not in page
    assert '<meta charset="utf-8">' in page and '<meta name="viewport"' in page
    assert "@page { size: A4;" in page and "@media print" in page
    # kind cues are shown too, more quietly than topic terms
    assert ('<p class="text"><span class="cue">Đề nghị</span> xử lý <mark>vỉa hè</mark>, '
            '<span class="cue">khi nào</span> xong<span class="cue">?</span></p>') in page


def test_svg_chart_exact():
    bars = [Bar("fire", "Phòng cháy & <chữa cháy>", 3, 0.75), Bar("no_topic", "Không thuộc chủ đề nào", 1, 0.25)]
    assert svg_chart(bars, "c", "Chủ đề") == (
        '<svg class="chart" id="c" role="img" aria-label="Chủ đề" viewBox="0 0 400 72">'
        '<g class="row"><text x="0" y="13">Phòng cháy &amp; &lt;chữa cháy&gt;</text>'
        '<rect class="track" x="0" y="17" width="300" height="12"/>'
        '<rect class="bar" data-id="fire" data-count="3" x="0" y="17" width="300.0" height="12">'
        "<title>Phòng cháy &amp; &lt;chữa cháy&gt;: 3</title></rect>"
        '<text class="count" x="305.0" y="28">3 · 75.0%</text></g>'
        '<g class="row"><text x="0" y="47">Không thuộc chủ đề nào</text>'
        '<rect class="track" x="0" y="51" width="300" height="12"/>'
        '<rect class="bar none" data-id="no_topic" data-count="1" x="0" y="51" width="100.0" height="12">'
        "<title>Không thuộc chủ đề nào: 1</title></rect>"
        '<text class="count" x="105.0" y="62">1 · 25.0%</text></g></svg>'
    )


def test_html_charts_match_tally(runner, mini_path, two_files):
    result = runner.invoke(app, ["report", *two_files, "--date", "2021-04-27", "-t", str(mini_path)])
    assert result.exit_code == 0
    bars = re.findall(r'data-id="([a-z_]+)" data-count="(\d+)"', result.stdout)
    assert bars == [
        ("urban_order", "2"), ("drugs_gambling", "2"), ("fire", "1"), ("no_topic", "1"),
        ("proposal", "2"), ("complaint", "1"), ("question", "1"), ("no_kind", "1"),
    ]
    assert '<time datetime="2021-04-27">27/04/2021</time>' in result.stdout
    assert '<b id="total">5</b>' in result.stdout


def test_overlapping_matches_highlight_once(mini_tagger):
    from forumcli.render.report import _spans

    text = "lấn chiếm vỉa hè"
    spans = _spans(text, [Match("a", "vỉa hè", 10, 16), Match("b", "lấn chiếm vỉa hè", 0, 16), Match("k", "x", 4, 9, "cue")])
    assert spans == [("lấn chiếm vỉa hè", "term")]


def test_md_escape():
    assert md_escape("a*b_c [x](y) <b> | #1 `k` ~s~ & \\") == (
        "a\\*b\\_c \\[x\\](y) \\<b\\> \\| \\#1 \\`k\\` \\~s\\~ \\& \\\\"
    )


def test_bad_date_is_a_usage_error(runner, mini_path, two_files):
    result = runner.invoke(app, ["report", *two_files, "--date", "31/4/2021", "-t", str(mini_path)])
    assert result.exit_code == 2
    assert "'31/4/2021' is not a date like 15/3/2024 or 2024-03-15" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_input_leaves_no_report(runner, mini_path, two_files, tmp_path):
    result = runner.invoke(app, ["report", "a.txt", "nope.txt", "-o", "r.html", "-t", str(mini_path)])
    assert (result.exit_code, result.stderr) == (1, "Error: nope.txt: no such file\n")
    assert not (tmp_path / "r.html").exists()


def test_written_files_get_the_usual_mode(runner, mini_path, two_files, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        for name in ("r.html", "c.xlsx", "c.csv"):
            cmd = ["report", "a.txt"] if name.endswith("html") else ["tally", "a.txt"]
            assert runner.invoke(app, [*cmd, "-o", name, "-t", str(mini_path)]).exit_code == 0
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o644, name
    finally:
        os.umask(old)


def test_report_reads_word_notes_with_speakers_and_legacy_encodings(runner, mini_path, tmp_path):
    docx = pytest.importorskip("docx")
    notes = tmp_path / "bien-ban.docx"
    doc = docx.Document()
    doc.add_paragraph("Ông Nguyễn Văn Hùng (TDP 5): phản ánh tình trạng lấn chiếm vỉa hè.")
    doc.add_paragraph("Bà Trần Thị Lan: đề nghị tuyên truyền PCCC.")
    doc.save(notes)
    old = tmp_path / "cu.txt"
    old.write_bytes(cp1258("Lô đề vẫn còn.\n"))
    out = tmp_path / "r.md"
    result = runner.invoke(
        app, ["report", str(notes), "-t", str(mini_path), "-o", str(out), "--date", "2021-04-27"]
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Ông Nguyễn Văn Hùng" in text and "Bà Trần Thị Lan" in text
    bad = runner.invoke(app, ["report", str(old), "-t", str(mini_path), "-o", str(tmp_path / "x.md")])
    assert bad.exit_code == 1
    assert "try --encoding cp1258" in bad.stderr
    assert not (tmp_path / "x.md").exists()
    good = runner.invoke(
        app, ["report", str(old), "-t", str(mini_path), "-f", "md", "--encoding", "cp1258", "--date", "2021-04-27"]
    )
    assert good.exit_code == 0, good.stderr
    assert "**Lô đề** vẫn còn." in good.stdout


def test_an_input_without_remarks_is_still_named_as_a_source(runner, tmp_path, mini_path):
    empty, notes = tmp_path / "trong.txt", tmp_path / "b.txt"
    empty.write_text("\n- \n", encoding="utf-8")
    notes.write_text("Đề nghị xử lý lấn chiếm vỉa hè.\n", encoding="utf-8")
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["report", str(empty), str(notes), "-t", str(mini_path), "-o", str(out), "--date", "2021-04-27"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[3] == f"Nguồn: {md_escape(f'{empty}, {notes}')}  "
