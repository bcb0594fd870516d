"""Messages for a person in Vietnamese with --lang vi, FORUMCLI_LANG=vi or a Vietnamese
locale; in English otherwise. Machine output does not change with the language."""

from __future__ import annotations

import pytest
from conftest import A_TXT

from forumcli.cli.app import app
from forumcli.render import messages


@pytest.fixture
def folder(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(A_TXT + "- \n", encoding="utf-8")  # the last line is only a bullet
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("env", "explicit", "expected"),
    [
        ({}, None, "en"),
        ({"LANG": "vi_VN.UTF-8"}, None, "vi"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "vi_VN"}, None, "vi"),
        ({"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, None, "en"),
        ({"FORUMCLI_LANG": "vi", "LANG": "en_US.UTF-8"}, None, "vi"),
        ({"FORUMCLI_LANG": "en", "LANG": "vi_VN.UTF-8"}, None, "en"),
        ({"FORUMCLI_LANG": "vi"}, "en", "en"),
    ],
)
def test_choosing_the_language(env, explicit, expected):
    assert messages.choose(explicit, env) == expected


def test_every_message_has_both_languages():
    assert all(set(t) == {"en", "vi"} for t in messages.CATALOGUE.values())


def invoke(runner, mini_path, *args, env=None):
    return runner.invoke(app, [*args, "-t", str(mini_path)], env=env)


def test_report_speaks_english_by_default(runner, mini_path, folder):
    result = invoke(runner, mini_path, "report", "a.txt", "-o", "r.html")
    assert result.stderr == (
        "skipped: 1 empty remark (only a bullet or number)\nWrote r.html: 3 remarks, 2 topics.\n"
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["report", "a.txt", "-o", "r.html", "--lang", "vi"], None),
        (["--lang", "vi", "report", "a.txt", "-o", "r.html"], None),
        (["report", "a.txt", "-o", "r.html"], {"FORUMCLI_LANG": "vi"}),
        (["report", "a.txt", "-o", "r.html"], {"LANG": "vi_VN.UTF-8"}),
    ],
)
def test_report_speaks_vietnamese(runner, mini_path, folder, args, env):
    result = invoke(runner, mini_path, *args, env=env)
    assert result.exit_code == 0
    assert result.stderr == (
        "bỏ qua: 1 ý kiến trống (chỉ có gạch đầu dòng hoặc số)\nĐã ghi r.html: 3 ý kiến, 2 chủ đề.\n"
    )


@pytest.mark.parametrize(
    ("args", "stderr", "code"),
    [
        (["tally", "khong-co.txt"], "Lỗi: khong-co.txt: không có tệp này\n", 1),
        (["tally", "a.txt", "-o", "thong-ke.ods"],
         ("Lỗi: thong-ke.ods: không biết ghi định dạng nào cho '.ods' (các đuôi được hỗ trợ: .txt, .csv, .tsv, "
         ".json, .jsonl, .md, .xlsx); hãy dùng --format.\n"), 2),
        (["tally", "a.txt", "--long"], "Lỗi: --long cần có --by (file, speaker, kind hoặc topic).\n", 2),
        (["tag", "a.txt", "--excel", "-f", "json"], "Lỗi: --excel chỉ dùng cho CSV và TSV.\n", 2),
        (["tag", "a.txt", "-o", "a.txt", "-f", "jsonl"],
         "Lỗi: a.txt: cũng là một tệp đầu vào; hãy ghi kết quả ra tệp khác\n", 1),
        (["tag", "a.txt", "-o", ".", "-f", "jsonl"], "Lỗi: .: là một thư mục; hãy cho tên tệp\n", 1),
        (["tally", "a.txt", "--keep-going", "khong-co.txt", "-f", "json"],
         ("bỏ qua: 1 ý kiến trống (chỉ có gạch đầu dòng hoặc số)\nLỗi: khong-co.txt: không có tệp này\n"
         "thất bại: 1 tệp đầu vào không đọc được; kết quả không có tệp đó.\n"), 1),
    ],
)
def test_errors_in_vietnamese(runner, mini_path, folder, args, stderr, code):
    result = invoke(runner, mini_path, *args, env={"FORUMCLI_LANG": "vi"})
    assert (result.exit_code, result.stderr) == (code, stderr)


def test_a_bad_date_in_vietnamese(runner, mini_path, folder):
    """Typer's own frame of a usage error stays English; what forumcli says in it is translated."""
    result = invoke(runner, mini_path, "--lang", "vi", "report", "a.txt", "--date", "31/4/2024")
    assert result.exit_code == 2
    assert "'31/4/2024' không phải ngày dạng 15/3/2024 hoặc 2024-03-15" in result.stderr


def test_a_column_error_keeps_its_place(runner, mini_path, folder):
    (folder / "bang.csv").write_text("y kien\nĐề nghị kiểm tra PCCC\n", encoding="utf-8")
    result = invoke(runner, mini_path, "--lang", "vi", "tally", "bang.csv")
    assert result.stderr == "Lỗi: bang.csv:1: không có cột 'text' (các cột: y kien); dùng --column\n"


def test_machine_output_does_not_change(runner, mini_path, folder):
    en = invoke(runner, mini_path, "tag", "a.txt")
    vi = invoke(runner, mini_path, "tag", "a.txt", env={"FORUMCLI_LANG": "vi", "LANG": "vi_VN.UTF-8"})
    assert en.stdout == vi.stdout
    assert vi.stdout.startswith('{"source": "a.txt", "line": 1, "text": ')
    csv_en = invoke(runner, mini_path, "tally", "a.txt", "-f", "csv")
    csv_vi = invoke(runner, mini_path, "--lang", "vi", "tally", "a.txt", "-f", "csv")
    assert csv_en.stdout == csv_vi.stdout
    assert csv_vi.stdout.startswith("id,label,count,share\n")
