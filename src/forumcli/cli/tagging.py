"""The commands that read minutes and write what they found: tag, tally, report."""

from __future__ import annotations

from operator import itemgetter
from pathlib import Path
from typing import Annotated

import typer

from forumcli.analyse.crosstab import By
from forumcli.cli.common import (
    capped_jobs,
    destination,
    err,
    handled_errors,
    load_tagger,
    read_inputs,
    read_ok,
    report_failed,
    report_skipped,
    tag_stream,
    with_progress,
    writable,
)
from forumcli.cli.options import (
    AllBlocksOpt,
    ColumnOpt,
    DocFormat,
    EncodingOpt,
    ExcelOpt,
    FieldOpt,
    InputFormatOpt,
    JobsOpt,
    KeepGoingOpt,
    LabelLangOpt,
    Level,
    LevelOpt,
    NoHeadersOpt,
    PathsArg,
    SpeakersOpt,
    SplitOpt,
    Structure,
    StructureOpt,
    TagFormat,
    TallyFormat,
    TaxonomyOpt,
)
from forumcli.cli.outputs import (
    REPORT_EXTENSIONS,
    TAG_EXTENSIONS,
    TALLY_EXTENSIONS,
    label_lang,
    parse_day,
    pick_format,
)
from forumcli.errors import OutputError
from forumcli.render.messages import say
from forumcli.render.output import Format
from forumcli.render.tally import TallyWorkbook, write_cross, write_tally


def tag(
    paths: PathsArg = None,
    fmt: Annotated[
        TagFormat | None,
        typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                     help="Output format (default: from the -o extension, else jsonl)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", show_default=False, help="Write to this file (atomically); the format follows "
                     "its extension: .jsonl, .json, .csv, .tsv, .md, .txt (a table), .xlsx (a workbook)."),
    ] = None,
    excel: ExcelOpt = False,
    lang: LabelLangOpt = None,
    level: LevelOpt = Level.top,
    taxonomy: TaxonomyOpt = None,
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    no_headers: NoHeadersOpt = False,
    jobs: JobsOpt = None,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
    speakers: SpeakersOpt = True,
    structure: StructureOpt = Structure.auto,
    all_blocks: AllBlocksOpt = False,
    keep_going: KeepGoingOpt = False,
) -> None:
    """Tag every remark with topics and kinds, one record per remark, in input order."""
    from forumcli.render.output import write_tagged

    labels = label_lang(lang)
    chosen = pick_format(output, fmt and fmt.value, TAG_EXTENSIONS, "jsonl")
    if excel:
        chosen = "csv" if chosen == "jsonl" and fmt is None and output is None else chosen
        if chosen not in ("csv", "tsv"):
            err(say("excel_csv_only"))
            raise typer.Exit(2)
    with handled_errors():
        tagger = load_tagger(taxonomy)
        inputs = read_inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, structure=structure, all_blocks=all_blocks,
            output=output,
        )
        stats = inputs.stats
        remarks = writable(inputs.remarks())
        if chosen == "jsonl":
            # each line is rendered where its remark is tagged (in the workers with --jobs)
            from forumcli.pipeline import encoded_text
            from forumcli.render.output import jsonl_line, write_encoded

            chunks = encoded_text(remarks, jsonl_line, taxonomy, jobs=capped_jobs(jobs), tagger=tagger)
            with destination(output) as fh:
                write_encoded(with_progress(chunks, size=itemgetter(0)), fh)
        elif chosen == "xlsx" or excel:
            from forumcli.render.output import write_rows
            from forumcli.render.workbook import REMARK_HEADERS, Sheet, remark_row, write_workbook

            rows = (remark_row(r, t, tagger, level=level.value, lang=labels)
                    for r, t in tag_stream(remarks, tagger, taxonomy, jobs))
            if chosen == "xlsx":
                sheet = Sheet(REMARK_HEADERS[labels], rows, wrap_columns=frozenset({3}))  # streamed
                write_workbook_to(output, {"Remarks": sheet}, write_workbook)
            else:
                with destination(output) as fh:
                    write_rows(rows, REMARK_HEADERS[labels], Format(chosen), fh, no_headers=no_headers, excel=True)
        else:
            items = tag_stream(remarks, tagger, taxonomy, jobs)
            with destination(output) as fh:
                write_tagged(items, Format(chosen), fh, no_headers=no_headers, roles=all_blocks)
        report_skipped(stats)
        report_failed(stats)


