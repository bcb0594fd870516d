"""tally --by file|speaker|kind|topic cross-tabs, --long, --excel."""

from __future__ import annotations

import json

import pytest

from forumcli.analyse.crosstab import By, CrossTab
from forumcli.cli.app import app
from forumcli.read.remarks import Remark

HEAD = 'group,"Trật tự đô thị, giao thông","Phòng cháy, chữa cháy","Ma túy, cờ bạc",total,untagged\n'




def run(runner, mini_path, *args):
    result = runner.invoke(app, ["tally", *args, "-t", str(mini_path)])
    assert result.exit_code == 0, result.stderr
    return result


# ------------------------------------------------------------------ core


def _cross(mini_tagger, by: By, remarks: list[Remark]) -> CrossTab:
    cross = CrossTab(mini_tagger.taxonomy, by)
    for r in remarks:
        tagged = mini_tagger.tag(r.text)
        cross.add(r, mini_tagger.roll_up(tagged.topics), tagged.kinds)
    return cross


def test_by_speaker_groups_unknown_speakers_last(mini_tagger):
    remarks = [
        Remark("m.txt", 1, "Lấn chiếm vỉa hè ở chợ.", speaker=None),
        Remark("m.txt", 2, "Đề nghị kiểm tra PCCC.", speaker="Ông Bình"),
        Remark("m.txt", 3, "Đường ngập nước.", speaker="Bà Hạnh"),
        Remark("m.txt", 4, "Tụ điểm lô đề và vỉa hè.", speaker="Ông Bình"),
    ]
    cross = _cross(mini_tagger, By.speaker, remarks)
    assert list(cross.wide_rows("vi")) == [
        ["Ông Bình", 1, 1, 1, 2, 0],
        ["Bà Hạnh", 0, 0, 0, 1, 1],
        ["(không rõ)", 1, 0, 0, 1, 0],
    ]
    assert [r[0] for r in cross.wide_rows("en")][-1] == "(unknown)"
    assert cross.as_json()["groups"][-1] == {
        "group": None,
        "counts": {"urban_order": 1, "fire": 0, "drugs_gambling": 0},
        "total": 1,
        "untagged": 0,
    }


def test_empty_speaker_counts_as_unknown(mini_tagger):
    cross = _cross(mini_tagger, By.speaker, [Remark("m.txt", 1, "vỉa hè", speaker=""), Remark("m.txt", 2, "vỉa hè")])
    assert list(cross.wide_rows()) == [["(không rõ)", 2, 0, 0, 2, 0]]


def test_a_remark_with_two_kinds_counts_in_both_groups(mini_tagger):
    cross = _cross(mini_tagger, By.kind, [Remark("m.txt", 1, "Phản ánh vỉa hè, đề nghị xử lý.")])
    assert list(cross.wide_rows()) == [["Phản ánh", 1, 0, 0, 1, 0], ["Kiến nghị", 1, 0, 0, 1, 0]]


def test_leaf_level_columns_add_a_parent_matched_without_its_children(mini_tagger):
    cross = CrossTab(mini_tagger.taxonomy, By.file, level="leaf")
    for text in ("vỉa hè", "mũ bảo hiểm"):
        cross.add(Remark("m.txt", 1, text), mini_tagger.tag(text).topics, ())
    assert cross.wide_headers("en") == [
        "group", "Urban order and traffic", "Traffic", "Fire prevention", "Drugs and gambling", "total", "untagged"
    ]
    assert list(cross.wide_rows()) == [["m.txt", 1, 1, 0, 0, 2, 0]]


# ------------------------------------------------------------------ wide layout, every format


WIDE = {
    "csv": HEAD + "a.txt,1,1,0,3,1\nb.txt,1,0,2,2,0\n",
    "tsv": "group\tTrật tự đô thị, giao thông\tPhòng cháy, chữa cháy\tMa túy, cờ bạc\ttotal\tuntagged\n"
    "a.txt\t1\t1\t0\t3\t1\n"
    "b.txt\t1\t0\t2\t2\t0\n",
    "md": "| group | Trật tự đô thị, giao thông | Phòng cháy, chữa cháy | Ma túy, cờ bạc | total | untagged |\n"
    "|---|---:|---:|---:|---:|---:|\n"
    "| a.txt | 1 | 1 | 0 | 3 | 1 |\n"
    "| b.txt | 1 | 0 | 2 | 2 | 0 |\n",
    "table": "┏━━━━━━━┳━━━┳━━━┳━━━┳━━━━━━━┳━━━━━━━━━━┓\n"
    "┃ group ┃ 1 ┃ 2 ┃ 3 ┃ total ┃ untagged ┃\n"
    "┡━━━━━━━╇━━━╇━━━╇━━━╇━━━━━━━╇━━━━━━━━━━┩\n"
    "│ a.txt │ 1 │ 1 │ 0 │     3 │        1 │\n"
    "│ b.txt │ 1 │ 0 │ 2 │     2 │        0 │\n"
    "└───────┴───┴───┴───┴───────┴──────────┘\n"
    "  1  Trật tự đô thị, giao thông\n"
    "  2  Phòng cháy, chữa cháy\n"
    "  3  Ma túy, cờ bạc\n",
}


