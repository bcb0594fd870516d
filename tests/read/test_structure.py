"""Whole minutes read by their structure: roles of blocks, remarks with their speakers, what is
left out, and plain lists left exactly as they were read before."""

from __future__ import annotations

import io
import json
from pathlib import Path

from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from minutes_docs import voter_meeting

from forumcli.cli.app import app
from forumcli.read.remarks import ReadStats, read_stream
from forumcli.read.structure import classify
from forumcli.read.units import docx_units, text_units

MINUTES = FIXTURES / "minutes"


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def said(recs: list[dict]) -> list[tuple]:
    return [(r["line"], r.get("speaker"), r.get("place"), r["text"]) for r in recs]


def test_word_minutes_roles_by_heading_styles_numbering_and_tables(tmp_path):
    doc = voter_meeting(tmp_path / "cu-tri.docx")
    with doc.open("rb") as fh:
        parts = classify(list(docx_units(fh, str(doc))))
    assert [(p.unit.line, p.role) for p in parts] == [
        (1, "header"), (3, "header"), (4, "header"), (5, "meta"),
        (6, "heading"), (7, "meta"), (10, "meta"), (13, "meta"),
        (14, "heading"), (15, "heading"), (16, "narrative"), (17, "narrative"),
        (18, "heading"), (19, "remark"), (20, "meta"), (21, "remark"), (22, "remark"), (23, "reply"),
        (24, "heading"), (25, "heading"), (29, "heading"), (30, "remark"), (34, "remark"),
        (38, "heading"), (39, "reply"), (40, "closing"), (41, "signature"),
    ]
    remarks = [(p.unit.line, s.speaker, s.place, s.text) for p in parts for s in p.remarks]
    assert remarks == [
        (19, "Ông Phan Văn Hùng", "thôn Đông", "Đề nghị sửa cầu tràn thôn Đông."),
        (21, "Bà Võ Thị Mai", "thôn Tây", "Đề nghị lắp camera ở chợ."),
        (22, "Bà Võ Thị Mai", "thôn Tây", "Hỏi khi nào cấp sổ đỏ cho các hộ?"),
        (30, "Ông Đỗ Văn Ba", "thôn Bắc", "Xe quá tải làm hỏng đường."),
        (34, None, "thôn Nam", "Đề nghị lắp đèn đường."),  # "Nhiều cử tri": no one named
    ]


def test_word_minutes_tagged(runner, mini_path, tmp_path):
    doc = voter_meeting(tmp_path / "cu-tri.docx")
    result = runner.invoke(app, ["tag", str(doc), "-t", str(mini_path)])
    assert [r["text"] for r in records(result)] == [
        "Đề nghị sửa cầu tràn thôn Đông.", "Đề nghị lắp camera ở chợ.", "Hỏi khi nào cấp sổ đỏ cho các hộ?",
        "Xe quá tải làm hỏng đường.", "Đề nghị lắp đèn đường.",
    ]
    assert result.stderr == ""  # tag writes records; tally and report say what was left out


def test_hard_wrapped_crlf_text_joins_lines_back(runner, mini_path):
    result = runner.invoke(app, ["tag", str(MINUTES / "hop-to-4-crlf.txt"), "-t", str(mini_path)])
    assert said(records(result)) == [
        (21, "Bà Phạm Thị Lụa (hộ số 12)", None,
         "Đề nghị lắp đèn chiếu sáng ngõ 3, buổi tối rất\ntối, tuần trước đã có người bị giật túi xách ở đầu ngõ."),
        (23, "Ông Đỗ Văn Hải", None,
         "Tình trạng chó thả rông không rọ mõm trong ngõ 5 vẫn còn,\ntrẻ em đi học rất sợ; đề nghị tổ nhắc nhở các hộ nuôi chó."),
        (25, None, None,
         "Nhiều hộ dân phản ánh xe tải chở vật liệu xây dựng chạy nhanh qua đường\nnội bộ vào giờ tan học."),
        (27, "Ông Vũ Quang Hưng (tổ trưởng tổ tự quản)", None,
         "Đề nghị Công an phường hỗ trợ\ntập huấn cho tổ tự quản về cách xử lý khi phát hiện đối tượng khả nghi."),
    ]


def test_structure_none_reads_line_by_line(runner, mini_path):
    path = MINUTES / "hop-to-4-crlf.txt"
    result = runner.invoke(app, ["tag", str(path), "-t", str(mini_path), "--structure", "none"])
    lines = [n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.strip()]
    assert [r["line"] for r in records(result)] == lines
    assert result.stderr == ""


