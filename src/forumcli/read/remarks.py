"""Read remarks from meeting notes: text, Markdown, JSON Lines, Word, CSV/TSV/Excel, stdin.

Reading is two steps. ``prepare_inputs`` expands folders, copies stdin to a
temporary file and (with ``validate``) reads every input once without keeping
anything, so that a bad file stops the run before any output is written.
``Inputs.remarks()`` then streams the remarks. ``read_remarks`` does both lazily.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from forumcli.errors import InputError
from forumcli.read.model import MAX_REMARK, ReadOptions, ReadStats, Remark
from forumcli.read.sources import Source, expand, note_skipped
from forumcli.read.spool import stamp
from forumcli.text.normalize import lone_surrogate, nfc
from forumcli.text.split import split_items, split_sentences, split_speaker

if TYPE_CHECKING:
    from forumcli.read.formats import Block


# "- ", "• ", "+ ", "1.", "2)", "(3)", "a) ", "# " (markdown), repeated: "- 1. ".
_BULLET_RE = re.compile(
    r"^\s*(?:[-–—•*+·●○◦▪■►➢✓>]+\s*|#{1,6}\s+|\(?\d{1,3}[.)](?!\d)\s*|\(?[a-zđA-ZĐ]\)\s+|[a-zđ]\.\s+)"
)

_AFTER_LETTER_BULLET = frozenset(").")  # "a) ", "a. ": the only bullets that start with a letter


def strip_bullet(line: str) -> str:
    """Remove leading bullets and numbering ("- ", "1.", "a)", "•")."""
    text = line.strip()
    if text[:1].isalpha() and text[1:2] not in _AFTER_LETTER_BULLET:  # most lines: nothing to strip
        return text
    prev = None
    while prev != text:
        prev = text
        text = _BULLET_RE.sub("", text, count=1).strip()
    return text


# ------------------------------------------------------------------ blocks to remarks


def _text_blocks(lines: Iterable[tuple[int, str]], split: str, source: str) -> Iterator[Block]:
    """Group text lines: one line per block (line, item), blank-line paragraphs
    (paragraph), or paragraphs that also break before a bullet or a speaker (sentence)."""
    from forumcli.read import formats
    from forumcli.read.formats import Block

    if split in ("line", "item"):
        for lineno, text in lines:
            if text.strip():
                yield Block(((lineno, text),))
        return
    group: list[tuple[int, str]] = []
    size = 0
    for lineno, text in lines:
        starts_new = not text.strip() or (
            split == "sentence" and group and (strip_bullet(text) != text.strip() or split_speaker(text.strip()))
        )
        if starts_new and group:
            yield Block(tuple(group))
            group, size = [], 0
        if text.strip():
            group.append((lineno, text))
            size += len(text)
            if size > formats.MAX_LINE:
                limit = formats.size_text(formats.MAX_LINE)
                raise InputError(source, f"paragraph longer than {limit} from here: try --split line", group[0][0])
    if group:
        yield Block(tuple(group))


def _block_remarks(block, source: str, split: str | None, opts: ReadOptions, stats: ReadStats) -> Iterator[Remark]:
    speaker, place = block.speaker, block.place
    source = block.source or source
    if split in ("paragraph", "sentence"):
        lines = [(n, strip_bullet(t)) for n, t in block.lines if t.strip()]
        stats.skipped += sum(1 for _, t in lines if not t)  # a line that was only a bullet or number
        lines = [(n, t) for n, t in lines if t]
    if split is None:
        pieces = [(block.lines[0][0], "\n".join(t for _, t in block.lines).strip())]
    elif split == "paragraph":
        pieces = [(lines[0][0], " ".join(t for _, t in lines))] if lines else []
    elif split == "sentence":
        pieces = []
        if lines:
            if opts.speakers and speaker is None and (found := split_speaker(lines[0][1])):
                speaker, place, lines[0] = found.name, found.place, (lines[0][0], found.rest)
            pieces = list(split_sentences(lines))
    else:  # line, item
        pieces = [(n, t) for n, t in block.lines if t.strip()]
    for lineno, piece in pieces:
        text = strip_bullet(piece)
        who, where = speaker, place
        if opts.speakers and who is None and split != "sentence" and (found := split_speaker(text)):
            who, where, text = found.name, found.place, found.rest
        fields = block.fields
        items = [text]
        if split == "item":
            lead, items = split_items(text)
            if lead:
                fields = {**(fields or {}), "lead": lead}
        for item in items:
            item = strip_bullet(item) if split == "item" else item
            if not item or (block.table_cell and _is_number(item)):
                stats.skipped += 1
                continue
            if len(item) > MAX_REMARK:
                hint = "" if split == "sentence" else "; try --split sentence"
                raise InputError(
                    source, f"remark too long ({len(item)} characters; the limit is {MAX_REMARK}){hint}", lineno
                )
            stats.remarks += 1
            yield Remark(source, lineno, item, id=block.id, speaker=who, place=where, fields=fields)


_NUMBER_RE = re.compile(r"^[\d\W_]+$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER_RE.match(text))


def json_line(raw: str, source: str, lineno: int) -> object:
    """One line of a JSON Lines file, parsed; an ``InputError`` naming the line if it is not JSON."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as e:
        raise InputError(source, f"invalid JSON: {e.msg} (column {e.colno})", lineno) from None
    except RecursionError:
        raise InputError(source, "invalid JSON: nested too deeply", lineno) from None


