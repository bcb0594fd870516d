"""The documents: docs/cli.md is the real --help of every command, the README stays a short
user's document (that it names every command is tested in test_cli.py), relative links lead to
files that exist, the outputs they show are what the commands print, and no document, source or
test refers to tracker numbers.

After changing an option or a help text, regenerate the reference with
``FORUMCLI_REGEN_DOCS=1 python -m pytest tests/test_docs.py`` and review the diff.
"""

import os
import re
import shlex
from itertools import pairwise

import pytest
from conftest import ROOT

from forumcli.cli.app import app

COMMANDS = [
    [], ["tag"], ["tally"], ["report"], ["explain"], ["eval"], ["kwic"], ["suggest"], ["diff"],
    ["taxonomy", "show"], ["taxonomy", "check"], ["taxonomy", "init"],
]
START, END = "<!-- reference:start -->", "<!-- reference:end -->"
README = ROOT / "README.md"
CLI_DOC = ROOT / "docs" / "cli.md"
DOCUMENTS = [README, ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]


def reference(runner) -> str:
    parts = []
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80", "TERM": "dumb"})
        assert result.exit_code == 0, result.stderr
        title = " ".join(["forumcli", *command])
        parts.append(f"### `{title}`\n\n```\n{result.stdout.rstrip()}\n```\n")
    return "\n".join(parts)


def test_cli_reference_is_current(runner):
    text = CLI_DOC.read_text(encoding="utf-8")
    block = f"{START}\n\n{reference(runner)}\n{END}"
    if os.environ.get("FORUMCLI_REGEN_DOCS") == "1":
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.DOTALL)
        CLI_DOC.write_text(text, encoding="utf-8")
    assert START in text, "docs/cli.md has no reference block"
    assert text[text.index(START) : text.index(END) + len(END)] == block


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 400, f"README.md has {len(lines)} lines; move details to docs/"


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_lead_to_files(doc):
    text = doc.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", text)
    missing = [t for t in targets if not (doc.parent / t).exists()]
    assert missing == []


def test_no_tracker_numbers():
    pattern = re.compile(r"issue ?[0-9]", re.IGNORECASE)
    files = [*DOCUMENTS]
    for folder in ("docs", "src", "tests"):
        files += [p for p in sorted((ROOT / folder).rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    hits = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images, workbooks
            continue
        hits += [
            f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
            for n, line in enumerate(text.splitlines(), 1)
            if pattern.search(line)
        ]
    assert hits == []


def examples(doc) -> list[tuple[str, str]]:
    """The ``$ forumcli …`` lines of a document's code blocks with the output shown under them,
    leaving out those that pipe, write a file or read one the document only describes."""
    found, lines, inside = [], [], False
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            if inside:
                found += _commands(lines)
            inside, lines = not inside, []
        elif inside:
            lines.append(line)
    return found


def _commands(lines: list[str]) -> list[tuple[str, str]]:
    starts = [i for i, line in enumerate(lines) if line.startswith("$ ")] + [len(lines)]
    out = []
    for i, j in pairwise(starts):
        command, body = lines[i][2:], lines[i + 1 : j]
        while command.endswith("\\") and body:
            command = command[:-1] + body.pop(0).strip()
        skip = ("|", " -o ", "--version", "labelled.jsonl", "my-categories", "mini-v2", "y-kien", "bad.txt")
        if command.startswith("forumcli ") and not any(s in command for s in skip):
            out.append((command, "\n".join(body).strip("\n")))
    return out


DOC_EXAMPLES = [(doc, command, shown) for doc in DOCUMENTS for command, shown in examples(doc)]


@pytest.mark.parametrize(
    ("doc", "command", "shown"), DOC_EXAMPLES, ids=[f"{d.name}: {c[9:40]}" for d, c, _ in DOC_EXAMPLES]
)
def test_documented_output_is_real(runner, monkeypatch, doc, command, shown):
    """Each example prints what the document shows: stdout and stderr, in the order a terminal
    shows them (messages come before or after the data)."""
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, shlex.split(command)[1:])
    out, err = result.stdout.strip("\n"), result.stderr.strip("\n")
    assert shown in {"\n".join(filter(None, (out, err))), "\n".join(filter(None, (err, out)))}
