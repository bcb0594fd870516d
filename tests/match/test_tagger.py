"""match/tagger: how terms match (word boundaries, longest match, exclusions, folding) and the topics and kinds they decide."""

import pytest

from forumcli.match.tagger import Match, Tagger
from forumcli.taxonomy.load import parse_taxonomy


def topics(tagger, text):
    return tagger.tag(text).topics


def test_one_syllable_term_does_not_match_inside_a_word(mini_tagger):
    # "đề" is a drugs_gambling term, but here it is part of vấn_đề and đề_nghị
    tagged = mini_tagger.tag("Đề nghị giải quyết vấn đề ngập nước.")
    assert tagged.topics == ()
    assert tagged.kinds == ("proposal",)


def test_two_syllable_term_matches_whether_one_word_or_two(mini_tagger):
    # underthesea leaves "lô đề" as two words here; it must still match
    tagged = mini_tagger.tag("Cử tri phản ánh tình trạng ghi lô đề công khai.")
    assert tagged.topics == ("drugs_gambling",)
    assert Match("drugs_gambling", "lô đề", 31, 36) in tagged.matches


def test_longest_match_wins(mini_tagger):
    tagged = mini_tagger.tag("Tình trạng lấn chiếm vỉa hè kéo dài.")
    terms = [m.term for m in tagged.matches if m.id == "urban_order"]
    assert terms == ["lấn chiếm vỉa hè"]


def test_exclude_vetoes_topic(mini_tagger):
    assert topics(mini_tagger, "Nguy cơ cháy nổ ở nhà trọ.") == ("fire",)
    assert topics(mini_tagger, "Sản phẩm cháy hàng, nguy cơ cháy nổ.") == ()


def test_deepest_level_and_roll_up(mini_tagger):
    tagged = mini_tagger.tag("Lấn chiếm vỉa hè gây tai nạn giao thông.")
    assert tagged.topics == ("urban_order.traffic",)
    assert mini_tagger.roll_up(tagged.topics) == ("urban_order",)
    # the parent's term is still shown as evidence
    assert [m.id for m in tagged.matches] == ["urban_order", "urban_order.traffic"]


def test_ascii_terms_match_on_syllable_boundaries(mini_tagger):
    # underthesea may glue abbreviations to neighbours; PCCC must still match
    assert topics(mini_tagger, "Thieu binh PCCC tai cho") == ("fire",)
    assert topics(mini_tagger, "Kiểm tra PCCC_tai chỗ") == ("fire",)


def test_text_without_diacritics_uses_safe_folded_terms(mini_tagger):
    tagged = mini_tagger.tag("Tinh trang lan chiem via he va lo de, ma tuy")
    assert tagged.topics == ("urban_order", "drugs_gambling")
    # "de" alone (one syllable) is not used folded: "van de" must not count
    assert mini_tagger.tag("Van de ngap nuoc").topics == ()


def test_question_mark_cue_and_multiple_kinds(mini_tagger):
    tagged = mini_tagger.tag("Phản ánh việc ngập nước, đề nghị khi nào sửa?")
    assert tagged.kinds == ("complaint", "proposal", "question")
    assert tagged.matches[-1] == Match("question", "?", 44, 45, "cue")


@pytest.mark.parametrize(
    "variant",
    [
        "Tình trạng ma túy, lô đề ở tổ dân phố.",
        "Tình trạng ma tuý, lô đề ở tổ dân phố.",
        "TÌNH TRẠNG MA TÚY, LÔ ĐỀ Ở TỔ DÂN PHỐ.",
        "Tinh trang ma tuy, lo de o to dan pho.",
    ],
)
def test_variants_get_the_same_topics(mini_tagger, variant):
    assert mini_tagger.tag(variant).topics == ("drugs_gambling",)


def test_offsets_point_into_the_text(mini_tagger):
    text = "• Bà con phản ánh tình trạng lấn chiếm vỉa hè."
    for m in mini_tagger.tag(text).matches:
        assert mini_tagger.tag(text[m.start : m.end]).matches  # the span alone matches again


def test_analyse_reports_verdicts(mini_tagger):
    a = mini_tagger.analyse("Đề nghị giải quyết vấn đề lấn chiếm vỉa hè.")
    verdicts = {(a.text[m.start : m.end], v) for m, v in a.candidates}
    assert ("vỉa hè", "overlapped by a longer match") in verdicts
    assert ("lấn chiếm vỉa hè", "kept") in verdicts
    assert ("đề", "not on word boundaries") in verdicts
    assert "vấn_đề" in a.words


def test_tagging_is_deterministic_and_order_independent(mini_tagger):
    texts = ["Lô đề", "PCCC kém", "Vỉa hè bị lấn chiếm", "không có gì"]
    forward = [mini_tagger.tag(t) for t in texts]
    backward = [mini_tagger.tag(t) for t in reversed(texts)][::-1]
    assert forward == backward


def test_fold_collision_between_topics_is_not_used():
    tax = parse_taxonomy(
        "topics:\n"
        "  - {id: a, label: A, terms: [bàn ghế]}\n"
        "  - {id: b, label: B, terms: [bán ghế]}\n"
    )
    tagger = Tagger(tax)
    assert tagger.tag("ban ghe").topics == ()
    assert tagger.tag("bàn ghế").topics == ("a",)
    assert {i.term for i in tagger.fold_issues} == {"bàn ghế", "bán ghế"}


def test_spellings_of_one_topic_may_share_a_fold():
    tax = parse_taxonomy(
        "topics:\n"
        "  - {id: a, label: A, terms: [gắn chip, gắn chíp]}\n"
        "kinds:\n"
        "  - {id: complaint, label: P, cues: [phản ánh, phản ảnh]}\n"
    )
    tagger = Tagger(tax)
    tagged = tagger.tag("phan anh viec gan chip cham")
    assert (tagged.topics, tagged.kinds) == (("a",), ("complaint",))
    assert [m.term for m in tagged.matches] == ["phản ánh", "gắn chip"]
    assert tagger.fold_issues == []


def test_terms_do_not_match_across_punctuation():
    tax = parse_taxonomy(
        "topics:\n"
        "  - {id: a, label: A, terms: [vỉa hè, covid 19]}\n"
        "kinds:\n"
        "  - {id: question, label: Q, cues: [không có]}\n"
    )
    tagger = Tagger(tax)
    assert tagger.tag("Có mất phí không, có phải đi lại không?").kinds == ()
    assert tagger.tag("Nhà không có vỉa hè").kinds == ("question",)
    assert tagger.tag("Họp ở vỉa. Hè năm nay").topics == ()
    assert tagger.tag("Dịch Covid-19 phức tạp").topics == ("a",)
