"""Where ``-o`` may write. An output file is written beside its target and renamed over
it, which would replace whatever is there: so a target that is not an ordinary,
writable file (or that is one of the run's inputs) is refused before any work is done.

- a symlink is followed: the file it points to is written (the link stays a link);
- a directory, a FIFO, a device or a socket: refused (to write to a pipe or a device,
  redirect stdout instead: ``> /dev/...``);
- a file without write permission: refused, even for root (the protection is kept);
- one of the inputs of the run (the same file, by any name or link): refused.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from forumcli.errors import OutputError


def _kind(mode: int) -> str | None:
    """What a target that is not a regular file is, or None."""
    if stat.S_ISDIR(mode):
        return "is a directory; give a file name"
    if stat.S_ISFIFO(mode):
        return "is a named pipe, not a file; to write to a pipe, leave out -o and redirect stdout"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file; to write to a device, leave out -o and redirect stdout"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    return None


def output_target(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """The file to write for ``-o path``: ``path`` itself, or the file a symlink points to.
    Raises ``OutputError`` (naming ``path``) when it must not be written."""
    name = str(path)
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real  # a new file: its folder is checked when it is written
    except OSError as e:
        raise OutputError(name, f"cannot write: {e.strerror or e}") from None
    problem = _kind(st.st_mode)
    if problem:
        raise OutputError(name, problem)
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(real, os.W_OK):
        raise OutputError(name, "is read-only; forumcli does not replace a protected file (make it writable first)")
    for source in inputs:
        try:
            if os.path.samestat(st, os.stat(source)):
                also = "" if str(source) == name else f" ({source})"
                raise OutputError(name, f"is also an input{also}; write the output to another file")
        except OSError:
            continue
    return real
