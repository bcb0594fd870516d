"""What is written is safe to open: no formula in a spreadsheet, no HTML in Markdown, no
escape sequence on a terminal; ``-o`` never replaces what it must not; output errors are
one line with an exit code and nothing half-written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, subprocess_env
from openpyxl import load_workbook

from forumcli.cli.app import app
from forumcli.errors import OutputError
from forumcli.render import report as report_module
from forumcli.render import workbook
from forumcli.render.safe import markdown_cell, one_line, printable, spreadsheet_cell
from forumcli.render.target import output_target

# (a leading + or - is taken for a bullet and removed from remark text; a speaker keeps it)
HOSTILE = [
    ('=HYPERLINK("http://evil.example","bấm")', "+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "-2+3"),
    ("cháy chợ", "=A1"),
    ("=1+2 lô đề", "@x"),
]


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("h.jsonl").write_text(
        "".join(json.dumps({"text": t, "speaker": s}, ensure_ascii=False) + "\n" for t, s in HOSTILE), encoding="utf-8"
    )
    return "h.jsonl"


@pytest.fixture
def formula_taxonomy(tmp_path):
    """mini.yaml with a label that starts like a formula and one that is HTML."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("label: Trật tự đô thị, giao thông", "label: '=1+1'")
    text = text.replace("label: Phòng cháy, chữa cháy", "label: <script>alert(1)</script>")
    path = tmp_path / "formula.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def values_of(ws) -> list[list[object]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


# ------------------------------------------------------------------ the escaping itself


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("a=1", "a=1"), ("", ""), (5, 5), (0.5, 0.5), (None, None)],
)
def test_spreadsheet_cell(value, expected):
    assert spreadsheet_cell(value) == expected


def test_printable_and_one_line():
    assert printable("a\x1b[31mb\x07\tc\nd\x9b\u202eé") == "a\\x1b[31mb\\x07\tc\nd\\x9b\\u202eé"
    assert one_line("a\nb\rc") == "a\\x0ab\\x0dc"


def test_markdown_cell():
    assert markdown_cell("<script>a|b</script> & x\ny") == "&lt;script&gt;a\\|b&lt;/script&gt; &amp; x y"


# ------------------------------------------------------------------ spreadsheets