@pytest.mark.parametrize("fmt", sorted(WIDE))
def test_by_file_wide(runner, mini_path, two_files, fmt):
    assert run(runner, mini_path, *two_files, "--by", "file", "-f", fmt).stdout == WIDE[fmt]


def test_by_file_wide_json(runner, mini_path, two_files):
    out = run(runner, mini_path, *two_files, "--by", "file", "-f", "json").stdout
    assert json.loads(out) == {
        "by": "file",
        "level": "top",
        "topics": ["urban_order", "fire", "drugs_gambling"],
        "groups": [
            {"group": "a.txt", "counts": {"urban_order": 1, "fire": 1, "drugs_gambling": 0}, "total": 3, "untagged": 1},
            {"group": "b.txt", "counts": {"urban_order": 1, "fire": 0, "drugs_gambling": 2}, "total": 2, "untagged": 0},
        ],
    }


def test_by_kind_wide(runner, mini_path, two_files):
    assert run(runner, mini_path, *two_files, "--by", "kind", "-f", "csv").stdout == HEAD + (
        "Phản ánh,1,0,0,1,0\n"
        "Kiến nghị,1,1,1,2,0\n"
        "Hỏi,0,0,1,1,0\n"
        "Không rõ loại ý kiến,0,0,0,1,1\n"
    )


def test_by_topic_is_co_occurrence(runner, mini_path, two_files):
    assert run(runner, mini_path, *two_files, "--by", "topic", "-f", "csv").stdout == HEAD + (
        '"Trật tự đô thị, giao thông",2,0,1,2,0\n'
        '"Phòng cháy, chữa cháy",0,1,0,1,0\n'
        '"Ma túy, cờ bạc",1,0,2,2,0\n'
        "Không thuộc chủ đề nào,0,0,0,1,1\n"
    )


def test_by_speaker_from_files_without_speakers(runner, mini_path, two_files):
    out = run(runner, mini_path, *two_files, "--by", "speaker", "-f", "csv", "--no-headers").stdout
    assert out == "(không rõ),2,1,2,5,1\n"


def test_by_file_english_labels(runner, mini_path, two_files):
    out = run(runner, mini_path, *two_files, "--by", "file", "-f", "csv", "--lang", "en").stdout
    assert out.splitlines()[0] == "group,Urban order and traffic,Fire prevention,Drugs and gambling,total,untagged"


# ------------------------------------------------------------------ long layout

