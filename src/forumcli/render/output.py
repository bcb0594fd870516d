"""Renderers. Machine formats are written with the standard library only; the
``table`` format is the only one that goes through Rich."""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from forumcli.atomic import replacing
from forumcli.render.safe import markdown_cell, printable, spreadsheet_cell
from forumcli.render.target import output_target

if TYPE_CHECKING:  # annotations only: importing them here would slow `forumcli --help`
    from forumcli.match.tagger import Tagged
    from forumcli.read.remarks import Remark


class Format(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    md = "md"


EXTENSIONS = {".csv": Format.csv, ".tsv": Format.tsv, ".json": Format.json, ".jsonl": Format.jsonl,
              ".ndjson": Format.jsonl, ".md": Format.md, ".txt": Format.table}


def format_for_path(path: str, default: Format) -> Format:
    return EXTENSIONS.get(Path(path).suffix.lower(), default)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], *, newline: str | None = "", encoding: str = "utf-8") -> Iterator[TextIO]:
    """Write to a temporary file beside ``path`` and rename it into place only on
    success: on any error the target is untouched and no partial file is left. A
    target that must not be replaced raises ``OutputError`` (see ``render.target``)."""
    with atomic_path(path) as tmp, tmp.open("w", encoding=encoding, newline=newline) as fh:
        yield fh


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Like ``atomic_output`` for writers that want a file name (openpyxl's
    ``Workbook.save``): yield a temporary path beside ``path``, renamed into place
    only on success."""
    with replacing(output_target(path)) as tmp:
        yield tmp


# ------------------------------------------------------------------ generic rows


def write_rows(
    rows: Iterable[Sequence[object]],
    headers: Sequence[str],
    fmt: Format,
    file: TextIO,
    *,
    no_headers: bool = False,
    title: str | None = None,
    excel: bool = False,
) -> None:
    """Write rows in one of the formats. ``json`` streams an array of objects.
    ``excel`` (CSV/TSV): a byte-order mark first and CRLF line ends, which is what
    Excel needs to open a UTF-8 file with its Vietnamese intact, and every cell that
    starts like a formula (``= + - @``, tab, CR) gets a leading apostrophe so that a
    spreadsheet shows it as text. Plain CSV/TSV stays byte-faithful, for scripts."""
    if fmt in (Format.csv, Format.tsv):
        if excel:
            file.write("\ufeff")
        writer = csv.writer(
            file, dialect="excel-tab" if fmt is Format.tsv else "excel", lineterminator="\r\n" if excel else "\n"
        )
        if excel:
            if not no_headers:
                writer.writerow([spreadsheet_cell(h) for h in headers])
            for row in rows:
                writer.writerow(["" if v is None else spreadsheet_cell(v) for v in row])
            return
        if not no_headers:
            writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    elif fmt is Format.json:
        file.writelines(json_array(dict(zip(headers, row)) for row in rows))
    elif fmt is Format.jsonl:
        for row in rows:
            file.write(json.dumps(dict(zip(headers, row)), ensure_ascii=False) + "\n")
    elif fmt is Format.md:
        write_markdown_table(rows, headers, file)
    else:
        rich_table(rows, headers, file, title=title)


def json_array(objects: Iterable[object]) -> Iterator[str]:
    """Stream a JSON array lazily: "[", items with separators, "]"; "[]" when empty."""
    first = True
    for obj in objects:
        yield ("[\n  " if first else ",\n  ") + json.dumps(obj, ensure_ascii=False)
        first = False
    yield "[]\n" if first else "\n]\n"


_md_cell = markdown_cell


def write_markdown_table(
    rows: Iterable[Sequence[object]], headers: Sequence[str], file: TextIO, *, right: Sequence[int] = ()
) -> None:
    """``right``: indexes of further columns to align right (numbers)."""
    file.write("| " + " | ".join(_md_cell(h) for h in headers) + " |\n")
    file.write(
        "|"
        + "|".join("---:" if h in ("count", "share", "line") or i in right else "---" for i, h in enumerate(headers))
        + "|\n"
    )
    file.writelines("| " + " | ".join(_md_cell(v) for v in row) + " |\n" for row in rows)


def rich_table(rows: Iterable[Sequence[object]], headers: Sequence[str], file: TextIO, *, title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title and printable(title), title_justify="left")
    for h in headers:
        table.add_column(h, justify="right" if h in ("count", "share", "line", "total", "untagged") or h.isdigit() else "left", overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else printable(str(v))) for v in row))
    Console(file=file).print(table)


# ------------------------------------------------------------------ tagged remarks

TAG_HEADERS = ["source", "line", "id", "speaker", "place", "text", "topics", "kinds", "terms"]


def tagged_record(remark: Remark, tagged: Tagged) -> dict[str, object]:
    """The JSONL record of one remark (the schema documented in docs/input.md)."""
    rec: dict[str, object] = {"source": remark.source, "line": remark.line}
    if remark.id is not None:
        rec["id"] = remark.id
    if remark.speaker is not None:
        rec["speaker"] = remark.speaker
    if remark.place is not None:
        rec["place"] = remark.place
    if remark.role is not None:
        rec["role"] = remark.role
    rec["text"] = remark.text
    if not left_out(remark):
        rec["topics"] = list(tagged.topics)
        rec["kinds"] = list(tagged.kinds)
        rec["matches"] = [m.as_dict() for m in tagged.matches]
    else:  # a block of minutes that is not a remark: shown, not counted
        rec["topics"], rec["kinds"], rec["matches"] = [], [], []
    if remark.fields:
        rec["fields"] = remark.fields
    return rec


def left_out(remark: Remark) -> bool:
    """A block of minutes given with its role that is not a remark (``tag --all-blocks``)."""
    return remark.role is not None and remark.role != "remark"


def tagged_row(remark: Remark, tagged: Tagged) -> list[object]:
    if left_out(remark):
        return [remark.source, remark.line, remark.id, remark.speaker, remark.place, remark.text, "", "", ""]
    return [
        remark.source,
        remark.line,
        remark.id,
        remark.speaker,
        remark.place,
        remark.text,
        ";".join(tagged.topics),
        ";".join(tagged.kinds),
        ";".join(dict.fromkeys(m.term for m in tagged.matches)),
    ]


_JSON = json.JSONEncoder(ensure_ascii=False)
_STR = json.encoder.encode_basestring  # a JSON string, non-ASCII kept (C)


# a taxonomy has a few hundred terms and topics: their JSON is written once, then reused
@lru_cache(maxsize=50_000)
def _json_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(_STR, items)) + "]"


@lru_cache(maxsize=50_000)
def _match_head(id_: str, term: str) -> str:
    return f'{{"id": {_STR(id_)}, "term": {_STR(term)}, "start": '


def jsonl_line(remark: Remark, tagged: Tagged) -> str:
    """One line of ``tag -f jsonl`` output (what ``write_tagged`` writes for it): exactly
    ``json.dumps(tagged_record(remark, tagged), ensure_ascii=False)``, written out by hand
    because it runs for every remark (a third of the time of building the dict and dumping it)."""
    if remark.fields or remark.line.__class__ is not int:
        return _JSON.encode(tagged_record(remark, tagged)) + "\n"
    parts = ['{"source": ', _STR(remark.source), ', "line": ', str(remark.line)]
    for key, value in ((', "id": ', remark.id), (', "speaker": ', remark.speaker), (', "place": ', remark.place)):
        if value is not None:
            parts += (key, _STR(value))
    parts += (', "text": ', _STR(remark.text), ', "topics": ', _json_list(tagged.topics),
              ', "kinds": ', _json_list(tagged.kinds), ', "matches": [')
    parts.append(", ".join(
        f'{_match_head(m.id, m.term)}{m.start}, "end": {m.end}}}' for m in tagged.matches
    ))
    parts.append("]}\n")
    return "".join(parts)


def write_encoded(chunks: Iterable[tuple[int, bytes]], file: TextIO) -> None:
    """Write text that comes encoded as UTF-8, ``(remarks, bytes)`` at a time (see
    ``pipeline.encoded_text``), to a text stream: to the bytes beneath it when it has them,
    so that the text is not decoded and encoded again, and stays UTF-8 whatever the stream's
    own encoding (on Windows, output redirected to a file gets the ANSI code page's)."""
    raw = getattr(file, "buffer", None)
    if raw is None:
        file.writelines(data.decode() for _, data in chunks)
        return
    file.flush()
    raw.writelines(data for _, data in chunks)


def write_tagged(
    items: Iterable[tuple[Remark, Tagged]], fmt: Format, file: TextIO, *, no_headers: bool = False, roles: bool = False
) -> None:
    """Tagged remarks in ``fmt``; with ``roles``, CSV, TSV and the table get a last column with
    each block's role (JSON has a "role" key whenever a remark has one)."""
    if fmt is Format.jsonl:
        file.writelines(jsonl_line(remark, tagged) for remark, tagged in items)
    elif fmt is Format.json:
        file.writelines(json_array(tagged_record(r, t) for r, t in items))
    elif fmt is Format.table:
        rows = ([r.source, r.line, r.text, "" if left_out(r) else ", ".join(t.topics),
                 "" if left_out(r) else ", ".join(t.kinds), *([r.role] if roles else [])] for r, t in items)
        write_rows(rows, ["source", "line", "text", "topics", "kinds", *(["role"] if roles else [])], fmt, file)
    else:
        rows = ([*tagged_row(r, t), *([r.role] if roles else [])] for r, t in items)
        write_rows(rows, [*TAG_HEADERS, *(["role"] if roles else [])], fmt, file, no_headers=no_headers)
