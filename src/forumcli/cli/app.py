"""forumcli's command line: parse arguments, call the core, render. Nothing else."""

from __future__ import annotations

import contextlib
import json
import sys
from enum import Enum
from operator import itemgetter
from pathlib import Path
from typing import Annotated, Optional

import typer

from forumcli import TAXONOMY_ENV as ENV_VAR
from forumcli import __version__
from forumcli.render.output import Format, atomic_output, format_for_path

app = typer.Typer(
    name="forumcli",
    help="Tag and tally what citizens say at Vietnamese public forums against a YAML taxonomy.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
taxonomy_app = typer.Typer(
    help="Show, check or copy the taxonomy (categories.yaml).",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
)
app.add_typer(taxonomy_app, name="taxonomy")


class Level(str, Enum):
    top = "top"
    leaf = "leaf"


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class TagFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    table = "table"


class TallyFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    md = "md"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


class InputFormat(str, Enum):
    txt = "txt"
    md = "md"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    xlsx = "xlsx"
    docx = "docx"


class Split(str, Enum):
    line = "line"
    paragraph = "paragraph"
    sentence = "sentence"
    item = "item"


TaxonomyOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--taxonomy",
        "-t",
        envvar=ENV_VAR,
        help="Taxonomy YAML to use instead of the bundled categories.yaml.",
        show_default=False,
    ),
]
PathsArg = Annotated[
    Optional[list[str]],
    typer.Argument(
        help="Meeting notes (.txt, .md, .docx, .csv, .tsv, .xlsx, .jsonl) or folders; '-' or nothing reads stdin.",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="Write to this file (atomically); the format follows its extension.", show_default=False),
]
FieldOpt = Annotated[str, typer.Option("--field", help="JSONL input: the key holding the remark text.")]
InputFormatOpt = Annotated[
    Optional[InputFormat],
    typer.Option("--input-format", help="Format of stdin (or of files, overriding their extension).", show_default=False),
]
def _check_encoding(value: str | None) -> str | None:
    from forumcli.read.formats import check_encoding

    if value is not None:
        try:
            check_encoding(value)
        except LookupError:
            raise typer.BadParameter(f"unknown encoding '{value}' (e.g. utf-8, utf-16, cp1258)") from None
    return value


EncodingOpt = Annotated[
    Optional[str],
    typer.Option(
        "--encoding", "-e", callback=_check_encoding, show_default=False,
        help="Encoding of text input that is not UTF-8 (e.g. cp1258). UTF-8 and UTF-16 with a BOM need none.",
    ),
]
SplitOpt = Annotated[
    Optional[Split],
    typer.Option(
        "--split", case_sensitive=False, show_default=False,
        help="How text becomes remarks: line (default for text and Word), paragraph, sentence or item "
        "(also splits 'A; B; C' lists). Spreadsheet and JSONL rows are one remark each unless given.",
    ),
]
ColumnOpt = Annotated[str, typer.Option("--column", help="CSV/TSV/XLSX input: the column holding the remark text.")]
KeepGoingOpt = Annotated[
    bool, typer.Option("--keep-going", help="Skip unreadable inputs (listed on stderr, exit 1) instead of stopping first.")
]
SpeakersOpt = Annotated[
    bool, typer.Option("--speakers/--no-speakers", help="Take 'Ông A (TDP 5):' prefixes apart into speaker and place.")
]
NoHeadersOpt = Annotated[bool, typer.Option("--no-headers", help="CSV/TSV: omit the header row.")]
LevelOpt = Annotated[Level, typer.Option("--level", help="Count top-level topics or the deepest (leaf) topics.", case_sensitive=False)]
JobsOpt = Annotated[
    Optional[int],
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes (default: all cores when there are more than a few thousand remarks).",
        show_default=False,
    ),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels.", case_sensitive=False)]


def _err(message: str) -> None:
    print(message, file=sys.stderr)


@contextlib.contextmanager
def _errors():
    """Domain errors become one line on stderr and an exit code; never a traceback."""
    from forumcli.read.remarks import InputError
    from forumcli.taxonomy.load import TaxonomyError

    try:
        yield
    except TaxonomyError as e:
        for problem in e.problems:
            _err(problem)
        n = len(e.problems)
        _err(f"Error: the taxonomy has {n} problem{'s' if n != 1 else ''}; nothing was tagged.")
        raise typer.Exit(2) from None
    except InputError as e:
        _err(f"Error: {e}")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        _err("Interrupted.")
        raise typer.Exit(130) from None


