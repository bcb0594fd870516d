"""match/context, match/rulebook, taxonomy/rules and taxonomy/rulechecks: the context rules
of a taxonomy (weak terms, near / not_near windows, the actor rule, the clause-form keys of
kinds) on tests/fixtures/context.yaml, written for these tests, with exact labels, the exact
verdicts ``explain`` shows, and every malformed key reported with file and line."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import FIXTURES

from forumcli.cli.app import app
from forumcli.match.tagger import Tagger
from forumcli.taxonomy.checks import run_checks
from forumcli.taxonomy.load import TaxonomyError, load_taxonomy, parse_taxonomy

CONTEXT = FIXTURES / "context.yaml"


@pytest.fixture(scope="module")
def tagger():
    return Tagger(load_taxonomy(CONTEXT))


def labels(tagger, text):
    t = tagger.tag(text)
    return t.topics, t.kinds


def verdicts(tagger, text):
    """(span, id, role, verdict) of every candidate explain shows, by position."""
    a = tagger.analyse(text)
    return [(a.text[m.start:m.end], m.id, m.role, v) for m, v in sorted(a.candidates, key=lambda c: c[0][2:4])]


# --------------------------------------------------------------------------- weak terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # kept: a context word of the topic within its window (4 syllables)
        ("Khu trọ bị phong tỏa vì dịch.", (("covid",), ("complaint",))),
        # dropped: no other term of covid, no context word
        ("Dịch sốt xuất huyết lan rộng ở xã.", ((), ())),
        # a context word beyond the window does not support it
        ("Dịch sốt xuất huyết lan rộng, xã đã phong tỏa.", ((), ())),
        # kept: another term of the same topic anywhere in the remark
        ("Lập tổ tự quản giữ an ninh.", (("security",), ("complaint",))),
        ("An ninh ở khu trọ.", ((), ())),
        ("Tăng cường an ninh ở khu trọ.", (("security",), ("complaint",))),
        # a weak term may also have not_near: "mất an ninh" is an incident
        ("Tình trạng mất an ninh ở khu trọ.", ((), ("complaint",))),
    ],
)
def test_weak_terms(tagger, text, expected):
    assert labels(tagger, text) == expected


def test_explain_shows_what_supported_a_weak_term(tagger):
    assert verdicts(tagger, "Khu trọ bị phong tỏa vì dịch.") == [
        ("dịch", "covid", "term", "kept: weak, supported by 'phong tỏa' within 4 syllables"),
    ]
    assert verdicts(tagger, "Lập tổ tự quản giữ an ninh.") == [
        ("tổ tự quản", "security", "term", "kept"),
        ("an ninh", "security", "term", "kept: weak, supported by the term 'tổ tự quản'"),
    ]
    assert verdicts(tagger, "Dịch sốt xuất huyết lan rộng ở xã.") == [
        ("Dịch", "covid", "term", "dropped: weak, with no support"),
    ]


# --------------------------------------------------------------------------- near / not_near


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # near: "chốt" counts for covid only with "dịch" or "cách ly" within 3 syllables
        ("Lập chốt cách ly ở đầu thôn.", ("covid",)),
        ("Thôn cách ly, lập chốt.", ("covid",)),
        ("Lập chốt ở đầu thôn bên kia cầu, cách ly.", ()),
        ("Công an lập chốt ở ngã ba.", ()),
        # not_near: "vắc xin" is not covid with "dại" or "chó" within 3 syllables
        ("Tiêm vắc xin cho người già.", ("covid",)),
        ("Tiêm vắc xin phòng dại cho chó.", ()),
        ("Tiêm vắc xin cho người già, còn bệnh dại thì chưa.", ("covid",)),
        # without diacritics: the two-syllable term is matched folded; a one-syllable
        # accented rule word ("chó", "dại") is not looked for ("cho" is also "for")
        ("Tiem vac xin cho nguoi gia.", ("covid",)),
        ("Tiem vac xin phong dai cho cho.", ("covid",)),
    ],
)
def test_near_and_not_near(tagger, text, expected):
    assert tagger.tag(text).topics == expected


def test_explain_shows_the_word_that_vetoed_or_the_missing_near(tagger):
    assert verdicts(tagger, "Tiêm vắc xin phòng dại cho chó.") == [
        ("vắc xin", "covid", "term", "dropped: 'dại' within 3 syllables (not_near)"),
    ]
    assert verdicts(tagger, "Công an lập chốt ở ngã ba.") == [
        ("Công an", "police", "agent", "found: a word of the actor rule"),
        ("chốt", "covid", "term", "dropped: no near word within 3 syllables"),
    ]
    assert verdicts(tagger, "Lập chốt cách ly ở đầu thôn.") == [
        ("chốt", "covid", "term", "kept: near 'cách ly'"),
    ]


def test_windows_hold_without_diacritics(tagger):
    # windows count syllables of the normalised text: the same with and without marks
    for text in ("Tăng cường an ninh ở khu trọ.", "Tang cuong an ninh o khu tro."):
        assert labels(tagger, text) == (("security",), ("complaint",))
    assert labels(tagger, "An ninh o khu tro.") == ((), ())


# --------------------------------------------------------------------------- actor rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the police as the actor of an evaluated action
        ("Gọi công an phường mà đến rất chậm.", (("police",), ("complaint",))),
        ("Goi cong an phuong ma den rat cham.", (("police",), ("complaint",))),
        ("Cán bộ cảnh sát hướng dẫn tận tình.", (("police",), ("praise",))),
        # the police as the addressee of a request
        ("Đề nghị công an xã tuần tra ban đêm.", ((), ("proposal",))),
        ("Mong công an xã xử lý chủ trọ chậm đăng ký.", ((), ("proposal",))),
        # an attitude of the speaker may come first; a pronoun stands for the police
        ("Cảm ơn các anh công an.", (("police",), ("praise",))),
        ("Cảm ơn các anh đã giúp.", ((), ("praise",))),
        # a mention with no evaluation in its sentence is not about conduct
        ("Công an xã họp dân. Việc cấp giấy rất chậm.", ((), ("complaint",))),
    ],
)
def test_actor_rule(tagger, text, expected):
    assert labels(tagger, text) == expected


def test_explain_shows_the_actor_and_the_addressee(tagger):
    shown = verdicts(tagger, "Đề nghị công an xã tuần tra. Công an đến rất chậm.")
    assert ("công an", "police", "agent", "not the actor: addressee of 'đề nghị'") in shown
    assert ("Công an", "police", "term", "kept: actor rule, 'công an' as actor of 'chậm' in one sentence") in shown
    assert ("chậm", "police", "term", "kept: actor rule, 'công an' as actor of 'chậm' in one sentence") in shown


# --------------------------------------------------------------------------- kinds by clause form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a subjectless item opening with an action verb (underthesea tags it V)
        ("Nâng cấp trạm y tế xã.", ("proposal",)),
        ("- Xử lý xe quá tải.\n", ("proposal",)),
        ("Xã đã nâng cấp trạm y tế.", ()),
        ("Nâng cấp trạm y tế xong thì sao?", ("question",)),
        # "đề nghị" as a noun, and negated: not a proposal
        ("Hồ sơ đề nghị cấp sổ đỏ nộp từ năm ngoái.", ()),
        ("Tôi chưa đề nghị gì cả.", ()),
        ("Đề nghị cấp sổ đỏ.", ("proposal",)),
        # a complaint cue inside what is requested is part of the request
        ("Đề nghị xử lý tình trạng lấn chiếm.", ("proposal",)),
        ("Tình trạng lấn chiếm kéo dài, đề nghị xử lý.", ("complaint", "proposal")),
        # ... but a reason states a problem of its own
        ("Đề nghị giải quyết sớm vì tình trạng này kéo dài.", ("complaint", "proposal")),
        # a remark on a topic with no cue of any kind reports (fallback); with no topic, nothing
        ("Quán cà phê lấn chiếm lối đi.", ("complaint",)),
        ("Trời hôm nay nắng.", ()),
        # a weak cue needs a "?" in its sentence or another cue of its kind
        ("Không biết xoay sở ra sao.", ()),
        ("Xoay sở ra sao?", ("question",)),
        ("Khi nào sửa, sửa ra sao.", ("question",)),
        ("Vẫn thế.", ()),
    ],
)
def test_kinds_by_clause_form(tagger, text, expected):
    assert tagger.tag(text).kinds == expected


def test_explain_shows_the_clause_form_and_the_fallback(tagger, runner):
    assert verdicts(tagger, "Nâng cấp trạm y tế xã.") == [
        ("Nâng cấp", "proposal", "opener", "found: an opening verb"),
        ("Nâng cấp", "proposal", "cue", "kept: clause form, a sentence opening with the verb 'nâng cấp' and no subject"),
    ]
    assert ("tình trạng", "complaint", "cue", "dropped: inside the proposal 'đề nghị' (not_after)") in verdicts(
        tagger, "Đề nghị xử lý tình trạng lấn chiếm."
    )
    r = runner.invoke(app, ["explain", "-t", str(CONTEXT), "-f", "json", "Quán cà phê lấn chiếm lối đi."])
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert (out["topics"], out["kinds"], out["fallback_kind"]) == (["urban"], ["complaint"], "complaint")
    r = runner.invoke(app, ["explain", "-t", str(CONTEXT), "Quán cà phê lấn chiếm lối đi."])
    assert "Kinds:  complaint (fallback: a remark on a topic with no cue of any kind)\n" in r.stdout


def test_labels_do_not_change_with_old_tone_marks_or_nfd(tagger):
    import unicodedata

    text = "Tăng cường an ninh, công an hòa nhã nhưng đến rất chậm."
    old = text.replace("hòa", "hoà")
    for variant in (text, old, unicodedata.normalize("NFD", text)):
        assert labels(tagger, variant) == (("security", "police"), ("complaint",))


# --------------------------------------------------------------------------- loading and checking


HEAD = """\
version: 1
topics:
  - id: covid
    label: Covid
    terms:
      - covid
