"""Read remarks from meeting notes: text files, JSON Lines, stdin."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .normalize import nfc

STDIN = "<stdin>"
TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

# "- ", "• ", "+ ", "1.", "2)", "(3)", "a) ", "# " (markdown), repeated: "- 1. ".
_BULLET_RE = re.compile(
    r"^\s*(?:[-–—•*+·●○◦▪■►➢✓>]+\s*|#{1,6}\s+|\(?\d{1,3}[.)](?!\d)\s*|\(?[a-zđA-ZĐ]\)\s+|[a-zđ]\.\s+)"
)


@dataclass(frozen=True, slots=True)
class Remark:
    source: str
    line: int
    text: str
    id: str | None = None
    speaker: str | None = None
    place: str | None = None
    fields: dict[str, object] | None = None


class InputError(Exception):
    """Input that cannot be read: names the file and, where known, the line."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass
class ReadStats:
    remarks: int = 0
    skipped: int = 0  # lines that were only a bullet or number
    files: int = 0
    failed: list[str] = field(default_factory=list)


def strip_bullet(line: str) -> str:
    """Remove leading bullets and numbering ("- ", "1.", "a)", "•")."""
    prev = None
    text = line.strip()
    while prev != text:
        prev = text
        text = _BULLET_RE.sub("", text, count=1).strip()
    return text


def _decode_lines(stream: BinaryIO, source: str, encoding: str | None) -> Iterator[tuple[int, str]]:
    for lineno, raw in enumerate(stream, start=1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf") and encoding in (None, "utf-8"):
            raw = raw[3:]
        try:
            text = raw.decode(encoding or "utf-8")
        except UnicodeDecodeError as e:
            raise InputError(
                source,
                f"not valid {encoding or 'UTF-8'} (byte 0x{raw[e.start]:02x} at column {e.start + 1});"
                " try --encoding cp1258",
                lineno,
            ) from None
        except LookupError:
            raise InputError(source, f"unknown encoding '{encoding}'") from None
        if "\x00" in text:
            raise InputError(source, "contains NUL bytes: not a text file", lineno)
        yield lineno, text.rstrip("\r\n")


def _text_remarks(lines: Iterable[tuple[int, str]], source: str, stats: ReadStats) -> Iterator[Remark]:
    for lineno, raw in lines:
        if not raw.strip():
            continue
        text = strip_bullet(nfc(raw))
        if not text:
            stats.skipped += 1
            continue
        stats.remarks += 1
        yield Remark(source, lineno, text)


def _jsonl_remarks(
    lines: Iterable[tuple[int, str]], source: str, stats: ReadStats, field_name: str
) -> Iterator[Remark]:
    for lineno, raw in lines:
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InputError(source, f"invalid JSON: {e.msg} (column {e.colno})", lineno) from None
        if not isinstance(obj, dict):
            raise InputError(source, "expected a JSON object", lineno)
        if field_name not in obj:
            keys = ", ".join(map(str, obj)) or "none"
            raise InputError(source, f"no '{field_name}' field (keys: {keys}); use --field", lineno)
        value = obj[field_name]
        if not isinstance(value, str):
            raise InputError(source, f"'{field_name}' is not a string", lineno)
        text = nfc(value).strip()
        if not text:
            stats.skipped += 1
            continue
        rid = obj.get("id")
        stats.remarks += 1
        yield Remark(source, lineno, text, id=None if rid is None else str(rid))


def read_stream(
    stream: BinaryIO,
    source: str,
    *,
    fmt: str = "txt",
    field_name: str = "text",
    encoding: str | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Remark]:
    stats = stats if stats is not None else ReadStats()
    lines = _decode_lines(stream, source, encoding)
    if fmt == "jsonl":
        yield from _jsonl_remarks(lines, source, stats, field_name)
    else:
        yield from _text_remarks(lines, source, stats)


def format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    raise InputError(str(path), f"unsupported file type '{suffix}' (supported: .txt, .md, .jsonl)")


def read_remarks(
    paths: Iterable[str],
    *,
    field_name: str = "text",
    encoding: str | None = None,
    input_format: str | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Remark]:
    """Remarks of every path in order; "-" is stdin. Raises InputError on bad input."""
    stats = stats if stats is not None else ReadStats()
    for p in paths:
        if p == "-":
            stats.files += 1
            yield from read_stream(
                sys.stdin.buffer,
                STDIN,
                fmt=input_format or "txt",
                field_name=field_name,
                encoding=encoding,
                stats=stats,
            )
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and _supported(f))
        else:
            files = [path]
        for f in files:
            fmt = input_format or format_of(f)
            try:
                stream = f.open("rb")
            except FileNotFoundError:
                raise InputError(str(f), "no such file") from None
            except IsADirectoryError:
                raise InputError(str(f), "is a directory") from None
            except OSError as e:
                raise InputError(str(f), f"cannot open: {e.strerror or e}") from None
            stats.files += 1
            with stream:
                yield from read_stream(
                    stream, str(f), fmt=fmt, field_name=field_name, encoding=encoding, stats=stats
                )


def _supported(path: Path) -> bool:
    s = path.suffix.lower()
    return (s in TEXT_SUFFIXES and s != "") or s in JSONL_SUFFIXES
