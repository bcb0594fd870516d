"""Every label forumcli writes for a person, in Vietnamese and English, in one place:
the names of "no topic" and the other rows a tally adds, the workbook's headers, the report's text."""

from __future__ import annotations

NONE_LABELS = {
    "vi": {"topic": "Không thuộc chủ đề nào", "kind": "Không rõ loại ý kiến", "total": "Tổng số ý kiến"},
    "en": {"topic": "No topic", "kind": "No kind", "total": "Total remarks"},
}
UNKNOWN_SPEAKER = {"vi": "(không rõ)", "en": "(unknown)"}

XLSX_TALLY_HEADERS = {
    "vi": ["Mục", "Mã", "Nhãn", "Số ý kiến", "Tỉ lệ"],
    "en": ["Section", "Id", "Label", "Count", "Share"],
}
XLSX_SECTIONS = {
    "vi": {"topic": "Chủ đề", "kind": "Loại ý kiến", "total": "Tổng"},
    "en": {"topic": "Topic", "kind": "Kind", "total": "Total"},
}
XLSX_GROUP = {
    "vi": {"file": "Tệp", "speaker": "Người phát biểu", "kind": "Loại ý kiến", "topic": "Chủ đề"},
    "en": {"file": "File", "speaker": "Speaker", "kind": "Kind", "topic": "Topic"},
}
XLSX_TAIL = {lang: [labels["total"], labels["topic"]] for lang, labels in NONE_LABELS.items()}
XLSX_LONG = {"vi": ["Chủ đề", "Số ý kiến"], "en": ["Topic", "Count"]}


REPORT = {
    "vi": {
        "title": "Báo cáo tổng hợp ý kiến",
        "date": "Ngày lập",
        "remarks": "Số ý kiến",
        "speakers": "Số người phát biểu",
        "not_recorded": "chưa ghi nhận",
        "files": "Nguồn",
        "by_topic": "Ý kiến theo chủ đề",
        "by_kind": "Ý kiến theo loại",
        "topic": "Chủ đề",
        "kind": "Loại ý kiến",
        "count": "Số ý kiến",
        "share": "Tỉ lệ",
        "no_topic": NONE_LABELS["vi"]["topic"],
        "no_kind": NONE_LABELS["vi"]["kind"],
        "none_on": "Không có ý kiến về",
        "speaker": "Người phát biểu",
        "unknown": "không rõ",
        "untagged": "Ý kiến không thuộc chủ đề nào",
        "note": "Một ý kiến nêu nhiều chủ đề được tính ở mỗi chủ đề.",
        "made_by": "Lập bằng forumcli",
        "more": "và {n} ý kiến khác (không liệt kê)",
    },
    "en": {
        "title": "Summary of remarks",
        "date": "Date",
        "remarks": "Remarks",
        "speakers": "Speakers",
        "not_recorded": "not recorded",
        "files": "Sources",
        "by_topic": "Remarks by topic",
        "by_kind": "Remarks by kind",
        "topic": "Topic",
        "kind": "Kind",
        "count": "Remarks",
        "share": "Share",
        "no_topic": NONE_LABELS["en"]["topic"],
        "no_kind": NONE_LABELS["en"]["kind"],
        "none_on": "No remarks on",
        "speaker": "Speaker",
        "unknown": "unknown",
        "untagged": "Remarks on no topic",
        "note": "A remark on several topics counts under each.",
        "made_by": "Made with forumcli",
        "more": "and {n} more (not listed)",
    },
}
