"""The README's "Command reference" block is the real --help of every command.

After changing an option or a help text, regenerate it with
``FORUMCLI_REGEN_README=1 python -m pytest tests/test_docs.py`` and review the diff.
"""

import os
import re

from forumcli.cli.app import app

from conftest import ROOT

COMMANDS = [
    [], ["tag"], ["tally"], ["report"], ["explain"], ["eval"], ["kwic"], ["suggest"], ["diff"],
    ["taxonomy", "show"], ["taxonomy", "check"], ["taxonomy", "init"],
]
START, END = "<!-- reference:start -->", "<!-- reference:end -->"


def reference(runner) -> str:
    parts = []
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80", "TERM": "dumb"})
        assert result.exit_code == 0, result.stderr
        title = " ".join(["forumcli", *command])
        parts.append(f"### `{title}`\n\n```\n{result.stdout.rstrip()}\n```\n")
    return "\n".join(parts)


def test_readme_reference_is_current(runner):
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    block = f"{START}\n\n{reference(runner)}\n{END}"
    if os.environ.get("FORUMCLI_REGEN_README") == "1":
        readme = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, readme, flags=re.S)
        path.write_text(readme, encoding="utf-8")
    assert START in readme, "README has no reference block"
    assert readme[readme.index(START) : readme.index(END) + len(END)] == block
