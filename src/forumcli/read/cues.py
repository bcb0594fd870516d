"""What the parts of a "Biên bản" look like: the words of its section titles, labels and
signatures, written without diacritics and matched against folded, lower-case text.

Data, not rules: ``structure`` decides what to do with a block; this module only says
which kind of line a text looks like.
"""

from __future__ import annotations

import re

from forumcli.text.normalize import fold

# Section titles, by what the section holds. The first list that matches wins, so answers
# ("Tiếp thu, giải đáp ý kiến") come before opinions ("Ý kiến của Nhân dân").
SECTIONS = (
    ("reply", ("giai dap", "tiep thu", "giai trinh", "tra loi", "tiep nhan va tra loi")),
    ("conclusion", ("ket luan",)),
    ("closing", ("ket thuc", "be mac")),
    ("meta", ("thanh phan", "thoi gian", "dia diem", "chu tri", "thu ky", "can cu", "nguoi tham du",
              "dai bieu tham du", "khach moi")),
    ("opinions", ("y kien", "kien nghi", "phan anh", "thao luan", "phat bieu", "tiep cong dan",
                  "cong dan trinh bay", "noi dung trinh bay", "cac van de")),
)
# A section about earlier petitions and their results is a report, not new opinions.
REPORTED = ("ket qua giai quyet", "ky truoc", "ky tiep xuc truoc", "da duoc giai quyet", "tra loi kien nghi")

# Lines of the header: motto, issuing body, number, date, the title.
_MOTTO = re.compile(r"cong hoa xa hoi chu nghia|doc lap\s*-\s*tu do|^so\s*:|^\s*[-–—_=*.]{3,}\s*$")
_DATE = re.compile(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}")
_TITLE = re.compile(r"^bien ban\b")
# Labels of the meeting's particulars.
_META = re.compile(
    r"^(?:thoi gian|dia diem|thanh phan|chu tri|chu toa|thu ky|nguoi ghi bien ban|can cu|noi nhan"
    r"|hom nay|vao luc|vao hoi|co mat|vang mat|khach moi|dai bieu tham du|so nguoi tham du"
    r"|to chuc tai|nguoi chu tri)\b"
)
_META_ANYWHERE = re.compile(r"\bvao luc \d|\btai hoi truong\b|\btham du\b")
_CLOSING = re.compile(
    r"(?:ket thuc|be mac)\s+(?:vao\s+)?(?:luc|hoi)\b|bien ban (?:duoc|da duoc|nay duoc|lap xong|ket thuc)"
    r"|duoc lap thanh \d+ ban|doc lai cho|thong qua (?:bien ban|truoc)"
)
_SIGNATURE = re.compile(
    r"^(?:thu ky|chu tri|chu toa|chu tich|nguoi ghi bien ban|nguoi lap bien ban|tm\.|t/m|kt\.|dai dien"
    r"|xac nhan|(?:\()?da ky|\(ky,? ghi ro ho ten\)|ky ten)"
)
# Officials: "Đ/c", "Đồng chí", ranks of the police and the army.
_OFFICIAL = re.compile(
    r"^(?:d/c|dc\.|dong chi|(?:thieu|trung|thuong|dai)\s+(?:uy|ta|tuong))\b"
)
# "Ông A - Chủ tịch UBND phường:": a post after the name. Posts of a village or a residential
# group (trưởng thôn, tổ trưởng, bí thư chi bộ) are the people's own: they are not officials.
_ROLE_AFTER_NAME = re.compile(
    r"^[^:]{2,60}?\s[-–]\s*(?:pho\s+|nguyen\s+)?(?:chu tich|bi thu (?!chi bo)"
    r"|truong (?!thon|khu|xom|ap|ban|to|khoi|cum|bon|lang)|giam doc|can bo|cong chuc|dai bieu|doi truong"
    r"|chi huy|lanh dao|thu truong|uy vien|thuong truc|chanh|canh sat|cong an)"
)
# "Đồng chí Trưởng Công an phường tiếp thu, giải đáp: …": an answer announced before its colon.
_REPLY_VERB = re.compile(r"^[^:]{0,80}\b(?:tiep thu|giai dap|giai trinh|tra loi)\b[^:]{0,40}:")
# Fields of a citizen's block at a reception day.
FIELDS = (
    ("reply", ("y kien cua chu tich", "y kien cua lanh dao", "y kien cua nguoi chu tri", "y kien giai quyet",
               "huong giai quyet", "ket qua giai quyet", "tra loi", "y kien tra loi", "y kien chi dao",
               "ket luan", "y kien cua")),
    ("text", ("noi dung trinh bay", "noi dung kien nghi", "noi dung phan anh", "noi dung y kien",
              "noi dung", "y kien trinh bay", "kien nghi", "phan anh", "de nghi")),
    ("place", ("dia chi", "noi o", "noi cu tru", "thuong tru", "dia chi thuong tru", "tru tai", "que quan")),
    ("speaker", ("cong dan", "nguoi trinh bay", "ho va ten", "ho ten", "nguoi phat bieu", "cu tri",
                 "nguoi kien nghi", "dai dien")),
)
# Table header cells, by the column they name.
COLUMNS = (
    ("number", ("stt", "tt", "so tt", "so thu tu")),
    ("reply", ("tra loi", "giai quyet", "ket qua", "tiep thu", "y kien giai dap", "huong giai quyet",
               "co quan giai quyet", "tham quyen")),
    ("text", ("noi dung", "y kien", "kien nghi", "phan anh", "noi dung y kien", "noi dung kien nghi")),
    ("place", ("dia chi", "noi o", "to dan pho", "thon", "khu pho", "khoi", "xom", "to", "noi cu tru")),
    ("speaker", ("ho ten", "ho va ten", "nguoi phat bieu", "cu tri", "cong dan", "nguoi trinh bay",
                 "nguoi kien nghi", "ten", "dai bieu", "nguoi neu y kien")),
    ("note", ("ghi chu",)),
)
# A speaker cell that names no one: "Nhiều cử tri", "Một số hộ dân".
_NOBODY = re.compile(r"^(?:nhieu|mot so|cac|dai dien|toan the|tap the)\b")
_COUNTED = re.compile(r"\b\d+\s+(?:y kien|luot|kien nghi|noi dung)\b")
# a point that proposes or complains is a remark even when it is short and numbered
_ASKS = re.compile(r"^(?:kien nghi|de nghi|phan anh|de xuat|hoi|to cao|khieu nai|to giac)\b(?!\s+cua)")
_SUMMARY = re.compile(r"(?:van de|noi dung|linh vuc|y kien|kien nghi)[^:]{0,40}:\s*\S")
_ROMAN = re.compile(r"^([IVXLC]{1,6})[.)]\s+")
_ARABIC = re.compile(r"^(\d{1,2})(?:\.\d{1,2})*[.)]\s*(?!\d)")
_LETTER = re.compile(r"^([a-zđ])[.)]\s+")
_DASH = re.compile(r"^(?:=>|[-–—•*·●○◦▪■►➢>→⇒])+\s*")
_PLUS = re.compile(r"^\++\s*")
_HASHES = re.compile(r"^(#{1,6})\s+")


