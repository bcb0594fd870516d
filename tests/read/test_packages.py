"""Word and Excel packages: every visible text read, rows past a stale dimension read, zip
bombs refused before parsing, damaged XML as one line naming the file."""

from __future__ import annotations

import json

import pytest

from forumcli.cli.app import app


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


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
