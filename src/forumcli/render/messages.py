"""What forumcli says to a person (progress, summaries, warnings, errors), in English or in
Vietnamese. Machine output (records, JSON keys, ids, default CSV headers) never goes
through here: it stays the same in every language.

The language is ``--lang`` when a command is given it, else ``FORUMCLI_LANG``, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starting with "vi"), else English.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

LANGS = ("en", "vi")

# message id -> {language: template}; the English text is the one forumcli always printed
CATALOGUE: dict[str, dict[str, str]] = {
    "error": {"en": "Error: {message}", "vi": "Lỗi: {message}"},
    "skipped": {"en": "skipped: {note}", "vi": "bỏ qua: {note}"},
    "skipped_empty": {
        "en": "skipped: {n} empty remark{s} (only a bullet or number)",
        "vi": "bỏ qua: {n} ý kiến trống (chỉ có gạch đầu dòng hoặc số)",
    },
    "left_out": {
        "en": "left out: {n} of {blocks} blocks of minutes are not remarks ({roles}); "
        "'forumcli outline FILE' shows each block with its role",
        "vi": "không tính: {n} trong {blocks} khối của biên bản không phải ý kiến ({roles}); "
        "'forumcli outline TỆP' cho xem vai trò của từng khối",
    },
    "failed": {
        "en": "failed: {n} input{s} could not be read; the output leaves {them} out.",
        "vi": "thất bại: {n} tệp đầu vào không đọc được; kết quả không có {them}.",
    },
    "taxonomy_problems": {
        "en": "Error: the taxonomy has {n} problem{s}; nothing was tagged.",
        "vi": "Lỗi: danh mục chủ đề có {n} lỗi; chưa gán nhãn ý kiến nào.",
    },
    "interrupted": {"en": "Interrupted.", "vi": "Đã dừng."},
    "no_input": {
        "en": "Error: no input. Give meeting-notes files or folders, or pipe text in (use '-' for stdin).",
        "vi": "Lỗi: chưa có đầu vào. Hãy chỉ ra tệp hoặc thư mục biên bản, hoặc chuyển văn bản vào "
        "qua stdin (dùng '-').",
    },
    "long_needs_by": {
        "en": "Error: --long needs --by (file, speaker, kind or topic).",
        "vi": "Lỗi: --long cần có --by (file, speaker, kind hoặc topic).",
    },
    "excel_csv_only": {
        "en": "Error: --excel applies to CSV and TSV only.",
        "vi": "Lỗi: --excel chỉ dùng cho CSV và TSV.",
    },
    "unknown_extension": {
        "en": "Error: {output}: cannot tell the output format from {what} (known: {known}); give --format.",
        "vi": "Lỗi: {output}: không biết ghi định dạng nào cho {what} (các đuôi được hỗ trợ: {known}); "
        "hãy dùng --format.",
    },
    "xlsx_needs_output": {
        "en": "Error: a workbook is written to a file: give -o FILE.xlsx.",
        "vi": "Lỗi: bảng tính Excel phải ghi ra tệp: hãy dùng -o TỆP.xlsx.",
    },
    "bad_date": {
        "en": "'{value}' is not a date like 15/3/2024 or 2024-03-15",
        "vi": "'{value}' không phải ngày dạng 15/3/2024 hoặc 2024-03-15",
    },
    "bad_encoding": {
        "en": "unknown encoding '{value}' (e.g. utf-8, utf-16, cp1258)",
        "vi": "không biết bảng mã '{value}' (ví dụ utf-8, utf-16, cp1258)",
    },
    "no_extension": {"en": "no extension", "vi": "tệp không có đuôi"},
    "wrote_report": {
        "en": "Wrote {output}: {remarks} remarks, {topics} topics.",
        "vi": "Đã ghi {output}: {remarks} ý kiến, {topics} chủ đề.",
    },
    "kwic_count": {
        "en": "{n} occurrence{s} of '{term}' in {remarks} remarks",
        "vi": "{n} lần gặp '{term}' trong {remarks} ý kiến",
    },
    "unknown_topic": {
        "en": "Error: unknown topic '{topic}'; topics: {ids}",
        "vi": "Lỗi: không có chủ đề '{topic}'; các chủ đề: {ids}",
    },
    "file_exists": {
        "en": "Error: {path} exists; use --force to overwrite it.",
        "vi": "Lỗi: {path} đã có; dùng --force để ghi đè.",
    },
    "wrote_taxonomy": {
        "en": "Wrote {path}. Use it with --taxonomy {path} or {env}={path}.",
        "vi": "Đã ghi {path}. Dùng tệp này với --taxonomy {path} hoặc {env}={path}.",
    },
    "terminated": {"en": "Terminated.", "vi": "Đã bị dừng (SIGTERM)."},
    "jobs_capped": {
        "en": "note: --jobs {jobs} is more than twice the cores of this machine; using {cap}.",
        "vi": "lưu ý: --jobs {jobs} nhiều hơn hai lần số lõi của máy này; dùng {cap}.",
    },
    "not_unicode": {
        "en": "Error: cannot write text that is not valid Unicode ({reason}: {text})",
        "vi": "Lỗi: không ghi được văn bản không phải Unicode hợp lệ ({reason}: {text})",
    },
    "progress_tagging": {"en": "tagging", "vi": "đang gán nhãn"},
    "progress_remarks": {"en": "remarks", "vi": "ý kiến"},
}

# What the reading core says, in Vietnamese: (pattern of the English text, Vietnamese)
_CORE_VI: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), vi)
    for p, vi in [
        (r"^no such file$", "không có tệp này"),
        (r"^no such file \(it was moved or deleted during the run\)$", "không có tệp này (tệp bị chuyển hoặc xóa khi đang chạy)"),
        (r"^is a directory$", "là một thư mục"),
        (r"^(\d+) forumcli outputs?: (.*)$", r"\1 tệp do forumcli ghi: \2"),
        (r"^sheet not read: (.*)$", r"không đọc trang tính này: \1"),
        (r"^no column '(.*)' \(columns: (.*)\); use --column$", r"không có cột '\1' (các cột: \2); dùng --column"),
        (r"^not valid (\S+) \(byte (0x..) at column (\d+)\); try --encoding cp1258$",
         r"không phải \1 hợp lệ (byte \2 ở cột \3); thử --encoding cp1258"),
        (r"^contains NUL bytes: not a text file$", "có byte NUL: không phải tệp văn bản"),
        (r"^unsupported file type '(.*)' \(supported: (.*)\)$", r"không hỗ trợ loại tệp '\1' (hỗ trợ: \2)"),
        (r"^a zip file that is neither a Word nor an Excel file; give --input-format docx or xlsx$",
         "tệp zip không phải Word hay Excel; hãy dùng --input-format docx hoặc xlsx"),
        (r"^an old binary Word or Excel file \(\.doc, \.xls\): save it as \.docx or \.xlsx$",
         "tệp Word/Excel cũ (.doc, .xls): hãy lưu lại thành .docx hoặc .xlsx"),
        (r"^cannot write: (.*)$", r"không ghi được: \1"),
        (r"^is a directory; give a file name$", "là một thư mục; hãy cho tên tệp"),
        (r"^is a named pipe, not a file; to write to a pipe, leave out -o and redirect stdout$",
         "là một đường ống (pipe), không phải tệp; để ghi vào pipe, bỏ -o và chuyển hướng stdout"),
        (r"^is a device, not a file; to write to a device, leave out -o and redirect stdout$",
         "là một thiết bị, không phải tệp; để ghi vào thiết bị, bỏ -o và chuyển hướng stdout"),
        (r"^is a socket, not a file$", "là một socket, không phải tệp"),
        (r"^is not a regular file$", "không phải tệp thông thường"),
        (r"^is read-only; forumcli does not replace a protected file \(make it writable first\)$",
         "chỉ đọc; forumcli không ghi đè tệp được bảo vệ (hãy cho phép ghi trước)"),
        (r"^is also an input(.*); write the output to another file$",
         r"cũng là một tệp đầu vào\1; hãy ghi kết quả ra tệp khác"),
    ]
]
_LOCATED = re.compile(r"^(?P<where>.*?:(?:\d+:)?) (?P<message>.*)$")

_language = "en"


def choose(explicit: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The language of messages: ``explicit``, else FORUMCLI_LANG, else the locale, else en."""
    if explicit in LANGS:
        return explicit
    env = os.environ if env is None else env
    wanted = env.get("FORUMCLI_LANG", "").strip().lower()[:2]
    if wanted in LANGS:
        return wanted
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:  # the first one set decides, as for gettext
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in LANGS else "en"


def language() -> str:
    return _language


def say(message_id: str, /, **values: object) -> str:
    """The message in the current language, with ``values`` filled in. ``n`` also fills ``s``
    ("s" unless n is 1) and ``them`` ("them"/"it") for the English plural."""
    if "n" in values:
        n = values["n"]
        values.setdefault("s", "" if n == 1 else "s")
        values.setdefault("them", "it" if n == 1 else "them")
        if _language == "vi":
            values["them"] = "các tệp đó" if n != 1 else "tệp đó"
    return CATALOGUE[message_id][_language].format(**values)


def core_text(text: str) -> str:
    """A message from the reading core ("PATH:LINE: message"), in the current language: the
    known ones are translated, the place stays as it is, anything else stays English."""
    if _language == "en":
        return text
    for pattern, vi in _CORE_VI:
        if pattern.search(text):
            return pattern.sub(vi, text)
    located = _LOCATED.match(text)
    if located:
        for pattern, vi in _CORE_VI:
            if pattern.search(located["message"]):
                return f"{located['where']} {pattern.sub(vi, located['message'])}"
    return text