def key(text: str) -> str:
    """Folded, lower case, squeezed spaces."""
    return " ".join(fold(text).lower().split())


def marker(text: str) -> tuple[str, str]:
    """(kind, the rest): kind is "roman", "arabic", "letter", "dash", "plus", "#" (Markdown
    heading, by level: "#", "##") or "" for none."""
    for kind, rx in (("roman", _ROMAN), ("arabic", _ARABIC), ("letter", _LETTER), ("plus", _PLUS),
                     ("dash", _DASH)):
        m = rx.match(text)
        if m:
            return kind, text[m.end():].lstrip()
    m = _HASHES.match(text)
    if m:
        return m.group(1), text[m.end():].lstrip()
    return "", text


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def ordinal(text: str) -> int:
    """The number a line is numbered with: "3." -> 3, "IV." -> 4, "c)" -> 3; 0 when none."""
    text = text.lstrip()
    if m := _ARABIC.match(text):
        return int(m.group(1))
    if m := _ROMAN.match(text):
        values = [_ROMAN_VALUES[c] for c in m.group(1)]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    if m := _LETTER.match(text):
        return "abcdđeghiklmnopqrstuvxy".find(m.group(1)) + 1
    return 0


def section_of(title: str) -> str | None:
    """The kind of section a title opens, or None when it does not say."""
    k = key(title)
    if any(w in k for w in REPORTED) and "y kien" not in k.split(":")[0][:12]:
        return "narrative"
    for kind, words in SECTIONS:
        if any(re.search(rf"\b{w}\b", k) for w in words):
            return kind
    return None


def is_header_line(text: str) -> bool:
    k = key(text)
    return bool(_MOTTO.search(k) or _TITLE.match(k) or (_DATE.search(k) and len(k) < 80))


def is_title(text: str) -> bool:
    return bool(_TITLE.match(key(text)))


def is_meta(text: str) -> bool:
    k = key(text)
    return bool(_META.match(k)) or (len(k) < 400 and bool(_META_ANYWHERE.search(k)) and "y kien" not in k[:40])


def is_closing(text: str) -> bool:
    return bool(_CLOSING.search(key(text)))


def is_signature(text: str) -> bool:
    k = key(text)
    return bool(_SIGNATURE.match(k)) or k in ("(da ky)", "da ky")


def is_official(text: str) -> bool:
    """ "Đ/c …", "Đồng chí …", "Thiếu tá …", "Ông X - Chủ tịch UBND phường: …", "… tiếp thu, giải đáp". """
    k = key(text)
    return bool(_OFFICIAL.match(k) or _ROLE_AFTER_NAME.match(k) or _REPLY_VERB.match(k[:120]))


def asks(text: str) -> bool:
    """ "Kiến nghị sửa đường", "Đề nghị …": a point that asks, not a title."""
    return bool(_ASKS.match(key(text)))


def is_nobody(name: str) -> bool:
    return bool(_NOBODY.match(key(name)))


def counts_opinions(text: str) -> bool:
    """ "Hội nghị đã ghi nhận 17 ý kiến …": a sentence about the remarks, not one."""
    return bool(_COUNTED.search(key(text)))


def is_summary(text: str) -> bool:
    return bool(_SUMMARY.search(key(text)))


def field_of(label: str) -> str | None:
    """Which field a label ("Địa chỉ", "Nội dung trình bày") names."""
    k = key(label)
    for kind, words in FIELDS:
        if any(k == w or (kind != "speaker" and k.startswith(w + " ")) for w in words):
            return kind
    return None


def column_of(cell: str) -> str | None:
    """Which column a table header cell names."""
    k = key(cell).strip(" .:")
    if not k or len(k) > 40:
        return None
    for kind, words in COLUMNS:
        if any(k == w or k.startswith((w + " ", w + ",")) for w in words):
            return kind
    return None
