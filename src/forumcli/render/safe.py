"""Text made safe for where it is shown: spreadsheet cells, Markdown, terminals.

Remarks, speakers, file names and taxonomy labels come from documents nobody checked.
A cell that starts with ``=`` is a formula to Excel; ``<script>`` is HTML to a
Markdown viewer; an escape sequence is a command to a terminal. Each function here
turns such text into text that is only shown.
"""

from __future__ import annotations

import html
import re

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What an .xlsx cell cannot hold at all (XML 1.0 forbids it): C0 controls but tab, LF, CR.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def is_formula_like(value: object) -> bool:
    """Would a spreadsheet take this cell for a formula?"""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: a leading apostrophe before
    anything that starts like a formula (Excel hides the apostrophe). Numbers pass."""
    return "'" + value if is_formula_like(value) else value  # type: ignore[operator]


def xlsx_text(value: str) -> str:
    """``value`` with the characters an .xlsx file cannot hold replaced by U+FFFD."""
    return _NOT_IN_XML.sub(REPLACEMENT, value)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` for a terminal: control characters and escape sequences written out as
    ``\\x1b``, ``\\u202e`` and so on, so that they are seen, not obeyed. Tab and newline stay."""
    return _CONTROL.sub(_escape, text)


def one_line(text: str) -> str:
    """Like ``printable``, and newlines written out too: for a line of a message."""
    return _CONTROL_OR_NEWLINE.sub(_escape, text)


def markdown_cell(value: object) -> str:
    """A Markdown table cell: HTML escaped (a viewer renders raw HTML), pipes escaped,
    one line, no control characters."""
    text = "" if value is None else str(value)
    return one_line(html.escape(text, quote=False).replace("|", "\\|").replace("\n", " "))


