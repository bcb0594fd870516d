"""eval's gold file: topics and kinds that are not lists of ids, and text that is not text,
are errors naming the line."""

from __future__ import annotations

import pytest

from forumcli.cli.app import app


@pytest.mark.parametrize("topics", ['[["fire"]]', "[1, null]", '"fire"'])
def test_gold_topics_that_are_not_a_list_of_ids_name_the_line(runner, mini_path, tmp_path, topics):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "cháy chợ", "topics": ["fire"]}\n' f'{{"text": "cháy chợ", "topics": {topics}}}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {gold}:2: 'topics' must be a list of ids (strings)\n"
    assert result.stdout == ""


def test_a_lone_surrogate_in_gold_text_names_the_line(runner, mini_path, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "cháy chợ", "topics": ["fire"]}\n{"text": "\\ud800 vỉa hè", "topics": []}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {gold}:2: 'text' holds \\ud800, half of a UTF-16 pair: not text\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
        ('{"text": ', "invalid JSON: Expecting value (column 10)"),
    ],
)
def test_gold_lines_that_are_not_json_name_the_line(runner, mini_path, tmp_path, line, message):
    # gold files are parsed as every JSON Lines input is: a line nested past Python's
    # recursion limit was a RecursionError traceback
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "cháy chợ", "topics": ["fire"]}\n' + line + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "-t", str(mini_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {gold}:2: {message}\n"
    assert result.stdout == ""