def _paths(paths: list[str] | None) -> list[str]:
    if paths:
        return paths
    if sys.stdin is None or sys.stdin.isatty():
        _err("Error: no input. Give meeting-notes files or folders, or pipe text in (use '-' for stdin).")
        raise typer.Exit(2)
    return ["-"]


def _inputs(paths, *, field, column, encoding, input_format, split, speakers, keep_going, stats):
    """Expand and check every input now, before any output is written."""
    from forumcli.read.remarks import ReadOptions, prepare_inputs

    options = ReadOptions(
        field_name=field, column=column, encoding=encoding, input_format=input_format and input_format.value,
        split=split and split.value, speakers=speakers,
    )
    return prepare_inputs(_paths(paths), options=options, stats=stats, keep_going=keep_going)


def _report_failed(stats: ReadStats) -> None:
    for failure in stats.failed:
        _err(f"Error: {failure}")
    if stats.failed:
        n = len(stats.failed)
        _err(f"failed: {n} input{'s' if n != 1 else ''} could not be read; the output leaves {'them' if n != 1 else 'it'} out.")
        raise typer.Exit(1)


def _read_ok(inputs, stats) -> list[str]:
    """The names of the inputs read, less those that failed (with --keep-going)."""
    return [s.name for s in inputs.sources if not any(f.startswith(s.name + ":") for f in stats.failed)]


def _tagger(taxonomy: Path | None):
    from forumcli import pipeline

    pipeline.TUNE_GC = True  # a command-line run owns its process (see pipeline._settle_gc)
    return pipeline.compiled_tagger(taxonomy)


def _tag_stream(remarks, tagger, taxonomy: Path | None, jobs: int | None):
    """(remark, tagged) pairs in input order, with a progress bar on a terminal."""
    from forumcli.pipeline import tag_remarks

    return _with_progress(tag_remarks(remarks, taxonomy, jobs=jobs, tagger=tagger))


def _with_progress(items, delay: float = 2.0, size=None):
    """Pass items through; after ``delay`` seconds, show a count of remarks on stderr if it is
    a terminal. An item is one remark, or ``size(item)`` remarks."""
    if not (sys.stderr and sys.stderr.isatty()):
        yield from items
        return
    import time

    start = time.monotonic()
    progress = None
    n = shown = 0
    try:
        for item in items:
            n += 1 if size is None else size(item)
            if n - shown < 256:
                pass
            elif progress is None:
                shown = n
                if time.monotonic() - start > delay:
                    progress = _progress_bar()
                    task = progress.add_task("tag", total=None, completed=n)
            else:
                shown = n
                progress.update(task, completed=n)
            yield item
    finally:
        if progress is not None:
            progress.stop()


def _progress_bar():
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("tagging"),
        MofNCompleteColumn(),
        TextColumn("remarks"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    progress.start()
    return progress


@contextlib.contextmanager
def _destination(output: Path | None, *, newline: str | None = ""):
    if output is None:
        yield sys.stdout
    else:
        try:
            with atomic_output(output, newline=newline) as fh:
                yield fh
        except OSError as e:
            if isinstance(e, BrokenPipeError):
                raise
            from forumcli.read.remarks import InputError

            raise InputError(str(output), f"cannot write: {e.strerror or e}") from None


def _report_skipped(stats: ReadStats) -> None:
    if stats.skipped:
        _err(f"skipped: {stats.skipped} empty remark{'s' if stats.skipped != 1 else ''} (only a bullet or number)")
    for note in stats.notes:
        _err(f"skipped: {note}")


def _version(value: bool) -> None:
    if value:
        print(f"forumcli {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Tag and tally what citizens say at Vietnamese public forums against a YAML taxonomy."""


@app.command()
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
    keep_going: KeepGoingOpt = False,
) -> None:
    """Tag every remark with topics and kinds, one record per remark, in input order."""
    from forumcli.render.output import write_tagged

    with _errors():
        tagger = _tagger(taxonomy)
        from forumcli.read.remarks import ReadStats

        stats = ReadStats()
        out_fmt = Format(fmt.value)
        if output is not None and fmt is TagFormat.jsonl:
            out_fmt = format_for_path(str(output), Format.jsonl)
        remarks = _inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, stats=stats,
        ).remarks()
        if out_fmt is Format.jsonl:
            # each line is rendered where its remark is tagged (in the workers with --jobs)
            from forumcli.render.output import jsonl_line, write_encoded
            from forumcli.pipeline import encoded_text

            chunks = encoded_text(remarks, jsonl_line, taxonomy, jobs=jobs, tagger=tagger)
            with _destination(output) as fh:
                write_encoded(_with_progress(chunks, size=itemgetter(0)), fh)
        else:
            items = _tag_stream(remarks, tagger, taxonomy, jobs)
            with _destination(output) as fh:
                write_tagged(items, out_fmt, fh, no_headers=no_headers)
        _report_skipped(stats)
        _report_failed(stats)


