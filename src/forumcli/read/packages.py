"""Guards for Word and Excel files, which are zip packages of XML parts.

Before python-docx or openpyxl parse a package, ``check_package`` reads its zip
directory and refuses what would take unbounded memory or time to open: too many
parts, a part (or all of them) unpacking to more than a limit, or an XML part
parsed whole holding more elements than a limit (a few hundred KB of zip can hold
millions of empty paragraphs or shared strings). ``damaged`` turns whatever the
parsers raise on a damaged package (bad XML, a missing part, a bad zip) into one
``InputError`` naming the file.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from forumcli.errors import InputError
from forumcli.read import limits
from forumcli.read.limits import size_text

_STREAMED = re.compile(r"xl/worksheets/[^/]+\.xml")  # openpyxl reads worksheets row by row
_CHUNK = 1 << 20


def check_package(stream: BinaryIO, source: str, kind: str) -> None:
    """Raise ``InputError`` when the package in ``stream`` is over a limit; rewind it."""
    try:
        with zipfile.ZipFile(stream) as package:
            infos = package.infolist()
            if len(infos) > limits.MAX_PARTS:
                raise InputError(source, f"{len(infos):,} parts in the {kind} package; the limit is {limits.MAX_PARTS:,}")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > limits.MAX_PART:
                    raise InputError(
                        source, f"part '{info.filename}' unpacks to {size_text(info.file_size)}; "
                        f"the limit is {size_text(limits.MAX_PART)}"
                    )
                if total > limits.MAX_UNPACKED:
                    raise InputError(source, f"the {kind} package unpacks to more than {size_text(limits.MAX_UNPACKED)}, the limit")
            for info in infos:
                whole = info.filename.endswith((".xml", ".rels")) and not _STREAMED.fullmatch(info.filename)
                if whole and info.file_size > limits.MAX_WHOLE_PART:
                    raise InputError(
                        source, f"part '{info.filename}' unpacks to {size_text(info.file_size)}; "
                        f"the limit is {size_text(limits.MAX_WHOLE_PART)}"
                    )
                if whole and _elements(package, info) > limits.MAX_ELEMENTS:
                    raise InputError(
                        source, f"part '{info.filename}' holds more than {limits.MAX_ELEMENTS:,} XML elements, the limit"
                    )
    except (InputError, MemoryError):
        raise
    except Exception as e:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, NotImplementedError (a compression zipfile lacks)...
        raise InputError(source, f"not a readable {kind} ({_one_line(e)})") from None
    finally:
        stream.seek(0)


def _elements(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """Start tags in a part ("<" not followed by "/"), counted while unpacking it in chunks;
    stops once past the limit."""
    count = 0
    last = b""
    with package.open(info) as part:
        while chunk := part.read(_CHUNK):
            count += chunk.count(b"<") - chunk.count(b"</") - (last == b"<" and chunk[:1] == b"/")
            last = chunk[-1:]
            if count > limits.MAX_ELEMENTS:
                break
    return count


@contextlib.contextmanager
def damaged(source: str, kind: str) -> Iterator[None]:
    """Whatever python-docx, openpyxl, lxml or zipfile raise on a damaged package becomes
    one ``InputError``; ours, and running out of memory, pass as they are."""
    try:
        yield
    except (InputError, MemoryError):
        raise
    except RecursionError:
        raise InputError(source, f"not a readable {kind} (XML nested too deeply)") from None
    except Exception as e:  # noqa: BLE001 - the parsers raise anything on damaged input (KeyError, TypeError, ...)
        raise InputError(source, f"not a readable {kind} ({_one_line(e)})") from None


_WHERE_RE = re.compile(r",? line \d+, column \d+.*$")


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    position = getattr(e, "position", None)  # lxml's XMLSyntaxError and ElementTree's ParseError
    if isinstance(position, tuple) and len(position) == 2:
        what = _WHERE_RE.sub("", " ".join(str(getattr(e, "msg", None) or text).split())).rstrip(":")
        if what.startswith("Resource limit exceeded"):  # libxml2's own limits, e.g. 10 MB of text in one piece
            what = what.split(",")[0].replace("Resource limit exceeded: ", "")
            return f"XML beyond the parser's limits at line {position[0]}, column {position[1]}: {what}"
        return f"damaged XML at line {position[0]}, column {position[1]}: {what}"
    if isinstance(e, KeyError) and text.startswith(("'", '"')):
        text = f"missing part {text}"
    name = type(e).__name__
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{name}: {text}" if text else name