def test_xlsx_cells_are_strings_never_formulas(runner, hostile, formula_taxonomy):
    Path("=evil.txt").write_text("=1+2 cháy chợ\n", encoding="utf-8")
    result = runner.invoke(app, ["tally", hostile, "=evil.txt", "-o", "x.xlsx", "-t", str(formula_taxonomy)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    wb = load_workbook("x.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    remarks = wb["Remarks"]
    rows = [list(r) for r in remarks.iter_rows(min_row=2, max_col=5, values_only=True)]
    assert rows == [
        ["h.jsonl", 1, "+cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","bấm")', None],
        ["h.jsonl", 2, "-2+3", "@SUM(1+1)", None],
        ["h.jsonl", 3, "=A1", "cháy chợ", "<script>alert(1)</script>"],
        ["h.jsonl", 4, "@x", "=1+2 lô đề", "Ma túy, cờ bạc"],
        ["=evil.txt", 1, "(không rõ)", "=1+2 cháy chợ", "<script>alert(1)</script>"],
    ]
    assert remarks["A6"].data_type == "s" and remarks["C2"].data_type == "s"
    assert remarks["D2"].data_type == "s" and remarks["D2"].quotePrefix
    tally = [list(r) for r in wb["Tally"].iter_rows(values_only=True)]
    assert tally[1] == ["Chủ đề", "urban_order", "=1+1", 0, 0]


def test_xlsx_control_characters_are_replaced(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("c.txt").write_text("cháy chợ\x01 lô đề\x02.\n", encoding="utf-8")
    result = runner.invoke(app, ["tally", "c.txt", "-o", "x.xlsx", "-t", str(MINI)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert load_workbook("x.xlsx")["Remarks"]["D2"].value == "cháy chợ\ufffd lô đề\ufffd."


def test_xlsx_rows_past_the_sheet_limit_go_to_a_further_sheet(runner, two_files, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 4)  # a header and three rows per sheet
    monkeypatch.setattr(workbook, "SIZE_FROM", 2)
    result = runner.invoke(app, ["tally", *two_files, "-o", "x.xlsx", "-t", str(MINI)])
    assert (result.exit_code, result.stderr) == (0, "")
    wb = load_workbook("x.xlsx")
    assert wb.sheetnames == ["Tally", "Tally (2)", "Tally (3)", "Remarks", "Remarks (2)", "Untagged"]
    assert [len(list(wb[name].iter_rows())) for name in wb.sheetnames] == [4, 4, 4, 4, 3, 2]
    lines = [[r[:2] for r in wb[name].iter_rows(values_only=True)] for name in ("Remarks", "Remarks (2)")]
    assert lines == [
        [("Tệp", "Dòng"), ("a.txt", 1), ("a.txt", 2), ("a.txt", 3)],
        [("Tệp", "Dòng"), ("b.txt", 1), ("b.txt", 2)],
    ]
    assert values_of(wb["Tally (3)"])[-1] == ["Tổng", "total", "Tổng số ý kiến", 5, 1]
    assert wb["Remarks (2)"].freeze_panes == "A2" and wb["Remarks (2)"].auto_filter.ref == "A1:G3"


def test_excel_csv_quotes_formulas_plain_csv_stays_faithful(runner, hostile, formula_taxonomy):
    args = ["tally", hostile, "-t", str(formula_taxonomy), "-f", "csv"]
    plain = runner.invoke(app, args)
    assert plain.exit_code == 0
    assert plain.stdout.splitlines()[1] == "urban_order,=1+1,0,0.0"
    excel = runner.invoke(app, [*args, "--excel"])
    assert excel.exit_code == 0
    lines = excel.stdout.splitlines()
    assert lines[0] == "\ufeffMục,Mã,Nhãn,Số ý kiến,Tỉ lệ"
    assert lines[1] == 'Chủ đề,urban_order,\'=1+1,0,"0,0%"'
    cross = runner.invoke(app, [*args, "--excel", "--by", "speaker", "--long"])
    assert cross.stdout.splitlines()[1:3] == ["'+cmd|' /C calc'!A0,'=1+1,0", "'+cmd|' /C calc'!A0,<script>alert(1)</script>,0"]


# ------------------------------------------------------------------ Markdown and terminals


def test_markdown_tally_escapes_html(runner, hostile, formula_taxonomy):
    result = runner.invoke(app, ["tally", hostile, "-t", str(formula_taxonomy), "-f", "md"])
    assert result.exit_code == 0
    assert "| fire | &lt;script&gt;alert(1)&lt;/script&gt; | 1 | 0.25 |" in result.stdout
    assert "<script>" not in result.stdout


def test_table_kwic_explain_show_escape_sequences(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("e.txt").write_text("cháy chợ \x1b]0;pwned\x07 \x1b[2J\n", encoding="utf-8")
    table = runner.invoke(app, ["tag", "e.txt", "-t", str(MINI), "-f", "table"])
    kwic = runner.invoke(app, ["kwic", "cháy", "e.txt", "-t", str(MINI)])
    explain = runner.invoke(app, ["explain", "cháy chợ \x1b[2J", "-t", str(MINI)])
    for result in (table, kwic, explain):
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b]0;pwned\\x07" in table.stdout.replace("\n", "").replace("│", "").replace(" ", "")
    assert kwic.stdout == "e.txt:1   [cháy] chợ \\x1b]0;pwned\\x07 \\x1b[2J  fire\n"
    assert "Text:         cháy chợ \\x1b[2J\n" in explain.stdout


def test_file_names_on_stderr_are_escaped(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["tag", "a\x1b[2Jb.txt", "-t", str(MINI)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: a\\x1b[2Jb.txt: no such file\n"


# ------------------------------------------------------------------ -o targets


def _tag_to(runner, output, *inputs):
    return runner.invoke(app, ["tag", *(inputs or ("s.txt",)), "-t", str(MINI), "-o", output])


@pytest.fixture
def notes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("s.txt").write_text("cháy chợ\n", encoding="utf-8")
    return tmp_path


def test_output_that_is_an_input_is_refused(runner, notes):
    result = _tag_to(runner, "s.txt")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: s.txt: is also an input; write the output to another file\n"
    assert Path("s.txt").read_text(encoding="utf-8") == "cháy chợ\n"
    os.link("s.txt", "same.jsonl")  # the same file by another name
    result = _tag_to(runner, "same.jsonl")
    assert result.stderr == "Error: same.jsonl: is also an input (s.txt); write the output to another file\n"
    assert sorted(os.listdir(notes)) == ["s.txt", "same.jsonl"]


def test_output_through_a_symlink_writes_its_target(runner, notes):
    Path("real.jsonl").write_text("old\n", encoding="utf-8")
    os.symlink("real.jsonl", "link.jsonl")
    result = _tag_to(runner, "link.jsonl")
    assert (result.exit_code, result.stderr) == (0, "")
    assert Path("link.jsonl").is_symlink()
    assert json.loads(Path("real.jsonl").read_text(encoding="utf-8"))["text"] == "cháy chợ"
    assert sorted(os.listdir(notes)) == ["link.jsonl", "real.jsonl", "s.txt"]


def test_output_to_a_symlink_of_an_input_is_refused(runner, notes):
    os.symlink("s.txt", "link.txt")
    result = _tag_to(runner, "link.txt")
    assert result.stderr == "Error: link.txt: is also an input (s.txt); write the output to another file\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a directory; give a file name"),
        (lambda p: os.mkfifo(p), "is a named pipe, not a file; to write to a pipe, leave out -o and redirect stdout"),
        (lambda p: (p.write_text("keep\n"), p.chmod(0o444)),
         "is read-only; forumcli does not replace a protected file (make it writable first)"),
    ],
    ids=["directory", "fifo", "read-only"],
)
def test_output_that_is_no_writable_file_is_refused(runner, notes, make, message):
    target = notes / "out.jsonl"
    make(target)
    before = sorted(os.listdir(notes))
    result = _tag_to(runner, "out.jsonl")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: out.jsonl: {message}\n")
    assert sorted(os.listdir(notes)) == before
    if target.is_file():
        assert target.read_text() == "keep\n"


def test_a_device_is_refused():
    # checked without writing: a failure here must not replace a device
    with pytest.raises(OutputError) as e:
        output_target("/dev/null")
    assert str(e.value) == "/dev/null: is a device, not a file; to write to a device, leave out -o and redirect stdout"


def test_xlsx_to_a_read_only_file_is_refused(runner, notes):
    Path("x.xlsx").write_bytes(b"keep")
    Path("x.xlsx").chmod(0o444)
    result = runner.invoke(app, ["tally", "s.txt", "-o", "x.xlsx", "-t", str(MINI)])
    assert (result.exit_code, result.stderr) == (
        1, "Error: x.xlsx: is read-only; forumcli does not replace a protected file (make it writable first)\n")
    assert Path("x.xlsx").read_bytes() == b"keep"


# ------------------------------------------------------------------ output errors


def test_a_lone_surrogate_stops_before_the_output(runner, notes):
    lines = [json.dumps({"text": f"cháy chợ {i}"}) for i in range(300)]
    Path("n.jsonl").write_text("\n".join(lines) + '\n{"text": "\\ud800 x"}\n', encoding="utf-8")
    for out in ("o.jsonl", "o.csv", "o.xlsx"):
        command = "tally" if out.endswith(".xlsx") else "tag"
        result = runner.invoke(app, [command, "n.jsonl", "-t", str(MINI), "-o", out])
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == "Error: n.jsonl:301: 'text' holds \\ud800, half of a UTF-16 pair: not text\n"
    assert sorted(os.listdir(notes)) == ["n.jsonl", "s.txt"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["tag"], ["tally", "-f", "csv"], ["kwic", "cháy"]])
def test_stdout_on_a_full_disk(notes, args):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "forumcli", *args, "s.txt", "-t", str(MINI)],
            stdout=full, stderr=subprocess.PIPE, env=subprocess_env(), timeout=120, check=False,
        )
    assert (proc.returncode, proc.stderr.decode()) == (1, "Error: standard output: cannot write: No space left on device\n")


def test_jobs_are_capped(runner, notes):
    from forumcli.pipeline import max_jobs

    result = runner.invoke(app, ["tag", "s.txt", "-t", str(MINI), "--jobs", "100000"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == "cháy chợ"
    assert result.stderr == f"note: --jobs 100000 is more than twice the cores of this machine; using {max_jobs()}.\n"


def test_report_lists_at_most_so_many_remarks_per_topic(runner, notes, monkeypatch):
    Path("many.txt").write_text("".join(f"cháy chợ số {i}\n" for i in range(5)) + "không gì\n" * 3,
                                encoding="utf-8")
    monkeypatch.setattr(report_module, "EXAMPLES", 2)
    result = runner.invoke(app, ["report", "many.txt", "-t", str(MINI), "-f", "md", "--lang", "en",
                                 "--date", "2021-04-27"])
    assert result.exit_code == 0
    assert result.stdout.split("## 1.")[1] == (
        " Fire prevention (5)\n\n"
        "1. **cháy** chợ số 0  \n   Speaker: *unknown* · many.txt:1\n"
        "2. **cháy** chợ số 1  \n   Speaker: *unknown* · many.txt:2\n\n"
        "and 3 more (not listed)\n\n"
        "## Remarks on no topic (3)\n\n"
        "1. không gì  \n   Speaker: *unknown* · many.txt:6\n"
        "2. không gì  \n   Speaker: *unknown* · many.txt:7\n\n"
        "and 1 more (not listed)\n"
    )
    html = runner.invoke(app, ["report", "many.txt", "-t", str(MINI), "--date", "2021-04-27"]).stdout
    assert html.count('<li class="remark">') == 4
    assert '<p class="meta more">và 3 ý kiến khác (không liệt kê)</p>' in html


def test_taxonomy_show_and_diff_show_escape_sequences(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = MINI.read_text(encoding="utf-8").replace("label: Phòng cháy, chữa cháy", 'label: "\\e[2JCháy"')
    Path("esc.yaml").write_text(text, encoding="utf-8")
    Path("e.txt").write_text("karaoke \x1b[2J\n", encoding="utf-8")
    show = runner.invoke(app, ["taxonomy", "show", "esc.yaml"])
    assert show.exit_code == 0
    assert "\x1b" not in show.stdout and "\\x1b[2JCháy" in show.stdout
    no_karaoke = Path("nok.yaml")
    no_karaoke.write_text(MINI.read_text(encoding="utf-8").replace("      - karaoke\n", ""), encoding="utf-8")
    diff = runner.invoke(app, ["diff", str(MINI), "nok.yaml", "e.txt"])
    assert diff.exit_code == 0
    assert "  - e.txt:1  [urban_order -> none]  karaoke \\x1b[2J\n" in diff.stdout


def test_a_worker_that_dies_is_one_line(runner, notes, monkeypatch):
    from forumcli import pipeline

    Path("many.txt").write_text("cháy chợ\n" * 1200, encoding="utf-8")
    monkeypatch.setattr(pipeline, "_tag_batch", _die)
    result = runner.invoke(app, ["tally", "many.txt", "-t", str(MINI), "--jobs", "2"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: a worker process stopped unexpectedly (exit code 3)\n"


def _die(texts):
    os._exit(3)


def test_outline_shows_escape_sequences_and_keeps_its_input(runner, notes):
    Path("m.txt").write_text("Ông A: cháy chợ \x1b[2J\n", encoding="utf-8")
    result = runner.invoke(app, ["outline", "m.txt"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout
    again = runner.invoke(app, ["outline", "m.txt", "-o", "m.txt"])
    assert (again.exit_code, again.stderr) == (1, "Error: m.txt: is also an input; write the output to another file\n")
    assert Path("m.txt").read_text(encoding="utf-8") == "Ông A: cháy chợ \x1b[2J\n"


def test_remarks_that_cannot_be_written_are_stopped_with_file_and_line():
    from forumcli.cli.common import writable
    from forumcli.errors import InputError
    from forumcli.read.remarks import Remark

    remarks = writable(iter([Remark("a.jsonl", 1, "cháy chợ"), Remark("a.jsonl", 2, "x", speaker="\udc80")]))
    assert next(remarks).text == "cháy chợ"
    with pytest.raises(InputError) as e:
        next(remarks)
    assert str(e.value) == "a.jsonl:2: text that is not valid Unicode (a lone surrogate '\\udc80') cannot be written"
