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
