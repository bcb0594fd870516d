"""Every input read exactly once: stdin, pipes, FIFOs and process substitution are copied
once; a file that changes between the check and the read is an error; explain reads one
remark's worth at most."""

from __future__ import annotations

import json

import pytest

from forumcli.cli.app import app


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


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