class ByOpt(str, Enum):
    file = "file"
    speaker = "speaker"
    kind = "kind"
    topic = "topic"


@app.command()
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
        Optional[ByOpt],
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
    keep_going: KeepGoingOpt = False,
) -> None:
    """Count remarks per topic and per kind (a remark with two topics counts in both)."""
    from forumcli.analyse.crosstab import By, CrossTab
    from forumcli.analyse.tally import Tally

    if long and by is None:
        _err("Error: --long needs --by (file, speaker, kind or topic).")
        raise typer.Exit(2)
    xlsx = output is not None and output.suffix.lower() == ".xlsx"
    out_fmt = Format(fmt.value)
    if output is not None and fmt is TallyFormat.table and not xlsx:
        out_fmt = format_for_path(str(output), Format.table)
    if excel:
        if out_fmt is Format.table:
            out_fmt = Format.csv
        if out_fmt not in (Format.csv, Format.tsv) or xlsx:
            _err("Error: --excel applies to CSV and TSV only.")
            raise typer.Exit(2)
    with _errors():
        tagger = _tagger(taxonomy)
        from forumcli.read.remarks import ReadStats

        stats = ReadStats()
        counts = Tally(tagger.taxonomy, level=level.value)
        cross = CrossTab(tagger.taxonomy, By(by.value), level=level.value) if by else None
        items = []
        remarks = _inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, stats=stats,
        ).remarks()
        for remark, tagged in _tag_stream(remarks, tagger, taxonomy, jobs):
            topics = tagger.roll_up(tagged.topics, level.value)
            counts.add(topics, tagged.kinds)
            if cross is not None:
                cross.add(remark, topics, tagged.kinds)
            if xlsx:
                items.append((remark, tagged))
        if xlsx:
            _write_xlsx(output, counts, cross, long, items, tagger, level.value, lang.value)
        else:
            with _destination(output) as fh:
                if cross is not None:
                    _write_cross(cross, long, out_fmt, fh, lang.value, no_headers, excel)
                else:
                    _write_tally(counts, out_fmt, fh, lang.value, no_headers, excel)
        _report_skipped(stats)
        _report_failed(stats)


