"""Splitting text into remarks, speaker prefixes."""

from __future__ import annotations

import json

import pytest

from forumcli.cli.app import app
from forumcli.read.remarks import ReadStats, read_remarks, strip_bullet
from forumcli.text.split import split_items, split_speaker


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ông Nguyễn Văn A (TDP 5): phản ánh X", ("Ông Nguyễn Văn A", "TDP 5", "phản ánh X")),
        ("Bà Trần Thị B, tổ dân phố 3: đề nghị Y", ("Bà Trần Thị B", "tổ dân phố 3", "đề nghị Y")),
        ("Cử tri Lê Văn C phản ánh: tại Z", ("Cử tri Lê Văn C", None, "phản ánh: tại Z")),
        ("Bà Hoàng Thị Mai (TDP 2) hỏi: khi nào?", ("Bà Hoàng Thị Mai", "TDP 2", "hỏi: khi nào?")),
        ("Ông Nguyễn Văn Bình (tổ trưởng): phản ánh", ("Ông Nguyễn Văn Bình (tổ trưởng)", None, "phản ánh")),
        ("Cử tri thôn Đông (ông Nguyễn Văn Tâm) kiến nghị: đường", ("ông Nguyễn Văn Tâm", "thôn Đông", "kiến nghị: đường")),
        ("Cử tri thôn Trung đề nghị làm rõ", ("Cử tri thôn Trung", "thôn Trung", "đề nghị làm rõ")),
        ("Ong Tran Van Binh (TDP 4): de nghi", ("Ong Tran Van Binh", "TDP 4", "de nghi")),
        ("Đồng chí Phạm Văn Đức: cảm ơn", ("Đồng chí Phạm Văn Đức", None, "cảm ơn")),
        ("Bà con phản ánh tình trạng", None),  # "con" is not a name
        ("BIÊN BẢN HỌP TỔ DÂN PHỐ SỐ 7", None),
        ("Ông Nguyễn Văn A:", None),  # nothing said: the line stays as it is
        ("Cháy chợ: đề nghị điều tra", None),
    ],
)
def test_split_speaker(line, expected):
    found = split_speaker(line)
    assert (found and (found.name, found.place, found.rest)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Các ý kiến xoay quanh những vấn đề như: an ninh; lô đề; PCCC.", ("Các ý kiến xoay quanh những vấn đề như", ["an ninh", "lô đề", "PCCC."])),
        ("phản ánh: ngã tư X ùn tắc; đề nghị phân luồng;", (None, ["phản ánh: ngã tư X ùn tắc", "đề nghị phân luồng"])),
        ("Các vấn đề: - đường hỏng. - thiếu đèn • rác", ("Các vấn đề", ["đường hỏng.", "thiếu đèn", "rác"])),
        ("ngã tư Trần Phú - Phan Đình Phùng ùn tắc", (None, ["ngã tư Trần Phú - Phan Đình Phùng ùn tắc"])),
    ],
)
def test_split_items(text, expected):
    assert split_items(text) == expected


def test_strip_bullet_numbering():
    assert [strip_bullet(s) for s in ["1. A", "a) B", "– C", "• D", "- 2) E", "(3) F", "2021 G"]] == [
        "A", "B", "C", "D", "E", "F", "2021 G",
    ]


NOTES = """Các ý kiến xoay quanh những vấn đề như: cháy chợ; lô đề; vỉa hè.

- Ông Lê Văn An (TDP 5): phản ánh karaoke ồn ào
đến khuya. Đề nghị xử lý.
Bà Trần Thị Bình: cờ bạc.
2.
"""


def remarks(split):
    stats = ReadStats()
    path = NOTES_PATH
    out = [(r.line, r.speaker, r.text, r.fields) for r in read_remarks([str(path)], split=split, stats=stats)]
    return out, stats


@pytest.fixture(autouse=True)
def _notes(tmp_path):
    global NOTES_PATH
    NOTES_PATH = tmp_path / "notes.txt"
    NOTES_PATH.write_text(NOTES, encoding="utf-8")


LEAD = {"lead": "Các ý kiến xoay quanh những vấn đề như"}


@pytest.mark.parametrize(
    ("split", "expected"),
    [
        ("line", [
            (1, None, "Các ý kiến xoay quanh những vấn đề như: cháy chợ; lô đề; vỉa hè.", None),
            (3, "Ông Lê Văn An", "phản ánh karaoke ồn ào", None),
            (4, None, "đến khuya. Đề nghị xử lý.", None),
            (5, "Bà Trần Thị Bình", "cờ bạc.", None),
        ]),
        ("paragraph", [
            (1, None, "Các ý kiến xoay quanh những vấn đề như: cháy chợ; lô đề; vỉa hè.", None),
            (3, "Ông Lê Văn An", "phản ánh karaoke ồn ào đến khuya. Đề nghị xử lý. Bà Trần Thị Bình: cờ bạc.", None),
        ]),
        ("sentence", [
            (1, None, "Các ý kiến xoay quanh những vấn đề như: cháy chợ; lô đề; vỉa hè.", None),
            (3, "Ông Lê Văn An", "phản ánh karaoke ồn ào đến khuya.", None),
            (4, "Ông Lê Văn An", "Đề nghị xử lý.", None),
            (5, "Bà Trần Thị Bình", "cờ bạc.", None),
        ]),
        ("item", [
            (1, None, "cháy chợ", LEAD),
            (1, None, "lô đề", LEAD),
            (1, None, "vỉa hè.", LEAD),
            (3, "Ông Lê Văn An", "phản ánh karaoke ồn ào", None),
            (4, None, "đến khuya. Đề nghị xử lý.", None),
            (5, "Bà Trần Thị Bình", "cờ bạc.", None),
        ]),
    ],
)
def test_split_modes(split, expected):
    got, stats = remarks(split)
    assert got == expected
    assert (stats.remarks, stats.skipped) == (len(expected), 1)


def test_speakers_in_records_and_no_speakers_option(runner, mini_path):
    data = "Ông Lê Văn An (TDP 5): cháy chợ\n"
    rec = json.loads(runner.invoke(app, ["tag", "-t", str(mini_path)], input=data).stdout)
    assert list(rec)[:5] == ["source", "line", "speaker", "place", "text"]
    assert (rec["speaker"], rec["place"], rec["text"], rec["matches"][0]["start"]) == ("Ông Lê Văn An", "TDP 5", "cháy chợ", 0)
    rec = json.loads(runner.invoke(app, ["tag", "-t", str(mini_path), "--no-speakers"], input=data).stdout)
    assert "speaker" not in rec and rec["text"] == "Ông Lê Văn An (TDP 5): cháy chợ"
    csv_out = runner.invoke(app, ["tag", "-t", str(mini_path), "-f", "csv", "--no-headers"], input=data).stdout
    assert csv_out == "<stdin>,1,,Ông Lê Văn An,TDP 5,cháy chợ,fire,,cháy\n"
