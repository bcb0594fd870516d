"""The ``forumcli`` command: the Typer app, its commands in the order --help lists them, and
the console-script entry point."""

from __future__ import annotations

import signal
import sys
from typing import Annotated

import typer

from forumcli import __version__
from forumcli.cli import keeping, outline, tagging, taxonomy
from forumcli.cli.examples import epilog
from forumcli.cli.options import Lang
from forumcli.errors import Terminated
from forumcli.render.messages import choose, set_language

app = typer.Typer(
    name="forumcli",
    help="Tag and tally what citizens say at Vietnamese public forums against a YAML taxonomy.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    epilog=epilog(""),
)
taxonomy_app = typer.Typer(
    help="Show, check or copy the taxonomy (categories.yaml).",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    epilog=epilog("taxonomy"),
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
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", case_sensitive=False, show_default=False,
                     help="Language of messages: vi or en (default: FORUMCLI_LANG, else the locale, else en)."),
    ] = None,
) -> None:
    """Tag and tally what citizens say at Vietnamese public forums against a YAML taxonomy."""
    set_language(choose(lang and lang.value))


app.command(epilog=epilog("tag"))(tagging.tag)
app.command(epilog=epilog("tally"))(tagging.tally)
app.command(epilog=epilog("report"))(tagging.report)
app.command(epilog=epilog("outline"))(outline.outline)
app.command(epilog=epilog("explain"))(taxonomy.explain)
app.command("eval", epilog=epilog("eval"))(taxonomy.eval_)
taxonomy_app.command("show", epilog=epilog("taxonomy show"))(taxonomy.taxonomy_show)
taxonomy_app.command("check", epilog=epilog("taxonomy check"))(taxonomy.taxonomy_check)
taxonomy_app.command("init", epilog=epilog("taxonomy init"))(taxonomy.taxonomy_init)
app.command(epilog=epilog("kwic"))(keeping.kwic)
app.command(epilog=epilog("suggest"))(keeping.suggest)
app.command(epilog=epilog("diff"))(keeping.diff)


def _utf8_streams() -> None:
    """Write UTF-8 whatever the locale says. On Windows, output redirected to a file or a
    pipe gets the ANSI code page (cp1252), which cannot hold Vietnamese: every command that
    printed a remark or a file name there stopped with a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def _terminate(signum, frame) -> None:
    raise Terminated()


def main() -> None:
    """Console-script entry point."""
    _utf8_streams()
    # SIGTERM ends a run as Ctrl-C does: worker processes stopped, temporary files removed,
    # a line on stderr, exit 143 (128 + SIGTERM)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - raised outside a command
        sys.exit(130)
    except Terminated:  # pragma: no cover - raised outside a command
        sys.exit(143)