def _write_tally(counts, fmt: Format, fh, lang: str, no_headers: bool, excel: bool = False) -> None:
    from forumcli.render.output import write_rows

    rows = counts.rows(lang)
    headers = ["id", "label", "count", "share"]
    if fmt is Format.json:
        fh.write(json.dumps(counts.as_json(lang), ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.jsonl:
        for r in rows:
            fh.write(json.dumps({k: r[k] for k in ("section", *headers)}, ensure_ascii=False) + "\n")
    elif fmt is Format.table:
        fh.write(counts.summary(lang) + "\n\n")
        topic_rows = [[r["id"], r["label"], r["count"], f"{r['share']:.1%}"] for r in rows if r["section"] == "topic"]
        kind_rows = [[r["id"], r["label"], r["count"], f"{r['share']:.1%}"] for r in rows if r["section"] == "kind"]
        write_rows(topic_rows, headers, fmt, fh, title="Chủ đề" if lang == "vi" else "Topics")
        write_rows(kind_rows, headers, fmt, fh, title="Loại ý kiến" if lang == "vi" else "Kinds")
    else:
        write_rows(([r[h] for h in headers] for r in rows), headers, fmt, fh, no_headers=no_headers, excel=excel)


def _write_cross(cross, long: bool, fmt: Format, fh, lang: str, no_headers: bool, excel: bool) -> None:
    from forumcli.analyse.crosstab import LONG_HEADERS
    from forumcli.render.output import json_array, write_markdown_table, write_rows

    if fmt is Format.json:
        if long:
            for chunk in json_array(cross.long_json()):
                fh.write(chunk)
        else:
            fh.write(json.dumps(cross.as_json(), ensure_ascii=False, indent=2) + "\n")
    elif long:
        write_rows(cross.long_rows(lang), LONG_HEADERS, fmt, fh, no_headers=no_headers, excel=excel)
    elif fmt is Format.md:
        headers = cross.wide_headers(lang)
        write_markdown_table(cross.wide_rows(lang), headers, fh, right=range(1, len(headers)))
    elif fmt is Format.table:
        # the terminal is narrow: number the topic columns and list the labels below
        headers = cross.wide_headers(lang)
        topics = headers[1:-2]
        write_rows(cross.wide_rows(lang), [headers[0], *map(str, range(1, len(topics) + 1)), *headers[-2:]], fmt, fh)
        for n, label in enumerate(topics, start=1):
            fh.write(f"{n:>3}  {label}\n")
    else:
        write_rows(cross.wide_rows(lang), cross.wide_headers(lang), fmt, fh, no_headers=no_headers, excel=excel)


_XLSX_TALLY_HEADERS = {
    "vi": ["Mục", "Mã", "Nhãn", "Số ý kiến", "Tỉ lệ"],
    "en": ["Section", "Id", "Label", "Count", "Share"],
}
_XLSX_SECTIONS = {
    "vi": {"topic": "Chủ đề", "kind": "Loại ý kiến", "total": "Tổng"},
    "en": {"topic": "Topic", "kind": "Kind", "total": "Total"},
}
_XLSX_GROUP = {
    "vi": {"file": "Tệp", "speaker": "Người phát biểu", "kind": "Loại ý kiến", "topic": "Chủ đề"},
    "en": {"file": "File", "speaker": "Speaker", "kind": "Kind", "topic": "Topic"},
}
_XLSX_TAIL = {"vi": ["Tổng số ý kiến", "Không thuộc chủ đề nào"], "en": ["Total remarks", "No topic"]}
_XLSX_LONG = {"vi": ["Chủ đề", "Số ý kiến"], "en": ["Topic", "Count"]}


def _write_xlsx(output: Path, counts, cross, long: bool, items, tagger, level: str, lang: str) -> None:
    from forumcli.render.workbook import Sheet, remark_sheets, write_workbook

    if cross is None:
        sections = _XLSX_SECTIONS[lang]
        rows = [[sections[r["section"]], r["id"], r["label"], r["count"], r["share"]] for r in counts.rows(lang)]
        tally_sheet = Sheet(_XLSX_TALLY_HEADERS[lang], rows, percent_columns=frozenset({4}))
    else:
        group = _XLSX_GROUP[lang][cross.by.value]
        if long:
            tally_sheet = Sheet([group, *_XLSX_LONG[lang]], list(cross.long_rows(lang)))
        else:
            headers = [group, *cross.wide_headers(lang)[1:-2], *_XLSX_TAIL[lang]]
            tally_sheet = Sheet(headers, list(cross.wide_rows(lang)))
    remarks, untagged = remark_sheets(items, tagger, level=level, lang=lang)
    try:
        write_workbook(output, {"Tally": tally_sheet, "Remarks": remarks, "Untagged": untagged})
    except OSError as e:
        from forumcli.read.remarks import InputError

        raise InputError(str(output), f"cannot write: {e.strerror or e}") from None


class DocFormat(str, Enum):
    html = "html"
    md = "md"


def _parse_date(value: str | None):
    import datetime as dt

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date like 2021-04-27", param_hint="--date") from None


@app.command()
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
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
    speakers: SpeakersOpt = True,
    keep_going: KeepGoingOpt = False,
) -> None:
    """Write the meeting report: counts, bar charts of topics and kinds, the remarks by topic (one HTML file, or Markdown)."""
    from forumcli.render.report import build_report, render_html, render_markdown

    day = _parse_date(date)
    if fmt is None:
        fmt = DocFormat.md if output is not None and output.suffix.lower() in (".md", ".markdown") else DocFormat.html
    with _errors():
        tagger = _tagger(taxonomy)
        from forumcli.read.remarks import ReadStats

        stats = ReadStats()
        inputs = _inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, stats=stats,
        )
        pairs = [(r, tagger.tag(r.text)) for r in inputs.remarks()]  # the report keeps them all anyway
        doc = build_report(pairs, tagger, title=title, date=day, lang=lang.value, inputs=_read_ok(inputs, stats))
        text = render_markdown(doc) if fmt is DocFormat.md else render_html(doc)
        with _destination(output, newline=None) as fh:
            fh.write(text)
        _report_skipped(stats)
        if output is not None:
            _err(f"Wrote {output}: {doc.total} remarks, {len(doc.sections)} topics.")
        _report_failed(stats)


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="A remark to explain ('-' reads it from stdin).")],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = ReportFormat.table,
    taxonomy: TaxonomyOpt = None,
    context: Annotated[
        int,
        typer.Option("--context", "-C", min=0, help="Also show each candidate match with N words either side."),
    ] = 0,
) -> None:
    """Show how a remark is normalised, segmented and matched, and why it got its tags."""
    from forumcli.render.explain import explanation_dict, print_explanation
    from forumcli.analyse.kwic import candidates_in_context, print_candidates_in_context

    with _errors():
        if text == "-":
            text = sys.stdin.read()
        tagger = _tagger(taxonomy)
        analysis = tagger.analyse(text.strip())
        if fmt is ReportFormat.json:
            data = explanation_dict(tagger, analysis)
            if context:
                data["context"] = candidates_in_context(analysis, context)
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print_explanation(tagger, analysis, sys.stdout)
            if context:
                print_candidates_in_context(analysis, context, sys.stdout)


