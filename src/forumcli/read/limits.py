"""The limits on what is read, in one place (docs/input.md lists them). Each keeps a
hostile or broken input from taking unbounded memory or time; each, when reached, is an
error naming the file and the limit. Read them as ``limits.NAME`` at call time."""

from __future__ import annotations

MAX_SPOOL = 1024 * 2**20  # bytes copied from stdin or a pipe; a file given by name may be of any size
MAX_PARTS = 10_000  # members of a .docx or .xlsx zip package
MAX_PART = 256 * 2**20  # bytes one member unpacks to
MAX_WHOLE_PART = 64 * 2**20  # bytes a part parsed whole unpacks to (every part but a worksheet or a picture)
MAX_UNPACKED = 1024 * 2**20  # bytes all members together unpack to
MAX_ELEMENTS = 1_000_000  # XML elements in one part parsed whole


def size_text(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 and n % 2**20 == 0 else f"{n:,} bytes"
