"""Tallies and cross-tabs written as tables, CSV/TSV, JSON, Markdown or a workbook."""

from __future__ import annotations

import json
from pathlib import Path

from forumcli.errors import OutputError
from forumcli.render.labels import (
    XLSX_GROUP,
    XLSX_LONG,
    XLSX_SECTIONS,
    XLSX_TAIL,
    XLSX_TALLY_HEADERS,
)
from forumcli.render.output import Format


def write_tally(counts, fmt: Format, fh, lang: str, no_headers: bool, excel: bool = False) -> None:
    from forumcli.render.output import write_rows

    rows = counts.rows(lang)
    headers = ["id", "label", "count", "share"]
    if fmt is Format.json:
        fh.write(json.dumps(counts.as_json(lang), ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.jsonl:
        for r in rows:
            fh.write(json.dumps({k: r[k] for k in ("section", *headers)}, ensure_ascii=False) + "\n")
    elif fmt is Format.table:
        fh.write(counts.summary(lang) + "\n\n")
        topic_rows = [[r["id"], r["label"], r["count"], f"{r['share']:.1%}"] for r in rows if r["section"] == "topic"]
        kind_rows = [[r["id"], r["label"], r["count"], f"{r['share']:.1%}"] for r in rows if r["section"] == "kind"]
        write_rows(topic_rows, headers, fmt, fh, title="Chủ đề" if lang == "vi" else "Topics")
        write_rows(kind_rows, headers, fmt, fh, title="Loại ý kiến" if lang == "vi" else "Kinds")
    elif excel:  # for a person in Excel: the section, headers in the label language, shares as percentages
        sections = XLSX_SECTIONS[lang]
        xl_rows = ([sections[r["section"]], r["id"], r["label"], r["count"], percent_text(r["share"], lang)] for r in rows)
        write_rows(xl_rows, XLSX_TALLY_HEADERS[lang], fmt, fh, no_headers=no_headers, excel=True)
    else:
        write_rows(([r[h] for h in headers] for r in rows), headers, fmt, fh, no_headers=no_headers, excel=excel)


def percent_text(share: float, lang: str) -> str:
    """A share as Excel reads a percentage typed in: "6,3%" for a Vietnamese Excel (the comma is
    its decimal mark, the dot groups thousands), "6.3%" for an English one."""
    text = f"{share * 100:.1f}%"
    return text.replace(".", ",") if lang == "vi" else text


def write_cross(cross, long: bool, fmt: Format, fh, lang: str, no_headers: bool, excel: bool) -> None:
    from forumcli.analyse.crosstab import LONG_HEADERS
    from forumcli.render.output import json_array, write_markdown_table, write_rows

    if fmt is Format.json:
        if long:
            for chunk in json_array(cross.long_json()):
                fh.write(chunk)
        else:
            fh.write(json.dumps(cross.as_json(), ensure_ascii=False, indent=2) + "\n")
    elif long:
        headers = [XLSX_GROUP[lang][cross.by.value], *XLSX_LONG[lang]] if excel else LONG_HEADERS
        write_rows(cross.long_rows(lang), headers, fmt, fh, no_headers=no_headers, excel=excel)
    elif fmt is Format.md:
        headers = cross.wide_headers(lang)
        write_markdown_table(cross.wide_rows(lang), headers, fh, right=range(1, len(headers)))
    elif fmt is Format.table:
        # the terminal is narrow: number the topic columns and list the labels below
        headers = cross.wide_headers(lang)
        topics = headers[1:-2]
        write_rows(cross.wide_rows(lang), [headers[0], *map(str, range(1, len(topics) + 1)), *headers[-2:]], fmt, fh)
        for n, label in enumerate(topics, start=1):
            fh.write(f"{n:>3}  {label}\n")
    else:
        headers = cross.wide_headers(lang)
        if excel:
            headers = [XLSX_GROUP[lang][cross.by.value], *headers[1:-2], *XLSX_TAIL[lang]]
        write_rows(cross.wide_rows(lang), headers, fmt, fh, no_headers=no_headers, excel=excel)




class TallyWorkbook:
    """``tally -o x.xlsx``: the Tally sheet first, then Remarks and Untagged, streamed a
    remark at a time (``add``); the tally itself is written at the end (``save``)."""

    def __init__(self, output: Path, cross, long: bool, tagger, level: str, lang: str):
        from forumcli.render.workbook import RemarkSheets, WorkbookWriter

        self.output = output
        self.long = long
        self.lang = lang
        self.book = WorkbookWriter()
        if cross is None:
            self.tally = self.book.sheet("Tally", XLSX_TALLY_HEADERS[lang], percent_columns=frozenset({4}))
        else:
            group = XLSX_GROUP[lang][cross.by.value]
            if long:
                headers = [group, *XLSX_LONG[lang]]
            else:
                headers = [group, *cross.wide_headers(lang)[1:-2], *XLSX_TAIL[lang]]
            self.tally = self.book.sheet("Tally", headers)
        self.remarks = RemarkSheets(self.book, tagger, level=level, lang=lang)
        self.add = self.remarks.add

    def save(self, counts, cross) -> None:
        lang = self.lang
        if cross is None:
            sections = XLSX_SECTIONS[lang]
            rows = ([sections[r["section"]], r["id"], r["label"], r["count"], r["share"]] for r in counts.rows(lang))
        elif self.long:
            rows = cross.long_rows(lang)
        else:
            rows = cross.wide_rows(lang)
        for row in rows:
            self.tally.append(row)
        try:
            self.book.save(self.output)
        except OSError as e:
            raise OutputError(str(self.output), f"cannot write: {e.strerror or e}") from None
