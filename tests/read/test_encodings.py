"""Encodings, NUL bytes, binary and empty files, limits."""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import cp1258

from forumcli.cli.app import app
from forumcli.read.remarks import read_remarks

TEXT = "Cháy chợ Đồng Xuân\r\nĐề nghị xử lý lô đề\r\n"
EXPECTED = [(1, "Cháy chợ Đồng Xuân"), (2, "Đề nghị xử lý lô đề")]


def lines_of(path, **kw) -> list[tuple[int, str]]:
    return [(r.line, r.text) for r in read_remarks([str(path)], **kw)]


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        b"\xff\xfe" + TEXT.encode("utf-16-le"),  # Notepad "Unicode"
        b"\xfe\xff" + TEXT.encode("utf-16-be"),  # Notepad "Unicode big endian"
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_read_without_asking(tmp_path, data):
    src = tmp_path / "notes.txt"
    src.write_bytes(data)
    assert lines_of(src) == EXPECTED


def test_cp1258_needs_encoding_and_is_nfc_after_reading(runner, mini_path, tmp_path):
    src = tmp_path / "cu.txt"
    src.write_bytes(cp1258("Cháy chợ\nĐề nghị lô đề\n"))
    assert src.read_bytes()[:6] == b"Cha\xecy "  # "á" is "a" and a combining acute (0xEC)
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src}:1: not valid UTF-8 (byte 0xec at column 4); try --encoding cp1258\n"
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path), "--encoding", "cp1258"])
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["line"], r["text"], r["topics"]) for r in recs] == [
        (1, "Cháy chợ", ["fire"]),
        (2, "Đề nghị lô đề", ["drugs_gambling"]),
    ]
    assert recs[0]["text"] == unicodedata.normalize("NFC", recs[0]["text"])


def test_wrong_explicit_encoding_names_it_without_the_hint(tmp_path):
    src = tmp_path / "x.txt"
    src.write_bytes(b"ok\n\x81\n")  # 0x81 is undefined in cp1258
    with pytest.raises(Exception) as e:
        lines_of(src, encoding="cp1258")
    assert str(e.value) == f"{src}:2: not valid cp1258 (byte 0x81 at column 1)"


def test_unknown_encoding_is_a_usage_error(runner, mini_path, tmp_path):
    src = tmp_path / "x.txt"
    src.write_text("x\n", encoding="utf-8")
    result = runner.invoke(app, ["tally", str(src), "-t", str(mini_path), "--encoding", "tcvn3"])
    assert result.exit_code == 2
    assert "unknown encoding 'tcvn3' (e.g. utf-8, utf-16, cp1258)" in result.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "3: contains NUL bytes: not a text file"),
        ("Cháy\n".encode("utf-16-be"), "1: contains NUL bytes: UTF-16 without a byte-order mark? try --encoding utf-16-be"),
        ("Cháy chợ\n".encode("utf-16-le"), "1: contains NUL bytes: UTF-16 without a byte-order mark? try --encoding utf-16-le"),
        (b"\xff\xfe" + "ok\n".encode("utf-16-le") + b"\x00\xd8", "2: not valid UTF-16"),
        (b"\xff\xfe" + "a\x00b\n".encode("utf-16-le"), "1: contains NUL characters: not a text file"),
    ],
    ids=["png", "utf-16-be-no-bom", "utf-16-le-no-bom", "bad-utf-16", "nul-in-utf-16"],
)
def test_binary_and_nul_give_a_clear_error(runner, mini_path, tmp_path, data, message):
    src = tmp_path / "x.txt"
    src.write_bytes(data)
    result = runner.invoke(app, ["tag", str(src), "-t", str(mini_path)])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {src}:{message}\n")


def test_utf16_without_bom_reads_with_encoding(tmp_path):
    src = tmp_path / "x.txt"
    src.write_bytes(TEXT.encode("utf-16-le"))
    assert lines_of(src, encoding="utf-16-le") == EXPECTED


def test_empty_and_blank_files(runner, mini_path, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"\xef\xbb\xbf\r\n  \n\t\n")
    result = runner.invoke(app, ["tag", str(empty), str(blank), "-t", str(mini_path)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    result = runner.invoke(app, ["tally", str(empty), "-t", str(mini_path), "-f", "json"])
    assert json.loads(result.stdout)["total"] == 0


def test_old_mac_line_ends(tmp_path):
    src = tmp_path / "mac.txt"
    src.write_bytes(TEXT.replace("\r\n", "\r").encode())
    assert lines_of(src) == EXPECTED


def test_too_long_remark_is_an_error_not_minutes_of_tagging(runner, mini_path, tmp_path):
    src = tmp_path / "long.txt"
    src.write_text("ngắn\n" + "vỉa hè, " * 7000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["tally", str(src), "-t", str(mini_path)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {src}:2: remark too long (55999 characters; the limit is 50000); try --split sentence\n"


def test_line_limit_bounds_memory(tmp_path, monkeypatch):
    from forumcli.read import formats

    monkeypatch.setattr(formats, "MAX_LINE", 100)
    src = tmp_path / "x.txt"
    src.write_text("a" * 50 + "\n" + "b" * 101 + "\n", encoding="utf-8")
    with pytest.raises(Exception) as e:
        lines_of(src)
    assert str(e.value) == f"{src}:2: line longer than 100 bytes: not meeting notes?"
    src.write_text("a" * 60 + "\n" + "b" * 60 + "\n", encoding="utf-8")
    assert len(lines_of(src)) == 2
    with pytest.raises(Exception) as e:
        lines_of(src, split="paragraph")
    assert str(e.value) == f"{src}:1: paragraph longer than 100 bytes from here: try --split line"