def check_unicode(text: str, key: str, source: str, lineno: int) -> None:
    """Raise an ``InputError`` naming the line when ``text`` holds half a UTF-16 pair (from a
    JSON "\\ud800" escape): it could not be written anywhere."""
    if bad := lone_surrogate(text):
        raise InputError(source, f"'{key}' holds \\u{ord(bad):04x}, half of a UTF-16 pair: not text", lineno)


def _jsonl_blocks(lines: Iterable[tuple[int, str]], source: str, field_name: str) -> Iterator[Block]:
    from forumcli.read.formats import Block

    for lineno, raw in lines:
        if not raw.strip():
            continue
        obj = json_line(raw, source, lineno)
        if not isinstance(obj, dict):
            raise InputError(source, "expected a JSON object", lineno)
        if field_name not in obj:
            keys = ", ".join(map(str, obj)) or "none"
            raise InputError(source, f"no '{field_name}' field (keys: {keys}); use --field", lineno)
        value = obj[field_name]
        if not isinstance(value, str):
            raise InputError(source, f"'{field_name}' is not a string", lineno)
        rid, who, where = obj.get("id"), obj.get("speaker"), obj.get("place")
        for key, text in ((field_name, value), ("id", rid), ("speaker", who), ("place", where)):
            if isinstance(text, str):
                check_unicode(text, key, source, lineno)
        yield Block(
            tuple((lineno, part) for part in nfc(value).split("\n")),
            id=None if rid is None else str(rid),
            speaker=nfc(who) if isinstance(who, str) and who.strip() else None,
            place=nfc(where) if isinstance(where, str) and where.strip() else None,
            whole=True,
        )


def read_stream(
    stream: BinaryIO,
    source: str,
    *,
    fmt: str = "txt",
    field_name: str = "text",
    encoding: str | None = None,
    stats: ReadStats | None = None,
    column: str = "text",
    split: str | None = None,
    speakers: bool = True,
    structure: str = "auto",
    all_blocks: bool = False,
) -> Iterator[Remark]:
    """The remarks of one open binary stream in format ``fmt``."""
    stats = stats if stats is not None else ReadStats()
    opts = ReadOptions(field_name=field_name, column=column, encoding=encoding, split=split, speakers=speakers,
                       structure=structure, all_blocks=all_blocks)
    from forumcli.read import minutes

    lines = None
    if structure == "auto" and fmt in minutes.STRUCTURED and split in (None, "line"):
        parts, lines = minutes.parts_of(stream, source, fmt, encoding=encoding, speakers=speakers)
        if parts is not None:
            yield from minutes.part_remarks(parts, source, all_blocks=all_blocks, stats=stats)
            return
    if lines is not None:
        blocks, split = _text_blocks(lines, split or "line", source), split or "line"
    else:
        blocks, split = _blocks(stream, source, fmt, opts, stats.notes)
    for block in blocks:
        yield from _block_remarks(block, source, split, opts, stats)


