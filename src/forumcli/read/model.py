"""What reading gives: a remark and where it was read, the options of reading, and the
counts of what was read, skipped and left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

MAX_REMARK = 50_000  # characters; a longer "remark" is not one, and would cost the tagger minutes


class Remark(NamedTuple):
    """One remark and where it was read. A tuple, as ``Tagged`` is: one is made for every
    remark read, and with --jobs made again in a worker from its pickle (a frozen dataclass
    took 2.6 µs to make, a tuple 0.3 µs)."""

    source: str
    line: int
    text: str
    id: str | None = None
    speaker: str | None = None
    place: str | None = None
    fields: dict[str, object] | None = None
    role: str | None = None  # with all blocks asked for: "remark", "header", "reply", ... (see read.structure)


@dataclass
class ReadStats:
    remarks: int = 0
    skipped: int = 0  # lines that were only a bullet or number
    files: int = 0
    failed: list[str] = field(default_factory=list)  # "PATH:LINE: message" of each input left out
    notes: list[str] = field(default_factory=list)  # what was not read, and why (a worksheet without the column)
    blocks: int = 0  # blocks of minutes read by the structure pass
    left_out: dict[str, int] = field(default_factory=dict)  # of those, the ones that are not remarks, by role


@dataclass(frozen=True)
class ReadOptions:
    field_name: str = "text"  # JSONL key of the remark text
    column: str = "text"  # CSV/TSV/XLSX column of the remark text
    encoding: str | None = None  # None: UTF-8, or UTF-16/UTF-8 by byte-order mark
    input_format: str | None = None  # None: by extension (stdin: txt)
    split: str | None = None  # None: line for text and Word, the whole cell for rows
    speakers: bool = True  # take "Ông A (TDP 5):" prefixes apart
    structure: str = "auto"  # auto: whole minutes (.txt, .md, .docx) are read by their structure; none: line by line
    all_blocks: bool = False  # also give the blocks that are not remarks, each with its role