@app.command("eval")
def eval_(
    gold: Annotated[str, typer.Argument(help="Labelled remarks: JSONL with 'text', 'topics', 'kinds'.")],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = ReportFormat.table,
    level: LevelOpt = Level.top,
    taxonomy: TaxonomyOpt = None,
    errors: Annotated[bool, typer.Option("--errors/--no-errors", help="List the remarks tagged wrongly.")] = True,
    errors_only: Annotated[
        bool, typer.Option("--errors-only", help="Only the remarks tagged wrongly, as JSONL for review.")
    ] = False,
) -> None:
    """Precision, recall and F1 per topic and kind against gold labels, and which are confused."""
    from forumcli.analyse.evaluate import evaluate, read_gold
    from forumcli.render.explain import print_eval

    with _errors():
        tagger = _tagger(taxonomy)
        report = evaluate(tagger, read_gold(gold), level=level.value)
        if errors_only:
            for miss in report.misses:
                sys.stdout.write(json.dumps(miss.review_dict(), ensure_ascii=False) + "\n")
        elif fmt is ReportFormat.json:
            print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            print_eval(tagger, report, sys.stdout, show_errors=errors)


@taxonomy_app.command("show")
def taxonomy_show(
    path: Annotated[Optional[Path], typer.Argument(help="Taxonomy file (default: the one in use).", show_default=False)] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = ReportFormat.table,
    taxonomy: TaxonomyOpt = None,
) -> None:
    """List topics and kinds with their labels and numbers of terms."""
    from forumcli.render.explain import print_taxonomy, taxonomy_dict
    from forumcli.taxonomy.load import load_taxonomy

    with _errors():
        tax = load_taxonomy(path or taxonomy)
        if fmt is ReportFormat.json:
            print(json.dumps(taxonomy_dict(tax), ensure_ascii=False, indent=2))
        else:
            print_taxonomy(tax, sys.stdout)


