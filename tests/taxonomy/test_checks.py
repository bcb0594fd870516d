"""`taxonomy check` runs examples as tests and finds terms that cannot work.
Every check is planted in a small taxonomy written to tmp_path; messages are exact."""

from __future__ import annotations

import textwrap

from forumcli.cli.app import app
from forumcli.taxonomy.checks import run_checks
from forumcli.taxonomy.load import load_taxonomy

PLANTED = """\
version: 1
topics:
  - id: fire
    label: PCCC
    terms:
      - cháy
      - cháy nổ
      - cháy xe
    exclude:
      - cháy hàng
      - cháy nổ
    examples:
      match:
        - Nhà ông Ba bị cháy vào ban đêm.
        - Cửa hàng bán hết, cháy hàng từ sáng.
      no_match:
        - Trời nắng nóng kéo dài.
        - Tai nạn giao thông làm cháy xe máy.
  - id: traffic
    label: Giao thông
    terms:
      - giao thông
      - chạy xe
    examples:
      match:
        - Cần đầu tư hạ tầng giao thông cho xã.
  - id: infra
    label: Hạ tầng
    terms:
      - hạ tầng giao thông
  - id: school
    label: Trường học
    terms:
      - dục
    examples:
      match:
        - Bà con lo ngại dục đang diễn ra.
kinds:
  - id: complaint
    label: Phản ánh
    cues:
      - phản ánh
    examples:
      match:
        - Người dân nói về rác.
      no_match:
        - Người dân phản ánh về rác.
"""


