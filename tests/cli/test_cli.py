"""The command line end to end (CliRunner and the installed entry point): every command's formats, stdin, options, errors and exit codes."""

import json
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, subprocess_env

from forumcli.cli.app import app

NOTES_JSONL = [
    {"source": "notes.txt", "line": 1, "text": "Họp tổ dân phố số 7, quý III", "topics": [], "kinds": [], "matches": []},
    {
        "source": "notes.txt", "line": 3, "text": "Bà con phản ánh tình trạng lấn chiếm vỉa hè để buôn bán.",
        "topics": ["urban_order"], "kinds": ["complaint"],
        "matches": [
            {"id": "complaint", "term": "phản ánh", "start": 7, "end": 15},
            {"id": "complaint", "term": "tình trạng", "start": 16, "end": 26},
            {"id": "urban_order", "term": "lấn chiếm vỉa hè", "start": 27, "end": 43},
        ],
    },
    {
        "source": "notes.txt", "line": 4, "text": "Đề nghị tăng cường tuyên truyền PCCC cho các hộ kinh doanh.",
        "topics": ["fire"], "kinds": ["proposal"],
        "matches": [
            {"id": "proposal", "term": "đề nghị", "start": 0, "end": 7},
            {"id": "fire", "term": "pccc", "start": 32, "end": 36},
        ],
    },
    {
        "source": "notes.txt", "line": 5, "text": "Vấn đề lô đề, ma tuý vẫn còn; khi nào thì xử lý?",
        "topics": ["drugs_gambling"], "kinds": ["question"],
        "matches": [
            {"id": "drugs_gambling", "term": "lô đề", "start": 7, "end": 12},
            {"id": "drugs_gambling", "term": "ma túy", "start": 14, "end": 20},
            {"id": "question", "term": "khi nào", "start": 30, "end": 37},
            {"id": "question", "term": "?", "start": 47, "end": 48},
        ],
    },
    {
        "source": "notes.txt", "line": 6, "text": "Thanh nien khong doi mu bao hiem gay tai nan giao thong",
        "topics": ["urban_order.traffic"], "kinds": [],
        "matches": [
            {"id": "urban_order.traffic", "term": "mũ bảo hiểm", "start": 21, "end": 32},
            {"id": "urban_order.traffic", "term": "tai nạn giao thông", "start": 37, "end": 55},
        ],
    },
    {"source": "notes.txt", "line": 8, "text": "Đường ngập nước mỗi khi mưa to.", "topics": [], "kinds": [], "matches": []},
]

TAG_CSV = """\
source,line,id,speaker,place,text,topics,kinds,terms
notes.txt,1,,,,"Họp tổ dân phố số 7, quý III",,,
notes.txt,3,,,,Bà con phản ánh tình trạng lấn chiếm vỉa hè để buôn bán.,urban_order,complaint,phản ánh;tình trạng;lấn chiếm vỉa hè
notes.txt,4,,,,Đề nghị tăng cường tuyên truyền PCCC cho các hộ kinh doanh.,fire,proposal,đề nghị;pccc
notes.txt,5,,,,"Vấn đề lô đề, ma tuý vẫn còn; khi nào thì xử lý?",drugs_gambling,question,lô đề;ma túy;khi nào;?
notes.txt,6,,,,Thanh nien khong doi mu bao hiem gay tai nan giao thong,urban_order.traffic,,mũ bảo hiểm;tai nạn giao thông
notes.txt,8,,,,Đường ngập nước mỗi khi mưa to.,,,
"""

TALLY_ROWS = [
    ("urban_order", "Trật tự đô thị, giao thông", "2", "0.3333"),
    ("fire", "Phòng cháy, chữa cháy", "1", "0.1667"),
    ("drugs_gambling", "Ma túy, cờ bạc", "1", "0.1667"),
    ("no_topic", "Không thuộc chủ đề nào", "2", "0.3333"),
    ("complaint", "Phản ánh", "1", "0.1667"),
    ("proposal", "Kiến nghị", "1", "0.1667"),
    ("question", "Hỏi", "1", "0.1667"),
    ("no_kind", "Không rõ loại ý kiến", "3", "0.5"),
    ("total", "Tổng số ý kiến", "6", "1.0"),
]

