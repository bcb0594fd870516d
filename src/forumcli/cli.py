"""forumcli's command line: parse arguments, call the core, render. Nothing else."""

from __future__ import annotations

import contextlib
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .output import Format, atomic_output, format_for_path
from .reader import InputError, ReadStats
from .taxonomy import ENV_VAR, TaxonomyError

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
    from .formats import check_encoding

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
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels.", case_sensitive=False)]


def _err(message: str) -> None:
    print(message, file=sys.stderr)


@contextlib.contextmanager
def _errors():
    """Domain errors become one line on stderr and an exit code; never a traceback."""
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
    from .reader import ReadOptions, prepare_inputs

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


def _tagger(taxonomy: Path | None):
    from .tagger import Tagger
    from .taxonomy import load_taxonomy

    return Tagger(load_taxonomy(taxonomy))


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
            raise InputError(str(output), f"cannot write: {e.strerror or e}") from None


def _report_skipped(stats: ReadStats) -> None:
    if stats.skipped:
        _err(f"skipped: {stats.skipped} empty remark{'s' if stats.skipped != 1 else ''} (only a bullet or number)")


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
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
    speakers: SpeakersOpt = True,
    keep_going: KeepGoingOpt = False,
) -> None:
    """Tag every remark with topics and kinds, one record per remark, in input order."""
    from .output import write_tagged

    with _errors():
        tagger = _tagger(taxonomy)
        stats = ReadStats()
        out_fmt = Format(fmt.value)
        if output is not None and fmt is TagFormat.jsonl:
            out_fmt = format_for_path(str(output), Format.jsonl)
        remarks = _inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, stats=stats,
        ).remarks()
        items = ((r, tagger.tag(r.text)) for r in remarks)
        with _destination(output) as fh:
            write_tagged(items, out_fmt, fh, no_headers=no_headers)
        _report_skipped(stats)
        _report_failed(stats)


@app.command()
def tally(
    paths: PathsArg = None,
    fmt: Annotated[TallyFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = TallyFormat.table,
    output: OutputOpt = None,
    level: LevelOpt = Level.top,
    lang: LangOpt = Lang.vi,
    taxonomy: TaxonomyOpt = None,
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    no_headers: NoHeadersOpt = False,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
    speakers: SpeakersOpt = True,
    keep_going: KeepGoingOpt = False,
) -> None:
    """Count remarks per topic and per kind (a remark with two topics counts in both)."""
    from .tally import Tally

    with _errors():
        tagger = _tagger(taxonomy)
        stats = ReadStats()
        counts = Tally(tagger.taxonomy, level=level.value)
        for remark in _inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=speakers, keep_going=keep_going, stats=stats,
        ).remarks():
            tagged = tagger.tag(remark.text)
            counts.add(tagger.roll_up(tagged.topics, level.value), tagged.kinds)
        out_fmt = Format(fmt.value)
        if output is not None and fmt is TallyFormat.table:
            out_fmt = format_for_path(str(output), Format.table)
        with _destination(output) as fh:
            _write_tally(counts, out_fmt, fh, lang.value, no_headers)
        _report_skipped(stats)
        _report_failed(stats)


def _write_tally(counts, fmt: Format, fh, lang: str, no_headers: bool) -> None:
    from .output import write_rows

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
        write_rows(([r[h] for h in headers] for r in rows), headers, fmt, fh, no_headers=no_headers)


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="A remark to explain ('-' reads it from stdin).")],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = ReportFormat.table,
    taxonomy: TaxonomyOpt = None,
) -> None:
    """Show how a remark is normalised, segmented and matched, and why it got its tags."""
    from .explain import explanation_dict, print_explanation

    with _errors():
        if text == "-":
            text = sys.stdin.read()
        tagger = _tagger(taxonomy)
        analysis = tagger.analyse(text.strip())
        if fmt is ReportFormat.json:
            print(json.dumps(explanation_dict(tagger, analysis), ensure_ascii=False, indent=2))
        else:
            print_explanation(tagger, analysis, sys.stdout)


@app.command("eval")
def eval_(
    gold: Annotated[str, typer.Argument(help="Labelled remarks: JSONL with 'text', 'topics', 'kinds'.")],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = ReportFormat.table,
    level: LevelOpt = Level.top,
    taxonomy: TaxonomyOpt = None,
    errors: Annotated[bool, typer.Option("--errors/--no-errors", help="List the remarks tagged wrongly.")] = True,
) -> None:
    """Precision, recall and F1 per topic and kind against gold labels."""
    from .evaluate import evaluate, read_gold
    from .explain import print_eval

    with _errors():
        tagger = _tagger(taxonomy)
        report = evaluate(tagger, read_gold(gold), level=level.value)
        if fmt is ReportFormat.json:
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
    from .explain import print_taxonomy, taxonomy_dict
    from .taxonomy import load_taxonomy

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
) -> None:
    """Validate a taxonomy; list problems as PATH:LINE: message (exit 2 on errors)."""
    from .checks import check_taxonomy
    from .taxonomy import load_taxonomy, resolve_taxonomy_path

    with _errors():
        tax = load_taxonomy(path or taxonomy)
        findings = check_taxonomy(tax)
        for f in findings:
            _err(f.render())
        n_terms = tax.term_count()
        where = resolve_taxonomy_path(path or taxonomy)
        print(
            f"{where}: OK: {len(tax.topics)} topics, {n_terms} terms, {len(tax.kinds)} kinds"
            + (f", {len(findings)} warning{'s' if len(findings) != 1 else ''}" if findings else "")
        )


@taxonomy_app.command("init")
def taxonomy_init(
    path: Annotated[Path, typer.Argument(help="Where to write a copy of the default taxonomy.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a copy of the bundled categories.yaml to edit."""
    from .taxonomy import default_taxonomy_path

    with _errors():
        if path.exists() and not force:
            _err(f"Error: {path} exists; use --force to overwrite it.")
            raise typer.Exit(1)
        with _destination(path, newline=None) as fh:
            fh.write(default_taxonomy_path().read_text(encoding="utf-8"))
        _err(f"Wrote {path}. Use it with --taxonomy {path} or {ENV_VAR}={path}.")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - raised outside a command
        sys.exit(130)
