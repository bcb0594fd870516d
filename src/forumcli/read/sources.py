"""Where remarks come from: the files named, the files a folder holds, stdin and pipes
(copied once to a temporary file), each with its format."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from forumcli.errors import InputError
from forumcli.read.model import ReadOptions, ReadStats
from forumcli.read.spool import Stamp, changed, is_regular, spool, stamp

STDIN = "<stdin>"
SKIPPED = "skipped"  # the format of a file a folder holds that is left out (see prepare_inputs)
TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TABLE_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED = ".txt, .md, .jsonl, .docx, .csv, .tsv, .xlsx"


@dataclass
class Source:
    name: str  # as shown in records and errors
    fmt: str
    path: Path | None = None
    data: BinaryIO | None = None  # stdin or a pipe, copied to a temporary file
    checked: bool = False  # read once already by prepare_inputs
    stamp: Stamp | None = None  # the file as it was checked

    def unchanged(self, stream: BinaryIO, when: str) -> None:
        """Raise if the file open as ``stream`` is not the one that was checked."""
        if self.data is None and (how := changed(self.stamp, stamp(stream))):
            raise InputError(self.name, f"changed {when} ({how}); run again")

    def open(self) -> BinaryIO:
        if self.data is not None:
            self.data.seek(0)
            return _Unclosing(self.data)
        assert self.path is not None
        try:
            return self.path.open("rb")
        except FileNotFoundError:
            gone = "no such file (it was moved or deleted during the run)" if self.checked else "no such file"
            raise InputError(self.name, gone) from None
        except IsADirectoryError:
            raise InputError(self.name, "is a directory") from None
        except OSError as e:
            raise InputError(self.name, f"cannot open: {e.strerror or e}") from None


class _Unclosing:
    """A view of the stdin copy that ``with`` does not close (it is read twice)."""

    def __init__(self, fh: BinaryIO):
        self._fh = fh

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __iter__(self):
        return iter(self._fh)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in TABLE_SUFFIXES:
        return TABLE_SUFFIXES[suffix]
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in (".doc", ".xls"):
        raise InputError(str(path), f"old binary '{suffix}' files are not supported: save as {suffix}x ({SUPPORTED})")
    raise InputError(str(path), f"unsupported file type '{suffix}' (supported: {SUPPORTED})")


def _supported(path: Path) -> bool:
    s = path.suffix.lower()
    if path.name.startswith((".", "~$")):  # hidden files, Word/Excel lock files
        return False
    return (s in TEXT_SUFFIXES and s != "") or s in JSONL_SUFFIXES or s in TABLE_SUFFIXES or s in DOCX_SUFFIXES


def _walk(root: Path, problems: list[InputError]) -> list[Path]:
    """Supported files below ``root``, sorted; iterative, so any depth works. Symlinked
    folders are not followed (no loops). A folder that cannot be listed is added to
    ``problems`` and the others are still walked."""
    found: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as e:
            problems.append(InputError(str(folder), f"cannot read folder: {e.strerror or e}"))
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file() and _supported(Path(entry.name)):
                    found.append(Path(entry.path))
            except OSError:
                continue
    return sorted(found, key=lambda p: p.parts)


def note_skipped(sources: list[Source], stats: ReadStats) -> None:
    left_out = [s.name for s in sources if s.fmt == SKIPPED]
    sources[:] = [s for s in sources if s.fmt != SKIPPED]
    if left_out:
        n = len(left_out)
        stats.notes.append(f"{n} forumcli output{'s' if n != 1 else ''}: {', '.join(left_out)}")


def expand(p: str, opts: ReadOptions, so_far: list[Source], problems: list[InputError],
            skip: Callable[[Path], bool] | None = None) -> list[Source]:
    if p == "-":
        if any(s.name == STDIN for s in so_far):
            raise InputError(STDIN, "'-' (stdin) given more than once")
        data = spool(sys.stdin.buffer, STDIN)
        if opts.input_format is None:  # a Word or Excel file is told by its content
            from forumcli.read.sniff import sniff_format

            try:
                return [Source(STDIN, sniff_format(data, STDIN), data=data)]
            except InputError:
                data.close()
                raise
        return [Source(STDIN, opts.input_format, data=data)]
    path = Path(p)
    try:
        is_dir = path.is_dir()
    except OSError as e:
        raise InputError(p, f"cannot open: {e.strerror or e}") from None
    if is_dir:
        return [
            Source(str(f), SKIPPED if skip is not None and skip(f) else opts.input_format or format_of(f), path=f)
            for f in _walk(path, problems)
        ]
    if not path.exists() and not path.is_symlink():
        raise InputError(p, "no such file")
    fmt = opts.input_format or format_of(path)
    if not is_regular(path):  # a FIFO, a pipe ("<(command)"), a device: it can be read only once
        with Source(p, fmt, path=path).open() as stream:
            return [Source(p, fmt, data=spool(stream, p))]
    return [Source(p, fmt, path=path)]
