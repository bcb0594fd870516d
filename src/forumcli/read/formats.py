"""Decode text files and read Word documents and spreadsheets into blocks of lines.

A *block* is the unit a format gives: a text line, a Word paragraph or table cell,
a spreadsheet row. ``reader`` splits blocks into remarks. Every function reads
from an open binary stream and raises ``InputError`` naming the file (and the
line, paragraph or row) for anything it cannot read; memory stays bounded by
the longest line (``MAX_LINE``), never by the size of the file.
python-docx and openpyxl are imported only when such a file is read.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from forumcli.errors import InputError
from forumcli.read import packages
from forumcli.read.docxml import unwrap_visible
from forumcli.read.limits import size_text
from forumcli.text.normalize import nfc

MAX_LINE = 16 * 1024 * 1024  # bytes (or characters) in one line, paragraph or cell


_WIDE = ("utf-16", "utf-32")


class Block(NamedTuple):  # a tuple: one is made for every line of a text file
    lines: tuple[tuple[int, str], ...]  # (line, NFC text) pairs; a cell may hold several
    id: str | None = None
    speaker: str | None = None
    place: str | None = None
    fields: dict[str, object] | None = None
    whole: bool = False  # a spreadsheet cell or JSON value: one remark unless --split says otherwise
    table_cell: bool = False  # a Word table cell: a bare number in it is a row number
    source: str | None = None  # where it was read, when not the file's name: "book.xlsx[Tháng 3]"


class NotTextEncoding(LookupError):
    """A codec that exists but does not turn bytes into text (rot13, base64, zlib, hex)."""


def check_encoding(name: str) -> str:
    """The codec's canonical name; ``LookupError`` for an unknown one, ``NotTextEncoding``
    for one that is not a text encoding."""
    canonical = codecs.lookup(name).name
    try:
        b"a".decode(name, "replace")  # an empty input would not reach the codec's text check
    except LookupError:
        raise NotTextEncoding(name) from None
    except ValueError:  # a text codec that cannot decode one byte (utf-16): still a text codec
        pass
    return canonical


def _head(stream: BinaryIO, n: int = 4) -> bytes:
    """The first ``n`` bytes (fewer from a pipe's buffer), leaving the stream where it was."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return peek(n)[:n]
    head = stream.read(n)
    stream.seek(0)
    return head


def text_lines(stream: BinaryIO, source: str, encoding: str | None = None) -> Iterator[tuple[int, str]]:
    """Decoded lines (no line end), NFC, numbered from 1.

    A UTF-8 or UTF-16 byte-order mark is honoured whatever ``encoding`` says;
    otherwise the text is UTF-8 unless ``encoding`` names another codec.
    """
    head = _head(stream)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not head.startswith(codecs.BOM_UTF32_LE):
        yield from _wide_lines(stream, source, "utf-16", "UTF-16")
        return
    if encoding is not None:
        try:
            canonical = check_encoding(encoding)
        except NotTextEncoding:
            raise InputError(source, f"'{encoding}' is not a text encoding") from None
        except LookupError:
            raise InputError(source, f"unknown encoding '{encoding}'") from None
        if canonical.startswith(_WIDE):
            yield from _wide_lines(stream, source, canonical, encoding)
            return
        if head.startswith(codecs.BOM_UTF8):
            encoding = None
    yield from _byte_lines(stream, source, encoding)


def _byte_lines(stream: BinaryIO, source: str, encoding: str | None) -> Iterator[tuple[int, str]]:
    codec = encoding or "utf-8"
    head = _head(stream, 8192)
    if b"\x00" in head:  # binary: say so before a decoding error on its first bytes could
        at = head.index(b"\x00")
        raise InputError(source, _nul_message(head), head.count(b"\n", 0, at) + 1)
    lineno = 0
    while True:
        raw = stream.readline(MAX_LINE + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_LINE:
            raise InputError(source, f"line longer than {size_text(MAX_LINE)}: not meeting notes?", lineno)
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8) and encoding is None:
            raw = raw[3:]
        if b"\x00" in raw:
            raise InputError(source, _nul_message(raw), lineno)
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as e:
            hint = "; try --encoding cp1258" if encoding is None else ""
            raise InputError(
                source, f"not valid {encoding or 'UTF-8'} (byte 0x{raw[e.start]:02x} at column {e.start + 1}){hint}", lineno
            ) from None
        text = text.rstrip("\r\n")
        if "\r" in text:  # old Mac line ends inside this line
            *first, text = text.split("\r")
            for part in first:
                yield lineno, nfc(part)
                lineno += 1
        yield lineno, nfc(text)


def _nul_message(raw: bytes) -> str:
    """Text in UTF-16 without a BOM has NULs on one side of every pair; binary has them anywhere."""
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    half = len(raw) // 2
    if half >= 2 and even == 0 and odd * 3 >= half:
        return "contains NUL bytes: UTF-16 without a byte-order mark? try --encoding utf-16-le"
    if half >= 2 and odd == 0 and even * 3 >= half:
        return "contains NUL bytes: UTF-16 without a byte-order mark? try --encoding utf-16-be"
    return "contains NUL bytes: not a text file"


def _wide_lines(stream: BinaryIO, source: str, codec: str, label: str) -> Iterator[tuple[int, str]]:
    wrapper = io.TextIOWrapper(stream, encoding=codec, errors="strict", newline=None)
    lineno = 0
    try:
        while True:
            try:
                text = wrapper.readline(MAX_LINE + 1)
            except UnicodeError:  # also "UTF-16 stream does not start with BOM"
                raise InputError(source, f"not valid {label}", lineno + 1) from None
            if not text:
                return
            lineno += 1
            if len(text) > MAX_LINE:
                raise InputError(source, f"line longer than {size_text(MAX_LINE)}: not meeting notes?", lineno)
            text = text.rstrip("\n")
            if "\x00" in text:
                raise InputError(source, "contains NUL characters: not a text file", lineno)
            yield lineno, nfc(text.lstrip("\ufeff") if lineno == 1 else text)
    finally:
        wrapper.detach()


# ------------------------------------------------------------------ spreadsheets


def _json_value(value: object) -> object:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


class MissingColumn(InputError):
    """A table without the text column."""


class _Columns:
    """Where the text, id, speaker and place columns are in a header row. Two columns
    with one name (letter case aside) are an error: one of them would be lost."""

    def __init__(self, header: list[object], column: str, source: str, line: int = 1):
        names = ["" if h is None else str(h).strip() for h in header]
        self.names = [n or f"column {i + 1}" for i, n in enumerate(names)]
        folded = [n.casefold() for n in self.names]
        first: dict[str, int] = {}
        for i, name in enumerate(folded):
            if name in first:
                j = first[name]
                raise InputError(
                    source, f"two columns named '{self.names[j]}' (columns {j + 1} and {i + 1}): rename one", line
                )
            first[name] = i
        if column in self.names:
            self.text = self.names.index(column)
        elif column.strip().casefold() in folded:
            self.text = folded.index(column.strip().casefold())
        else:
            listed = ", ".join(n for n in self.names) or "none"
            raise MissingColumn(source, f"no column '{column}' (columns: {listed}); use --column", line)
        self.special = {
            key: folded.index(key) for key in ("id", "speaker", "place") if key in folded and folded.index(key) != self.text
        }

    def block(self, row: list[object], lineno: int, source: str | None = None) -> Block:
        cells = list(row) + [None] * (len(self.names) - len(row))
        value = cells[self.text]
        text = "" if value is None else nfc(str(value))
        extra = {k: cells[i] for k, i in self.special.items()}
        used = {self.text, *self.special.values()}
        fields = {name: _json_value(cells[i]) for i, name in enumerate(self.names) if i not in used}
        for i in range(len(self.names), len(cells)):  # a worksheet cell right of the header's last one
            if cells[i] is not None and str(cells[i]).strip():
                fields[f"column {i + 1}"] = _json_value(cells[i])
        return Block(
            tuple((lineno, part) for part in text.split("\n")),
            id=_str_or_none(extra.get("id")),
            speaker=_str_or_none(extra.get("speaker")),
            place=_str_or_none(extra.get("place")),
            fields=fields or None,
            whole=True,
            source=source,
        )


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = nfc(str(value)).strip()
    return text or None


def csv_blocks(stream: BinaryIO, source: str, *, column: str, encoding: str | None, delimiter: str) -> Iterator[Block]:
    """One block per data row of a CSV/TSV file; ``line`` is the line the row starts on.

    A row with more cells than the header: empty extra cells are dropped; when the text
    column is the last one, the extra cells are part of the text (an unquoted delimiter in
    the remark) and are joined back to it; otherwise it is an error naming the line."""
    lines = text_lines(stream, source, encoding)
    reader = csv.reader((text + "\n" for _, text in lines), delimiter=delimiter, strict=True)
    columns = None
    start = 1
    try:
        for row in reader:
            if columns is None:
                columns = _Columns(row, column, source)
            elif any(cell.strip() for cell in row):
                yield columns.block(_fit(row, columns, delimiter, source, start), start)
            start = reader.line_num + 1
    except csv.Error as e:
        raise InputError(source, f"bad CSV: {e}", reader.line_num) from None


def _fit(row: list[str], columns: _Columns, delimiter: str, source: str, line: int) -> list[str]:
    width = len(columns.names)
    if len(row) <= width or not any(cell.strip() for cell in row[width:]):
        return row[:width]
    if columns.text == width - 1:
        return [*row[: width - 1], delimiter.join(row[width - 1 :])]
    shown = "a tab" if delimiter == "\t" else f"'{delimiter}'"
    raise InputError(
        source, f"{len(row)} cells where the header has {width}: quote the cells that hold {shown}", line
    )


def xlsx_blocks(stream: BinaryIO, source: str, *, column: str, notes: list[str] | None = None) -> Iterator[Block]:
    """One block per data row of every worksheet that has the text column, in the workbook's
    order; ``line`` is the row number. When more than one sheet holds data, each remark's
    source names its sheet ("book.xlsx[Tháng 3]"). A sheet with data but without the column is
    not read, and ``notes`` says so; when no sheet has the column, that is an error."""
    kind = ".xlsx workbook"
    packages.check_package(stream, source, kind)
    with packages.damaged(source, kind):
        yield from _xlsx_blocks(stream, source, column, notes)


def _xlsx_blocks(stream: BinaryIO, source: str, column: str, notes: list[str] | None) -> Iterator[Block]:
    from openpyxl import load_workbook  # noqa: PLC0415 - lazy on purpose

    book = load_workbook(stream, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:  # the <dimension> a writer declared may be stale: read every row there is
            sheet.reset_dimensions()
        headed = [(sheet, head) for sheet in book.worksheets if (head := _header_row(sheet)) is not None]
        several = len(headed) > 1
        missing: list[InputError] = []
        read = 0
        for sheet, (header_at, header) in headed:
            where = f"{source}[{sheet.title}]" if several else source
            try:
                columns = _Columns(header, column, where, header_at)
            except MissingColumn as e:
                missing.append(e)
                continue
            read += 1
            for rowno, row in enumerate(sheet.iter_rows(min_row=header_at + 1, values_only=True), start=header_at + 1):
                if any(v is not None and str(v).strip() for v in row):
                    yield columns.block(list(row), rowno, where)
        if missing and not read:
            raise missing[0]
        if notes is not None:
            notes.extend(f"{e.source}: sheet not read: {e.message}" for e in missing)
    finally:
        book.close()


def _header_row(sheet) -> tuple[int, list[object]] | None:
    """(row number, values) of a worksheet's first row with a value; None for an empty sheet."""
    for rowno, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not all(v is None for v in row):
            return rowno, list(row)
    return None


# ------------------------------------------------------------------ Word


def docx_blocks(stream: BinaryIO, source: str) -> Iterator[Block]:
    """Body paragraphs and table cells in document order.

    ``line`` is the paragraph number: every paragraph from the top of the body,
    empty ones and those inside table cells included. Text in content controls,
    tracked insertions, smart tags, simple fields and custom XML is read; tracked
    deletions are not. Headers, footers, text boxes and footnotes are not read.
    """
    import docx  # noqa: PLC0415 - lazy on purpose

    kind = ".docx document"
    packages.check_package(stream, source, kind)
    with packages.damaged(source, kind):
        document = docx.Document(stream)
        body = document.element.body
        unwrap_visible(body)
        yield from _docx_children(body, document, [0])


def _docx_children(parent, document, counter: list[int]) -> Iterator[Block]:
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            counter[0] += 1
            text = nfc(Paragraph(child, document).text)
            if text.strip():
                yield Block(tuple((counter[0], part) for part in text.split("\n")))
        elif child.tag == qn("w:tbl"):
            seen = set()  # the elements themselves: holding them keeps lxml's proxies (and ids) stable
            for row in Table(child, document).rows:
                for cell in row.cells:
                    if cell._tc in seen:  # a merged cell appears once per grid column it spans
                        continue
                    seen.add(cell._tc)
                    yield from _docx_cell(cell._tc, document, counter)


def _docx_cell(tc, document, counter: list[int]) -> Iterator[Block]:
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.text.paragraph import Paragraph

    lines: list[tuple[int, str]] = []
    for child in tc.iterchildren():
        if child.tag == qn("w:p"):
            counter[0] += 1
            text = nfc(Paragraph(child, document).text)
            lines += [(counter[0], part) for part in text.split("\n")]
        elif child.tag == qn("w:tbl"):  # a table inside the cell: its cells come after this cell's text
            if any(t.strip() for _, t in lines):
                yield Block(tuple(lines), table_cell=True)
            lines = []
            yield from _docx_children(_Wrap(child), document, counter)
    if any(t.strip() for _, t in lines):
        yield Block(tuple(lines), table_cell=True)


class _Wrap:
    """Lets ``_docx_children`` walk a single nested table element."""

    def __init__(self, element):
        self.element = element

    def iterchildren(self):
        return iter([self.element])
