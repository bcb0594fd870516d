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