def test_reception_day_fields_sub_points_and_a_summary(runner, mini_path):
    result = runner.invoke(app, ["tag", str(MINUTES / "tiep-cong-dan.txt"), "-t", str(mini_path)])
    assert said(records(result)) == [
        (13, "Ông Trần Văn Khải", "thôn Đông, xã Hòa Phong",
         "Đề nghị giải quyết tranh chấp ranh giới đất với hộ liền kề."),
        (18, "Bà Ngô Thị Hoa", "thôn Tây", "Phản ánh cơ sở xay xát gây tiếng ồn ban đêm."),
        (19, "Bà Ngô Thị Hoa", "thôn Tây", "Đề nghị kiểm tra việc đổ trấu ra mương."),
        (22, None, None, "đường thôn Đông xuống cấp"),
        (22, None, None, "thiếu nước sạch mùa khô"),
    ]


def test_all_blocks_gives_every_block_with_its_role(runner, mini_path):
    result = runner.invoke(app, ["tag", str(MINUTES / "tiep-cong-dan.txt"), "-t", str(mini_path), "--all-blocks"])
    recs = records(result)
    assert [(r["line"], r["role"]) for r in recs] == [
        (1, "header"), (2, "header"), (4, "header"), (6, "meta"), (7, "meta"), (8, "meta"), (10, "heading"),
        (11, "meta"), (12, "meta"), (13, "remark"), (14, "reply"), (15, "meta"), (16, "meta"), (17, "meta"),
        (18, "remark"), (19, "remark"), (20, "reply"), (21, "heading"), (22, "remark"), (22, "remark"),
        (23, "heading"), (24, "narrative"), (25, "closing"),
    ]
    assert all(r["topics"] == [] and r["kinds"] == [] for r in recs if r["role"] != "remark")
    assert recs[10]["fields"] == {"why": "an answer ('Ý kiến của Chủ tịch UBND xã:')"}


def test_tally_says_what_was_left_out(runner, mini_path):
    result = runner.invoke(app, ["tally", str(MINUTES / "tiep-cong-dan.txt"), "-t", str(mini_path), "-f", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "total,Tổng số ý kiến,5,1.0"
    assert result.stderr == (
        "left out: 18 of 22 blocks of minutes are not remarks (meta 8, header 3, heading 3, reply 2, "
        "narrative 1, closing 1); 'forumcli outline FILE' shows each block with its role\n"
    )


OUTLINE_DOC = """BIÊN BẢN HỌP TỔ DÂN PHỐ
Thời gian: 19 giờ.
Ý kiến của nhân dân:
- Bà Lê Thị Hoa (TDP 2): Đề nghị sửa đèn.
- Đ/c Công an phường giải đáp: sẽ sửa.
Cuộc họp kết thúc lúc 21 giờ.
"""


def test_outline_shows_each_block_with_its_role_and_why(runner):
    result = runner.invoke(app, ["outline", "-"], input=OUTLINE_DOC)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "<stdin>\n"
        "     1  header      BIÊN BẢN HỌP TỔ DÂN PHỐ  [before the particulars of the meeting (motto, number, date, title)]\n"
        "     2  meta        Thời gian: 19 giờ.  [particulars of the meeting (time, place, attendance, chair)]\n"
        "     3  heading     Ý kiến của nhân dân:  [section title (citizens' opinions)]\n"
        "     4  remark      Đề nghị sửa đèn. (Bà Lê Thị Hoa, TDP 2)  [a citizen's remark]\n"
        "     5  reply       - Đ/c Công an phường giải đáp: sẽ sửa.  [an official speaks (Đ/c, a rank, or a name with a post)]\n"
        "     6  closing     Cuộc họp kết thúc lúc 21 giờ.  [the closing line (time the meeting ended, the minutes approved)]\n"
    )


# ------------------------------------------------------------------ plain lists are read as before


def _tag(runner, mini_path, args, **kw):
    result = runner.invoke(app, ["tag", *args, "-t", str(mini_path)], **kw)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_plain_inputs_are_read_as_before(runner, mini_path, tmp_path):
    csv = tmp_path / "y-kien.csv"
    csv.write_text("text,speaker\nĐề nghị sửa đường,Ông A\nBIÊN BẢN,\n", encoding="utf-8")
    jsonl = tmp_path / "y-kien.jsonl"
    jsonl.write_text('{"text": "Thời gian: họp lúc nào?"}\n{"text": "I. AN NINH"}\n', encoding="utf-8")
    for path in (FIXTURES / "notes.txt", csv, jsonl):
        assert _tag(runner, mini_path, [str(path)]) == _tag(runner, mini_path, [str(path), "--structure", "none"])
    text = (FIXTURES / "notes.txt").read_text(encoding="utf-8")
    assert _tag(runner, mini_path, ["-"], input=text) == _tag(runner, mini_path, ["-", "--structure", "none"], input=text)


# what this list gave before minutes were read by their structure (one record per line)
PLAIN_LIST_JSONL = (
    '{"source": "<stdin>", "line": 1, "speaker": "Ông Nguyễn Văn An", "place": "TDP 5", "text": "đề nghị sửa đèn đường", "topics": [], "kinds": ["proposal"], "matches": [{"id": "proposal", "term": "đề nghị", "start": 0, "end": 7}]}\n'
    '{"source": "<stdin>", "line": 2, "text": "Kiến nghị xử lý lô đề", "topics": ["drugs_gambling"], "kinds": [], "matches": [{"id": "drugs_gambling", "term": "lô đề", "start": 16, "end": 21}]}\n'
    '{"source": "<stdin>", "line": 3, "text": "Ý kiến cử tri", "topics": [], "kinds": [], "matches": []}\n'
)


def test_a_numbered_plain_list_on_stdin_stays_one_remark_per_line(runner, mini_path):
    lines = "Ông Nguyễn Văn An (TDP 5): đề nghị sửa đèn đường\n1. Kiến nghị xử lý lô đề\n2. Ý kiến cử tri\n"
    out = _tag(runner, mini_path, ["-"], input=lines)
    assert out == PLAIN_LIST_JSONL


_PLAIN = st.text(alphabet=st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãèéẹẻẽ ,.;:-+1234567890()ABCĐNT\n"),
                 max_size=400)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_PLAIN)
