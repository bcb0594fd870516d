"""The taxonomy itself: taxonomy show / check / init, explain a remark, eval against gold labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from forumcli import TAXONOMY_ENV as ENV_VAR
from forumcli.cli.common import destination, err, handled_errors, load_tagger
from forumcli.cli.options import (
    Level,
    LevelOpt,
    ReportFormat,
    TaxonomyOpt,
)
from forumcli.render.messages import say


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
    from forumcli.analyse.kwic import candidates_in_context, print_candidates_in_context
    from forumcli.read.remarks import MAX_REMARK
    from forumcli.read.spool import one_remark
    from forumcli.render.explain import explanation_dict, print_explanation

    with handled_errors():
        text = one_remark(sys.stdin.buffer if text == "-" else None, text, "<stdin>" if text == "-" else "<text>", MAX_REMARK)
        tagger = load_tagger(taxonomy)
        analysis = tagger.analyse(text)
        if fmt is ReportFormat.json:
            data = explanation_dict(tagger, analysis)
            if context:
                data["context"] = candidates_in_context(analysis, context)
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print_explanation(tagger, analysis, sys.stdout)
            if context:
                print_candidates_in_context(analysis, context, sys.stdout)


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

    with handled_errors():
        tagger = load_tagger(taxonomy)
        report = evaluate(tagger, read_gold(gold), level=level.value)
        if errors_only:
            for miss in report.misses:
                sys.stdout.write(json.dumps(miss.review_dict(), ensure_ascii=False) + "\n")
        elif fmt is ReportFormat.json:
            print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            print_eval(tagger, report, sys.stdout, show_errors=errors)


def taxonomy_show(
    path: Annotated[Path | None, typer.Argument(help="Taxonomy file (default: the one in use).", show_default=False)] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = ReportFormat.table,
    taxonomy: TaxonomyOpt = None,
) -> None:
    """List topics and kinds with their labels and numbers of terms."""
    from forumcli.render.explain import print_taxonomy, taxonomy_dict
    from forumcli.taxonomy.load import load_taxonomy

    with handled_errors():
        tax = load_taxonomy(path or taxonomy)
        if fmt is ReportFormat.json:
            print(json.dumps(taxonomy_dict(tax), ensure_ascii=False, indent=2))
        else:
            print_taxonomy(tax, sys.stdout)


def taxonomy_check(
    path: Annotated[Path | None, typer.Argument(help="Taxonomy file (default: the one in use).", show_default=False)] = None,
    taxonomy: TaxonomyOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 2).")] = False,
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

    with handled_errors():
        tax = load_taxonomy(path or taxonomy)
        result = run_checks(tax)
        shown = [f for f in result.findings if notes or f.severity != INFO]
        n_terms = tax.term_count()
        where = resolve_taxonomy_path(path or taxonomy)
        failed = result.failed(strict)
        bad = result.examples_failed
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
                err(f.render())
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


def taxonomy_init(
    path: Annotated[Path, typer.Argument(help="Where to write a copy of the default taxonomy.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a copy of the bundled categories.yaml to edit."""
    from forumcli.taxonomy.load import default_taxonomy_path

    with handled_errors():
        if path.exists() and not force:
            err(say("file_exists", path=path))
            raise typer.Exit(1)
        with destination(path, newline=None) as fh:
            fh.write(default_taxonomy_path().read_text(encoding="utf-8"))
        err(say("wrote_taxonomy", path=path, env=ENV_VAR))




