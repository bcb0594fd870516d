"""The blocks of a whole document as the structure pass sees them: a paragraph, a list item or
a table row, with what the document says about it (Word style, numbering level, bold prefix,
the cells of a row, the indent of a text line).

Text typed with hard line breaks (every 80 columns or so) is joined back: a line continues
the one before when that one was cut near the width and this one opens no bullet, number or
label of its own. The lines stay as written, joined with "\\n".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO, NamedTuple

from forumcli.text.normalize import nfc
from forumcli.text.split import split_speaker


class Unit(NamedTuple):
    line: int  # the line (text) or paragraph number (Word) it starts on
    text: str  # as written; the lines of wrapped text joined with "\n"; a row: its cells joined with " | "
    style: str = ""  # Word paragraph style ("Heading 2")
    list_level: int | None = None  # Word numbering level; None when not a Word list item
    bold: str = ""  # the bold text the paragraph opens with
    cells: tuple[str, ...] | None = None  # a table row's cells, a merged cell once
    table: int = 0  # 1, 2, ... for rows of the first, second, ... table; 0 otherwise
    indent: int = 0  # text: spaces before the first character


class Said(NamedTuple):
    text: str
    speaker: str | None = None
    place: str | None = None


class Part(NamedTuple):
    """One block and what the structure pass made of it."""

    unit: Unit
    role: str
    why: str
    remarks: tuple[Said, ...] = ()  # a remark block: one or more remarks


# a line that opens something of its own: a bullet, a number, a letter, a Roman numeral
_OPENS_RE = re.compile(r"^\s*(?:[-–—•*+·●○◦▪■►➢>→⇒]|\(?\d{1,3}[.)/]|\(?[a-zđ]\)|[IVXLC]{1,6}[.)]\s)")
# "Chủ trì:", "Thời gian:": a short label and a colon
_LABEL_RE = re.compile(r"^\s*\w[\w /,]{0,30}:(?:\s|$)")
_WIDE_GAP = re.compile(r"\S\s{6,}\S")  # two columns side by side: a header or the signatures


def wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at, or None when it was not: lines near the longest,
    which is no longer than a typed page is wide, make up a good part of the text."""
    lengths = [len(t.rstrip()) for t in lines if t.strip()]
    if len(lengths) < 5:
        return None
    width = max(lengths)
    if not 40 <= width <= 132:
        return None
    near = sum(1 for n in lengths if n >= width - 15)
    return width if near * 4 >= len(lengths) else None


def text_units(lines: Iterable[tuple[int, str]]) -> list[Unit]:
    """One unit per non-empty line, or per wrapped paragraph when the text was hard-wrapped."""
    numbered = [(n, t.rstrip()) for n, t in lines]
    width = wrap_width([t for _, t in numbered])
    units: list[Unit] = []
    prev = ""
    for lineno, text in numbered:
        if not text.strip():
            prev = ""
            continue
        if width and prev and (_continues(prev, text, width) or _hangs(units[-1], prev, text, width)):
            last = units[-1]
            units[-1] = last._replace(text=f"{last.text}\n{text.strip()}")
        else:
            units.append(Unit(lineno, text.strip(), indent=len(text) - len(text.lstrip())))
        prev = text
    return units


def _hangs(unit: Unit, prev: str, text: str, width: int) -> bool:
    """A line indented under the text of a bulleted or numbered line (a hanging indent)
    continues it, whatever the line before ended with."""
    indent = len(text) - len(text.lstrip())
    return (indent > unit.indent and bool(_OPENS_RE.match(unit.text)) and len(prev) >= width - 12
            and not _OPENS_RE.match(text) and not _WIDE_GAP.search(text.strip()))


def _continues(prev: str, text: str, width: int) -> bool:
    if len(prev) < width - 12 or _WIDE_GAP.search(prev.strip()) or _WIDE_GAP.search(text.strip()):
        return False
    if _OPENS_RE.match(text):
        return False
    label = _LABEL_RE.match(text)
    if label and len(label.group().split()) <= 4 and text.strip()[:1].isupper():
        return False
    body = text.strip()
    if body.isupper() or split_speaker(body):  # a heading; a speaker opens a remark of their own
        return False
    return body[:1].islower() or not prev.rstrip().endswith((".", ":", ";", "!", "?"))


