"""A taxonomy whose YAML is endless (an alias inside the node it names) or too deep is a
taxonomy error naming the line, exit 2."""

from __future__ import annotations

import pytest

from forumcli.cli.app import app


@pytest.mark.parametrize(
    ("yaml_text", "problem"),
    [
        ("version: 1\ntopics: &a\n  - id: x\n    children: *a\n", "4: the alias *a is inside the node &a it refers to (an endless tree)"),
        (
            "version: 1\ntopics:\n  - &t\n    id: x\n    label: X\n    terms: [vỉa hè]\n    children:\n      - *t\n",
            "8: the alias *t is inside the node &t it refers to (an endless tree)",
        ),
        ("version: 1\ntopics: " + "[" * 1000 + "]" * 1000 + "\n", "2: nested more than 100 levels deep"),
    ],
)
def test_an_endless_or_too_deep_taxonomy_is_a_taxonomy_error(runner, tmp_path, yaml_text, problem):
    tax = tmp_path / "bad.yaml"
    tax.write_text(yaml_text, encoding="utf-8")
    src = tmp_path / "n.txt"
    src.write_text("vỉa hè\n", encoding="utf-8")
    result = runner.invoke(app, ["tally", str(src), "-t", str(tax)])
    assert result.exit_code == 2
    assert result.stderr == f"{tax}:{problem}\nError: the taxonomy has 1 problem; nothing was tagged.\n"
    assert result.stdout == ""
