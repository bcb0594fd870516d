"""taxonomy/load: categories.yaml loaded and validated, with file:line errors for every problem."""

import textwrap

import pytest

from forumcli.cli.app import app
from forumcli.taxonomy.load import (
    TaxonomyError,
    default_taxonomy_path,
    load_taxonomy,
    parse_taxonomy,
)

GOOD = """\
topics:
  - id: fire
    label: PCCC
    terms: [pccc, chữa cháy]
kinds:
  - id: proposal
    label: Kiến nghị
    cues: [đề nghị]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(TaxonomyError) as e:
        parse_taxonomy(textwrap.dedent(text), "bad.yaml")
    return e.value.problems


def test_good_taxonomy_loads():
    tax = parse_taxonomy(GOOD, "good.yaml")
    assert [t.id for t in tax.topics] == ["fire"]
    assert [p.text for p in tax.topics[0].terms] == ["pccc", "chữa cháy"]
    assert tax.topics[0].terms[1].line == 4
    assert tax.kinds[0].cues[0].text == "đề nghị"


def test_yaml_syntax_error():
    assert problems("topics:\n  - id: fire\n    label: [unclosed\n") == [
        "bad.yaml:4: YAML syntax error: expected ',' or ']', but got '<stream end>'"
    ]


def test_unknown_key_with_suggestion():
    assert problems(
        """\
        topics:
          - id: fire
            label: PCCC
            term: [pccc]
            terms: [chữa cháy]
        """
    ) == [
        "bad.yaml:4: unknown key 'term' in a topic (did you mean 'terms'?); allowed: "
        "actor, children, context, context_window, description, examples, exclude, id, label, label_en, "
        "terms, weak_terms"
    ]


def test_duplicate_key_is_caught():
    assert problems(
        """\
        topics:
          - id: fire
            label: PCCC
            terms: [pccc]
            terms: [chữa cháy]
        """
    ) == ["bad.yaml:5: duplicate key 'terms' in a topic (first at line 4)"]


def test_duplicate_id_empty_term_and_shared_term():
    assert problems(
        """\
        topics:
          - id: fire
            label: PCCC
            terms: [pccc, ""]
          - id: fire
            label: Cháy
            terms: [cháy]
          - id: crime
            label: Tội phạm
            terms: [trộm cắp, PCCC]
        """
    ) == [
        "bad.yaml:4: empty entry in terms of topic 'fire'",
        "bad.yaml:5: duplicate topic id 'fire' (first at line 2)",
        "bad.yaml:10: term 'PCCC' of topic 'crime' is also a term of topic 'fire' (line 4)",
    ]


def test_bad_id_and_missing_label_and_no_terms():
    assert problems(
        """\
        topics:
          - id: Urban-Order
            terms: [vỉa hè]
          - id: empty
            label: Trống
        """
    ) == [
        "bad.yaml:2: id 'Urban-Order' must be ASCII snake_case (a-z, 0-9, _)",
        "bad.yaml:2: topic 'Urban-Order' has no label",
        "bad.yaml:4: topic 'empty' has no terms and no children",
    ]


def test_same_term_twice_after_normalisation():
    assert problems(
        """\
        topics:
          - id: drugs
            label: Ma túy
            terms: [ma túy, Ma tuý]
        """
    ) == ["bad.yaml:4: 'Ma tuý' is listed twice in terms of topic 'drugs' (first at line 4)"]


def test_children_are_addressed_by_dotted_ids():
    tax = parse_taxonomy(
        textwrap.dedent(
            """\
            topics:
              - id: urban_order
                label: Trật tự đô thị
                children:
                  - id: traffic
                    label: Giao thông
                    terms: [giao thông]
            """
        )
    )
    assert [t.id for t in tax.topics] == ["urban_order", "urban_order.traffic"]
    assert tax.topics[0].children == ("urban_order.traffic",)


def test_cli_check_reports_errors_with_exit_2(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  - id: fire\n    label: PCCC\n    term: [pccc]\n", encoding="utf-8")
    result = runner.invoke(app, ["taxonomy", "check", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:4: unknown key 'term' in a topic (did you mean 'terms'?); allowed: "
        "actor, children, context, context_window, description, examples, exclude, id, label, label_en, "
        "terms, weak_terms",
        f"{bad}:2: topic 'fire' has no terms and no children",
        "Error: the taxonomy has 2 problems; nothing was tagged.",
    ]


def test_tag_with_broken_taxonomy_tags_nothing(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics: [\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", "--taxonomy", str(bad), "-"], input="Đề nghị xử lý\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad}:2: YAML syntax error")


def test_missing_taxonomy_file(runner, tmp_path):
    result = runner.invoke(app, ["taxonomy", "show", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{tmp_path / 'nope.yaml'}: cannot read taxonomy: No such file or directory"


def test_default_taxonomy_has_the_agreed_ids():
    tax = load_taxonomy(default_taxonomy_path())
    assert [t.id for t in tax.top_topics] == [
        "urban_order",
        "id_cards",
        "fire",
        "drugs_gambling",
        "covid",
        "crime",
        "security_movement",
        "police_conduct",
    ]
    assert [k.id for k in tax.kinds] == ["praise", "complaint", "proposal", "question"]
    assert tax.term_count() >= 300


def test_env_var_selects_taxonomy(runner, monkeypatch, mini_path):
    monkeypatch.setenv("FORUMCLI_TAXONOMY", str(mini_path))
    result = runner.invoke(app, ["taxonomy", "check"])
    assert result.exit_code == 0
    assert result.stdout == f"{mini_path}: OK: 4 topics, 12 terms, 3 kinds, 2 notes\n"
    assert result.stderr.splitlines() == [
        f"{mini_path}:25: info: 'cháy' (fire) is not used for text without diacritics: "
        "'chay' is one syllable: too many words share its unaccented form",
        f"{mini_path}:35: info: 'đề' (drugs_gambling) is not used for text without diacritics: "
        "'de' is one syllable: too many words share its unaccented form",
    ]


def test_taxonomy_init_writes_a_copy(runner, tmp_path):
    target = tmp_path / "mine.yaml"
    result = runner.invoke(app, ["taxonomy", "init", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == default_taxonomy_path().read_text(encoding="utf-8")
    again = runner.invoke(app, ["taxonomy", "init", str(target)])
    assert again.exit_code == 1
    assert again.stderr == f"Error: {target} exists; use --force to overwrite it.\n"