# ------------------------------------------------------------------ Word


def docx_units(stream: BinaryIO, source: str) -> Iterator[Unit]:
    """Body paragraphs and table rows in document order. Paragraph numbers count as
    ``formats.docx_blocks`` counts them: every paragraph of the body, empty ones and those in
    table cells included."""
    import docx

    from forumcli.read import packages
    from forumcli.read.docxml import unwrap_visible

    kind = ".docx document"
    packages.check_package(stream, source, kind)  # the limits and errors formats.docx_blocks has
    with packages.damaged(source, kind):
        document = docx.Document(stream)
        body = document.element.body
        unwrap_visible(body)
        state = {"n": 0, "tables": 0}
        yield from _children(body, document, state)


def _children(parent, document, state) -> Iterator[Unit]:
    from docx.oxml.ns import qn

    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            state["n"] += 1
            unit = _paragraph(child, document, state["n"])
            if unit is not None:
                yield unit
        elif child.tag == qn("w:tbl"):
            yield from _table(child, document, state)


def _paragraph(p, document, n: int) -> Unit | None:
    from docx.text.paragraph import Paragraph

    para = Paragraph(p, document)
    text = nfc(para.text)
    if not text.strip():
        return None
    try:
        style = para.style.name if para.style is not None else ""
    except (KeyError, ValueError):
        style = ""
    level = _list_level(p, para)
    bold = ""
    for run in para.runs:
        if not run.text.strip():
            bold += run.text if bold else ""
            continue
        if not run.bold:
            break
        bold += run.text
    if _outline_level(p) is not None and not style.lower().startswith(("heading", "title")):
        style = f"Heading {_outline_level(p) + 1}"
    return Unit(n, text.strip(), style=style or "", list_level=level, bold=nfc(bold).strip())


def _list_level(p, para) -> int | None:
    from docx.oxml.ns import qn

    ppr = p.pPr
    num = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num is None:  # a list style ("List Bullet") numbers its paragraphs itself
        style = para.style
        while style is not None and num is None:
            sppr = style.element.pPr
            num = sppr.find(qn("w:numPr")) if sppr is not None else None
            style = style.base_style
    if num is None:
        return None
    num_id = num.find(qn("w:numId"))
    if num_id is not None and num_id.get(qn("w:val")) == "0":  # numbering switched off
        return None
    ilvl = num.find(qn("w:ilvl"))
    try:
        return int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
    except (TypeError, ValueError):
        return 0


def _outline_level(p) -> int | None:
    from docx.oxml.ns import qn

    ppr = p.pPr
    lvl = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if lvl is None:
        return None
    try:
        value = int(lvl.get(qn("w:val")))
    except (TypeError, ValueError):
        return None
    return value if value < 9 else None  # 9 is body text


def _table(tbl, document, state) -> Iterator[Unit]:
    from docx.oxml.ns import qn
    from docx.table import Table

    state["tables"] += 1
    number = state["tables"]
    seen = set()  # the cell elements: a merged cell appears once per grid column it spans
    for row in Table(tbl, document).rows:
        cells: list[str] = []
        first = None
        for cell in row.cells:
            tc = cell._tc
            if tc in seen:
                continue
            seen.add(tc)
            parts = []
            for p in tc.iter(qn("w:p")):
                state["n"] += 1
                first = first or state["n"]
                parts.append(_p_text(p, document))
            cells.append("\n".join(parts).strip())
        if first is not None and any(cells):
            text = " | ".join(c for c in cells if c)
            yield Unit(first, text, cells=tuple(cells), table=number)


def _p_text(p, document) -> str:
    from docx.text.paragraph import Paragraph

    return nfc(Paragraph(p, document).text)