def _blocks(stream: BinaryIO, source: str, fmt: str, opts: ReadOptions, notes: list[str] | None = None
            ) -> tuple[Iterator[Block], str | None]:
    """The blocks of a stream and the split that applies to them. Every error a
    file can raise is raised while iterating its blocks."""
    from forumcli.read import formats

    split, column, encoding = opts.split, opts.column, opts.encoding
    if fmt == "docx":
        blocks = formats.docx_blocks(stream, source)
        split = split or "line"
    elif fmt == "xlsx":
        blocks = formats.xlsx_blocks(stream, source, column=column, notes=notes)
    elif fmt in ("csv", "tsv"):
        delimiter = "\t" if fmt == "tsv" else ","
        blocks = formats.csv_blocks(stream, source, column=column, encoding=encoding, delimiter=delimiter)
    elif fmt == "jsonl":
        blocks = _jsonl_blocks(formats.text_lines(stream, source, encoding), source, opts.field_name)
    else:
        split = split or "line"
        blocks = _text_blocks(formats.text_lines(stream, source, encoding), split, source)
    return blocks, split


def _check_source(stream: BinaryIO, source: Source, opts: ReadOptions) -> None:
    """Read a source through, keeping nothing: raises what reading would. Sentence
    splitting (slow, and it cannot fail) is left for the real pass, and so are
    speakers and remarks for blocks too short to hold a remark that is too long."""
    try:
        if _plainly_fine(stream, source, opts):
            return
        blocks, split = _blocks(stream, source.name, source.fmt, opts)
        for block in blocks:
            # the only error building remarks can raise is a remark over MAX_REMARK
            # characters; every remark is a piece of the block's lines, so a block
            # whose lines (and separators) add up to no more cannot raise it
            if split != "sentence" and sum(len(t) + 1 for _, t in block.lines) > MAX_REMARK:
                for _ in _block_remarks(block, source.name, split, opts, ReadStats()):
                    pass
    except OSError as e:
        raise InputError(source.name, f"cannot read: {e.strerror or e}") from None
    except MemoryError:
        raise InputError(source.name, "too large to read") from None


def _plainly_fine(stream: BinaryIO, source: Source, opts: ReadOptions) -> bool:
    """Whether a text file read line by line is certainly fine, checked in large blocks (about
    20 times quicker than reading it line by line): valid UTF-8, no NUL byte, no UTF-16 mark,
    no line longer than a remark may be. False when in doubt; the stream is then rewound, and
    the line-by-line check finds the error and its line."""
    if source.fmt not in ("txt", "md") or opts.encoding is not None or (opts.split or "line") not in ("line", "item"):
        return False
    if not stream.seekable():
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    longest = carry = 0
    first = True
    try:
        while block := stream.read(1 << 20):
            if first and block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return False
            first = False
            if b"\x00" in block:
                return False
            decoder.decode(block)
            lines = block.split(b"\n")
            if len(lines) == 1:
                carry += len(block)
            else:
                longest = max(longest, carry + len(lines[0]), max(map(len, lines[1:-1]), default=0))
                carry = len(lines[-1])
            if max(longest, carry) > MAX_REMARK:  # bytes: a remark of the line has no more characters
                return False
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


# ------------------------------------------------------------------ inputs