@taxonomy_app.command("check")
def taxonomy_check(
    path: Annotated[Optional[Path], typer.Argument(help="Taxonomy file (default: the one in use).", show_default=False)] = None,
    taxonomy: TaxonomyOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 2).")] = False,
    quick: Annotated[bool, typer.Option("--quick", hidden=True, help="No effect (kept for old scripts).")] = False,
    notes: Annotated[
        bool, typer.Option("--notes/--no-notes", help="Print the info notes (they are counted either way).")
    ] = True,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", case_sensitive=False,
                     help="table: findings on stderr, a summary line on stdout; json: one JSON object on stdout."),
    ] = ReportFormat.table,
) -> None:
    """Validate a taxonomy, run its examples and look for terms that cannot work.

    Findings go to stderr as PATH:LINE: error|warning|info: message; exit 2 on
    errors (and on warnings with --strict). Info notes never fail. With
    --format json the summary and the findings are one JSON object on stdout
    (same exit codes; a taxonomy that does not load still reports on stderr).
    """
    from forumcli.taxonomy.checks import ERROR, INFO, WARNING, run_checks
    from forumcli.taxonomy.load import load_taxonomy, resolve_taxonomy_path

    with _errors():
        tax = load_taxonomy(path or taxonomy)
        result = run_checks(tax)
        shown = [f for f in result.findings if notes or f.severity != INFO]
        n_terms = tax.term_count()
        where = resolve_taxonomy_path(path or taxonomy)
        failed = result.failed(strict)
        bad = sum(1 for f in result.findings if f.severity == ERROR and "example of" in f.message)
        n_kinds = len(tax.kinds)
        if fmt is ReportFormat.json:
            doc = {
                "path": str(where),
                "ok": not failed,
                "strict": strict,
                "topics": len(tax.topics),
                "terms": n_terms,
                "kinds": n_kinds,
                "examples": {"run": result.examples_run, "passed": result.examples_run - bad},
                "errors": result.count(ERROR),
                "warnings": result.count(WARNING),
                "notes": result.count(INFO),
                "findings": [{"line": f.line, "severity": f.severity, "message": f.message} for f in shown],
            }
            print(json.dumps(doc, ensure_ascii=False, indent=2))
        else:
            for f in shown:
                _err(f.render())
            counts = [
                f"{n} {name}{'s' if n != 1 else ''}"
                for name, n in (
                    ("error", result.count(ERROR)),
                    ("warning", result.count(WARNING)),
                    ("note", result.count(INFO)),
                )
                if n
            ]
            verdict = "FAILED" + (" (--strict)" if strict and not result.count(ERROR) else "") if failed else "OK"
            head = f"{where}: {verdict}: {len(tax.topics)} topics, {n_terms} terms, {n_kinds} kind{'s' if n_kinds != 1 else ''}"
            if result.examples_run:
                head += f", {result.examples_run - bad}/{result.examples_run} examples pass"
            print(", ".join([head, *counts]))
        if failed:
            raise typer.Exit(2)


