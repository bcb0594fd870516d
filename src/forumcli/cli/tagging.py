"""The commands that read minutes and write what they found: tag, tally, report."""

from __future__ import annotations

from operator import itemgetter
from pathlib import Path
from typing import Annotated, Optional

import typer

from forumcli.analyse.crosstab import By
from forumcli.cli.common import (
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
)
from forumcli.cli.options import (
    AllBlocksOpt,
    ColumnOpt,
    DocFormat,
    EncodingOpt,
    FieldOpt,
    InputFormatOpt,
    JobsOpt,
    KeepGoingOpt,
    Lang,
    LangOpt,
    Level,
    LevelOpt,
    NoHeadersOpt,
    OutputOpt,
    PathsArg,
    SpeakersOpt,
    SplitOpt,
    Structure,
    StructureOpt,
    TagFormat,
    TallyFormat,
    TaxonomyOpt,
)
from forumcli.render.output import Format, format_for_path
from forumcli.render.tally import write_cross, write_tally, write_tally_workbook


def tag(
    paths: PathsArg = None,
    fmt: Annotated[TagFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = TagFormat.jsonl,
    output: OutputOpt = None,
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

    with handled_errors():
        tagger = load_tagger(taxonomy)
        from forumcli.read.remarks import ReadStats

        stats = ReadStats()
        out_fmt = Format(fmt.value)
        if output is not None and fmt is TagFormat.jsonl:
            out_fmt = format_for_path(str(output), Format.jsonl)
        remarks = read_inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, stats=stats, structure=structure, all_blocks=all_blocks,
        ).remarks()
        if out_fmt is Format.jsonl:
            # each line is rendered where its remark is tagged (in the workers with --jobs)
            from forumcli.pipeline import encoded_text
            from forumcli.render.output import jsonl_line, write_encoded

            chunks = encoded_text(remarks, jsonl_line, taxonomy, jobs=jobs, tagger=tagger)
            with destination(output) as fh:
                write_encoded(with_progress(chunks, size=itemgetter(0)), fh)
        else:
            items = tag_stream(remarks, tagger, taxonomy, jobs)
            with destination(output) as fh:
                write_tagged(items, out_fmt, fh, no_headers=no_headers, roles=all_blocks)
        report_skipped(stats)
        report_failed(stats)


def tally(
    paths: PathsArg = None,
    fmt: Annotated[TallyFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = TallyFormat.table,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically); the format follows its extension (.xlsx: a workbook).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        Optional[By],
        typer.Option("--by", case_sensitive=False, help="Cross-tab: one row per file, speaker, kind or topic, one column per topic.", show_default=False),
    ] = None,
    long: Annotated[bool, typer.Option("--long", help="With --by: one (group, topic, count) row each, for pivot tables.")] = False,
    excel: Annotated[bool, typer.Option("--excel", help="CSV (or TSV) for Excel: UTF-8 with a byte-order mark, CRLF line ends.")] = False,
    level: LevelOpt = Level.top,
    lang: LangOpt = Lang.vi,
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

    if long and by is None:
        err("Error: --long needs --by (file, speaker, kind or topic).")
        raise typer.Exit(2)
    xlsx = output is not None and output.suffix.lower() == ".xlsx"
    out_fmt = Format(fmt.value)
    if output is not None and fmt is TallyFormat.table and not xlsx:
        out_fmt = format_for_path(str(output), Format.table)
    if excel:
        if out_fmt is Format.table:
            out_fmt = Format.csv
        if out_fmt not in (Format.csv, Format.tsv) or xlsx:
            err("Error: --excel applies to CSV and TSV only.")
            raise typer.Exit(2)
    with handled_errors():
        tagger = load_tagger(taxonomy)
        from forumcli.read.remarks import ReadStats

        stats = ReadStats()
        counts = Tally(tagger.taxonomy, level=level.value)
        cross = CrossTab(tagger.taxonomy, by, level=level.value) if by else None
        items = []
        remarks = read_inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, stats=stats, structure=structure,
        ).remarks()
        for remark, tagged in tag_stream(remarks, tagger, taxonomy, jobs):
            topics = tagger.roll_up(tagged.topics, level.value)
            counts.add(topics, tagged.kinds)
            if cross is not None:
                cross.add(remark, topics, tagged.kinds)
            if xlsx:
                items.append((remark, tagged))
        if xlsx:
            write_tally_workbook(output, counts, cross, long, items, tagger, level.value, lang.value)
        else:
            with destination(output) as fh:
                if cross is not None:
                    write_cross(cross, long, out_fmt, fh, lang.value, no_headers, excel)
                else:
                    write_tally(counts, out_fmt, fh, lang.value, no_headers, excel)
        report_skipped(stats, left_out=True)
        report_failed(stats)


def _parse_date(value: str | None):
    import datetime as dt

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date like 2021-04-27", param_hint="--date") from None


def report(
    paths: PathsArg = None,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Write to this file (atomically): .html, or .md for Markdown.", show_default=False),
    ] = None,
    fmt: Annotated[
        Optional[DocFormat],
        typer.Option("--format", "-f", case_sensitive=False, help="html or md (default: from the -o extension, else html).", show_default=False),
    ] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title of the report.", show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Date shown (YYYY-MM-DD; default today).", show_default=False)] = None,
    lang: LangOpt = Lang.vi,
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
    from forumcli.render.report import build_report, render_html, render_markdown

    day = _parse_date(date)
    if fmt is None:
        fmt = DocFormat.md if output is not None and output.suffix.lower() in (".md", ".markdown") else DocFormat.html
    with handled_errors():
        tagger = load_tagger(taxonomy)
        from forumcli.read.remarks import ReadStats

        stats = ReadStats()
        inputs = read_inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, stats=stats, structure=structure,
        )
        pairs = tag_stream(inputs.remarks(), tagger, taxonomy, jobs)
        doc = build_report(pairs, tagger, title=title, date=day, lang=lang.value, inputs=read_ok(inputs, stats))
        text = render_markdown(doc) if fmt is DocFormat.md else render_html(doc)
        with destination(output, newline=None) as fh:
            fh.write(text)
        report_skipped(stats, left_out=True)
        if output is not None:
            err(f"Wrote {output}: {doc.total} remarks, {len(doc.sections)} topics.")
        report_failed(stats)