LONG_CSV = (
    "group,topic,count\n"
    'a.txt,"Trật tự đô thị, giao thông",1\n'
    'a.txt,"Phòng cháy, chữa cháy",1\n'
    'a.txt,"Ma túy, cờ bạc",0\n'
    "a.txt,Không thuộc chủ đề nào,1\n"
    'b.txt,"Trật tự đô thị, giao thông",1\n'
    'b.txt,"Phòng cháy, chữa cháy",0\n'
    'b.txt,"Ma túy, cờ bạc",2\n'
    "b.txt,Không thuộc chủ đề nào,0\n"
)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", LONG_CSV),
        ("tsv", "group\ttopic\tcount\n"
         "a.txt\tTrật tự đô thị, giao thông\t1\n"
         "a.txt\tPhòng cháy, chữa cháy\t1\n"
         "a.txt\tMa túy, cờ bạc\t0\n"
         "a.txt\tKhông thuộc chủ đề nào\t1\n"
         "b.txt\tTrật tự đô thị, giao thông\t1\n"
         "b.txt\tPhòng cháy, chữa cháy\t0\n"
         "b.txt\tMa túy, cờ bạc\t2\n"
         "b.txt\tKhông thuộc chủ đề nào\t0\n"),
        ("md", "| group | topic | count |\n|---|---|---:|\n"
         "| a.txt | Trật tự đô thị, giao thông | 1 |\n"
         "| a.txt | Phòng cháy, chữa cháy | 1 |\n"
         "| a.txt | Ma túy, cờ bạc | 0 |\n"
         "| a.txt | Không thuộc chủ đề nào | 1 |\n"
         "| b.txt | Trật tự đô thị, giao thông | 1 |\n"
         "| b.txt | Phòng cháy, chữa cháy | 0 |\n"
         "| b.txt | Ma túy, cờ bạc | 2 |\n"
         "| b.txt | Không thuộc chủ đề nào | 0 |\n"),
        ("json", "[\n"
         '  {"group": "a.txt", "topic": "urban_order", "count": 1},\n'
         '  {"group": "a.txt", "topic": "fire", "count": 1},\n'
         '  {"group": "a.txt", "topic": "drugs_gambling", "count": 0},\n'
         '  {"group": "a.txt", "topic": "no_topic", "count": 1},\n'
         '  {"group": "b.txt", "topic": "urban_order", "count": 1},\n'
         '  {"group": "b.txt", "topic": "fire", "count": 0},\n'
         '  {"group": "b.txt", "topic": "drugs_gambling", "count": 2},\n'
         '  {"group": "b.txt", "topic": "no_topic", "count": 0}\n'
         "]\n"),
    ],
)
def test_by_file_long(runner, mini_path, two_files, fmt, expected):
    assert run(runner, mini_path, *two_files, "--by", "file", "--long", "-f", fmt).stdout == expected


def test_long_table(runner, mini_path, two_files):
    out = run(runner, mini_path, *two_files, "--by", "kind", "--long").stdout
    assert "│ Kiến nghị            │ Ma túy, cờ bạc             │     1 │" in out.splitlines()


def test_long_needs_by(runner, mini_path, two_files):
    result = runner.invoke(app, ["tally", *two_files, "--long", "-t", str(mini_path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "Error: --long needs --by (file, speaker, kind or topic).\n"
    )


# ------------------------------------------------------------------ --excel


def test_excel_csv_has_bom_and_crlf(runner, mini_path, two_files, tmp_path):
    run(runner, mini_path, *two_files, "--by", "file", "--excel", "-o", "counts.csv")
    data = (tmp_path / "counts.csv").read_bytes()
    # headers in the label language, as in the workbook
    head = "Tệp,\"Trật tự đô thị, giao thông\",\"Phòng cháy, chữa cháy\",\"Ma túy, cờ bạc\",Tổng số ý kiến,Không thuộc chủ đề nào\n"
    expected = head + "a.txt,1,1,0,3,1\nb.txt,1,0,2,2,0\n"
    assert data == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


def test_excel_implies_csv_on_stdout(runner, mini_path, two_files):
    # (result.stdout would turn CRLF into LF: look at the bytes)
    out = run(runner, mini_path, *two_files, "--excel").stdout_bytes.decode("utf-8")
    assert out.startswith("\ufeffMục,Mã,Nhãn,Số ý kiến,Tỉ lệ\r\nChủ đề,urban_order,\"Trật tự đô thị, giao thông\",2,\"40,0%\"\r\n")
    assert out.endswith("\r\nTổng,total,Tổng số ý kiến,5,\"100,0%\"\r\n")


def test_excel_in_english(runner, mini_path, two_files):
    out = run(runner, mini_path, *two_files, "--excel", "--lang", "en").stdout_bytes.decode("utf-8")
    assert out.startswith("\ufeffSection,Id,Label,Count,Share\r\nTopic,urban_order,Urban order and traffic,2,40.0%\r\n")


def test_excel_tsv(runner, mini_path, two_files):
    out = run(runner, mini_path, *two_files, "--by", "file", "--excel", "-f", "tsv", "--no-headers").stdout_bytes.decode()
    assert out == "\ufeffa.txt\t1\t1\t0\t3\t1\r\nb.txt\t1\t0\t2\t2\t0\r\n"


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_excel_refuses_other_formats(runner, mini_path, two_files, fmt):
    result = runner.invoke(app, ["tally", *two_files, "--excel", "-f", fmt, "-t", str(mini_path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "Error: --excel applies to CSV and TSV only.\n")


def test_plain_tally_unchanged_without_by(runner, mini_path, two_files):
    out = run(runner, mini_path, *two_files, "-f", "csv").stdout
    assert out.splitlines()[:2] == ["id,label,count,share", 'urban_order,"Trật tự đô thị, giao thông",2,0.4']
