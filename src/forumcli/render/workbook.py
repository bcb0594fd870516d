"""Write an .xlsx workbook (openpyxl): the tally, every remark, the untagged remarks.

Sheets "Tally", "Remarks" and "Untagged"; in each the header row is bold on a
tinted fill and frozen, has an autofilter, and columns are as wide as their
content (long remark text wraps). Counts and line numbers are numbers, shares
are numbers shown as percentages."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from forumcli.match.tagger import Tagged, Tagger
from forumcli.read.remarks import Remark
from forumcli.render.labels import UNKNOWN_SPEAKER
from forumcli.render.output import atomic_path

MAX_WIDTH = 60  # characters; wider text wraps
HEADER_FILL = "DDEBF7"

REMARK_HEADERS = {
    "vi": ["Tệp", "Dòng", "Người phát biểu", "Ý kiến", "Chủ đề", "Loại ý kiến", "Từ khớp"],
    "en": ["File", "Line", "Speaker", "Remark", "Topics", "Kinds", "Matched terms"],
}
UNTAGGED_HEADERS = {
    "vi": ["Tệp", "Dòng", "Người phát biểu", "Ý kiến", "Loại ý kiến"],
    "en": ["File", "Line", "Speaker", "Remark", "Kinds"],
}


@dataclass(frozen=True)
class Sheet:
    headers: Sequence[str]
    rows: list[list[object]]
    percent_columns: frozenset[int] = frozenset()  # 0-based
    wrap_columns: frozenset[int] = frozenset()


def remark_sheets(
    items: Iterable[tuple[Remark, Tagged]], tagger: Tagger, *, level: str = "top", lang: str = "vi"
) -> tuple[Sheet, Sheet]:
    """The "Remarks" and "Untagged" sheets: topics rolled up to ``level``, as labels."""
    remarks: list[list[object]] = []
    untagged: list[list[object]] = []
    for remark, tagged in items:
        row = remark_row(remark, tagged, tagger, level=level, lang=lang)
        remarks.append(row)
        if not tagged.topics:
            untagged.append(row[:4] + row[5:6])
    return (
        Sheet(REMARK_HEADERS[lang], remarks, wrap_columns=frozenset({3})),
        Sheet(UNTAGGED_HEADERS[lang], untagged, wrap_columns=frozenset({3})),
    )


def remark_row(remark: Remark, tagged: Tagged, tagger: Tagger, *, level: str = "top", lang: str = "vi") -> list[object]:
    """A row under ``REMARK_HEADERS``: where, who, the text, and its tags as labels."""
    tax = tagger.taxonomy
    topics = "; ".join(tax.label(t, lang) for t in tagger.roll_up(tagged.topics, level))
    kinds = "; ".join(tax.label(k, lang) for k in tagged.kinds)
    terms = "; ".join(dict.fromkeys(m.term for m in tagged.matches))
    speaker = remark.speaker or UNKNOWN_SPEAKER[lang]
    return [remark.source, remark.line, speaker, remark.text, topics, kinds, terms]


def write_workbook(path: str | os.PathLike[str], sheets: dict[str, Sheet]) -> None:
    """Write the sheets, in order, to ``path`` atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, sheet in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(sheet.headers))
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
        for row in sheet.rows:
            ws.append(row)
        for col in sheet.percent_columns:
            for (cell,) in ws.iter_rows(min_row=2, min_col=col + 1, max_col=col + 1):
                cell.number_format = "0.0%"
        for col in sheet.wrap_columns:
            for (cell,) in ws.iter_rows(min_row=2, min_col=col + 1, max_col=col + 1):
                cell.alignment = wrap
        for i, header in enumerate(sheet.headers):
            width = max([len(str(header))] + [_width(r[i], i in sheet.percent_columns) for r in sheet.rows])
            ws.column_dimensions[get_column_letter(i + 1)].width = min(width, MAX_WIDTH) + 2
        ws.freeze_panes = "A2"
        if sheet.rows:
            ws.auto_filter.ref = ws.dimensions
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _width(value: object, percent: bool) -> int:
    if value is None:
        return 0
    if percent:
        return 6
    return len(str(value))
