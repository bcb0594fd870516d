"""The structure pass: give every block of a whole "Biên bản" a role, and find the remarks.

Roles: ``header`` (motto, issuing body, number, date, title), ``meta`` (time, place,
attendance, chair, secretary, "Căn cứ", "Nơi nhận", a citizen's name and address), ``heading``
(section titles, table header and topic rows), ``narrative`` (opening speech, reports),
``remark``, ``reply`` (answers by officials), ``conclusion``, ``closing`` and ``signature``.

What is used: Word heading styles and numbering levels, bold prefixes, Roman and Arabic
numbering of section titles, table header rows, speaker prefixes, and the order of a meeting
(header, particulars, agenda, opinions, answers, conclusion, closing, signatures). When a
document has a section of citizens' opinions, only its blocks can be remarks. When nothing of
a Biên bản is recognised, ``classify`` returns None and the reader reads line by line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from forumcli.read import cues
from forumcli.read.rows import table_parts
from forumcli.read.units import Part, Said, Unit
from forumcli.text.split import split_speaker

ROLES = ("header", "meta", "heading", "narrative", "remark", "reply", "conclusion", "closing", "signature")
_SECTION_ROLE = {"meta": "meta", "narrative": "narrative", "reply": "reply", "conclusion": "conclusion",
                 "closing": "closing", "opinions": "remark", None: "remark"}


class _Section(NamedTuple):
    kind: str | None  # "opinions", "reply", ... or None (not said)
    level: int  # 1 for the top level
    style: str  # how its title was numbered: "roman", "arabic", "style" (a Word heading), ...
    indent: int
    number: int = 0  # the number of its title ("3." -> 3, "II." -> 2, "c)" -> 3); 0 when none


def classify(units: Sequence[Unit], *, speakers: bool = True) -> list[Part] | None:
    """The role of every unit, in order; None when the units are not a Biên bản."""
    if not _recognised(units):
        return None
    parts: list[Part] = []
    n = _header_end(units)
    parts += [Part(u, "header", "before the particulars of the meeting (motto, number, date, title)") for u in units[:n]]
    has_opinions = any(_title_kind(u) == "opinions" for u in units[n:])
    stack: list[_Section] = []
    carrier: tuple[str | None, str | None, int] | None = None  # speaker, place, depth of sub-points
    ended = False  # after the closing line: signatures and "Nơi nhận"
    i = n
    while i < len(units):
        u = units[i]
        section = stack[-1].kind if stack else None
        if u.table:
            rows = [u]
            while i + 1 < len(units) and units[i + 1].table == u.table:
                i += 1
                rows.append(units[i])
            in_remarks = section == "opinions" or (not has_opinions and section is None)
            parts += table_parts(rows, section_role=_SECTION_ROLE.get(section, "narrative"),
                                 ended=ended, remarks=in_remarks, speakers=speakers)
            i += 1
            continue
        i += 1
        kind, body = cues.marker(u.text)
        title = _title(u, kind, body)
        if ended:
            role = "meta" if cues.key(u.text).startswith("noi nhan") or parts[-1].role == "meta" and kind else "signature"
            parts.append(Part(u, role, "after the closing line" if role == "signature" else "Nơi nhận list"))
            continue
        if title is not None:
            level, style = title
            while stack and (stack[-1].level >= level):
                stack.pop()
            own = _own_section(body)
            inherited = stack[-1].kind if stack else None
            stack.append(_Section(own or inherited or ("narrative" if has_opinions else None), level, style, u.indent,
                                  cues.ordinal(u.text)))
            carrier = None
            label, rest = _label(body)
            if label and rest and own in ("conclusion", "closing", "reply", "meta", "narrative"):
                parts.append(Part(u, own, f"section title with its text ('{label}:')"))
            else:
                parts.append(Part(u, "heading", f"section title ({_section_name(stack[-1].kind)})"))
            continue
        at = _sibling(u, kind, stack)
        if at is not None:  # "4. …" after a section opened by "3. …": the next point of the agenda
            level = stack[at].level
            del stack[at:]
            own = _own_section(body[:160]) or ("narrative" if has_opinions else None)
            stack.append(_Section(own, level, kind, u.indent, cues.ordinal(u.text)))
            carrier = None
            section = own
            if section != "opinions" and section is not None:
                parts.append(Part(u, _SECTION_ROLE[section], f"agenda point ({_section_name(section)})"))
                continue
        if cues.is_closing(u.text):
            parts.append(Part(u, "closing", "the closing line (time the meeting ended, the minutes approved)"))
            ended = True
            continue
        if cues.is_signature(u.text) and i > len(units) * 0.6:
            parts.append(Part(u, "signature", "a signature block"))
            ended = True
            continue
        if section in ("opinions", None) and (section == "opinions" or not has_opinions):
            part, carrier = _in_opinions(u, kind, body, carrier, parts, speakers)
            if section is None and stack and part.role == "remark" and not (
                    any(s.speaker for s in part.remarks) or _speaker(body)):
                # titled sections, none of them the citizens' opinions: a remark is one someone is named for
                part = Part(u, "narrative", "no speaker, in a section that is not the citizens' opinions")
            parts.append(part)
            continue
        if cues.is_meta(body):
            parts.append(Part(u, "meta", "particulars of the meeting (time, place, attendance, chair)"))
            continue
        role = _SECTION_ROLE.get(section, "narrative")
        if role == "remark":
            role = "narrative"
        parts.append(Part(u, role, f"in the section '{_section_name(section)}'"))
    return parts


def _recognised(units: Sequence[Unit]) -> bool:
    """A Biên bản: its title or motto, or at least two of: particulars ("Thời gian:", "Chủ trì:"),
    section titles numbered in Roman, set in a Word heading style or in capitals. Numbered points
    alone are not enough: a numbered list of remarks has them too."""
    if any(opens_minutes(u.text) for u in units[:40]):
        return True
    return sum(1 for u in units[:200] if is_sign(u)) >= 2


def opens_minutes(text: str) -> bool:
    """The title "BIÊN BẢN" or the national motto."""
    return cues.is_title(text) or "cong hoa xa hoi chu nghia" in cues.key(text)


def is_sign(u: Unit) -> bool:
    """A particular ("Thời gian:") or a section title not numbered in Arabic or by letter."""
    if cues.key(u.text).startswith(("thoi gian:", "dia diem:", "thanh phan", "chu tri:", "thu ky:")):
        return True
    kind, body = cues.marker(u.text)
    title = _title(u, kind, body)
    return title is not None and title[1] not in ("arabic", "letter") and cues.section_of(body) is not None


def _header_end(units: Sequence[Unit]) -> int:
    """How many units the header holds: the tables and lines before the particulars."""
    titled = False
    for i, u in enumerate(units):
        k = cues.key(u.text)
        if cues.is_meta(u.text) and not u.table and not cues.is_title(u.text):
            return i
        if u.table and not titled and i < 4:
            continue
        if cues.is_header_line(u.text):
            titled = titled or cues.is_title(u.text)
            continue
        if titled and _title_line(u, k):
            continue
        if not titled and i < 6 and len(k) < 80 and (u.text.isupper() or u.indent >= 8) and not cues.is_meta(u.text):
            continue  # the issuing body, above the title
        return i
    return len(units)


def _title_line(u: Unit, k: str) -> bool:
    """A line of the title, under "BIÊN BẢN": short, not a label, no list marker, no full stop."""
    kind, _ = cues.marker(u.text)
    if kind or cues.is_meta(u.text) or len(k) > 160 or u.text.rstrip().endswith((".", ":", ";")):
        return False
    return bool(u.bold) or u.text.isupper() or u.indent >= 4 or len(k.split()) <= 16 or u.text.startswith(("“", '"'))


def _title_kind(u: Unit) -> str | None:
    kind, body = cues.marker(u.text)
    if _title(u, kind, body) is None:
        return None
    return cues.section_of(body)


def _title(u: Unit, kind: str, body: str) -> tuple[int, str] | None:
    """(level, numbering) when the unit is a section title."""
    style = u.style.lower()
    if style.startswith(("heading", "title")):
        digits = re.findall(r"\d", style)
        return (int(digits[0]) if digits else 1), "style"
    if kind.startswith("#"):
        return len(kind), kind
    if u.list_level is not None or kind in ("dash", "plus"):
        return None
    words = body.split()
    label, rest = _label(body)
    if label and rest and cues.field_of(label) is not None:
        return None  # "1. Công dân: Ông A": a citizen's block, not a section
    short = 0 < len(words) <= 14 and not body.rstrip().endswith((".", ";"))
    if rest and cues.section_of(label) in ("conclusion", "closing") and kind in ("roman", "arabic"):
        return (1 if kind == "roman" else 2), kind  # "5. Kết luận: Đ/c … kết luận, …"
    titled = short and body.rstrip().endswith(":") and cues.section_of(body) is not None
    if titled and not kind and len(words) <= 8:
        return 9, "label"  # "Thành phần tham dự:", "Ý kiến cử tri:": a part of the section it is in
    if not short or split_speaker(body) or (cues.is_official(body) and not titled):
        return None
    if kind == "roman":
        return 1, kind
    if kind in ("arabic", "letter"):
        own = cues.section_of(body)
        plain_title = own is not None and not cues.asks(body) and len(words) <= (10 if own == "opinions" else 6)
        if body.rstrip().endswith(":") or plain_title or (u.bold and u.bold.strip(" :") == u.text.strip(" :")):
            return (2 if kind == "arabic" else 3), kind
        return None
    if not kind and (body.isupper() or (u.bold and len(u.bold) >= len(u.text.strip()) - 1)) and len(words) <= 10:
        return 1, "caps"
    return None


def _sibling(u: Unit, kind: str, stack: list[_Section]) -> int | None:
    """Where in the stack is the section whose title is numbered as this point is (same numbering,
    same indent, a higher number): the point is the next one of the agenda. Titles by label
    ("Ý kiến cử tri:") are looked through. In the opinions, a point numbered like the agenda is
    still a remark unless it says what it is (answers, conclusion) or an official speaks: remarks
    are often numbered too."""
    if kind not in ("roman", "arabic", "letter") or u.list_level is not None:
        return None
    for at in range(len(stack) - 1, -1, -1):
        section = stack[at]
        if section.style == "label":
            continue
        if section.style != kind or abs(u.indent - section.indent) > 1 or cues.ordinal(u.text) <= section.number:
            return None
        if stack[-1].kind == "opinions" or section.kind == "opinions":
            body = cues.marker(u.text)[1]
            found = _speaker(body)
            if found is not None and not cues.is_official(found.name):
                return None
            if _own_section(body[:160]) in (None, "opinions") and not cues.is_official(body):
                return None
        return at
    return None


def _own_section(body: str) -> str | None:
    """What a title says its section holds; "Kết luận: …" by its label, whatever follows."""
    label, rest = _label(body)
    return (cues.section_of(label) if label and rest else None) or cues.section_of(body)


def _label(body: str) -> tuple[str, str]:
    """ "Kết luận: Đ/c …" -> ("Kết luận", "Đ/c …"); no label: ("", body)."""
    m = re.match(r"^([^:]{1,40}):\s*(.*)$", body, re.DOTALL)
    if not m or len(m.group(1).split()) > 8:
        return "", body
    return m.group(1).strip(), m.group(2).strip()


def _section_name(kind: str | None) -> str:
    return {"opinions": "citizens' opinions", "reply": "answers", "meta": "particulars", None: "body",
            "narrative": "reports and agenda", "conclusion": "conclusion", "closing": "closing"}[kind]


def _depth(u: Unit, kind: str) -> int:
    """How deep a point is: Word numbering level, indent, and "+" under "-"."""
    if u.list_level is not None:
        return u.list_level + 1
    return (u.indent // 2) + {"plus": 2, "dash": 1, "letter": 1, "arabic": 1}.get(kind, 0)


def _in_opinions(u: Unit, kind: str, body: str, carrier, parts: list[Part], speakers: bool):
    """The part a block of the opinions section is, and the speaker carried to sub-points."""
    label, rest = _label(body)
    field = cues.field_of(label) if label else None
    depth = _depth(u, kind)
    if carrier is not None and depth <= carrier[2] and field is None:
        carrier = None
    if field == "speaker":
        who = re.split(r",\s*(?:sinh|SN|năm sinh)", rest)[0].strip().rstrip(".,;")
        return Part(u, "meta", f"names the citizen ('{label}:')"), (who or None, None, 99)
    if field == "place":
        who = carrier[0] if carrier else None
        return Part(u, "meta", f"the citizen's address ('{label}:')"), (who, rest.rstrip(".;") or None, 99)
    if field == "reply":
        return Part(u, "reply", f"an answer ('{label}:')"), carrier
    if field == "text" and carrier is not None:
        if not rest:
            return Part(u, "meta", f"announces the citizen's points ('{label}:')"), (carrier[0], carrier[1], depth)
        return Part(u, "remark", f"what the citizen said ('{label}:')", (Said(rest, carrier[0], carrier[1]),)), carrier
    found = _speaker(body) if speakers else None
    if cues.is_official(body) and not (found and not cues.is_official(found.name)):
        return Part(u, "reply", "an official speaks (Đ/c, a rank, or a name with a post)"), None
    text, who, where = body, None, None
    if found is not None:
        text, who, where = found.rest, found.name, found.place
    elif carrier is not None and depth > carrier[2]:
        who, where = carrier[0], carrier[1]
    if text.rstrip().endswith(":"):
        if found is not None:
            return Part(u, "meta", "names the speaker of the points below"), (who, where, depth)
        role = "heading" if len(text.split()) <= 10 else "narrative"
        return Part(u, role, "introduces the points below"), carrier
    if found is None and carrier is None and cues.counts_opinions(text) and not cues.is_summary(text):
        return Part(u, "narrative", "counts the opinions"), carrier
    if found is None and cues.is_summary(text):
        lead, _, items = text.partition(":")
        pieces = [p.strip().rstrip(".") for p in re.split(r"\s*;\s*", items) if p.strip()]
        if len(pieces) >= 2:
            place = _place_in(lead)
            return Part(u, "remark", "a summary: one remark per item",
                        tuple(Said(p, None, place) for p in pieces)), carrier
    if who is not None and cues.is_nobody(who):
        who = None
    return Part(u, "remark", "a citizen's remark" if who else "a remark", (Said(text, who, where),)), carrier


_CARRIER_RE = re.compile(r"^(.{3,120}?)\s+(?:có|nêu|phát biểu|với)\b[^:]{0,40}:\s*$")
_PAREN_PLACE = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


def _speaker(body: str):
    """The speaker prefix of a block, also in "Cử tri X (thôn Y) có 02 ý kiến:"; a place in
    parentheses that the prefix grammar does not know ("khu vực 4") is taken as the place."""
    found = split_speaker(body)
    if found is None and (m := _CARRIER_RE.match(body)):
        found = split_speaker(m.group(1) + ": :")
        if found is not None:
            found = found._replace(rest=body[m.end(1):].strip())
    m = _PAREN_PLACE.match(found.name) if found is not None and found.place is None else None
    if m and _PLACE_RE.fullmatch(m.group(2).strip()):
        found = found._replace(name=m.group(1), place=m.group(2).strip())
    return found


_PLACE_WORD = r"(?i:khu vực|khu phố|tổ dân phố|tổ|thôn|xóm|khối|ấp|bản|làng|tdp|kp)"
_PLACE_NAME = r"(?:số\s+)?(?:\d+\w*|[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)"
_PLACE_RE = re.compile(rf"\b({_PLACE_WORD}\s+{_PLACE_NAME}(?:\s*,\s*{_PLACE_WORD}\s+{_PLACE_NAME})*)")


def _place_in(text: str) -> str | None:
    m = _PLACE_RE.search(text)
    return m.group(1) if m else None
