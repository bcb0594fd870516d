"""The documents: docs/cli.md is the real --help of every command, the README stays a short
user's document (that it names every command is tested in test_cli.py), relative links lead to
files that exist, and no document, source or test refers to tracker numbers.

After changing an option or a help text, regenerate the reference with
``FORUMCLI_REGEN_DOCS=1 python -m pytest tests/test_docs.py`` and review the diff.
"""

import os
import re

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
