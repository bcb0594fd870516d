"""The ``forumcli`` command: the Typer app, its commands in the order --help lists them, and
the console-script entry point."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from forumcli import __version__
from forumcli.cli import keeping, outline, tagging, taxonomy

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


def _version(value: bool) -> None:
    if value:
        from forumcli.segment import files, words

        name, why = words.segmenter()
        print(f"forumcli {__version__}")
        print(f"underthesea {files.version() or 'not installed'}")
        print(f"segmenter {name}" + (f" ({why})" if why else ""))
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the versions of forumcli and underthesea, the segmenter in use, and exit.")
    ] = False,
) -> None:
    """Tag and tally what citizens say at Vietnamese public forums against a YAML taxonomy."""


app.command()(tagging.tag)
app.command()(tagging.tally)
app.command()(tagging.report)
app.command()(outline.outline)
app.command()(taxonomy.explain)
app.command("eval")(taxonomy.eval_)
taxonomy_app.command("show")(taxonomy.taxonomy_show)
taxonomy_app.command("check")(taxonomy.taxonomy_check)
taxonomy_app.command("init")(taxonomy.taxonomy_init)
app.command()(keeping.kwic)
app.command()(keeping.suggest)
app.command()(keeping.diff)


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
