"""What stdin holds when no --input-format says: a Word or Excel file is a zip archive, which
the text reader would only call "not a text file". Its parts say which of the two it is."""

from __future__ import annotations

import zipfile
from typing import BinaryIO

from forumcli.errors import InputError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls (Office 97-2003)
HINT = "give --input-format docx or xlsx"


def sniff_format(stream: BinaryIO, source: str, default: str = "txt") -> str:
    """``docx`` or ``xlsx`` for a Word or Excel file, ``default`` for anything else; raises
    ``InputError`` for a zip or an old Office file it cannot read. Leaves ``stream`` at 0."""
    stream.seek(0)
    head = stream.read(len(OLE_MAGIC))
    stream.seek(0)
    if head.startswith(OLE_MAGIC):
        raise InputError(source, "an old binary Word or Excel file (.doc, .xls): save it as .docx or .xlsx")
    if not head.startswith(ZIP_MAGIC):
        return default
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(source, f"a damaged zip file (Word or Excel?); {HINT}") from None
    finally:
        stream.seek(0)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise InputError(source, f"a zip file that is neither a Word nor an Excel file; {HINT}")
