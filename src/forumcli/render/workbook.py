"""Write an .xlsx workbook (openpyxl): the tally, every remark, the untagged remarks.

Sheets "Tally", "Remarks" and "Untagged"; in each the header row is bold on a
tinted fill and frozen, has an autofilter, and columns are as wide as their
content (long remark text wraps). Counts and line numbers are numbers, shares
are numbers shown as percentages.

Rows are streamed (openpyxl's write-only mode): memory stays flat however many
remarks there are. Column widths are taken from the first ``SIZE_FROM`` rows. A
sheet holds at most ``MAX_ROWS`` rows (Excel's limit); more go on to "Remarks (2)",
"Remarks (3)" and so on, each with the header row. Every text cell is a string
cell, never a formula, whatever it starts with, and characters an .xlsx file
cannot hold (C0 controls) are replaced by U+FFFD."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from forumcli.match.tagger import Tagged, Tagger
from forumcli.read.remarks import Remark
from forumcli.render.labels import UNKNOWN_SPEAKER
from forumcli.render.output import atomic_path
from forumcli.render.safe import is_formula_like, xlsx_text

MAX_WIDTH = 60  # characters; wider text wraps
HEADER_FILL = "DDEBF7"
MAX_ROWS = 1_048_576  # rows in an Excel sheet, the header row included
SIZE_FROM = 1000  # rows looked at to choose column widths

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
    rows: Iterable[Sequence[object]]  # written as they come: a generator is not held in memory
    percent_columns: frozenset[int] = frozenset()  # 0-based
    wrap_columns: frozenset[int] = frozenset()


class SheetWriter:
    """Rows appended one at a time to a sheet of a write-only workbook (and to further
    sheets named "NAME (2)", ... past ``MAX_ROWS``)."""

    def __init__(self, book: WorkbookWriter, name: str, headers: Sequence[str], *,
                 percent_columns: frozenset[int] = frozenset(), wrap_columns: frozenset[int] = frozenset()):
        self.book = book
        self.name = name
        self.headers = list(headers)
        self.percent_columns = percent_columns
        self.wrap_columns = wrap_columns
        self.sheets = [book.workbook.create_sheet(name)]  # now, so that sheets keep their order
        self.rows = 0  # data rows in the current sheet
        self.pending: list[list[object]] | None = []  # rows kept until the widths are chosen
        self.widths: list[int] = []
        self.styled: dict[int, object] = {}  # column -> the styled cell reused for it

    def append(self, row: Sequence[object]) -> None:
        if self.pending is None:
            self._write(list(row))
            return
        self.pending.append(list(row))
        if len(self.pending) >= SIZE_FROM:
            self._start()

    def close(self) -> None:
        if self.pending is not None:
            self._start()
        self._finish_sheet()

    def _start(self) -> None:
        rows, self.pending = self.pending or [], None
        self.widths = [
            min(max([len(str(h))] + [_width(r[i], i in self.percent_columns) for r in rows]), MAX_WIDTH) + 2
            for i, h in enumerate(self.headers)
        ]
        self._top(self.sheets[-1])
        for row in rows:
            self._write(row)

    def _top(self, ws) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        for i, width in enumerate(self.widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        ws.freeze_panes = "A2"
        header = []
        for h in self.headers:
            cell = self._text_cell(ws, h) if isinstance(h, str) else WriteOnlyCell(ws, value=h)
            cell.font, cell.fill = self.book.bold, self.book.fill
            header.append(cell)
        ws.append(header)

    def _write(self, row: list[object]) -> None:
        if self.rows >= MAX_ROWS - 1:
            self._finish_sheet()
            n = len(self.sheets) + 1
            ws = self.book.workbook.create_sheet(f"{self.name} ({n})")
            wb = self.book.workbook
            wb.move_sheet(ws.title, wb.worksheets.index(self.sheets[-1]) + 1 - wb.worksheets.index(ws))
            self.sheets.append(ws)
            self.rows = 0
            self._top(ws)
        ws = self.sheets[-1]
        ws.append([self._cell(ws, i, v) for i, v in enumerate(row)])
        self.rows += 1

    def _cell(self, ws, i: int, value: object) -> object:
        """What to append for ``value`` in column ``i``: the value itself where openpyxl's
        defaults do, else a cell. A styled cell is made once per column and sheet and
        reused (each row is written out before the next is made)."""
        if value.__class__ is str:
            text = xlsx_text(value)  # type: ignore[arg-type]
            if is_formula_like(text):
                cell = self._text_cell(ws, text)
                if i in self.wrap_columns:
                    cell.alignment = self.book.wrap
                return cell
            if i not in self.wrap_columns:
                return text
        elif value is None or i not in self.percent_columns:
            return value
        cell = self.styled.get(i)
        if cell is None or cell.parent is not ws:
            from openpyxl.cell import WriteOnlyCell

            cell = self.styled[i] = WriteOnlyCell(ws)
            if i in self.wrap_columns:
                cell.alignment = self.book.wrap
            else:
                cell.number_format = "0.0%"
        cell.value = value if value.__class__ is not str else text
        return cell

    @staticmethod
    def _text_cell(ws, value: str):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=xlsx_text(value))
        if is_formula_like(value):
            cell.data_type = "s"  # text, never a formula
            cell.quotePrefix = True  # and stays text when edited in Excel
        return cell

    def _finish_sheet(self) -> None:
        from openpyxl.utils import get_column_letter

        if self.rows:
            self.sheets[-1].auto_filter.ref = f"A1:{get_column_letter(len(self.headers))}{self.rows + 1}"


class WorkbookWriter:
    """A workbook written as it goes: ``sheet()`` for each sheet, in order, then ``save()``."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.workbook = Workbook(write_only=True)
        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.writers: list[SheetWriter] = []

    def sheet(self, name: str, headers: Sequence[str], *, percent_columns: frozenset[int] = frozenset(),
              wrap_columns: frozenset[int] = frozenset()) -> SheetWriter:
        writer = SheetWriter(self, name, headers, percent_columns=percent_columns, wrap_columns=wrap_columns)
        self.writers.append(writer)
        return writer

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the workbook to ``path`` atomically."""
        for writer in self.writers:
            writer.close()
        with atomic_path(path) as tmp:
            self.workbook.save(tmp)


class RemarkSheets:
    """The "Remarks" and "Untagged" sheets of a workbook, a remark at a time: topics rolled
    up to ``level``, as labels."""

    def __init__(self, book: WorkbookWriter, tagger: Tagger, *, level: str = "top", lang: str = "vi"):
        self.tagger = tagger
        self.level = level
        self.lang = lang
        self.remarks = book.sheet("Remarks", REMARK_HEADERS[lang], wrap_columns=frozenset({3}))
        self.untagged = book.sheet("Untagged", UNTAGGED_HEADERS[lang], wrap_columns=frozenset({3}))

    def add(self, remark: Remark, tagged: Tagged) -> None:
        row = remark_row(remark, tagged, self.tagger, level=self.level, lang=self.lang)
        self.remarks.append(row)
        if not tagged.topics:
            self.untagged.append(row[:4] + row[5:6])


def write_sheet(writer: SheetWriter, sheet: Sheet) -> None:
    for row in sheet.rows:
        writer.append(row)


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
    book = WorkbookWriter()
    for name, sheet in sheets.items():
        write_sheet(book.sheet(name, sheet.headers, percent_columns=sheet.percent_columns,
                               wrap_columns=sheet.wrap_columns), sheet)
    book.save(path)


def _width(value: object, percent: bool) -> int:
    if value is None:
        return 0
    if percent:
        return 6
    return len(str(value))
