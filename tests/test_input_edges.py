"""Odd and hostile inputs: each is read whole or refused with one line naming the file
(and the line), with the documented exit code; never a traceback, never a remark lost."""

from __future__ import annotations

import json

import pytest

from forumcli.cli.app import app


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


# ------------------------------------------------------------------ encodings


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "hex"])
def test_a_codec_that_is_not_a_text_encoding_is_a_usage_error(runner, mini_path, tmp_path, codec):
    src = tmp_path / "n.txt"
    src.write_text("Đề nghị kiểm tra PCCC.\n", encoding="utf-8")
    result = runner.invoke(app, ["tally", str(src), "-t", str(mini_path), "--encoding", codec])
    assert result.exit_code == 2
    assert f"'{codec}' is not a text encoding (e.g. utf-8, utf-16, cp1258)" in result.stderr
    assert result.stdout == ""


def test_utf8_read_as_utf16_names_the_file(runner, mini_path, tmp_path):
    src = tmp_path / "n.txt"
    src.write_text("Đề nghị kiểm tra PCCC.\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "--encoding", "utf-16"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src}:1: not valid utf-16\n"
    assert result.stdout == ""


# ------------------------------------------------------------------ read exactly once

NOTES = "Ông An: đề nghị kiểm tra PCCC ở chợ.\nBà Bình: lấn chiếm vỉa hè.\n"
EXPECTED = [
    (1, "Ông An", "đề nghị kiểm tra PCCC ở chợ.", ["fire"]),
    (2, "Bà Bình", "lấn chiếm vỉa hè.", ["urban_order"]),
]


def _short(recs: list[dict]) -> list[tuple]:
    return [(r["line"], r.get("speaker"), r["text"], r["topics"]) for r in recs]


def _run(args: list[str], **kwargs):
    import subprocess
    import sys

    from conftest import subprocess_env

    return subprocess.run(
        [sys.executable, "-m", "forumcli", *args], check=False, capture_output=True, text=True,
        env=subprocess_env(), timeout=120, **kwargs,
    )


def test_process_substitution_is_read_once_and_whole(mini_path, tmp_path):
    import shutil
    import subprocess
    import sys

    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    (tmp_path / "n.txt").write_text(NOTES, encoding="utf-8")
    from conftest import subprocess_env

    result = subprocess.run(
        [bash, "-c", f'"$0" -m forumcli tag <(cat n.txt) -t "{mini_path}" -f jsonl', sys.executable],
        check=False, capture_output=True, text=True, env=subprocess_env(), cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    assert _short(recs) == EXPECTED
    assert recs[0]["source"].startswith("/dev/fd/")
    assert result.stderr == ""


def test_a_named_fifo_is_read_once_and_does_not_hang(mini_path, tmp_path):
    import os
    import threading

    fifo = tmp_path / "notes.txt"
    os.mkfifo(fifo)

    def write():
        with open(fifo, "w", encoding="utf-8") as fh:
            fh.write(NOTES)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = _run(["tag", str(fifo), "-t", str(mini_path), "-f", "jsonl"])
    writer.join(5)
    assert result.returncode == 0, result.stderr
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    assert _short(recs) == EXPECTED
    assert {r["source"] for r in recs} == {str(fifo)}


def test_stdin_beyond_the_spool_limit_is_refused(runner, mini_path, monkeypatch):
    from forumcli.read import limits

    monkeypatch.setattr(limits, "MAX_SPOOL", 64)
    result = runner.invoke(app, ["tally", "-", "-t", str(mini_path), "-f", "csv"], input="vỉa hè\n" * 20)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: <stdin>: more than 64 bytes from a pipe or stdin: save it to a file and give the file's name\n"
    )
    assert result.stdout == ""
    ok = runner.invoke(app, ["tally", "-", "-t", str(mini_path), "-f", "csv"], input="vỉa hè\n" * 5)
    assert ok.exit_code == 0, ok.stderr
    assert "urban_order,Trật tự đô thị, giao thông,5" in ok.stdout.replace('"', "")


def test_a_file_truncated_after_the_check_is_an_error_not_a_loss(tmp_path):
    from forumcli.errors import InputError
    from forumcli.read.remarks import prepare_inputs

    src = tmp_path / "n.txt"
    src.write_text(NOTES, encoding="utf-8")
    inputs = prepare_inputs([str(src)])
    src.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as e:
        list(inputs.remarks())
    assert str(e.value) == (
        f"{src}: changed after it was checked, before it was read (its size went from {len(NOTES.encode())} "
        "to 0 bytes); run again"
    )


def test_a_file_truncated_while_it_is_read_is_an_error_not_a_loss(tmp_path):
    from forumcli.errors import InputError
    from forumcli.read.remarks import prepare_inputs

    src = tmp_path / "n.txt"
    src.write_text(NOTES, encoding="utf-8")
    remarks = prepare_inputs([str(src)]).remarks()
    assert next(remarks).text == "đề nghị kiểm tra PCCC ở chợ."
    with open(src, "r+b") as fh:
        fh.truncate(10)
    with pytest.raises(InputError) as e:
        list(remarks)
    assert str(e.value) == (
        f"{src}: changed while it was read: its remarks may be incomplete "
        f"(its size went from {len(NOTES.encode())} to 10 bytes); run again"
    )


def test_a_file_replaced_after_the_check_is_an_error(tmp_path):
    from forumcli.errors import InputError
    from forumcli.read.remarks import prepare_inputs

    src = tmp_path / "n.txt"
    src.write_text(NOTES, encoding="utf-8")
    inputs = prepare_inputs([str(src)])
    other = tmp_path / "other.txt"
    other.write_text(NOTES, encoding="utf-8")
    other.replace(src)
    with pytest.raises(InputError) as e:
        list(inputs.remarks())
    assert str(e.value) == f"{src}: changed after it was checked, before it was read (it was replaced); run again"


# ------------------------------------------------------------------ folders


@pytest.fixture
def folder_with_closed_subfolder(tmp_path, monkeypatch):
    """meeting/a.txt, meeting/closed/ (cannot be listed: as root chmod would not stop it,
    so listing it fails as it would for another user), meeting/z/b.txt."""
    import os

    root = tmp_path / "meeting"
    (root / "closed").mkdir(parents=True)
    (root / "z").mkdir()
    (root / "a.txt").write_text("Đề nghị kiểm tra PCCC.\n", encoding="utf-8")
    (root / "closed" / "c.txt").write_text("vỉa hè\n", encoding="utf-8")
    (root / "z" / "b.txt").write_text("Lấn chiếm vỉa hè.\n", encoding="utf-8")
    real = os.scandir
    closed = str(root / "closed")

    def scandir(path="."):
        if str(path) == closed:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return root


def test_keep_going_keeps_the_readable_files_of_a_folder(runner, mini_path, folder_with_closed_subfolder):
    root = folder_with_closed_subfolder
    result = runner.invoke(app, ["tag", str(root), "-t", str(mini_path), "-f", "jsonl", "--keep-going"])
    assert result.exit_code == 1
    assert [(r["source"], r["text"]) for r in map(json.loads, result.stdout.splitlines())] == [
        (str(root / "a.txt"), "Đề nghị kiểm tra PCCC."),
        (str(root / "z" / "b.txt"), "Lấn chiếm vỉa hè."),
    ]
    assert result.stderr == (
        f"Error: {root / 'closed'}: cannot read folder: Permission denied\n"
        "failed: 1 input could not be read; the output leaves it out.\n"
    )


def test_without_keep_going_a_closed_subfolder_stops_the_run(runner, mini_path, folder_with_closed_subfolder):
    root = folder_with_closed_subfolder
    result = runner.invoke(app, ["tag", str(root), "-t", str(mini_path), "-f", "jsonl"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {root / 'closed'}: cannot read folder: Permission denied\n"


# ------------------------------------------------------------------ CSV and worksheets


def test_unquoted_commas_in_the_last_text_column_stay_in_the_remark(runner, mini_path, tmp_path):
    src = tmp_path / "y.csv"
    src.write_text("id,text\n7,Đề nghị sửa đường, lắp đèn, nạo vét cống\n8,vỉa hè\n", encoding="utf-8")
    recs = records(runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"]))
    assert [(r["line"], r["id"], r["text"]) for r in recs] == [
        (2, "7", "Đề nghị sửa đường, lắp đèn, nạo vét cống"),
        (3, "8", "vỉa hè"),
    ]


def test_extra_cells_before_the_text_column_are_an_error(runner, mini_path, tmp_path):
    src = tmp_path / "y.csv"
    src.write_text("text,id\nvỉa hè,1\nĐề nghị sửa đường, lắp đèn,2\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src}:3: 3 cells where the header has 2: quote the cells that hold ','\n"
    assert result.stdout == ""


def test_empty_extra_cells_are_dropped(runner, mini_path, tmp_path):
    src = tmp_path / "y.tsv"
    src.write_text("text\tid\nvỉa hè\t1\t\t\n", encoding="utf-8")
    recs = records(runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"]))
    assert [(r["id"], r["text"], r.get("fields")) for r in recs] == [("1", "vỉa hè", None)]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("text,text", "two columns named 'text' (columns 1 and 2)"),
        ("text,Ghi chú,ghi chú", "two columns named 'Ghi chú' (columns 2 and 3)"),
    ],
)
def test_two_columns_with_one_name_are_an_error(runner, mini_path, tmp_path, header, message):
    src = tmp_path / "d.csv"
    src.write_text(f"{header}\nvỉa hè,a,b\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src}:1: {message}: rename one\n"
    assert result.stdout == ""


def rewrite_member(path, member: str, change) -> None:
    """Replace one part of a zip package (a .docx or .xlsx) by ``change(its bytes)``."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info.filename, change(data) if info.filename == member else data)


def test_rows_past_a_stale_dimension_are_read(runner, mini_path, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["text", "speaker"])
    for i in range(5):
        sheet.append([f"lấn chiếm vỉa hè {i}", f"Ông {i}"])
    sheet["D4"] = "ghi chú"
    src = tmp_path / "stale.xlsx"
    book.save(src)
    rewrite_member(src, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'<dimension ref="A1:D6"/>', b'<dimension ref="A1:A2"/>'))
    import zipfile

    assert b'<dimension ref="A1:A2"/>' in zipfile.ZipFile(src).read("xl/worksheets/sheet1.xml")
    recs = records(runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"]))
    assert [(r["line"], r["speaker"], r["text"], r.get("fields")) for r in recs] == [
        (2, "Ông 0", "lấn chiếm vỉa hè 0", None),
        (3, "Ông 1", "lấn chiếm vỉa hè 1", None),
        (4, "Ông 2", "lấn chiếm vỉa hè 2", {"column 4": "ghi chú"}),
        (5, "Ông 3", "lấn chiếm vỉa hè 3", None),
        (6, "Ông 4", "lấn chiếm vỉa hè 4", None),
    ]


# ------------------------------------------------------------------ JSON Lines


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "\\ud800 x"}', "'text' holds \\ud800, half of a UTF-16 pair: not text"),
        ('{"text": "x", "speaker": "\\udfff"}', "'speaker' holds \\udfff, half of a UTF-16 pair: not text"),
    ],
)
def test_a_lone_surrogate_in_jsonl_names_the_line_and_nothing_is_written(runner, mini_path, tmp_path, line, message):
    src = tmp_path / "s.jsonl"
    src.write_text('{"text": "vỉa hè \\ud83d\\ude00"}\n' * 300 + line + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src}:301: {message}\n"
    assert not out.exists()
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"])
    assert (result.exit_code, result.stdout) == (1, "")


def test_a_surrogate_pair_in_jsonl_is_one_character(runner, mini_path, tmp_path):
    src = tmp_path / "s.jsonl"
    src.write_text('{"text": "vỉa hè \\ud83d\\ude00"}\n', encoding="utf-8")
    recs = records(runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"]))
    assert [r["text"] for r in recs] == ["vỉa hè 😀"]


# ------------------------------------------------------------------ Word and Excel packages

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_body(path, body: str):
    """A real .docx (made by python-docx) whose body is replaced by ``body``."""
    import re

    import docx

    document = docx.Document()
    document.add_paragraph("placeholder")
    document.save(path)

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        return re.sub(r"<w:body>.*</w:body>", lambda _: f"<w:body>{body}<w:sectPr/></w:body>", text, flags=re.DOTALL).encode()

    rewrite_member(path, "word/document.xml", change)
    return path


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


VISIBLE_BODY = (
    f"<w:sdt><w:sdtPr><w:alias w:val='Ý kiến'/></w:sdtPr><w:sdtContent><w:p>{run('Trong ô nhập liệu vỉa hè')}</w:p>"
    "</w:sdtContent></w:sdt>"
    f"<w:p>{run('Đề nghị ')}<w:ins w:id='1' w:author='Thư ký'>{run('kiểm tra PCCC')}</w:ins>"
    "<w:del w:id='2' w:author='Thư ký'><w:r><w:delText> đã xóa</w:delText></w:r></w:del></w:p>"
    f"<w:p><w:smartTag w:uri='urn:x' w:element='place'><w:smartTagPr/>{run('Hà Tĩnh')}</w:smartTag>"
    f"{run(' có karaoke ồn ào')}</w:p>"
    f"<w:p>{run('Trang ')}<w:fldSimple w:instr=' PAGE '>{run('3')}</w:fldSimple></w:p>"
    f"<w:customXml w:uri='urn:x' w:element='remark'><w:customXmlPr/><w:p>{run('Lấn chiếm vỉa hè')}</w:p></w:customXml>"
    "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:sdt><w:sdtContent><w:tr><w:tc>"
    f"<w:p><w:sdt><w:sdtContent>{run('cháy chợ')}</w:sdtContent></w:sdt></w:p></w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>"
    "<w:p><w:pPr><w:rPr><w:del w:id='3' w:author='Thư ký'/></w:rPr></w:pPr>"
    "<w:del w:id='4' w:author='Thư ký'><w:r><w:delText>ma túy</w:delText></w:r></w:del></w:p>"
    f"<w:p><w:moveFrom w:id='5' w:author='A'>{run('chuyển đi')}</w:moveFrom>"
    f"<w:moveTo w:id='6' w:author='A'>{run('chuyển đến')}</w:moveTo></w:p>"
)


def test_docx_text_in_controls_insertions_tags_fields_and_custom_xml_is_read(runner, mini_path, tmp_path):
    src = docx_with_body(tmp_path / "visible.docx", VISIBLE_BODY)
    recs = records(runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"]))
    assert [(r["line"], r["text"], r["topics"]) for r in recs] == [
        (1, "Trong ô nhập liệu vỉa hè", ["urban_order"]),
        (2, "Đề nghị kiểm tra PCCC", ["fire"]),
        (3, "Hà Tĩnh có karaoke ồn ào", ["urban_order"]),
        (4, "Trang 3", []),
        (5, "Lấn chiếm vỉa hè", ["urban_order"]),
        (6, "cháy chợ", ["fire"]),
        (8, "chuyển đến", []),
    ]


def xlsx_with_shared_strings(path, strings, cells):
    """A minimal .xlsx written by hand: one sheet whose column A holds shared strings ``cells`` (indices)."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="Ý kiến" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            + "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>{s}</v></c></row>' for i, s in enumerate(cells, start=1))
            + "</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}">'
            + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return path


def test_a_hand_made_workbook_with_shared_strings_is_read(runner, mini_path, tmp_path):
    src = xlsx_with_shared_strings(tmp_path / "ok.xlsx", ["text", "lấn chiếm vỉa hè", "cháy chợ"], [0, 1, 2])
    recs = records(runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"]))
    assert [(r["line"], r["text"]) for r in recs] == [(2, "lấn chiếm vỉa hè"), (3, "cháy chợ")]


def test_a_docx_of_three_million_empty_paragraphs_is_refused_before_parsing(runner, mini_path, tmp_path):
    src = docx_with_body(tmp_path / "bomb.docx", "<w:p/>" * 3_000_000)
    assert src.stat().st_size < 100_000
    result = runner.invoke(app, ["tally", str(src), "-t", str(mini_path), "-f", "csv"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {src}: part 'word/document.xml' holds more than 1,000,000 XML elements, the limit\n"
    )
    assert result.stdout == ""


def test_a_shared_strings_bomb_is_refused_before_parsing(runner, mini_path, tmp_path):
    src = xlsx_with_shared_strings(tmp_path / "bomb.xlsx", ["text"] + ["a"] * 1_500_000, [0, 1])
    assert src.stat().st_size < 100_000
    result = runner.invoke(app, ["tally", str(src), "-t", str(mini_path), "-f", "csv"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {src}: part 'xl/sharedStrings.xml' holds more than 1,000,000 XML elements, the limit\n"
    )


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_PART", 2**20, "part 'word/document.xml' unpacks to {size:,} bytes; the limit is 1 MiB"),
        ("MAX_WHOLE_PART", 2**20, "part 'word/document.xml' unpacks to {size:,} bytes; the limit is 1 MiB"),
        ("MAX_UNPACKED", 2**20, "the .docx document package unpacks to more than 1 MiB, the limit"),
        ("MAX_PARTS", 5, "{parts} parts in the .docx document package; the limit is 5"),
    ],
)
def test_package_limits_are_checked_on_the_zip_directory(runner, mini_path, tmp_path, monkeypatch, limit, value, message):
    import zipfile

    from forumcli.read import limits

    src = docx_with_body(tmp_path / "big.docx", f"<w:p>{run('vỉa hè ' * 200_000)}</w:p>")
    size = zipfile.ZipFile(src).getinfo("word/document.xml").file_size
    parts = len(zipfile.ZipFile(src).infolist())
    ok = runner.invoke(app, ["tally", str(src), "-t", str(mini_path), "-f", "csv", "--split", "sentence"])
    assert ok.exit_code == 1 and "remark too long" in ok.stderr  # read through: no package limit reached
    monkeypatch.setattr(limits, limit, value)
    result = runner.invoke(app, ["tally", str(src), "-t", str(mini_path), "-f", "csv"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src}: {message.format(size=size, parts=parts)}\n"
    assert result.stdout == ""


def test_a_text_over_the_xml_parser_limit_is_one_line(runner, mini_path, tmp_path):
    src = docx_with_body(tmp_path / "long.docx", f"<w:p>{run('vỉa hè ' * 1_500_000)}</w:p>")
    result = runner.invoke(app, ["tally", str(src), "-t", str(mini_path), "-f", "csv"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {src}: not a readable .docx document "
        "(XML beyond the parser's limits at line 2, column 7001368: Text node too long)\n"
    )


def test_a_truncated_document_xml_is_one_line(runner, mini_path, tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Lấn chiếm vỉa hè")
    src = tmp_path / "cut.docx"
    d.save(src)
    cut = f'<?xml version="1.0"?>\n<w:document {W}><w:body><w:p><w:r><w:t>Lấn chiếm'.encode()
    rewrite_member(src, "word/document.xml", lambda xml: cut)
    good = tmp_path / "good.txt"
    good.write_text("cháy chợ\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {src}: not a readable .docx document ({CUT_DOCX_MESSAGE})\n"
    )
    assert result.stdout == ""
    result = runner.invoke(app, ["tag", str(src), str(good), "-t", str(mini_path), "-f", "jsonl", "--keep-going"])
    assert result.exit_code == 1
    assert [r["text"] for r in map(json.loads, result.stdout.splitlines())] == ["cháy chợ"]
    assert result.stderr == (
        f"Error: {src}: not a readable .docx document ({CUT_DOCX_MESSAGE})\n"
        "failed: 1 input could not be read; the output leaves it out.\n"
    )


CUT_DOCX_MESSAGE = "damaged XML at line 2, column 116: Premature end of data in tag t line 2"


def test_an_undefined_entity_in_a_worksheet_is_one_line(runner, mini_path, tmp_path):
    src = xlsx_with_shared_strings(tmp_path / "entity.xlsx", ["text", "lấn chiếm vỉa hè"], [0, 1])
    rewrite_member(
        src, "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", b'<row r="9"><c r="A9" t="inlineStr"><is><t>&bogus;</t></is></c></row></sheetData>'),
    )
    good = tmp_path / "good.txt"
    good.write_text("cháy chợ\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "-f", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src}: not a readable .xlsx workbook ({ENTITY_MESSAGE})\n"
    assert result.stdout == ""
    result = runner.invoke(app, ["tag", str(src), str(good), "-t", str(mini_path), "-f", "jsonl", "--keep-going"])
    assert result.exit_code == 1
    assert [r["text"] for r in map(json.loads, result.stdout.splitlines())] == ["cháy chợ"]
    assert result.stderr.startswith(f"Error: {src}: not a readable .xlsx workbook ({ENTITY_MESSAGE})\n")


ENTITY_MESSAGE = "damaged XML at line 1, column 258: undefined entity"


# ------------------------------------------------------------------ taxonomy, gold, explain


@pytest.mark.parametrize(
    ("yaml_text", "problem"),
    [
        ("version: 1\ntopics: &a\n  - id: x\n    children: *a\n", "4: the alias *a is inside the node &a it refers to (an endless tree)"),
        (
            "version: 1\ntopics:\n  - &t\n    id: x\n    label: X\n    terms: [vỉa hè]\n    children:\n      - *t\n",
            "8: the alias *t is inside the node &t it refers to (an endless tree)",
        ),
        ("version: 1\ntopics: " + "[" * 1000 + "]" * 1000 + "\n", "2: nested more than 100 levels deep"),
    ],
)
def test_an_endless_or_too_deep_taxonomy_is_a_taxonomy_error(runner, tmp_path, yaml_text, problem):
    tax = tmp_path / "bad.yaml"
    tax.write_text(yaml_text, encoding="utf-8")
    src = tmp_path / "n.txt"
    src.write_text("vỉa hè\n", encoding="utf-8")
    result = runner.invoke(app, ["tally", str(src), "-t", str(tax)])
    assert result.exit_code == 2
    assert result.stderr == f"{tax}:{problem}\nError: the taxonomy has 1 problem; nothing was tagged.\n"
    assert result.stdout == ""


@pytest.mark.parametrize("topics", ['[["fire"]]', "[1, null]", '"fire"'])
def test_gold_topics_that_are_not_a_list_of_ids_name_the_line(runner, mini_path, tmp_path, topics):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "cháy chợ", "topics": ["fire"]}\n' f'{{"text": "cháy chợ", "topics": {topics}}}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {gold}:2: 'topics' must be a list of ids (strings)\n"
    assert result.stdout == ""


def test_a_lone_surrogate_in_gold_text_names_the_line(runner, mini_path, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "cháy chợ", "topics": ["fire"]}\n{"text": "\\ud800 vỉa hè", "topics": []}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {gold}:2: 'text' holds \\ud800, half of a UTF-16 pair: not text\n"
    assert result.stdout == ""


def test_explain_refuses_a_remark_over_the_limit_without_reading_on(runner, mini_path):
    from forumcli.read.remarks import MAX_REMARK

    result = runner.invoke(app, ["explain", "-", "-t", str(mini_path)], input="vỉa hè " * 100_000)
    assert result.exit_code == 1
    assert result.stderr == f"Error: <stdin>: remark too long (more than {MAX_REMARK:,} characters, the limit for explain)\n"
    assert result.stdout == ""
    result = runner.invoke(app, ["explain", "x" * (MAX_REMARK + 1), "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: <text>: remark too long (more than {MAX_REMARK:,} characters, the limit for explain)\n"


def test_explain_names_a_byte_that_is_not_utf8(runner, mini_path):
    result = runner.invoke(app, ["explain", "-", "-t", str(mini_path)], input=b"v\xe1\xbb\x89a h\xe8\n")
    assert result.exit_code == 1
    assert result.stderr == "Error: <stdin>:1: not valid UTF-8 (byte 0xe8)\n"


def test_explain_reads_a_remark_from_stdin(runner, mini_path):
    result = runner.invoke(app, ["explain", "-", "-t", str(mini_path), "-f", "json"], input="  lấn chiếm vỉa hè \n")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["text"], data["topics"]) == ("lấn chiếm vỉa hè", ["urban_order"])