"""


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("      - {term: chốt, near: [dịch], window: 0}\n",
         ("bad.yaml:7: window of 'chốt' in terms of topic 'covid' must be a whole number of syllables "
         "from 1 to 30, not '0'")),
        ("      - {term: chốt, near: [dịch], window: 31}\n",
         ("bad.yaml:7: window of 'chốt' in terms of topic 'covid' must be a whole number of syllables "
         "from 1 to 30, not '31'")),
        ("      - {term: chốt, near: dịch}\n",
         "bad.yaml:7: near of 'chốt' in terms of topic 'covid' must be a list of words"),
        ("      - {term: chốt, nearby: [dịch]}\n",
         ("bad.yaml:7: unknown key 'nearby' in an entry of terms of topic 'covid'; "
         "allowed: near, not_near, term, weak, window")),
        ("      - {term: chốt, weak: maybe}\n",
         "bad.yaml:7: 'weak' of 'chốt' in terms of topic 'covid' must be true or false"),
        ("      - {near: [dịch]}\n",
         "bad.yaml:7: an entry of terms of topic 'covid' in mapping form needs 'term: <phrase>'"),
        ("      - {term: chốt, window: 3}\n",
         "bad.yaml:7: window of 'chốt' in terms of topic 'covid' has no near, not_near or weak to apply to"),
        ("    context_window: many\n",
         ("bad.yaml:7: context_window of topic 'covid' must be a whole number of syllables from 1 to 30, "
         "not 'many'")),
        ("    actor:\n      agents: [công an]\n",
         "bad.yaml:8: actor of topic 'covid' needs non-empty 'agents' and 'evaluations'"),
        ("    weak_terms:\n      - covid\n",
         "bad.yaml:8: 'covid' is in both terms and weak_terms of topic 'covid' (line 6)"),
    ],
)
def test_malformed_rule_keys_name_file_and_line(body, problem):
    with pytest.raises(TaxonomyError) as e:
        parse_taxonomy(HEAD + body, "bad.yaml")
    assert e.value.problems == [problem]


def test_malformed_kind_keys_name_file_and_line():
    text = HEAD + textwrap.dedent("""\
        kinds:
          - id: complaint
            label: Phản ánh
            fallback: yes please
            not_after: [proposals]
            cues: [phản ánh]
          - id: proposal
            label: Kiến nghị
            fallback: true
            cues: [đề nghị]
          - id: question
            label: Hỏi
            fallback: true
            cues: ["?"]
        """)
    with pytest.raises(TaxonomyError) as e:
        parse_taxonomy(text, "bad.yaml")
    assert e.value.problems == [
        "bad.yaml:10: fallback of kind 'complaint' must be true or false",
        "bad.yaml:17: kind 'question' is a fallback, and so is 'proposal': only one kind may be",
        "bad.yaml:11: not_after of kind 'complaint' names 'proposals', which is not another kind",
    ]


def test_taxonomy_check_finds_unknown_rule_words_and_unsupported_weak_terms(tmp_path, runner):
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        textwrap.dedent("""\
            version: 1
            topics:
              - id: covid
                label: Covid
                terms:
                  - {term: chốt, near: [dịhc, cách ly], window: 3}
                  - covid
              - id: security
                label: An ninh
                weak_terms:
                  - an ninh
            kinds:
              - id: question
                label: Hỏi
                cues:
                  - {cue: ra sao, weak: true}
            """),
        encoding="utf-8",
    )
    result = run_checks(load_taxonomy(bad))
    errors = [f.render() for f in result.findings if f.severity == "error"]
    assert errors == [
        (f"{bad}:6: error: 'dịhc' in near of 'chốt' (topic 'covid'): 'dịhc' is not a Vietnamese syllable "
        "underthesea knows (a typo?): the rule can never find it"),
        (f"{bad}:11: error: weak term 'an ninh' of topic 'security' can never be supported: "
        "'security' has no term that is not weak and no context words"),
        (f"{bad}:16: error: weak cue 'ra sao' of kind 'question' can never be supported: "
        "the kind has no cue that is not weak"),
    ]
    r = runner.invoke(app, ["taxonomy", "check", str(bad)])
    assert r.exit_code == 2
    assert f"{bad}:6: error: 'dịhc' in near of 'chốt'" in r.stderr


def test_the_fixture_and_the_default_taxonomy_pass_their_checks():
    for path in (CONTEXT, None):
        result = run_checks(load_taxonomy(path))
        assert [f.render() for f in result.findings if f.severity == "error"] == []


def test_compiled_cache_key_follows_the_rule_modules():
    from forumcli import pipeline

    assert {"taxonomy/rules.py", "match/context.py", "match/rulebook.py"} <= set(pipeline._COMPILED_BY)


def test_a_cue_written_as_a_name_is_a_place():
    tagger = Tagger(load_taxonomy(None))  # the bundled taxonomy: "yên bình" praises
    assert tagger.tag("Cuộc sống ở xóm giờ rất yên bình.").kinds == ("praise",)
    assert tagger.tag("Cử tri xã Yên Bình hỏi về lịch tiêm chủng?").kinds == ("question",)
    assert ("Yên Bình", "praise", "cue", "dropped: a name (every syllable capitalised, inside a sentence)") in verdicts(
        tagger, "Cử tri xã Yên Bình hỏi về lịch tiêm chủng?"
    )
