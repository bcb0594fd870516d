"""A Word or Excel file piped on stdin is read as what it is, by its content."""

from __future__ import annotations

import io
import json
import zipfile

from forumcli.cli.app import app


def docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("Ông Ba (tổ 4): Đề nghị kiểm tra PCCC ở chợ.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["text"])
    wb.active.append(["Khi nào xử lý tụ điểm lô đề?"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def tag(runner, mini_path, data: bytes, *args):
    return runner.invoke(app, ["tag", "-", "-t", str(mini_path), *args], input=data)


def test_docx_on_stdin(runner, mini_path):
    result = tag(runner, mini_path, docx_bytes())
    assert (result.exit_code, result.stderr) == (0, "")
    rec = json.loads(result.stdout)
    assert (rec["source"], rec["line"], rec["speaker"], rec["text"], rec["topics"]) == (
        "<stdin>", 1, "Ông Ba", "Đề nghị kiểm tra PCCC ở chợ.", ["fire"]
    )


def test_xlsx_on_stdin(runner, mini_path):
    result = tag(runner, mini_path, xlsx_bytes())
    assert (result.exit_code, result.stderr) == (0, "")
    rec = json.loads(result.stdout)
    assert (rec["line"], rec["text"], rec["topics"]) == (2, "Khi nào xử lý tụ điểm lô đề?", ["drugs_gambling"])


def test_input_format_still_decides(runner, mini_path):
    result = tag(runner, mini_path, docx_bytes(), "--input-format", "txt")
    assert result.exit_code == 1
    assert result.stderr == "Error: <stdin>:1: contains NUL bytes: not a text file\n"


def test_another_zip_names_input_format(runner, mini_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "x")
    result = tag(runner, mini_path, buf.getvalue())
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: <stdin>: a zip file that is neither a Word nor an Excel file; give --input-format docx or xlsx\n"
    )


def test_an_old_word_file(runner, mini_path):
    result = tag(runner, mini_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert (result.exit_code, result.stderr) == (
        1, "Error: <stdin>: an old binary Word or Excel file (.doc, .xls): save it as .docx or .xlsx\n"
    )