TALLY_TABLE = """\
6 ý kiến, xoay quanh: trật tự đô thị, giao thông (2); phòng cháy, chữa cháy (1); ma túy, cờ bạc (1); 2 ý kiến về vấn đề khác.

Chủ đề                                                         
┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━┓
┃ id             ┃ label                      ┃ count ┃ share ┃
┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━┩
│ urban_order    │ Trật tự đô thị, giao thông │     2 │ 33.3% │
│ fire           │ Phòng cháy, chữa cháy      │     1 │ 16.7% │
│ drugs_gambling │ Ma túy, cờ bạc             │     1 │ 16.7% │
│ no_topic       │ Không thuộc chủ đề nào     │     2 │ 33.3% │
└────────────────┴────────────────────────────┴───────┴───────┘
Loại ý kiến                                         
┏━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━┓
┃ id        ┃ label                ┃ count ┃ share ┃
┡━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━┩
│ complaint │ Phản ánh             │     1 │ 16.7% │
│ proposal  │ Kiến nghị            │     1 │ 16.7% │
│ question  │ Hỏi                  │     1 │ 16.7% │
│ no_kind   │ Không rõ loại ý kiến │     3 │ 50.0% │
└───────────┴──────────────────────┴───────┴───────┘
"""


@pytest.fixture
def in_fixtures(monkeypatch):
    monkeypatch.chdir(FIXTURES)


def invoke(runner, *args, **kw):
    return runner.invoke(app, ["--taxonomy" if a == "-t" else a for a in args], **kw)


def run(runner, *args, **kw):
    result = runner.invoke(app, list(args), **kw)
    assert result.exit_code == 0, result.stderr
    return result


def test_tag_jsonl(runner, in_fixtures):
    result = run(runner, "tag", "notes.txt", "--taxonomy", "mini.yaml")
    assert [json.loads(line) for line in result.stdout.splitlines()] == NOTES_JSONL
    assert list(json.loads(result.stdout.splitlines()[1])) == ["source", "line", "text", "topics", "kinds", "matches"]
    assert result.stderr == "skipped: 1 empty remark (only a bullet or number)\n"


def test_tag_csv_and_tsv(runner, in_fixtures):
    assert run(runner, "tag", "notes.txt", "-t", "mini.yaml", "-f", "csv").stdout == TAG_CSV
    tsv = run(runner, "tag", "notes.txt", "-t", "mini.yaml", "-f", "tsv", "--no-headers").stdout
    assert tsv.splitlines()[0] == "notes.txt\t1\t\t\t\tHọp tổ dân phố số 7, quý III\t\t\t"
    assert len(tsv.splitlines()) == 6


def test_tag_table(runner, in_fixtures):
    out = run(runner, "tag", "notes.txt", "-t", "mini.yaml", "-f", "table").stdout
    assert out.splitlines()[1] == "┃ source    ┃ line ┃ text                                        ┃ topics              ┃ kinds     ┃"
    assert "│ notes.txt │    3 │ Bà con phản ánh tình trạng lấn chiếm vỉa hè │ urban_order         │ complaint │" in out


def test_tag_json_array(runner, in_fixtures):
    out = run(runner, "tag", "notes.txt", "-t", "mini.yaml", "-f", "json").stdout
    assert json.loads(out) == NOTES_JSONL


def test_tag_jsonl_input_passes_id_through(runner, mini_path):
    data = '{"id": "r1", "noi_dung": "Lô đề công khai"}\n{"id": 2, "noi_dung": "Không có gì"}\n'
    result = run(runner, "tag", "-", "-t", str(mini_path), "--input-format", "jsonl", "--field", "noi_dung", input=data)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["line"], r["id"], r["topics"]) for r in records] == [
        ("<stdin>", 1, "r1", ["drugs_gambling"]),
        ("<stdin>", 2, "2", []),
    ]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "id,label,count,share\n" + "".join(",".join(f'"{c}"' if "," in c else c for c in r) + "\n" for r in TALLY_ROWS)),
        ("tsv", "id\tlabel\tcount\tshare\n" + "".join("\t".join(r) + "\n" for r in TALLY_ROWS)),
        ("md", "| id | label | count | share |\n|---|---|---:|---:|\n" + "".join("| " + " | ".join(r) + " |\n" for r in TALLY_ROWS)),
        ("table", TALLY_TABLE),
    ],
)
def test_tally_formats(runner, in_fixtures, fmt, expected):
    assert run(runner, "tally", "notes.txt", "-t", "mini.yaml", "-f", fmt).stdout == expected


