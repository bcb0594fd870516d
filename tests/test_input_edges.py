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
    from forumcli.read import spool

    monkeypatch.setattr(spool, "MAX_SPOOL", 64)
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
