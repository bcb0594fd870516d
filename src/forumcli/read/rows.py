"""Tables of a Biên bản read as tables: a header row names the columns (STT, Họ tên / Người
phát biểu, Địa chỉ, Nội dung ý kiến, Ghi chú, with or without diacritics), and each data row
becomes one remark with its speaker and place. Topic rows (one merged cell across the table),
attendance tables and the header and signature tables are not remarks."""

from __future__ import annotations

from collections.abc import Sequence

from forumcli.read import cues
from forumcli.read.units import Part, Said, Unit
from forumcli.text.split import split_speaker


def columns(cells: Sequence[str]) -> dict[str, int] | None:
    """Column kind -> index when the row is a header row naming a text column."""
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        kind = cues.column_of(cell)
        if kind is not None and kind not in found:
            found[kind] = i
    return found if "text" in found and len(found) >= 2 else None


def table_parts(rows: Sequence[Unit], *, section_role: str, ended: bool, remarks: bool, speakers: bool) -> list[Part]:
    """The parts of one table's rows."""
    first = rows[0].cells or ()
    head = columns(first)
    if ended or any(cues.is_signature(c.split("\n")[0]) for c in first if c):
        return [Part(r, "signature", "a signature table") for r in rows]
    if head is None:
        named = any(cues.column_of(c) is not None for c in first)
        role = "meta" if named or section_role == "meta" else ("narrative" if section_role == "remark" else section_role)
        why = "a table without a column of remarks (attendance, a list)" if named else "a table without a header row"
        if remarks and not named and section_role == "remark":
            return [_row_remark(r, None, speakers) for r in rows]
        return [Part(r, role, why) for r in rows]
    parts = [Part(rows[0], "heading", "the table's header row")]
    for r in rows[1:]:
        cells = r.cells or ()
        filled = {c for c in cells if c.strip()}
        text = cells[head["text"]].strip() if head["text"] < len(cells) else ""
        if len(filled) == 1 and _topic(next(iter(filled))) and (not text or len(cells) < len(first)):
            parts.append(Part(r, "heading", "a topic row (one cell across the table)"))
        elif not text and len(filled) == 1 and len(cells) < len(first) and remarks:  # merged across: the remark
            parts.append(_row_remark(r, None, speakers))
        elif not text:
            parts.append(Part(r, "meta", "a row without a remark"))
        elif not remarks:
            parts.append(Part(r, section_role if section_role != "remark" else "narrative", "a table outside the opinions"))
        else:
            parts.append(_row_remark(r, head, speakers))
    return parts


def _topic(text: str) -> bool:
    """A topic row's text: a short title ("I. AN NINH TRẬT TỰ", "Lĩnh vực giao thông"), no speaker."""
    kind, body = cues.marker(text.strip())
    return split_speaker(body) is None and (body.isupper() or kind == "roman" or len(body.split()) <= 8)


def _row_remark(row: Unit, head: dict[str, int] | None, speakers: bool) -> Part:
    cells = row.cells or ()
    if head is None:  # no header: the longest cell is the remark
        text = max(cells, key=len)
        found = split_speaker(text) if speakers else None
        if found is not None:
            return Part(row, "remark", "a table row (no header)", (Said(found.rest, found.name, found.place),))
        return Part(row, "remark", "a table row (no header)", (Said(text.strip()),))

    def cell(kind: str) -> str | None:
        i = head.get(kind)
        value = cells[i].strip() if i is not None and i < len(cells) else ""
        return " ".join(value.split()) or None

    text = cells[head["text"]].strip()
    who, where = cell("speaker"), cell("place")
    if speakers and who is None and (found := split_speaker(text)):
        text, who, where = found.rest, found.name, where or found.place
    if who is not None and cues.is_nobody(who):
        who = None
    return Part(row, "remark", "a table row: speaker, place and text by the header", (Said(text, who, where),))