def _write(tmp_path, text, name="planted.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_planted_faults_are_each_reported_exactly(runner, tmp_path):
    p = _write(tmp_path, PLANTED)
    result = runner.invoke(app, ["taxonomy", "check", str(p)])
    assert result.exit_code == 2
    assert result.stdout == (
        f"{p}: FAILED: 4 topics, 7 terms, 1 kind, 3/8 examples pass, 6 errors, 5 notes\n"
    )
    assert result.stderr.splitlines() == [
        f"{p}:6: info: 'cháy' (fire) is not used for text without diacritics: "
        "'chay' is one syllable: too many words share its unaccented form",
        f"{p}:7: error: term 'cháy nổ' of topic 'fire' is also an exclude phrase of 'fire' (line 11): "
        "it vetoes itself and can never tag",
        f"{p}:8: info: 'cháy xe' (fire) looks the same as 'chạy xe' (traffic) without diacritics "
        "('chay xe'): neither is used for text without diacritics",
        f"{p}:15: error: match example of topic 'fire' is not tagged 'fire' (got no topic; "
        "'cháy' vetoed by exclude 'cháy hàng'): \"Cửa hàng bán hết, cháy hàng từ sáng.\"",
        f"{p}:18: error: no_match example of topic 'fire' is tagged 'fire' by 'cháy': "
        "\"Tai nạn giao thông làm cháy xe máy.\"",
        f"{p}:22: info: term 'giao thông' of topic 'traffic' does not count inside "
        "'hạ tầng giao thông' (infra): the longer match wins",
        f"{p}:23: info: 'chạy xe' (traffic) looks the same as 'cháy xe' (fire) without diacritics "
        "('chay xe'): neither is used for text without diacritics",
        f"{p}:26: error: match example of topic 'traffic' is not tagged 'traffic' (got infra; "
        "'giao thông' inside 'hạ tầng giao thông' (infra)): \"Cần đầu tư hạ tầng giao thông cho xã.\"",
        # underthesea glues "lo_ngại_dục", a word its dictionary does not hold: the term still
        # matches there (segment.unglue), so its example passes and nothing is reported
        f"{p}:34: info: 'dục' (school) is not used for text without diacritics: "
        "'duc' is one syllable: too many words share its unaccented form",
        f"{p}:45: error: match example of kind 'complaint' is not tagged 'complaint' "
        "(got no kind; no cue of it occurs): \"Người dân nói về rác.\"",
        f"{p}:47: error: no_match example of kind 'complaint' is tagged 'complaint' by 'phản ánh': "
        "\"Người dân phản ánh về rác.\"",
    ]


def test_quick_is_gone(runner, tmp_path):
    # --quick skipped a segmentation check that no longer exists: a usage error now
    p = _write(tmp_path, PLANTED)
    result = runner.invoke(app, ["taxonomy", "check", "--quick", str(p)])
    assert result.exit_code == 2 and "No such option: --quick" in result.stderr


NOTES_ONLY = """\
topics:
  - id: school
    label: Trường học
    terms:
      - trường học
      - dục
    examples:
      match:
        - Cổng trường học xuống cấp.
      no_match:
        - Đường làng ngập nước.
"""


def test_notes_never_fail_even_strict(runner, tmp_path):
    p = _write(tmp_path, NOTES_ONLY)
    ok = runner.invoke(app, ["taxonomy", "check", str(p)])
    assert ok.exit_code == 0
    assert ok.stdout == f"{p}: OK: 1 topics, 2 terms, 0 kinds, 2/2 examples pass, 1 note\n"
    strict = runner.invoke(app, ["taxonomy", "check", "--strict", str(p)])
    assert (strict.exit_code, strict.stdout, strict.stderr) == (0, ok.stdout, ok.stderr)



def test_notes_never_fail_even_when_strict(runner, mini_path):
    result = runner.invoke(app, ["taxonomy", "check", "--strict", str(mini_path)])
    assert result.exit_code == 0
    assert result.stdout == f"{mini_path}: OK: 4 topics, 12 terms, 3 kinds, 2 notes\n"


def test_terms_identical_after_normalisation_are_a_load_error(runner, tmp_path):
    p = _write(
        tmp_path,
        textwrap.dedent(
            """\
            topics:
              - id: mediation
                label: Hòa giải
                terms:
                  - hòa giải
                  - Hoà Giải
            """
        ),
    )
    result = runner.invoke(app, ["taxonomy", "check", str(p)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{p}:6: 'Hoà Giải' is listed twice in terms of topic 'mediation' (first at line 5)",
        "Error: the taxonomy has 1 problem; nothing was tagged.",
    ]


def test_empty_topic_is_a_load_error(runner, tmp_path):
    p = _write(tmp_path, "topics:\n  - id: empty\n    label: Trống\n    terms: []\n")
    result = runner.invoke(app, ["taxonomy", "check", str(p)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{p}:2: topic 'empty' has no terms and no children"


def test_match_example_of_a_parent_passes_through_its_child(tmp_path):
    p = _write(
        tmp_path,
        textwrap.dedent(
            """\
            topics:
              - id: urban_order
                label: Trật tự đô thị
                terms: [vỉa hè]
                examples:
                  match: [Xe máy đội mũ bảo hiểm trên vỉa hè.]
                children:
                  - id: traffic
                    label: Giao thông
                    terms: [mũ bảo hiểm]
                    examples:
                      no_match: [Lấn chiếm vỉa hè để buôn bán.]
            """
        ),
    )
    result = run_checks(load_taxonomy(p))
    assert result.findings == []
    assert result.examples_run == 2


def test_no_notes_hides_info_but_keeps_the_count(runner, mini_path):
    result = runner.invoke(app, ["taxonomy", "check", str(mini_path), "--no-notes"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.endswith(", 2 notes\n")


def test_json_format_for_scripts(runner, tmp_path):
    import json

    p = _write(tmp_path, PLANTED)
    result = runner.invoke(app, ["taxonomy", "check", str(p), "--format", "json", "--no-notes"])
    assert result.exit_code == 2
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert {k: v for k, v in doc.items() if k != "findings"} == {
        "path": str(p), "ok": False, "strict": False, "topics": 4, "terms": 7, "kinds": 1,
        "examples": {"run": 8, "passed": 3}, "errors": 6, "warnings": 0, "notes": 5,
    }
    assert [(f["line"], f["severity"]) for f in doc["findings"]] == [
        (7, "error"), (15, "error"), (18, "error"), (26, "error"), (45, "error"), (47, "error")
    ]
    assert doc["findings"][1]["message"] == (
        "match example of topic 'fire' is not tagged 'fire' (got no topic; 'cháy' vetoed by exclude "
        "'cháy hàng'): \"Cửa hàng bán hết, cháy hàng từ sáng.\""
    )
