"""Every command's --help ends with examples a clerk can copy; shell completion is on."""

from __future__ import annotations

import pytest

from forumcli.cli.app import app
from forumcli.cli.examples import EXAMPLES

COMMANDS = ["", "tag", "tally", "report", "outline", "explain", "eval", "kwic", "suggest", "diff",
            "taxonomy", "taxonomy show", "taxonomy check", "taxonomy init"]


def test_every_command_has_examples():
    assert sorted(EXAMPLES) == sorted(COMMANDS)
    assert all(1 <= len(v) <= 3 for v in EXAMPLES.values())


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_its_examples(runner, command):
    result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "80", "TERM": "dumb"})
    assert result.exit_code == 0
    expected = "\n  Examples:\n\n" + "".join(f"    {e}\n" for e in EXAMPLES[command])
    assert result.stdout.endswith(expected)


def test_examples_use_real_commands_and_options(runner):
    """Each example's command exists and every option it gives is one that command takes."""
    from typer.main import get_command

    root = get_command(app)
    for examples in EXAMPLES.values():
        for example in examples:
            words = example.split()[1:]
            _group, cmd = root, root
            while words and not words[0].startswith("-") and hasattr(cmd, "commands") and words[0] in cmd.commands:
                _group, cmd = cmd, cmd.commands[words.pop(0)]
            options = {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)}
            given = {w for w in words if w.startswith("-") and w != "-"}
            assert given <= options, (example, given - options)


def test_shell_completion_is_available(runner):
    result = runner.invoke(app, ["--show-completion", "bash"])
    assert result.exit_code == 0
    assert "_forumcli_completion()" in result.stdout
    assert "complete -o default -F _forumcli_completion forumcli" in result.stdout
