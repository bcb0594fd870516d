"""Whole minutes to remarks: the units of a .txt, .md or .docx file go through the structure
pass; when it recognises a Biên bản, its remarks (and, on request, every other block with its
role) are what is read. Otherwise the reader goes on line by line as it always has.

A text file is looked at for its first lines only before deciding, so a long list of
one-remark lines is still streamed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import BinaryIO

from forumcli.errors import InputError
from forumcli.read import formats
from forumcli.read.model import MAX_REMARK, ReadStats, Remark
from forumcli.read.structure import classify, is_sign, opens_minutes
from forumcli.read.units import Part, Unit, docx_units, text_units

STRUCTURED = ("txt", "md", "docx")
_LOOK = 80  # lines of a text file looked at before deciding that it is a list of remarks


def parts_of(stream: BinaryIO, source: str, fmt: str, *, encoding: str | None, speakers: bool
             ) -> tuple[list[Part] | None, Iterator[tuple[int, str]] | None]:
    """(parts, None) for minutes; (None, the text lines) for a text file that is not; (None, None)
    for a Word document that is not (the caller reads it again from the start)."""
    if fmt == "docx":
        units = list(docx_units(stream, source))
        parts = classify(units, speakers=speakers)
        if parts is None:
            stream.seek(0)
        return parts, None
    lines = formats.text_lines(stream, source, encoding)
    head = list(itertools.islice(lines, _LOOK))
    if not any(_promising(t) for _, t in head):
        return None, itertools.chain(head, lines)
    everything = head + list(lines)
    parts = classify(text_units(everything), speakers=speakers)
    return parts, (iter(everything) if parts is None else None)


def _promising(text: str) -> bool:
    """A line that a Biên bản has and a list of remarks has not (what ``classify`` looks for)."""
    return bool(text.strip()) and (opens_minutes(text) or is_sign(Unit(0, text.strip())))


def left_out(parts: list[Part]) -> dict[str, int]:
    """How many blocks of each role are not remarks."""
    counts: dict[str, int] = {}
    for part in parts:
        if part.role != "remark":
            counts[part.role] = counts.get(part.role, 0) + 1
    return counts


def part_remarks(parts: list[Part], source: str, *, all_blocks: bool, stats: ReadStats) -> Iterator[Remark]:
    """The remarks of the parts of a Biên bản; with ``all_blocks``, every other block too."""
    stats.blocks += len(parts)
    for role, n in left_out(parts).items():
        stats.left_out[role] = stats.left_out.get(role, 0) + n
    for part in parts:
        line = part.unit.line
        role = part.role if all_blocks else None
        if part.role != "remark":
            if all_blocks:
                yield Remark(source, line, part.unit.text, role=role, fields={"why": part.why})
            continue
        for said in part.remarks:
            text = said.text.strip()
            if not text:
                stats.skipped += 1
                continue
            if len(text) > MAX_REMARK:
                raise InputError(source, f"remark too long ({len(text)} characters; the limit is {MAX_REMARK})", line)
            stats.remarks += 1
            fields = {"why": part.why} if all_blocks else None
            yield Remark(source, line, text, speaker=said.speaker, place=said.place, fields=fields, role=role)



OUTLINE_HEADERS = ["source", "line", "role", "speaker", "place", "text", "why"]
_LINE_BY_LINE = "read line by line: no Biên bản structure recognised"


def outline_rows(remarks) -> Iterator[list[object]]:
    """One row per block read with ``all_blocks`` (a summary line: one per remark it gives),
    with its role and why; input without minutes structure: every line a remark."""
    for r in remarks:
        why = (r.fields or {}).get("why") if r.role is not None else _LINE_BY_LINE
        yield [r.source, r.line, r.role or "remark", r.speaker, r.place, r.text, why]


def outline_text(rows) -> Iterator[str]:
    """The rows as a clerk reads them: the file's name, then a line per block: its line, its role,
    its text on one line, and why (a remark: who said it)."""
    source = None
    for src, line, role, speaker, place, text, why in rows:
        if src != source:
            source = src
            yield f"{src}\n"
        who = f" ({', '.join(x for x in (speaker, place) if x)})" if speaker or place else ""
        flat = " ".join(str(text).split())
        yield f"{line:>6}  {role:<10}  {flat}{who}  [{why}]\n"