def test_tally_json(runner, in_fixtures):
    data = json.loads(run(runner, "tally", "notes.txt", "-t", "mini.yaml", "-f", "json").stdout)
    assert data["total"] == 6 and data["no_topic"] == 2 and data["no_kind"] == 3
    assert [(t["id"], t["count"], t["share"]) for t in data["topics"]] == [
        ("urban_order", 2, 0.3333),
        ("fire", 1, 0.1667),
        ("drugs_gambling", 1, 0.1667),
    ]


def test_tally_leaf_level_and_english(runner, in_fixtures):
    out = run(runner, "tally", "notes.txt", "-t", "mini.yaml", "-f", "csv", "--level", "leaf", "--lang", "en").stdout
    assert out.splitlines()[:4] == [
        "id,label,count,share",
        "urban_order,Urban order and traffic,1,0.1667",
        "urban_order.traffic,Traffic,1,0.1667",
        "fire,Fire prevention,1,0.1667",
    ]


def test_tally_no_headers(runner, in_fixtures):
    out = run(runner, "tally", "notes.txt", "-t", "mini.yaml", "-f", "csv", "--no-headers").stdout
    assert out.splitlines()[0] == 'urban_order,"Trật tự đô thị, giao thông",2,0.3333'


def test_tally_output_file_is_written_atomically(runner, in_fixtures, tmp_path):
    target = tmp_path / "counts.csv"
    result = run(runner, "tally", "notes.txt", "-t", "mini.yaml", "-o", str(target))
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").splitlines()[0] == "id,label,count,share"
    assert [p.name for p in tmp_path.iterdir()] == ["counts.csv"]