@dataclass
class Inputs:
    """The inputs of one run, expanded and (optionally) checked."""

    sources: list[Source]
    options: ReadOptions
    stats: ReadStats
    keep_going: bool = False

    def remarks(self) -> Iterator[Remark]:
        """Every remark of every input, in order. A file that fails now (it was
        moved, or changed since the check) raises, or with ``keep_going`` is listed
        in ``stats.failed``; remarks already yielded from it stay counted."""
        try:
            for source in self.sources:
                try:
                    with source.open() as stream:
                        source.unchanged(stream, "after it was checked, before it was read")
                        self.stats.files += 1
                        yield from _read_source(stream, source, self.options, self.stats)
                        source.unchanged(stream, "while it was read: its remarks may be incomplete")
                except InputError as e:
                    if not self.keep_going:
                        raise
                    self.stats.failed.append(str(e))
        finally:
            self.close()

    def close(self) -> None:
        for source in self.sources:
            if source.data is not None:
                source.data.close()


def _read_source(stream: BinaryIO, source: Source, opts: ReadOptions, stats: ReadStats) -> Iterator[Remark]:
    try:
        yield from read_stream(
            stream, source.name, fmt=source.fmt, field_name=opts.field_name, encoding=opts.encoding,
            stats=stats, column=opts.column, split=opts.split, speakers=opts.speakers,
            structure=opts.structure, all_blocks=opts.all_blocks,
        )
    except OSError as e:  # a read error: the disk, a network share, a file truncated under us
        raise InputError(source.name, f"cannot read: {e.strerror or e}") from None
    except MemoryError:
        raise InputError(source.name, "too large to read") from None


def prepare_inputs(
    paths: Iterable[str],
    *,
    options: ReadOptions | None = None,
    stats: ReadStats | None = None,
    keep_going: bool = False,
    validate: bool = True,
    skip: Callable[[Path], bool] | None = None,
) -> Inputs:
    """Expand ``paths`` ("-" is stdin, folders are read recursively in sorted order)
    and, with ``validate``, read every input once so that a bad one raises
    ``InputError`` now, before any output. With ``keep_going`` bad inputs are
    listed in ``stats.failed`` and left out instead. Files found in folders for which
    ``skip`` is true are left out, and one note in ``stats.notes`` names them."""
    opts = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    sources: list[Source] = []

    def fail(e: InputError) -> None:
        if not keep_going:
            for s in sources:
                if s.data is not None:
                    s.data.close()
            raise e
        stats.failed.append(str(e))

    for p in paths:
        try:
            problems: list[InputError] = []
            found = expand(p, opts, sources, problems, skip)
            for problem in problems:
                fail(problem)
            sources += found
        except InputError as e:
            fail(e)
    if skip is not None:
        note_skipped(sources, stats)
    if validate:
        checked: list[Source] = []
        for source in sources:
            try:
                with source.open() as stream:
                    source.stamp = stamp(stream)
                    _check_source(stream, source, opts)
                    source.unchanged(stream, "while it was checked")
                checked.append(source)
                source.checked = True
            except InputError as e:
                if source.data is not None and keep_going:
                    source.data.close()
                fail(e)
        sources = checked
    return Inputs(sources, opts, stats, keep_going)


def read_remarks(
    paths: Iterable[str],
    *,
    field_name: str = "text",
    encoding: str | None = None,
    input_format: str | None = None,
    stats: ReadStats | None = None,
    column: str = "text",
    split: str | None = None,
    speakers: bool = True,
    keep_going: bool = False,
    validate: bool = False,
) -> Iterator[Remark]:
    """Remarks of every path in order; "-" is stdin. Raises InputError on bad input."""
    opts = ReadOptions(field_name, column, encoding, input_format, split, speakers)
    inputs = prepare_inputs(paths, options=opts, stats=stats, keep_going=keep_going, validate=validate)
    yield from inputs.remarks()
