"""The outline command: every block of the minutes with the role the structure pass gave it."""

from __future__ import annotations

from typing import Annotated

import typer

from forumcli.cli.common import (
    destination,
    handled_errors,
    read_inputs,
    report_failed,
    report_skipped,
)
from forumcli.cli.options import (
    EncodingOpt,
    InputFormatOpt,
    KeepGoingOpt,
    NoHeadersOpt,
    OutputOpt,
    PathsArg,
    SpeakersOpt,
    Structure,
    StructureOpt,
)
from forumcli.cli.outputs import OUTLINE_EXTENSIONS, pick_format
from forumcli.render.output import Format


def outline(
    paths: PathsArg = None,
    fmt: Annotated[
        Format | None,  # every record format: the blocks are records
        typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                     help="Output format (default: from the -o extension, else table)."),
    ] = None,
    output: OutputOpt = None,
    input_format: InputFormatOpt = None,
    no_headers: NoHeadersOpt = False,
    encoding: EncodingOpt = None,
    speakers: SpeakersOpt = True,
    structure: StructureOpt = Structure.auto,
    keep_going: KeepGoingOpt = False,
) -> None:
    """Show every block of the minutes with its role (header, meta, heading, narrative, remark,
    reply, conclusion, closing, signature) and why: what is counted, and what is left out."""
    from forumcli.read.minutes import OUTLINE_HEADERS, outline_rows, outline_text
    from forumcli.render.output import write_rows
    from forumcli.render.safe import printable

    with handled_errors():
        out_fmt = Format(pick_format(output, fmt and fmt.value, OUTLINE_EXTENSIONS, "table"))
        inputs = read_inputs(
            paths, field="text", column="text", encoding=encoding, input_format=input_format, split=None,
            speakers=speakers, keep_going=keep_going, structure=structure, all_blocks=True, output=output,
        )
        stats = inputs.stats
        remarks = inputs.remarks()
        with destination(output) as fh:
            if out_fmt is Format.table:  # one line per block: a table's columns would be too narrow
                fh.writelines(map(printable, outline_text(outline_rows(remarks))))
            else:
                write_rows(outline_rows(remarks), OUTLINE_HEADERS, out_fmt, fh, no_headers=no_headers)
        report_skipped(stats)
        report_failed(stats)