def test_failed_run_leaves_existing_output_untouched(runner, in_fixtures, tmp_path):
    target = tmp_path / "counts.csv"
    target.write_text("old\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok line\n\xff\xfe broken\n")
    result = invoke(runner, "tally", "notes.txt", str(bad), "-t", "mini.yaml", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {bad}:2: not valid UTF-8 (byte 0xff at column 1); try --encoding cp1258\n"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "counts.csv"]


def test_stdin_and_missing_file(runner, mini_path, tmp_path):
    result = run(runner, "tally", "-t", str(mini_path), "-f", "csv", input="- Lô đề\n\nPCCC\n")
    assert result.stdout.splitlines()[-1] == "total,Tổng số ý kiến,2,1.0"
    missing = tmp_path / "none.txt"
    result = runner.invoke(app, ["tag", str(missing), "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: no such file\n"


def test_bad_jsonl_line_names_file_and_line(runner, mini_path, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Lô đề"}\n{"text": \n', encoding="utf-8")
    result = runner.invoke(app, ["tally", str(src), "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src}:2: invalid JSON: Expecting value (column 10)\n"


def test_unknown_format_is_a_usage_error(runner, in_fixtures):
    result = runner.invoke(app, ["tally", "notes.txt", "-f", "xml"])
    assert result.exit_code == 2


def test_explain(runner, mini_path):
    out = run(runner, "explain", "Đề nghị giải quyết vấn đề lấn chiếm vỉa hè?", "-t", str(mini_path)).stdout
    lines = out.splitlines()
    assert lines[0] == "Text:         Đề nghị giải quyết vấn đề lấn chiếm vỉa hè?"
    assert lines[1] == "Normalised:   đề nghị giải quyết vấn đề lấn chiếm vỉa hè?"
    assert lines[3] == "Segmentation: Đề_nghị giải_quyết vấn_đề lấn_chiếm vỉa_hè ?"
    assert "│ đề               │ 23-25 │ đề               │ drugs_gambling │ not on word boundaries       │" in lines
    assert lines[-2] == "Topics: urban_order (Trật tự đô thị, giao thông: lấn chiếm vỉa hè)"
    assert lines[-1] == "Kinds:  proposal (đề nghị), question (?)"


def test_explain_json(runner, mini_path):
    data = json.loads(run(runner, "explain", "Ma tuy", "-t", str(mini_path), "-f", "json").stdout)
    assert data["mode"] == "folded"
    assert data["topics"] == ["drugs_gambling"]
    assert data["candidates"] == [
        {"id": "drugs_gambling", "role": "term", "term": "ma túy", "start": 0, "end": 6, "span": "Ma tuy", "verdict": "kept"}
    ]


def test_eval(runner, mini_path, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps(d, ensure_ascii=False)
            for d in [
                {"id": "g1", "text": "Phản ánh tình trạng lô đề", "topics": ["drugs_gambling"], "kinds": ["complaint"]},
                {"id": "g2", "text": "Đề nghị kiểm tra PCCC", "topics": ["fire"], "kinds": ["proposal"]},
                {"id": "g3", "text": "Trộm cắp xe máy", "topics": ["crime"], "kinds": ["complaint"]},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    data = json.loads(run(runner, "eval", str(gold), "-t", str(mini_path), "-f", "json").stdout)
    assert data["topics_micro"] == {"precision": 1.0, "recall": 0.6667, "f1": 0.8, "support": 3, "tp": 2, "fp": 0, "fn": 1}
    assert data["kinds_micro"]["f1"] == 0.8
    assert data["errors"] == [
        {"line": 3, "id": "g3", "text": "Trộm cắp xe máy", "gold_topics": ["crime"], "topics": [],
         "gold_kinds": ["complaint"], "kinds": []}
    ]
    table = run(runner, "eval", str(gold), "-t", str(mini_path)).stdout
    assert table.splitlines()[-2:] == [
        "topics micro-F1 0.800 (P 1.000 R 0.667), macro-F1 0.500",
        "kinds  micro-F1 0.800 (P 1.000 R 0.667), macro-F1 0.556",
    ]
    assert "  g3: topics missed: crime; kinds missed: complaint" in table.splitlines()


def test_taxonomy_show(runner, mini_path):
    out = run(runner, "taxonomy", "show", str(mini_path)).stdout
    assert out.splitlines()[-1] == "4 topics, 12 terms, 3 kinds"
    data = json.loads(run(runner, "taxonomy", "show", str(mini_path), "-f", "json").stdout)
    assert [t["id"] for t in data["topics"]] == ["urban_order", "urban_order.traffic", "fire", "drugs_gambling"]


def test_version_and_help(runner):
    from forumcli import __version__
    from forumcli.segment.files import version

    assert run(runner, "--version").stdout == f"forumcli {__version__}\nunderthesea {version()}\nsegmenter fast CRF\n"
    out = run(runner, "--help").stdout
    for command in ("tag", "tally", "explain", "eval", "taxonomy"):
        assert command in out


def test_every_command_has_help_and_is_in_the_readme(runner):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in (
        "tag", "tally", "explain", "eval", "report", "kwic", "suggest", "diff",
        "taxonomy show", "taxonomy check", "taxonomy init",
    ):
        result = run(runner, *command.split(), "--help")
        assert "Usage:" in result.stdout
        assert f"forumcli {command}" in readme


def _run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "forumcli", *args], capture_output=True, env=subprocess_env(), **kw)


def test_broken_pipe_leaves_no_traceback(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Đề nghị xử lý lấn chiếm vỉa hè\n" * 3000, encoding="utf-8")
    cmd = f"{sys.executable} -m forumcli tag {big} --taxonomy {FIXTURES / 'mini.yaml'} | head -1"
    proc = subprocess.run(cmd, shell=True, capture_output=True, env=subprocess_env(), timeout=120)
    assert json.loads(proc.stdout)["line"] == 1
    assert b"Traceback" not in proc.stderr


def test_no_paths_on_a_terminal_is_a_usage_error():
    # stdin is a terminal: forumcli must not sit waiting for input
    import os
    import pty

    main, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "forumcli", "tally", "--taxonomy", str(FIXTURES / "mini.yaml")],
            stdin=follower, capture_output=True, env=subprocess_env(), timeout=60,
        )
    finally:
        os.close(main)
        os.close(follower)
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        "Error: no input. Give meeting-notes files or folders, or pipe text in (use '-' for stdin).\n"
    )


def test_import_cli_stays_light():
    # --help must stay quick: no underthesea, no YAML, no reader regexes at import time
    code = "import sys, forumcli.cli.app; print(sorted(m for m in ('underthesea', 'yaml', 'forumcli.text.split', 'forumcli.match.tagger') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=subprocess_env(), text=True)
    assert proc.stdout == "[]\n"


def test_ctrl_c_exits_130_without_traceback(mini_path):
    import signal
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "forumcli", "tag", "-", "--taxonomy", str(mini_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env(),
    )
    try:
        proc.stdin.write("Lô đề công khai\n".encode())
        proc.stdin.flush()
        time.sleep(3)  # started, and waiting for the rest of stdin
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert out == b""
    assert err.decode() == "Interrupted.\n"
