"""Options shared by the commands, defined once, and the choices they take."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from forumcli import TAXONOMY_ENV as ENV_VAR


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
    md = "md"
    table = "table"
    xlsx = "xlsx"


class TallyFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    md = "md"
    xlsx = "xlsx"


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
    Path | None,
    typer.Option(
        "--taxonomy",
        "-t",
        envvar=ENV_VAR,
        help="Taxonomy YAML to use instead of the bundled categories.yaml.",
        show_default=False,
    ),
]
PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Meeting notes (.txt, .md, .docx, .csv, .tsv, .xlsx, .jsonl) or folders; '-' or nothing reads stdin.",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically); the format follows its extension.", show_default=False),
]
FieldOpt = Annotated[str, typer.Option("--field", help="JSONL input: the key holding the remark text.")]
InputFormatOpt = Annotated[
    InputFormat | None,
    typer.Option("--input-format", help="Format of stdin (or of files, overriding their extension).", show_default=False),
]
def check_encoding_option(value: str | None) -> str | None:
    from forumcli.read.formats import NotTextEncoding, check_encoding

    if value is not None:
        try:
            check_encoding(value)
        except NotTextEncoding:
            raise typer.BadParameter(f"'{value}' is not a text encoding (e.g. utf-8, utf-16, cp1258)") from None
        except LookupError:
            from forumcli.render.messages import say

            raise typer.BadParameter(say("bad_encoding", value=value)) from None
    return value


EncodingOpt = Annotated[
    str | None,
    typer.Option(
        "--encoding", "-e", callback=check_encoding_option, show_default=False,
        help="Encoding of text input that is not UTF-8 (e.g. cp1258). UTF-8 and UTF-16 with a BOM need none.",
    ),
]
SplitOpt = Annotated[
    Split | None,
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
class Structure(str, Enum):
    auto = "auto"
    none = "none"


StructureOpt = Annotated[
    Structure,
    typer.Option(
        "--structure", case_sensitive=False,
        help="auto: whole minutes (.txt, .md, .docx) are read by their structure, and only the citizens' "
        "opinions are remarks; none: every line is a remark.",
    ),
]
AllBlocksOpt = Annotated[
    bool, typer.Option("--all-blocks", help="Minutes: also write the blocks that are not remarks, each with its role.")
]
SpeakersOpt = Annotated[
    bool, typer.Option("--speakers/--no-speakers", help="Take 'Ông A (TDP 5):' prefixes apart into speaker and place.")
]
NoHeadersOpt = Annotated[bool, typer.Option("--no-headers", help="CSV/TSV: omit the header row.")]
LevelOpt = Annotated[Level, typer.Option("--level", help="Count top-level topics or the deepest (leaf) topics.", case_sensitive=False)]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes (default: all cores when there are more than a few thousand remarks).",
        show_default=False,
    ),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels.", case_sensitive=False)]
LabelLangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", case_sensitive=False, show_default=False,
                 help="Language of labels, headers and messages: vi or en (default: FORUMCLI_LANG, else vi)."),
]
ExcelOpt = Annotated[
    bool,
    typer.Option("--excel", help="CSV (or TSV) for Excel: UTF-8 with a byte-order mark, CRLF line ends, "
                 "headers in the label language, shares as percentages."),
]


class DocFormat(str, Enum):
    html = "html"
    md = "md"


class KwicFormat(str, Enum):
    text = "text"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


WidthOpt = Annotated[int, typer.Option("--width", "-w", min=0, help="Words of context either side.")]


class SuggestFormat(str, Enum):
    yaml = "yaml"
    table = "table"
    json = "json"


class DiffFormat(str, Enum):
    text = "text"
    json = "json"


