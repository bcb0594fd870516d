"""Read every input exactly once.

A regular file can be read twice (checked, then read), and ``stamp`` tells whether it
changed in between; anything else (stdin, a pipe, a FIFO, ``<(command)``, a device)
gives its bytes only once, so ``spool`` copies it to a temporary file first, up to
``limits.MAX_SPOOL`` bytes.
"""

from __future__ import annotations

import os
import stat
import tempfile
from typing import BinaryIO

from forumcli.errors import InputError
from forumcli.read import limits
from forumcli.read.limits import size_text

_CHUNK = 1 << 20

Stamp = tuple[int, int, int, int]  # device, inode, size, modification time (ns)


def spool(stream: BinaryIO, source: str, limit: int | None = None) -> BinaryIO:
    """A temporary file holding everything ``stream`` gives, rewound. Raises ``InputError``
    past ``limit`` bytes (``limits.MAX_SPOOL``) or on a read error; the copy is then removed."""
    limit = limits.MAX_SPOOL if limit is None else limit
    data = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
    try:
        size = 0
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise InputError(
                    source, f"more than {size_text(limit)} from a pipe or stdin: save it to a file and give the file's name"
                )
            data.write(chunk)
        data.seek(0)
    except OSError as e:
        data.close()
        raise InputError(source, f"cannot read: {e.strerror or e}") from None
    except BaseException:
        data.close()
        raise
    return data


def is_regular(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (followed through symlinks) is a regular file, which can be read twice."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # missing or unreadable: opening it gives the error


def stamp(stream: BinaryIO) -> Stamp | None:
    """What identifies an open file's contents cheaply; None when it has no descriptor."""
    try:
        st = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def changed(before: Stamp | None, after: Stamp | None) -> str | None:
    """How a file changed between two stamps, in words; None when it did not (or is unknown)."""
    if before is None or after is None or before == after:
        return None
    if before[:2] != after[:2]:
        return "it was replaced"
    if before[2] != after[2]:
        return f"its size went from {before[2]} to {after[2]} bytes"
    return "it was modified"


def one_remark(stream: BinaryIO | None, text: str, source: str, limit: int) -> str:
    """The remark ``explain`` is given: ``text``, or with ``stream`` what it holds (UTF-8),
    stripped; ``InputError`` when it is longer than ``limit`` characters. The stream is read
    no further than the limit allows."""
    too_long = f"remark too long (more than {limit:,} characters, the limit for explain)"
    if stream is not None:
        try:
            raw = stream.read(4 * limit + 1)  # a character is at most 4 bytes in UTF-8
        except OSError as e:
            raise InputError(source, f"cannot read: {e.strerror or e}") from None
        if len(raw) > 4 * limit:
            raise InputError(source, too_long)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = raw.count(b"\n", 0, e.start) + 1
            raise InputError(source, f"not valid UTF-8 (byte 0x{raw[e.start]:02x})", line) from None
    text = text.strip()
    if len(text) > limit:
        raise InputError(source, too_long)
    return text
