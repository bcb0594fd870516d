"""Recognise files forumcli wrote, so that a folder read twice in a row (``tally . -o
thong-ke.xlsx``, then again) does not read its own tallies, records and reports as minutes.

Only the first bytes of a file are read: a workbook's sheet names and first header cell,
a CSV/TSV header row, a JSONL file's first record, a Markdown or text file's first lines.
"""

from __future__ import annotations

import codecs
import html
import json
import re
import zipfile
from pathlib import Path

from forumcli.analyse.crosstab import LONG_HEADERS, WIDE_TAIL
from forumcli.analyse.kwic import HEADERS as KWIC_HEADERS
from forumcli.read.minutes import OUTLINE_HEADERS
from forumcli.render.labels import REPORT, XLSX_GROUP, XLSX_LONG, XLSX_TAIL, XLSX_TALLY_HEADERS
from forumcli.render.output import TAG_HEADERS
from forumcli.render.workbook import REMARK_HEADERS

# Header rows of the CSV/TSV forumcli writes (default, and with --excel in either language)
CSV_HEADERS: set[tuple[str, ...]] = {
    ("id", "label", "count", "share"),
    tuple(LONG_HEADERS),
    tuple(TAG_HEADERS),
    tuple(KWIC_HEADERS),
    tuple(OUTLINE_HEADERS),
    *(tuple(h) for h in XLSX_TALLY_HEADERS.values()),
    *(tuple(h) for h in REMARK_HEADERS.values()),
}
# the first and last cells of a cross-tab's header row (its topic columns vary)
CROSS_EDGES = {
    ("group", WIDE_TAIL[-1]),
    *((g, XLSX_TAIL[lang][-1]) for lang, groups in XLSX_GROUP.items() for g in groups.values()),
}
CROSS_LONG_TAILS = {tuple(t) for t in XLSX_LONG.values()}
SHEET_NAMES = {"Tally", "Remarks", "Untagged"}
TAG_KEYS = ("source", "line")
TAG_TAIL = ("topics", "kinds", "matches")
_SHEET_RE = re.compile(rb'<sheet\b[^>]*\bname="([^"]*)"')
# the header row of a table forumcli draws: a tally (id, label), tagged remarks (source, line),
# a cross-tab (group, then numbered topics)
_TABLE_HEAD_RE = re.compile(r"^┃ (id +┃ label|source +┃ line|group +┃ 1) +┃")
_REPORT_META = tuple((f"{t['date']}:", f"{t['files']}:") for t in REPORT.values())
HEAD = 64 * 1024


def written_by_forumcli(path: Path) -> bool:
    """Whether ``path`` looks like a file forumcli wrote (False when in doubt or unreadable)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _own_workbook(path)
        with path.open("rb") as fh:
            head = fh.read(HEAD)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False
    text = _decode(head)
    if text is None:
        return False
    lines = text.splitlines()
    if not lines:
        return False
    if suffix in (".csv", ".tsv", ".tab"):
        return _own_header(lines[0], "\t" if suffix != ".csv" else ",")
    if suffix in (".jsonl", ".ndjson"):
        return _own_record(lines[0])
    return _own_markdown(lines) or any(_TABLE_HEAD_RE.match(line) for line in lines[:12])


def _decode(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not merely a character cut at the end of the head
            return None
        return head[: e.start].decode("utf-8")


def _own_header(line: str, delimiter: str) -> bool:
    import csv

    try:
        row = tuple(next(csv.reader([line], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return False
    if row in CSV_HEADERS:
        return True
    return len(row) >= 3 and ((row[0], row[-1]) in CROSS_EDGES or row[1:] in CROSS_LONG_TAILS)


def _own_record(line: str) -> bool:
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    if not isinstance(obj, dict):
        return False
    keys = tuple(obj)
    return keys[:2] == TAG_KEYS and all(k in keys for k in TAG_TAIL)


def _own_markdown(lines: list[str]) -> bool:
    """A report (title, date, sources), or a tally, cross-tab or tagged remarks as a Markdown table."""
    first = lines[0]
    if first.startswith(("| id | label | count | share |", "| source | line | id | speaker |")):
        return True
    if first.startswith("| group | ") and first.endswith("| total | untagged |"):
        return True
    if len(lines) < 4 or not lines[0].startswith("# "):
        return False
    return any(lines[2].startswith(d) and lines[3].startswith(s) for d, s in _REPORT_META)


def _own_workbook(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        names = {m.decode("utf-8", "replace") for m in _SHEET_RE.findall(z.read("xl/workbook.xml")[:HEAD])}
        if not names or not names <= SHEET_NAMES:
            return False
        # openpyxl writes strings inline; Excel, once it has saved the file, as shared strings
        where = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in z.namelist() else "xl/worksheets/sheet1.xml"
        with z.open(where) as part:
            shared = part.read(HEAD)
    first_headers = {h[0] for h in (*XLSX_TALLY_HEADERS.values(), *REMARK_HEADERS.values())}
    first_headers |= {g for groups in XLSX_GROUP.values() for g in groups.values()}
    found = {html.unescape(t) for t in re.findall(r"<t[^>]*>([^<]*)</t>", shared.decode("utf-8", "replace"))}
    return bool(found & first_headers)
