"""Files replaced atomically: written beside their target under a temporary name and
renamed into place only when complete, so a failure (or Ctrl-C) leaves the old file as it
was and no partial file behind. Used for every output forumcli writes and for its cache."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(target: Path, *, shared: bool = True) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it when the block ends without an
    error and removed otherwise. ``shared``: give it the mode any new file would get (0666
    less the umask) rather than mkstemp's 0600, for reports and spreadsheets others read."""
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    if shared:
        umask = os.umask(0)
        os.umask(umask)
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o666 & ~umask)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
