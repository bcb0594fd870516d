"""Outputs are what their names say, and a folder can be read again after forumcli wrote into it:
-o picks the format from the extension, an unknown one is a usage error, --excel on tag and
tally gives a spreadsheet-ready CSV, and a folder scan leaves out forumcli's own files."""

from __future__ import annotations

import json

import pytest
from conftest import A_TXT

from forumcli.cli.app import app

ZIP = b"PK\x03\x04"


def run(runner, mini_path, *args, code=0):
    result = runner.invoke(app, [*args, "-t", str(mini_path)])
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def sheet_values(path, name):
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return [list(r) for r in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(A_TXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------------------------------ -o by extension

TAG_MAGIC = {
    "y.jsonl": b'{"source": "a.txt", "line": 1,',
    "y.json": b'[\n  {"source": "a.txt", "line": 1,',
    "y.csv": b"source,line,id,speaker,place,text,topics,kinds,terms\n",
    "y.tsv": b"source\tline\tid\tspeaker\tplace\ttext\ttopics\tkinds\tterms\n",
    "y.md": b"| source | line | id | speaker | place | text | topics | kinds | terms |\n",
    "y.txt": "┏━━━━━━━━┳━━━━━━┳━".encode(),
    "y.xlsx": ZIP,
}


@pytest.mark.parametrize("name", sorted(TAG_MAGIC))
def test_tag_output_format_follows_the_extension(runner, mini_path, folder, name):
    run(runner, mini_path, "tag", "a.txt", "-o", name)
    assert (folder / name).read_bytes().startswith(TAG_MAGIC[name])


def test_tag_xlsx_is_a_workbook_with_a_row_per_remark(runner, mini_path, folder):
    run(runner, mini_path, "tag", "a.txt", "-o", "y-kien.xlsx")
    rows = sheet_values(folder / "y-kien.xlsx", "Remarks")
    assert rows == [
        ["Tệp", "Dòng", "Người phát biểu", "Ý kiến", "Chủ đề", "Loại ý kiến", "Từ khớp"],
        ["a.txt", 1, "(không rõ)", "Bà con phản ánh tình trạng lấn chiếm vỉa hè.", "Trật tự đô thị, giao thông",
         "Phản ánh", "phản ánh; tình trạng; lấn chiếm vỉa hè"],
        ["a.txt", 2, "(không rõ)", "Đề nghị kiểm tra PCCC ở chợ.", "Phòng cháy, chữa cháy", "Kiến nghị", "đề nghị; pccc"],
        ["a.txt", 3, "(không rõ)", "Đường ngập nước mỗi khi mưa to.", None, None, None],
    ]


TALLY_MAGIC = {
    "c.txt": "3 ý kiến".encode(),
    "c.csv": b"id,label,count,share\n",
    "c.tsv": b"id\tlabel\tcount\tshare\n",
    "c.json": b"{\n",
    "c.jsonl": b'{"section": "topic", "id": "urban_order"',
    "c.md": b"| id | label | count | share |\n",
    "c.xlsx": ZIP,
}


@pytest.mark.parametrize("name", sorted(TALLY_MAGIC))
def test_tally_output_format_follows_the_extension(runner, mini_path, folder, name):
    run(runner, mini_path, "tally", "a.txt", "-o", name)
    assert (folder / name).read_bytes().startswith(TALLY_MAGIC[name])


@pytest.mark.parametrize(
    ("command", "name", "known"),
    [
        ("tally", "counts.ods", "'.ods' (known: .txt, .csv, .tsv, .json, .jsonl, .md, .xlsx)"),
        ("tag", "tag.docx", "'.docx' (known: .jsonl, .ndjson, .json, .csv, .tsv, .md, .txt, .xlsx)"),
        ("report", "bao-cao.pdf", "'.pdf' (known: .html, .htm, .md, .markdown)"),
        ("tally", "counts", "no extension (known: .txt, .csv, .tsv, .json, .jsonl, .md, .xlsx)"),
    ],
)
def test_an_unknown_extension_is_a_usage_error(runner, mini_path, folder, command, name, known):
    result = run(runner, mini_path, command, "a.txt", "-o", name, code=2)
    assert result.stderr == f"Error: {name}: cannot tell the output format from {known}; give --format.\n"
    assert not (folder / name).exists()


@pytest.mark.parametrize("command", ["tag", "tally"])
def test_a_workbook_needs_a_file(runner, mini_path, folder, command):
    result = run(runner, mini_path, command, "a.txt", "-f", "xlsx", code=2)
    assert (result.stdout, result.stderr) == ("", "Error: a workbook is written to a file: give -o FILE.xlsx.\n")


def test_format_overrides_an_unknown_extension(runner, mini_path, folder):
    run(runner, mini_path, "tally", "a.txt", "-o", "counts.ods", "-f", "csv")
    assert (folder / "counts.ods").read_text(encoding="utf-8").startswith("id,label,count,share\n")


# ------------------------------------------------------------------ --excel


def test_tag_excel_csv(runner, mini_path, folder):
    run(runner, mini_path, "tag", "a.txt", "--excel", "-o", "y-kien.csv")
    assert (folder / "y-kien.csv").read_bytes().decode("utf-8") == (
        "\ufeffTệp,Dòng,Người phát biểu,Ý kiến,Chủ đề,Loại ý kiến,Từ khớp\r\n"
        'a.txt,1,(không rõ),Bà con phản ánh tình trạng lấn chiếm vỉa hè.,"Trật tự đô thị, giao thông",Phản ánh,'
        "phản ánh; tình trạng; lấn chiếm vỉa hè\r\n"
        'a.txt,2,(không rõ),Đề nghị kiểm tra PCCC ở chợ.,"Phòng cháy, chữa cháy",Kiến nghị,đề nghị; pccc\r\n'
        "a.txt,3,(không rõ),Đường ngập nước mỗi khi mưa to.,,,\r\n"
    )


def test_tag_excel_on_stdout_is_csv(runner, mini_path, folder):
    out = run(runner, mini_path, "tag", "a.txt", "--excel", "--lang", "en").stdout_bytes.decode("utf-8")
    assert out.startswith("\ufeffFile,Line,Speaker,Remark,Topics,Kinds,Matched terms\r\na.txt,1,(unknown),")


def test_tag_excel_refuses_json(runner, mini_path, folder):
    result = run(runner, mini_path, "tag", "a.txt", "--excel", "-o", "y.json", code=2)
    assert result.stderr == "Error: --excel applies to CSV and TSV only.\n"


# ------------------------------------------------------------------ folders read again


def test_a_folder_tally_can_be_run_twice(runner, mini_path, folder):
    first = run(runner, mini_path, "tally", ".", "-o", "thong-ke.xlsx")
    assert first.stderr == ""
    before = sheet_values(folder / "thong-ke.xlsx", "Tally")
    second = run(runner, mini_path, "tally", ".", "-o", "thong-ke.xlsx")
    assert second.stderr == "skipped: 1 forumcli output: thong-ke.xlsx\n"
    assert sheet_values(folder / "thong-ke.xlsx", "Tally") == before


@pytest.mark.parametrize(
    "args",
    [
        ["tally", "--excel", "-o", "thong-ke.csv"],
        ["tally", "-o", "thong-ke.csv"],
        ["tally", "--by", "file", "-o", "thong-ke.tsv"],
        ["tally", "--by", "file", "--long", "--excel", "-o", "thong-ke.csv"],
        ["tally", "-o", "thong-ke.txt"],
        ["tally", "--by", "speaker", "-o", "thong-ke.txt"],
        ["tag", "-o", "y-kien.txt"],
        ["tag", "-o", "y-kien.md"],
        ["tally", "--excel", "-o", "thong-ke.tsv"],
        ["tally", "--by", "kind", "-o", "thong-ke.md"],
        ["tally", "-o", "thong-ke.md"],
        ["tag", "-o", "y-kien.jsonl"],
        ["tag", "-o", "y-kien.csv"],
        ["tag", "--excel", "-o", "y-kien.csv"],
        ["tag", "-o", "y-kien.xlsx"],
        ["report", "-o", "bao-cao.md"],
        ["outline", "-o", "cau-truc.csv"],
    ],
)
def test_what_forumcli_wrote_is_not_read_back(runner, mini_path, folder, args):
    command, *rest = args
    if command == "outline":  # it reads no taxonomy
        assert runner.invoke(app, [command, ".", *rest]).exit_code == 0
    else:
        run(runner, mini_path, command, ".", *rest)
    written = rest[-1]
    # a different command over the folder leaves it out, with one note
    result = run(runner, mini_path, "tally", ".", "-f", "json")
    assert json.loads(result.stdout)["total"] == 3
    assert result.stderr == f"skipped: 1 forumcli output: {written}\n"


def test_the_file_being_written_is_never_read(runner, mini_path, folder):
    (folder / "ghi-chu.txt").write_text("Đề nghị xử lý tụ điểm lô đề.\n", encoding="utf-8")
    result = run(runner, mini_path, "tally", ".", "-o", "ghi-chu.txt")
    assert result.stderr == "skipped: 1 forumcli output: ghi-chu.txt\n"
    assert (folder / "ghi-chu.txt").read_text(encoding="utf-8").startswith("3 ý kiến")


def test_a_minutes_file_with_a_text_column_is_still_read(runner, mini_path, folder):
    (folder / "y-kien.csv").write_text("text\nĐề nghị xử lý tụ điểm lô đề.\n", encoding="utf-8")
    result = run(runner, mini_path, "tally", ".", "-f", "json")
    assert (json.loads(result.stdout)["total"], result.stderr) == (4, "")


def test_an_explicit_forumcli_output_is_still_an_error(runner, mini_path, folder):
    run(runner, mini_path, "tally", ".", "-o", "thong-ke.xlsx")
    result = run(runner, mini_path, "tally", "thong-ke.xlsx", code=1)
    assert result.stderr == (
        "Error: thong-ke.xlsx[Tally]:1: no column 'text' (columns: Mục, Mã, Nhãn, Số ý kiến, Tỉ lệ); use --column\n"
    )
