"""tally -o counts.xlsx, reopened with openpyxl and checked cell by cell."""

from __future__ import annotations

import os

from openpyxl import load_workbook

from forumcli.cli.app import app

REMARKS = [
    ["Tệp", "Dòng", "Người phát biểu", "Ý kiến", "Chủ đề", "Loại ý kiến", "Từ khớp"],
    ["a.txt", 1, "(không rõ)", "Bà con phản ánh tình trạng lấn chiếm vỉa hè.", "Trật tự đô thị, giao thông",
     "Phản ánh", "phản ánh; tình trạng; lấn chiếm vỉa hè"],
    ["a.txt", 2, "(không rõ)", "Đề nghị kiểm tra PCCC ở chợ.", "Phòng cháy, chữa cháy", "Kiến nghị",
     "đề nghị; pccc"],
    ["a.txt", 3, "(không rõ)", "Đường ngập nước mỗi khi mưa to.", None, None, None],
    ["b.txt", 1, "(không rõ)", "Khi nào xử lý tụ điểm lô đề?", "Ma túy, cờ bạc", "Hỏi", "khi nào; lô đề; ?"],
    ["b.txt", 2, "(không rõ)", "Đề nghị xử lý lấn chiếm vỉa hè và tụ điểm ma túy.",
     "Trật tự đô thị, giao thông; Ma túy, cờ bạc", "Kiến nghị", "đề nghị; lấn chiếm vỉa hè; ma túy"],
]
UNTAGGED = [
    ["Tệp", "Dòng", "Người phát biểu", "Ý kiến", "Loại ý kiến"],
    ["a.txt", 3, "(không rõ)", "Đường ngập nước mỗi khi mưa to.", None],
]




def values(ws) -> list[list[object]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def write(runner, mini_path, *args) -> object:
    result = runner.invoke(app, ["tally", "a.txt", "b.txt", "-o", "counts.xlsx", "-t", str(mini_path), *args])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    return load_workbook("counts.xlsx")


def test_workbook_plain_tally(runner, mini_path, two_files):
    wb = write(runner, mini_path)
    assert wb.sheetnames == ["Tally", "Remarks", "Untagged"]
    assert values(wb["Tally"]) == [
        ["Mục", "Mã", "Nhãn", "Số ý kiến", "Tỉ lệ"],
        ["Chủ đề", "urban_order", "Trật tự đô thị, giao thông", 2, 0.4],
        ["Chủ đề", "fire", "Phòng cháy, chữa cháy", 1, 0.2],
        ["Chủ đề", "drugs_gambling", "Ma túy, cờ bạc", 2, 0.4],
        ["Chủ đề", "no_topic", "Không thuộc chủ đề nào", 1, 0.2],
        ["Loại ý kiến", "complaint", "Phản ánh", 1, 0.2],
        ["Loại ý kiến", "proposal", "Kiến nghị", 2, 0.4],
        ["Loại ý kiến", "question", "Hỏi", 1, 0.2],
        ["Loại ý kiến", "no_kind", "Không rõ loại ý kiến", 1, 0.2],
        ["Tổng", "total", "Tổng số ý kiến", 5, 1.0],
    ]
    assert values(wb["Remarks"]) == REMARKS
    assert values(wb["Untagged"]) == UNTAGGED


def test_workbook_cells_are_typed_and_styled(runner, mini_path, two_files):
    wb = write(runner, mini_path)
    tally = wb["Tally"]
    assert tally["D2"].data_type == "n" and tally["E2"].data_type == "n"
    assert tally["E2"].number_format == "0.0%"
    assert wb["Remarks"]["B2"].data_type == "n"
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert all(c.font.b for c in ws[1])
        assert {c.fill.fgColor.rgb for c in ws[1]} == {"00DDEBF7"}
    widths = {k: round(d.width) for k, d in wb["Remarks"].column_dimensions.items()}
    # the longest value (or header) plus 2: text 49 chars, topics 42, terms "phản ánh; tình trạng; …" 38
    assert widths == {"A": 7, "B": 6, "C": 17, "D": 51, "E": 44, "F": 13, "G": 40}
    assert wb["Remarks"]["D2"].alignment.wrap_text
    assert wb["Remarks"].auto_filter.ref == "A1:G6"


def test_workbook_by_file(runner, mini_path, two_files):
    wb = write(runner, mini_path, "--by", "file")
    assert values(wb["Tally"]) == [
        ["Tệp", "Trật tự đô thị, giao thông", "Phòng cháy, chữa cháy", "Ma túy, cờ bạc", "Tổng số ý kiến",
         "Không thuộc chủ đề nào"],
        ["a.txt", 1, 1, 0, 3, 1],
        ["b.txt", 1, 0, 2, 2, 0],
    ]
    assert values(wb["Remarks"]) == REMARKS


def test_workbook_by_kind_long_in_english(runner, mini_path, two_files):
    wb = write(runner, mini_path, "--by", "kind", "--long", "--lang", "en")
    rows = values(wb["Tally"])
    assert rows[:3] == [["Kind", "Topic", "Count"], ["Complaint", "Urban order and traffic", 1], ["Complaint", "Fire prevention", 0]]
    assert len(rows) == 1 + 4 * 4
    assert values(wb["Untagged"])[0] == ["File", "Line", "Speaker", "Remark", "Kinds"]


def test_workbook_written_atomically(runner, mini_path, two_files, tmp_path):
    (tmp_path / "counts.xlsx").write_bytes(b"old")
    result = runner.invoke(app, ["tally", "a.txt", "missing.txt", "-o", "counts.xlsx", "-t", str(mini_path)])
    assert (result.exit_code, result.stderr) == (1, "Error: missing.txt: no such file\n")
    assert (tmp_path / "counts.xlsx").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt", "counts.xlsx"]


def test_workbook_into_a_missing_folder(runner, mini_path, two_files):
    result = runner.invoke(app, ["tally", "a.txt", "-o", "nowhere/counts.xlsx", "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == "Error: nowhere/counts.xlsx: cannot write: No such file or directory\n"
