"""Which format an output file gets: --format when given, else its extension; an extension
no format claims is a usage error, so that ``-o counts.ods`` never writes a text table."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from forumcli.render.messages import say

TAG_EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv",
    ".md": "md", ".txt": "table", ".xlsx": "xlsx",
}
TALLY_EXTENSIONS = {
    ".txt": "table", ".csv": "csv", ".tsv": "tsv", ".json": "json", ".jsonl": "jsonl", ".md": "md", ".xlsx": "xlsx",
}
OUTLINE_EXTENSIONS = {".txt": "table", ".csv": "csv", ".tsv": "tsv", ".json": "json", ".jsonl": "jsonl", ".md": "md"}
REPORT_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def pick_format(output: Path | None, explicit: str | None, known: dict[str, str], default: str) -> str:
    """The format to write: ``explicit`` (--format), else the one of ``output``'s extension,
    else ``default`` (standard output). Exit 2 for an output whose extension is unknown."""
    if explicit is not None:
        if explicit == "xlsx" and output is None:
            print(say("xlsx_needs_output"), file=sys.stderr)
            raise typer.Exit(2)
        return explicit
    if output is None:
        return default
    suffix = output.suffix.lower()
    if suffix in known:
        return known[suffix]
    listed = ", ".join(known)
    what = f"'{suffix}'" if suffix else say("no_extension")
    print(say("unknown_extension", output=output, what=what, known=listed), file=sys.stderr)
    raise typer.Exit(2)


def output_is_input(output: Path | None):
    """The ``skip`` test of a folder scan: the file being written, and files forumcli wrote."""
    from forumcli.render.own import written_by_forumcli

    target = _same_file_key(output) if output is not None else None

    def skip(path: Path) -> bool:
        return (target is not None and _same_file_key(path) == target) or written_by_forumcli(path)

    return skip


def _same_file_key(path: Path):
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def label_lang(lang) -> str:
    """The language of topic labels and spreadsheet headers: --lang, else FORUMCLI_LANG,
    else Vietnamese (the locale does not change what a tally says, only the messages)."""
    import os

    if lang is not None:
        from forumcli.render.messages import set_language

        set_language(lang.value)  # given on the command, --lang is the language of messages too
        return lang.value
    env = os.environ.get("FORUMCLI_LANG", "").strip().lower()[:2]
    return env if env in ("vi", "en") else "vi"


def parse_day(value: str):
    """A date written 15/3/2024 (day first, as in Vietnam; also 15-3-2024, 15.3.2024) or
    2024-03-15; ``ValueError`` otherwise."""
    import datetime as dt
    import re

    value = value.strip()
    found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    if found:
        day, month, year = map(int, found.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(value)