def test_text_without_minutes_structure_reads_as_before(text):
    data = text.encode("utf-8")

    def read(structure):
        return list(read_stream(io.BytesIO(data), "x.txt", structure=structure))

    assert read("auto") == read("none")


# ------------------------------------------------------------------ every block accounted for once

_BLOCKS = st.sampled_from([
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BIÊN BẢN", "Số: 12/BB", "Thời gian: 8 giờ.", "Chủ trì: Ông A.",
    "Thành phần tham dự:", "I. THÀNH PHẦN", "II. NỘI DUNG", "3. Ý kiến của Nhân dân:", "4. Giải đáp:",
    "a) Lĩnh vực an ninh:", "- Ông Trần Văn Bình (TDP 3): Đề nghị sửa đường.", "- Bà Lê Thị Cúc có 02 ý kiến:",
    "  + Đề nghị lắp camera.", "  + Hỏi về cấp sổ đỏ?", "- Đ/c Trưởng Công an xã: sẽ kiểm tra.",
    "- Nhiều cử tri phản ánh đường ngập.", "Các ý kiến xoay quanh các vấn đề: điện; nước; đường.",
    "5. Kết luận: Đ/c Chủ tịch kết luận.", "Hội nghị kết thúc vào lúc 11 giờ.", "THƯ KÝ", "(đã ký)",
    "Hội nghị ghi nhận 5 ý kiến như sau:", "- Công dân: Ông Hồ Văn Dũng", "- Địa chỉ: thôn Đông.",
    "- Nội dung trình bày: Xin cấp lại giấy tờ.", "Đường liên thôn xuống cấp nghiêm trọng", "",
])


@settings(max_examples=80, deadline=None)
@given(st.lists(_BLOCKS, min_size=1, max_size=30))
def test_every_block_of_a_document_is_accounted_for_once(blocks):
    text = "\n".join(blocks) + "\n"
    units = text_units(enumerate(text.split("\n"), 1))
    parts = classify(units)
    if parts is None:
        return
    assert [p.unit for p in parts] == units
    assert all((p.role == "remark") == bool(p.remarks) for p in parts)
    stats = ReadStats()
    remarks = list(read_stream(io.BytesIO(text.encode("utf-8")), "bb.txt", stats=stats))
    assert stats.blocks == len(units)
    assert sum(1 for p in parts if p.role == "remark") + sum(stats.left_out.values()) == stats.blocks
    assert len(remarks) + stats.skipped == sum(len(p.remarks) for p in parts)


@settings(max_examples=8, deadline=None)
@given(st.lists(st.tuples(_BLOCKS, st.sampled_from(["Normal", "Heading 1", "Heading 2", "List Paragraph"])),
                min_size=1, max_size=12))
