"""Odd and hostile inputs (encodings, folders, CSV cells, JSON Lines): each is read whole or
refused with one line naming the file (and the line), with the documented exit code; never a
traceback, never a remark lost."""

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
