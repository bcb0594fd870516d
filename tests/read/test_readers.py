"""Every input format, folders, stdin, and nothing lost on bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from forumcli.cli.app import app
from forumcli.errors import InputError
from forumcli.read.remarks import (
    ReadOptions,
    ReadStats,
    Source,
    _plainly_fine,
    prepare_inputs,
    read_remarks,
)


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def short(recs: list[dict]) -> list[tuple]:
    """(line, speaker, place, text, topics) of each record."""
    return [(r["line"], r.get("speaker"), r.get("place"), r["text"], r["topics"]) for r in recs]


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("BIÊN BẢN HỌP TỔ DÂN PHỐ 5", 1)  # paragraph 1
    d.add_paragraph("")  # 2: empty, still counted
    d.add_paragraph("Ông Nguyễn Văn An (TDP 5): phản ánh tình trạng lấn chiếm vỉa hè.")  # 3
    d.add_paragraph("Bà con đề nghị tăng cường PCCC", style="List Bullet")  # 4
    d.add_paragraph("Khi nào xử lý lô đề?", style="List Number")  # 5
    table = d.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "STT"  # 6
    table.cell(0, 1).text = "Nội dung"  # 7
    table.cell(1, 0).text = "1"  # 8: a row number, skipped
    table.cell(1, 1).text = "Bà Trần Thị Bình, tổ dân phố 3: karaoke ồn ào"  # 9
    table.cell(2, 0).merge(table.cell(2, 1)).text = "Cử tri Lê Văn Cường phản ánh: cháy chợ"  # 10, once
    d.add_paragraph("- Đường ngập nước.\nMưa to thì ngập.")  # 11, with a line break
    d.save(path)
    return path


def test_docx_paragraphs_tables_and_lists_in_document_order(runner, mini_path, tmp_path):
    doc = make_docx(tmp_path / "bien-ban.docx")
    result = runner.invoke(app, ["tag", str(doc), "-t", str(mini_path)])
    # the title is the header, the table's header row is not a remark, its row maps by column
    assert short(records(result)) == [
        (3, "Ông Nguyễn Văn An", "TDP 5", "phản ánh tình trạng lấn chiếm vỉa hè.", ["urban_order"]),
        (4, None, None, "Bà con đề nghị tăng cường PCCC", ["fire"]),
        (5, None, None, "Khi nào xử lý lô đề?", ["drugs_gambling"]),
        (8, "Bà Trần Thị Bình", "tổ dân phố 3", "karaoke ồn ào", ["urban_order"]),
        (10, "Cử tri Lê Văn Cường", None, "phản ánh: cháy chợ", ["fire"]),
        (11, None, None, "Đường ngập nước.\nMưa to thì ngập.", []),
    ]


def test_docx_line_by_line_with_structure_none(runner, mini_path, tmp_path):
    doc = make_docx(tmp_path / "bien-ban.docx")
    result = runner.invoke(app, ["tag", str(doc), "-t", str(mini_path), "--structure", "none"])
    assert short(records(result)) == [
        (1, None, None, "BIÊN BẢN HỌP TỔ DÂN PHỐ 5", []),
        (3, "Ông Nguyễn Văn An", "TDP 5", "phản ánh tình trạng lấn chiếm vỉa hè.", ["urban_order"]),
        (4, None, None, "Bà con đề nghị tăng cường PCCC", ["fire"]),
        (5, None, None, "Khi nào xử lý lô đề?", ["drugs_gambling"]),
        (6, None, None, "STT", []),
        (7, None, None, "Nội dung", []),
        (9, "Bà Trần Thị Bình", "tổ dân phố 3", "karaoke ồn ào", ["urban_order"]),
        (10, "Cử tri Lê Văn Cường", None, "phản ánh: cháy chợ", ["fire"]),
        (11, None, None, "Đường ngập nước.", []),
        (11, None, None, "Mưa to thì ngập.", []),
    ]
    assert result.stderr == "skipped: 1 empty remark (only a bullet or number)\n"


def test_docx_paragraph_split_keeps_a_paragraph_whole(mini_path, tmp_path):
    doc = make_docx(tmp_path / "b.docx")
    texts = [r.text for r in read_remarks([str(doc)], split="paragraph")]
    assert texts[-1] == "Đường ngập nước. Mưa to thì ngập."
    assert len(texts) == 9


def make_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "Ngày", "text", "Tổ"])
    sheet.append(["r1", dt.date(2024, 5, 1), "Lấn chiếm vỉa hè", 5])
    sheet.append([None, None, None, None])  # an empty row is not a remark
    sheet.append([7, None, "Ông Lê Văn Dũng (TDP 2): cháy nhà kho", "2"])
    sheet.append(["r3", None, "   ", None])  # a row with no text: skipped and counted
    book.save(path)
    return path


def test_xlsx_rows_id_and_other_columns(runner, mini_path, tmp_path):
    book = make_xlsx(tmp_path / "y-kien.xlsx")
    result = runner.invoke(app, ["tag", str(book), "-t", str(mini_path)])
    recs = records(result)
    assert [(r["line"], r.get("id"), r.get("speaker"), r["text"], r["topics"], r["fields"]) for r in recs] == [
        (2, "r1", None, "Lấn chiếm vỉa hè", ["urban_order"], {"Ngày": "2024-05-01T00:00:00", "Tổ": 5}),
        (4, "7", "Ông Lê Văn Dũng", "cháy nhà kho", ["fire"], {"Ngày": None, "Tổ": "2"}),
    ]
    assert list(recs[0]) == ["source", "line", "id", "text", "topics", "kinds", "matches", "fields"]
    assert result.stderr == "skipped: 1 empty remark (only a bullet or number)\n"


def test_missing_column_lists_the_columns(runner, mini_path, tmp_path):
    book = make_xlsx(tmp_path / "y-kien.xlsx")
    result = runner.invoke(app, ["tally", str(book), "-t", str(mini_path), "--column", "noi_dung"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {book}:1: no column 'noi_dung' (columns: id, Ngày, text, Tổ); use --column\n"
    result = runner.invoke(app, ["tally", str(book), "-t", str(mini_path), "--column", "tổ", "-f", "csv"])
    assert result.stdout.splitlines()[-1] == "total,Tổng số ý kiến,2,1.0"


def make_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_every_sheet_is_read(runner, mini_path, tmp_path):
    # a workbook kept one sheet per meeting: every sheet's remarks, each named by its sheet
    book = make_workbook(tmp_path / "y-kien.xlsx", {
        "Tháng 3": [["text"], ["Lấn chiếm vỉa hè"], ["Cháy chợ"]],
        "Trống": [],  # an empty sheet holds no remark
        "Tháng 4": [[None], ["speaker", "text"], ["Bà Hoa", "Lô đề công khai"]],
    })
    result = runner.invoke(app, ["tag", str(book), "-t", str(mini_path)])
    assert result.exit_code == 0, result.stderr
    assert [(r["source"], r["line"], r.get("speaker"), r["topics"]) for r in records(result)] == [
        (f"{book}[Tháng 3]", 2, None, ["urban_order"]),
        (f"{book}[Tháng 3]", 3, None, ["fire"]),
        (f"{book}[Tháng 4]", 3, "Bà Hoa", ["drugs_gambling"]),
    ]
    assert result.stderr == ""


def test_xlsx_a_sheet_without_the_column_is_named_not_dropped(runner, mini_path, tmp_path):
    book = make_workbook(tmp_path / "y-kien.xlsx", {
        "Tổng hợp": [["Chủ đề", "Số ý kiến"], ["Trật tự", 5]],
        "Ý kiến": [["text"], ["Karaoke ồn ào"]],
    })
    result = runner.invoke(app, ["tag", str(book), "-t", str(mini_path)])
    assert result.exit_code == 0
    assert [(r["source"], r["line"]) for r in records(result)] == [(f"{book}[Ý kiến]", 2)]
    assert result.stderr == (
        f"skipped: {book}[Tổng hợp]: sheet not read: no column 'text' (columns: Chủ đề, Số ý kiến); use --column\n"
    )
    # when no sheet has the column, it is an error, as with one sheet
    result = runner.invoke(app, ["tag", str(book), "-t", str(mini_path), "--column", "nội dung"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {book}[Tổng hợp]:1: no column 'nội dung' (columns: Chủ đề, Số ý kiến); use --column\n"
    )


def test_csv_multiline_cell_and_tsv(runner, mini_path, tmp_path):
    src = tmp_path / "y-kien.csv"
    src.write_text('id,noi_dung,speaker\n1,"Lô đề\ncông khai",Bà Hoa\n2,Cháy chợ,\n', encoding="utf-8")
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "--column", "noi_dung"])
    assert [(r["line"], r["id"], r.get("speaker"), r["text"], r["topics"]) for r in records(result)] == [
        (2, "1", "Bà Hoa", "Lô đề\ncông khai", ["drugs_gambling"]),
        (4, "2", None, "Cháy chợ", ["fire"]),
    ]
    tsv = tmp_path / "y-kien.tsv"
    tsv.write_text("text\tghi chú\nKaraoke ồn\tđêm\n", encoding="utf-8")
    recs = records(runner.invoke(app, ["tag", str(tsv), "-t", str(mini_path)]))
    assert [(r["line"], r["text"], r["fields"]) for r in recs] == [(2, "Karaoke ồn", {"ghi chú": "đêm"})]


def test_stdin_with_input_format(runner, mini_path):
    result = runner.invoke(
        app, ["tag", "-", "-t", str(mini_path), "--input-format", "csv"], input="text\nCháy chợ\n- \n"
    )
    assert short(records(result)) == [(2, None, None, "Cháy chợ", ["fire"])]
    assert result.stderr == "skipped: 1 empty remark (only a bullet or number)\n"


def test_folder_is_read_recursively_in_sorted_order(runner, mini_path, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("hai\n", encoding="utf-8")
    (tmp_path / "b" / "1.md").write_text("# một\n", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"text": "không"}\n', encoding="utf-8")
    (tmp_path / "c.csv").write_text("text\nba\n", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # unsupported: not read from a folder
    (tmp_path / "~$bien-ban.docx").write_bytes(b"lock")  # Word's lock file
    (tmp_path / ".hidden.txt").write_text("ẩn\n", encoding="utf-8")
    deep = tmp_path
    for _ in range(1100):  # deeper than Python's recursion limit (mkdir(parents=True) would recurse)
        deep = deep / "d"
        deep.mkdir()
    (deep / "z.txt").write_text("sâu\n", encoding="utf-8")
    try:
        result = runner.invoke(app, ["tag", str(tmp_path), "-t", str(mini_path), "-f", "tsv", "--no-headers"])
    finally:  # shutil.rmtree (pytest's clean-up) recurses: take the tree down by hand
        (deep / "z.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent
    rows = [line.split("\t")[:6] for line in result.stdout.splitlines()]
    rel = [(Path(r[0]).relative_to(tmp_path).parts[-1], r[5]) for r in rows]
    assert rel == [("a.jsonl", "không"), ("1.md", "một"), ("2.txt", "hai"), ("c.csv", "ba"), ("z.txt", "sâu")]


def test_unsupported_file_named_directly(runner, mini_path, tmp_path):
    for name, message in [
        ("notes.pdf", "unsupported file type '.pdf' (supported: .txt, .md, .jsonl, .docx, .csv, .tsv, .xlsx)"),
        ("old.doc", "old binary '.doc' files are not supported: save as .docx (.txt, .md, .jsonl, .docx, .csv, .tsv, .xlsx)"),
    ]:
        (tmp_path / name).write_bytes(b"x")
        result = runner.invoke(app, ["tag", str(tmp_path / name), "-t", str(mini_path)])
        assert (result.exit_code, result.stderr) == (1, f"Error: {tmp_path / name}: {message}\n")


def test_broken_docx_and_xlsx(runner, mini_path, tmp_path):
    for name, kind in [("a.docx", ".docx document"), ("b.xlsx", ".xlsx workbook")]:
        (tmp_path / name).write_text("not a zip\n", encoding="utf-8")
        result = runner.invoke(app, ["tag", str(tmp_path / name), "-t", str(mini_path)])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {tmp_path / name}: not a readable {kind} (")


@pytest.fixture
def good_and_bad(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Cháy chợ\nLô đề\n", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes("Vỉa hè\n".encode() + b"\xff\n")
    later = tmp_path / "c.txt"
    later.write_text("Karaoke\n", encoding="utf-8")
    return good, bad, later


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "table"])
def test_one_bad_file_stops_before_any_output(runner, mini_path, good_and_bad, fmt):
    good, bad, later = good_and_bad
    result = runner.invoke(app, ["tag", str(good), str(bad), str(later), "-t", str(mini_path), "-f", fmt])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {bad}:2: not valid UTF-8 (byte 0xff at column 1); try --encoding cp1258\n"


def test_keep_going_reads_the_rest_and_lists_failures(runner, mini_path, good_and_bad, tmp_path):
    good, bad, later = good_and_bad
    missing = tmp_path / "gone.txt"
    args = ["tally", str(good), str(missing), str(bad), str(later), "-t", str(mini_path), "-f", "csv", "--keep-going"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "total,Tổng số ý kiến,3,1.0"
    assert result.stderr == (
        f"Error: {missing}: no such file\n"
        f"Error: {bad}:2: not valid UTF-8 (byte 0xff at column 1); try --encoding cp1258\n"
        "failed: 2 inputs could not be read; the output leaves them out.\n"
    )


def test_failed_run_leaves_output_file_untouched(runner, mini_path, good_and_bad, tmp_path):
    good, bad, _ = good_and_bad
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", str(good), str(bad), "-t", str(mini_path), "-o", str(target)])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt", "out.jsonl"]


def test_file_that_vanishes_after_the_check(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("một\n", encoding="utf-8")
    b.write_text("hai\n", encoding="utf-8")
    inputs = prepare_inputs([str(a), str(b)])
    remarks = inputs.remarks()
    assert next(remarks).text == "một"
    b.unlink()
    with pytest.raises(InputError) as e:
        next(remarks)
    assert str(e.value) == f"{b}: no such file (it was moved or deleted during the run)"
    stats = ReadStats()
    b.write_text("hai\n", encoding="utf-8")
    inputs = prepare_inputs([str(a), str(b)], stats=stats, keep_going=True)
    b.unlink()
    assert [r.text for r in inputs.remarks()] == ["một"]
    assert stats.failed == [f"{b}: no such file (it was moved or deleted during the run)"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_and_folder(runner, mini_path, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x\n", encoding="utf-8")
    secret.chmod(0)
    closed = tmp_path / "closed"
    closed.mkdir()
    closed.chmod(0)
    try:
        result = runner.invoke(app, ["tag", str(secret), "-t", str(mini_path)])
        assert result.stderr == f"Error: {secret}: cannot open: Permission denied\n"
        result = runner.invoke(app, ["tag", str(closed), "-t", str(mini_path)])
        assert result.stderr == f"Error: {closed}: cannot read folder: Permission denied\n"
    finally:
        closed.chmod(0o755)


def test_permission_error_is_an_input_error(runner, mini_path, tmp_path, monkeypatch):
    """The same message when running as root, where chmod cannot make a file unreadable."""
    src = tmp_path / "secret.txt"
    src.write_text("x\n", encoding="utf-8")

    real_open = Path.open

    def denied(self, *args, **kwargs):
        if self == src:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {src}: cannot open: Permission denied\n")


# The check before any output reads a plain UTF-8 text file in large blocks; an error, wherever it is,
# still comes out as reading line by line gives it (file, line, column).
_BLOCK = 1 << 20


def _many_lines(n: int) -> bytes:
    return "".join(f"Dòng {i}: đề nghị xử lý lấn chiếm vỉa hè\n" for i in range(1, n + 1)).encode()


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (b"ok \xff bad\n", "not valid UTF-8 (byte 0xff at column 4); try --encoding cp1258"),
        (b"ok \x00 bad\n", "contains NUL bytes"),
        (b"x" * 50_001 + b"\n", "remark too long (50001 characters; the limit is 50000)"),
    ],
)
def test_an_error_past_the_first_block_names_its_line(tmp_path, tail, message):
    head = _many_lines(40_000)  # well past one block
    assert len(head) > 2 * _BLOCK
    path = tmp_path / "long.txt"
    path.write_bytes(head + tail)
    with pytest.raises(InputError) as err:
        prepare_inputs([str(path)])
    assert str(err.value).startswith(f"{path}:40001: {message}")
    with path.open("rb") as f:  # the quick check saw something and left it to the line-by-line one
        assert not _plainly_fine(f, Source(str(path), "txt", path=path), ReadOptions())


def test_a_character_cut_by_a_block_edge_is_fine(tmp_path):
    lines, rest = divmod(_BLOCK - 1, 100)
    head = b"a" * 99 + b"\n"
    data = head * lines + b"b" * rest  # "đ" (two bytes) straddles the first block's end
    path = tmp_path / "edge.txt"
    path.write_bytes(data + "đề nghị\n".encode() + _many_lines(3))
    inputs = prepare_inputs([str(path)])
    remarks = list(inputs.remarks())
    assert len(remarks) == lines + 4
    assert remarks[lines].text == "b" * rest + "đề nghị"
    with path.open("rb") as f:  # and the quick check found it fine
        assert _plainly_fine(f, Source(str(path), "txt", path=path), ReadOptions())
        assert f.tell() == 0