def test_every_block_of_a_word_document_is_accounted_for_once(tmp_path_factory, blocks):
    import docx

    d = docx.Document()
    d.add_paragraph("BIÊN BẢN")
    for text, style in blocks:
        d.add_paragraph(text, style=style)
    path = tmp_path_factory.mktemp("w") / "bb.docx"
    d.save(path)
    with Path(path).open("rb") as fh:
        units = list(docx_units(fh, str(path)))
    parts = classify(units)
    assert parts is not None
    assert [p.unit for p in parts] == units
    assert len(units) == 1 + sum(1 for text, _ in blocks if text.strip())


NO_OPINIONS_TITLE = """BIÊN BẢN HỘI NGHỊ
I. THÀNH PHẦN
Đại diện Công an xã và 60 hộ dân.
II. DIỄN BIẾN HỘI NGHỊ
Tình hình trộm cắp giảm so với cùng kỳ.
- Ông Hà Văn Lực (xóm 2): Đề nghị lắp camera ở ngã ba xóm 2.
III. KẾT LUẬN
Đồng chí Chủ tịch xã kết luận hội nghị.
"""


def test_sections_without_one_for_opinions_keep_the_remarks_someone_made():
    units = text_units(enumerate(NO_OPINIONS_TITLE.split("\n"), 1))
    parts = classify(units)
    assert [(p.unit.line, p.role) for p in parts] == [
        (1, "header"), (2, "heading"), (3, "meta"), (4, "heading"), (5, "narrative"), (6, "remark"),
        (7, "heading"), (8, "conclusion"),
    ]
    assert parts[5].remarks[0].speaker == "Ông Hà Văn Lực" and parts[5].remarks[0].place == "xóm 2"


NUMBERED_REMARKS = """BIÊN BẢN HỌP TỔ DÂN PHỐ SỐ 3
1. Thời gian: 19 giờ ngày 5/5/2024.
2. Nội dung: Tổ trưởng thông báo tình hình an ninh trật tự.
3. Ý kiến của các hộ dân:
1. Ông Đinh Văn Tú: Đề nghị sửa đèn đường ngõ 4.
2. Đề nghị tổ chức dọn vệ sinh ngõ xóm hàng tháng.
4. Ông Lý Văn Tài: Hỏi về lịch thu gom rác?
4. Đồng chí Cảnh sát khu vực tiếp thu, giải đáp các ý kiến.
5. Kết luận: Thống nhất tuần tra ban đêm.
"""


def test_remarks_numbered_like_the_agenda_stay_remarks():
    parts = classify(text_units(enumerate(NUMBERED_REMARKS.split("\n"), 1)))
    assert [(p.unit.line, p.role) for p in parts] == [
        (1, "header"), (2, "meta"), (3, "narrative"), (4, "heading"), (5, "remark"), (6, "remark"),
        (7, "remark"), (8, "reply"), (9, "conclusion"),
    ]
    assert [s.text for p in parts for s in p.remarks] == [
        "Đề nghị sửa đèn đường ngõ 4.", "Đề nghị tổ chức dọn vệ sinh ngõ xóm hàng tháng.", "Hỏi về lịch thu gom rác?",
    ]


HANGING = """BIÊN BẢN HỌP TỔ DÂN PHỐ SỐ 8
Ý kiến của nhân dân:
- Ông Lê Văn Một (tổ 2): Đề nghị sửa đường ngõ 4, mặt đường đã hỏng nặng.
    Mưa xuống là ngập, trẻ em đi học phải lội nước, rất nguy hiểm cho các
    cháu và người già.
- Bà Ngô Thị Hai (tổ 3): Đề nghị tăng cường tuần tra ban đêm tại ngõ 6,
    gần đây có nhiều người lạ ra vào khu trọ.
"""


def test_a_hanging_indent_continues_its_point_even_after_a_full_stop():
    parts = classify(text_units(enumerate(HANGING.split("\n"), 1)))
    assert [(s.speaker, s.text) for p in parts for s in p.remarks] == [
        ("Ông Lê Văn Một", ("Đề nghị sửa đường ngõ 4, mặt đường đã hỏng nặng.\nMưa xuống là ngập, trẻ em đi học phải "
         "lội nước, rất nguy hiểm cho các\ncháu và người già.")),
        ("Bà Ngô Thị Hai", "Đề nghị tăng cường tuần tra ban đêm tại ngõ 6,\ngần đây có nhiều người lạ ra vào khu trọ."),
    ]