@taxonomy_app.command("init")
def taxonomy_init(
    path: Annotated[Path, typer.Argument(help="Where to write a copy of the default taxonomy.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a copy of the bundled categories.yaml to edit."""
    from forumcli.taxonomy.load import default_taxonomy_path

    with _errors():
        if path.exists() and not force:
            _err(f"Error: {path} exists; use --force to overwrite it.")
            raise typer.Exit(1)
        with _destination(path, newline=None) as fh:
            fh.write(default_taxonomy_path().read_text(encoding="utf-8"))
        _err(f"Wrote {path}. Use it with --taxonomy {path} or {ENV_VAR}={path}.")


# ---------------------------------------------------------------- issue 6: keeping the taxonomy good


class KwicFormat(str, Enum):
    text = "text"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


WidthOpt = Annotated[int, typer.Option("--width", "-w", min=0, help="Words of context either side.")]


@app.command()
def kwic(
    term: Annotated[str, typer.Argument(help="The term to look for, written as in the taxonomy.")],
    paths: PathsArg = None,
    width: WidthOpt = 5,
    fmt: Annotated[KwicFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = KwicFormat.text,
    taxonomy: TaxonomyOpt = None,
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
    no_headers: NoHeadersOpt = False,
) -> None:
    """Keyword in context: every occurrence of TERM (matched as the tagger matches
    terms) with the words around it and the topic or kind it triggered."""
    from forumcli.analyse.kwic import HEADERS, find, hits_json, write_text
    from forumcli.render.output import json_array, write_rows

    with _errors():
        tagger = _tagger(taxonomy)
        from forumcli.read.remarks import ReadStats

        stats = ReadStats()
        remarks = _inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=True, keep_going=False, stats=stats,
        ).remarks()
        hits = find(term, remarks, tagger, width=width)
        n = 0
        if fmt is KwicFormat.text:
            n = write_text(hits, sys.stdout)
        elif fmt is KwicFormat.json:
            for chunk in json_array(hits_json(hits)):
                sys.stdout.write(chunk)
        else:
            def counted():
                nonlocal n
                for h in hits:
                    n += 1
                    yield h.row()

            write_rows(counted(), HEADERS, Format(fmt.value), sys.stdout, no_headers=no_headers)
        if fmt is KwicFormat.text:
            _err(f"{n} occurrence{'s' if n != 1 else ''} of '{term}' in {stats.remarks} remarks")
        _report_skipped(stats)


class SuggestFormat(str, Enum):
    yaml = "yaml"
    table = "table"
    json = "json"


@app.command()
def suggest(
    paths: PathsArg = None,
    topic: Annotated[
        Optional[str],
        typer.Option("--topic", help="Suggest terms that co-occur with this topic id instead.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many suggestions.")] = 30,
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="Seen in at least this many remarks.")] = 2,
    fmt: Annotated[SuggestFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = SuggestFormat.yaml,
    taxonomy: TaxonomyOpt = None,
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
) -> None:
    """Suggest terms: words and phrases frequent in remarks with no topic (or with
    --topic ID) and rare in the others, ranked, as YAML to paste."""
    from forumcli.render.output import rich_table
    from forumcli.analyse.suggest import HEADERS, rows, suggest as run_suggest, write_yaml

    with _errors():
        tagger = _tagger(taxonomy)
        if topic is not None and topic not in {t.id for t in tagger.taxonomy.topics}:
            ids = ", ".join(t.id for t in tagger.taxonomy.topics)
            _err(f"Error: unknown topic '{topic}'; topics: {ids}")
            raise typer.Exit(2)
        from forumcli.read.remarks import ReadStats

        stats = ReadStats()
        remarks = _inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=True, keep_going=False, stats=stats,
        ).remarks()
        result = run_suggest(remarks, tagger, topic=topic, min_count=min_count, limit=limit)
        if fmt is SuggestFormat.json:
            data = {
                "topic": result.topic,
                "group": result.group,
                "others": result.others,
                "suggestions": [s.as_dict() for s in result.suggestions],
            }
            print(json.dumps(data, ensure_ascii=False, indent=2))
        elif fmt is SuggestFormat.table:
            rich_table(rows(result), HEADERS, sys.stdout)
        else:
            write_yaml(result, sys.stdout)
        _report_skipped(stats)


class DiffFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The taxonomy before the edit.")],
    new: Annotated[Path, typer.Argument(help="The taxonomy after the edit.")],
    paths: PathsArg = None,
    level: LevelOpt = Level.top,
    examples: Annotated[int, typer.Option("--examples", "-e", min=0, help="Remarks shown per topic gained or lost.")] = 3,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = DiffFormat.text,
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
) -> None:
    """How the tally and each remark's tags change between two taxonomy versions."""
    from forumcli.analyse.diff import diff_taxonomies, write_text
    from forumcli.match.tagger import Tagger
    from forumcli.taxonomy.load import load_taxonomy

    with _errors():
        before = Tagger(load_taxonomy(old))
        after = Tagger(load_taxonomy(new))
        from forumcli.read.remarks import ReadStats

        stats = ReadStats()
        remarks = _inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=True, keep_going=False, stats=stats,
        ).remarks()
        result = diff_taxonomies(before, after, remarks, level=level.value)
        if fmt is DiffFormat.json:
            print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            write_text(result, sys.stdout, examples=examples)
        _report_skipped(stats)


def _utf8_streams() -> None:
    """Write UTF-8 whatever the locale says. On Windows, output redirected to a file or a
    pipe gets the ANSI code page (cp1252), which cannot hold Vietnamese: every command that
    printed a remark or a file name there stopped with a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def main() -> None:
    """Console-script entry point."""
    _utf8_streams()
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - raised outside a command
        sys.exit(130)
