"""Invariants, with hypothesis: spelling variants keep their topics, tallies add up."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forumcli.analyse.tally import Tally
from forumcli.text.normalize import fold

# Remarks whose topics come from multi-syllable terms of tests/fixtures/mini.yaml
REMARKS = [
    ("Bà con phản ánh tình trạng lấn chiếm vỉa hè để buôn bán hàng hóa.", ("urban_order",)),
    ("Thanh niên không đội mũ bảo hiểm, gây tai nạn giao thông.", ("urban_order.traffic",)),
    ("Tình trạng ghi lô đề, cờ bạc diễn ra công khai tại tổ dân phố số 5.", ("drugs_gambling",)),
    ("Thanh niên tụ tập sử dụng ma túy vào ban đêm.", ("drugs_gambling",)),
    ("Nhiều nhà trọ không đảm bảo an toàn phòng cháy chữa cháy, thiếu lối thoát nạn.", ("fire",)),
    ("Đề nghị tăng cường kiểm tra PCCC và xử lý lấn chiếm vỉa hè.", ("urban_order", "fire")),
    ("Đường ngập nước mỗi khi mưa to, đề nghị sửa chữa.", ()),
]

OLD_STYLE = {"óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "úy": "uý", "ùy": "uỳ", "ủy": "uỷ", "ũy": "uỹ",
             "ụy": "uỵ", "ỏe": "oẻ", "óe": "oé", "òe": "oè"}


def old_style(text: str) -> str:
    for new, old in OLD_STYLE.items():
        text = text.replace(new, old)
    return text


def strip_marks(text: str) -> str:
    return fold(unicodedata.normalize("NFC", text))


TRANSFORMS = {
    "same": lambda t: t,
    "no_diacritics": strip_marks,
    "old_style_tones": old_style,
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "nfd_old_style": lambda t: unicodedata.normalize("NFD", old_style(t)),
}


@st.composite
def variants(draw):
    text, expected = draw(st.sampled_from(REMARKS))
    name = draw(st.sampled_from(sorted(TRANSFORMS)))
    out = TRANSFORMS[name](text)
    # random upper-casing and doubled spaces must not matter either
    flips = draw(st.lists(st.booleans(), min_size=len(out), max_size=len(out)))
    out = "".join(c.upper() if f else c for c, f in zip(out, flips))
    if draw(st.booleans()):
        out = out.replace(" ", "  ")
    return out, expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(variants())
def test_spelling_variants_get_the_same_topics(mini_tagger, case):
    text, expected = case
    assert mini_tagger.tag(text).topics == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from([r for r, _ in REMARKS]), st.text(max_size=60)), max_size=25))
def test_tally_adds_up(mini_tagger, texts):
    tally = Tally(mini_tagger.taxonomy, level="top")
    tagged = [mini_tagger.tag(t) for t in texts]
    for t in tagged:
        tally.add(mini_tagger.roll_up(t.topics), t.kinds)
    assert tally.total == len(texts)
    assert tally.no_topic == sum(1 for t in tagged if not t.topics)
    for topic in mini_tagger.taxonomy.top_topics:
        assert tally.topics[topic.id] == sum(topic.id in mini_tagger.roll_up(t.topics) for t in tagged)
    rows = {r["id"]: r["count"] for r in tally.rows()}
    assert rows["total"] == len(texts)
    # every match span is inside the text and shows the matched term
    for text, t in zip(texts, tagged):
        normalised = unicodedata.normalize("NFC", text)
        for m in t.matches:
            assert 0 <= m.start < m.end <= len(normalised)