def tally(
    paths: PathsArg = None,
    fmt: Annotated[
        TallyFormat | None,
        typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                     help="Output format (default: from the -o extension, else table)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", show_default=False, help="Write to this file (atomically); the format follows "
                     "its extension: .txt (a table), .csv, .tsv, .json, .jsonl, .md, .xlsx (a workbook)."),
    ] = None,
    by: Annotated[
        By | None,
        typer.Option("--by", case_sensitive=False, help="Cross-tab: one row per file, speaker, kind or topic, one column per topic.", show_default=False),
    ] = None,
    long: Annotated[bool, typer.Option("--long", help="With --by: one (group, topic, count) row each, for pivot tables.")] = False,
    excel: ExcelOpt = False,
    level: LevelOpt = Level.top,
    lang: LabelLangOpt = None,
    taxonomy: TaxonomyOpt = None,
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    no_headers: NoHeadersOpt = False,
    jobs: JobsOpt = None,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
    speakers: SpeakersOpt = True,
    structure: StructureOpt = Structure.auto,
    keep_going: KeepGoingOpt = False,
) -> None:
    """Count remarks per topic and per kind (a remark with two topics counts in both)."""
    from forumcli.analyse.crosstab import CrossTab
    from forumcli.analyse.tally import Tally

    labels = label_lang(lang)
    if long and by is None:
        err(say("long_needs_by"))
        raise typer.Exit(2)
    chosen = pick_format(output, fmt and fmt.value, TALLY_EXTENSIONS, "table")
    if excel:
        chosen = "csv" if chosen == "table" and fmt is None and output is None else chosen
        if chosen not in ("csv", "tsv"):
            err(say("excel_csv_only"))
            raise typer.Exit(2)
    xlsx = chosen == "xlsx"
    out_fmt = None if xlsx else Format(chosen)
    with handled_errors():
        tagger = load_tagger(taxonomy)
        counts = Tally(tagger.taxonomy, level=level.value)
        cross = CrossTab(tagger.taxonomy, by, level=level.value) if by else None
        book = TallyWorkbook(output, cross, long, tagger, level.value, labels) if xlsx else None
        inputs = read_inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, structure=structure, output=output,
        )
        stats = inputs.stats
        remarks = writable(inputs.remarks())
        for remark, tagged in tag_stream(remarks, tagger, taxonomy, jobs):
            topics = tagger.roll_up(tagged.topics, level.value)
            counts.add(topics, tagged.kinds)
            if cross is not None:
                cross.add(remark, topics, tagged.kinds)
            if book is not None:
                book.add(remark, tagged)
        if book is not None:
            book.save(counts, cross)
        else:
            with destination(output) as fh:
                if cross is not None:
                    write_cross(cross, long, out_fmt, fh, labels, no_headers, excel)
                else:
                    write_tally(counts, out_fmt, fh, labels, no_headers, excel)
        report_skipped(stats, left_out=True)
        report_failed(stats)


def _parse_date(value: str | None):
    import datetime as dt

    if value is None:
        return dt.date.today()
    try:
        return parse_day(value)
    except ValueError:
        raise typer.BadParameter(say("bad_date", value=value), param_hint="--date") from None


def write_workbook_to(output, sheets, write_workbook) -> None:
    try:
        write_workbook(output, sheets)
    except OSError as e:
        raise OutputError(str(output), f"cannot write: {e.strerror or e}") from None


def report(
    paths: PathsArg = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically): .html, or .md for Markdown.", show_default=False),
    ] = None,
    fmt: Annotated[
        DocFormat | None,
        typer.Option("--format", "-f", case_sensitive=False, help="html or md (default: from the -o extension, else html).", show_default=False),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the report.", show_default=False)] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Date shown: 15/3/2024 or 2024-03-15 (default: today).", show_default=False)
    ] = None,
    lang: LabelLangOpt = None,
    taxonomy: TaxonomyOpt = None,
    jobs: JobsOpt = None,
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
    speakers: SpeakersOpt = True,
    structure: StructureOpt = Structure.auto,
    keep_going: KeepGoingOpt = False,
) -> None:
    """Write the meeting report: counts, bar charts of topics and kinds, the remarks by topic (one HTML file, or Markdown)."""
    from forumcli.render.report import EXAMPLES, build_report, render_html, render_markdown

    labels = label_lang(lang)
    day = _parse_date(date)
    fmt = DocFormat(pick_format(output, fmt and fmt.value, REPORT_EXTENSIONS, "html"))
    with handled_errors():
        tagger = load_tagger(taxonomy)
        inputs = read_inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, structure=structure, output=output,
        )
        stats = inputs.stats
        pairs = tag_stream(writable(inputs.remarks()), tagger, taxonomy, jobs)
        doc = build_report(pairs, tagger, title=title, date=day, lang=labels, inputs=read_ok(inputs, stats),
                           examples=EXAMPLES)
        text = render_markdown(doc) if fmt is DocFormat.md else render_html(doc)
        with destination(output, newline=None) as fh:
            fh.write(text)
        report_skipped(stats, left_out=True)
        if output is not None:
            err(say("wrote_report", output=output, remarks=doc.total, topics=len(doc.sections)))
        report_failed(stats)


