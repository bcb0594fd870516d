"""A clerk's day, scripted: Word minutes in a folder, the tally written twice into that folder,
the report, the tagged remarks; every file is what its name says, and a run repeated gives
the same result."""

from __future__ import annotations

import pytest

from forumcli.cli.app import app

REMARKS = [
    ("Ông Nguyễn Văn Hùng (tổ dân phố 5)", "Đề nghị công an phường xử lý tình trạng lấn chiếm vỉa hè ở chợ Đầm."),
    ("Bà Trần Thị Lan (tổ dân phố 2)", "Phản ánh tụ điểm lô đề, cờ bạc ở hẻm 12 tái diễn nhiều lần."),
    ("Ông Lê Văn Tám", "Khi nào khu dân cư được kiểm tra phòng cháy chữa cháy?"),
    ("Bà Phạm Thị Hoa", "Ghi nhận lực lượng công an đã giải quyết nhanh vụ trộm xe máy."),
    ("Ông Đỗ Văn Minh", "Đường ngập nước mỗi khi mưa to, đề nghị nạo vét cống."),
]


def minutes_docx(path):
    """Minutes as a ward writes them: a heading, the meeting's details, then one paragraph
    per citizen, speaker first, and the answers of the chair."""
    import docx

    d = docx.Document()
    d.add_heading("BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI", level=1)
    d.add_paragraph("Thời gian: 8 giờ 00 ngày 15 tháng 3 năm 2024. Địa điểm: Nhà văn hóa khu phố 3.")
    d.add_paragraph("Ý kiến của cử tri:")
    for speaker, text in REMARKS:
        d.add_paragraph(f"{speaker}: {text}", style="List Number")
    d.save(path)
    return path


def workbook(path):
    from openpyxl import load_workbook

    assert path.read_bytes()[:4] == b"PK\x03\x04"
    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


@pytest.fixture
def day(tmp_path, monkeypatch):
    minutes_docx(tmp_path / "bien-ban-15-3.docx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_clerks_day(runner, day):
    def forumcli(*args):
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.stderr
        return result.stderr

    # the heading, the meeting's details and the line before the remarks are not remarks
    left = ("left out: 3 of 8 blocks of minutes are not remarks (header 1, meta 1, heading 1); "
            "'forumcli outline FILE' shows each block with its role\n")
    assert forumcli("tally", ".", "-o", "thong-ke.xlsx") == left
    first = workbook(day / "thong-ke.xlsx")
    assert list(first) == ["Tally", "Remarks", "Untagged"]
    assert first["Tally"][0] == ["Mục", "Mã", "Nhãn", "Số ý kiến", "Tỉ lệ"]
    total = first["Tally"][-1]
    assert total[:3] == ["Tổng", "total", "Tổng số ý kiến"]
    n = total[3]
    assert len(first["Remarks"]) == n + 1
    assert [r[2] for r in first["Remarks"][1:] if r[2] != "(không rõ)"] == [s.split(" (")[0] for s, _ in REMARKS]

    skipped = "skipped: 1 forumcli output: thong-ke.xlsx\n"
    assert forumcli("tally", ".", "-o", "thong-ke.xlsx") == skipped + left
    assert workbook(day / "thong-ke.xlsx") == first

    topics = sum(1 for r in first["Tally"] if r[0] == "Chủ đề" and r[1] != "no_topic" and r[3])
    assert forumcli("report", ".", "-o", "bao-cao.html", "--date", "15/3/2024") == (
        skipped + left + f"Wrote bao-cao.html: {n} remarks, {topics} topics.\n"
    )
    html = (day / "bao-cao.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"vi\">")
    assert '<time datetime="2024-03-15">' in html

    assert forumcli("tag", ".", "-o", "y-kien.xlsx") == skipped
    tagged = workbook(day / "y-kien.xlsx")
    assert list(tagged) == ["Remarks"]
    assert tagged["Remarks"] == first["Remarks"]

    # the whole day again, in the same folder: the same files
    report_before = html
    forumcli("tally", ".", "-o", "thong-ke.xlsx")
    forumcli("report", ".", "-o", "bao-cao.html", "--date", "15/3/2024")
    assert forumcli("tag", ".", "-o", "y-kien.xlsx") == "skipped: 2 forumcli outputs: thong-ke.xlsx, y-kien.xlsx\n"
    assert workbook(day / "thong-ke.xlsx") == first
    assert (day / "bao-cao.html").read_text(encoding="utf-8") == report_before
    assert workbook(day / "y-kien.xlsx") == tagged
