"""Keeping a taxonomy good on real remarks: kwic, suggest, diff."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from forumcli.cli.common import (
    err,
    handled_errors,
    load_tagger,
    read_inputs,
    report_skipped,
    tag_stream,
)
from forumcli.cli.options import (
    ColumnOpt,
    DiffFormat,
    EncodingOpt,
    FieldOpt,
    InputFormatOpt,
    JobsOpt,
    KwicFormat,
    Level,
    LevelOpt,
    NoHeadersOpt,
    PathsArg,
    SplitOpt,
    SuggestFormat,
    TaxonomyOpt,
    WidthOpt,
)
from forumcli.render.messages import say
from forumcli.render.output import Format


def kwic(
    term: Annotated[str, typer.Argument(help="The term to look for, written as in the taxonomy.")],
    paths: PathsArg = None,
    width: WidthOpt = 5,
    fmt: Annotated[KwicFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = KwicFormat.text,
    taxonomy: TaxonomyOpt = None,
    jobs: JobsOpt = None,
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

    with handled_errors():
        tagger = load_tagger(taxonomy)
        inputs = read_inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=True, keep_going=False,
        )
        stats = inputs.stats
        remarks = inputs.remarks()
        hits = find(term, tag_stream(remarks, tagger, taxonomy, jobs), tagger, width=width)
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
            err(say("kwic_count", n=n, term=term, remarks=stats.remarks))
        report_skipped(stats)


def suggest(
    paths: PathsArg = None,
    topic: Annotated[
        str | None,
        typer.Option("--topic", help="Suggest terms that co-occur with this topic id instead.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many suggestions.")] = 30,
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="Seen in at least this many remarks.")] = 2,
    fmt: Annotated[SuggestFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = SuggestFormat.yaml,
    taxonomy: TaxonomyOpt = None,
    jobs: JobsOpt = None,
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
) -> None:
    """Suggest terms: words and phrases frequent in remarks with no topic (or with
    --topic ID) and rare in the others, ranked, as YAML to paste."""
    from forumcli.analyse.suggest import HEADERS, rows, write_yaml
    from forumcli.analyse.suggest import suggest as run_suggest
    from forumcli.render.output import rich_table

    with handled_errors():
        tagger = load_tagger(taxonomy)
        if topic is not None and topic not in {t.id for t in tagger.taxonomy.topics}:
            ids = ", ".join(t.id for t in tagger.taxonomy.topics)
            err(say("unknown_topic", topic=topic, ids=ids))
            raise typer.Exit(2)
        inputs = read_inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=True, keep_going=False,
        )
        stats = inputs.stats
        remarks = inputs.remarks()
        result = run_suggest(tag_stream(remarks, tagger, taxonomy, jobs), tagger, topic=topic, min_count=min_count,
                             limit=limit)
        if fmt is SuggestFormat.json:
            data = {
                "topic": result.topic,
                "group": result.group,
                "others": result.others,
                "background": result.background,
                "suggestions": [s.as_dict() for s in result.suggestions],
            }
            print(json.dumps(data, ensure_ascii=False, indent=2))
        elif fmt is SuggestFormat.table:
            rich_table(rows(result), HEADERS, sys.stdout)
        else:
            write_yaml(result, sys.stdout)
        report_skipped(stats)


def diff(
    old: Annotated[Path, typer.Argument(help="The taxonomy before the edit.")],
    new: Annotated[Path, typer.Argument(help="The taxonomy after the edit.")],
    paths: PathsArg = None,
    level: LevelOpt = Level.top,
    jobs: JobsOpt = None,
    examples: Annotated[int, typer.Option("--examples", min=0, help="Remarks shown per topic gained or lost.")] = 3,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = DiffFormat.text,
    field: FieldOpt = "text",
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    split: SplitOpt = None,
    column: ColumnOpt = "text",
) -> None:
    """How the tally and each remark's tags change between two taxonomy versions."""
    from forumcli.analyse.diff import TaggerPair, diff_taxonomies, write_text

    with handled_errors():
        before, after = load_tagger(old), load_tagger(new)
        inputs = read_inputs(
            paths, field=field, column=column, encoding=encoding, input_format=input_format, split=split,
            speakers=True, keep_going=False,
        )
        stats = inputs.stats
        remarks = inputs.remarks()
        result = diff_taxonomies(before, after, tag_stream(remarks, TaggerPair(before, after), old, jobs),
                                 level=level.value)
        if fmt is DiffFormat.json:
            print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            write_text(result, sys.stdout, examples=examples)
        report_skipped(stats)


