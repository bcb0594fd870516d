"""text/normalize: NFC, one tone placement, folding without diacritics, syllables and term keys."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forumcli.text.normalize import (
    canonical_tones,
    chunk_slots,
    fold,
    has_diacritics,
    nfc,
    norm,
    syllables,
    syllables_of_text,
    term_key,
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("thuý", "thúy"),
        ("khoẻ", "khỏe"),
        ("tuý", "túy"),
        ("uỷ ban", "ủy ban"),
        ("Hoà Khánh", "Hòa Khánh"),
        ("THUỶ", "THỦY"),
        ("tuÝ", "túY"),  # mixed case, found by hypothesis
        ("quý", "quý"),  # "qu" + "y": the tone stays on y
        ("hoàng", "hoàng"),  # a final consonant: nothing to move
        ("hòa", "hòa"),
    ],
)
def test_canonical_tones(old, new):
    assert canonical_tones(old) == new


def test_norm_keeps_length_and_folds_case_and_nfd():
    nfd = unicodedata.normalize("NFD", "Ma Tuý")
    assert norm(nfd) == "ma túy"
    text = "Cử tri hỏi về HOÀ GIẢI"
    assert len(norm(text)) == len(text)


def test_fold():
    assert fold("lấn chiếm vỉa hè, Đường") == "lan chiem via he, Duong"


@pytest.mark.parametrize(("text", "expected"), [("lan chiem via he", False), ("PCCC 2021", False), ("hè", True), ("đi", True)])
def test_has_diacritics(text, expected):
    assert has_diacritics(text) is expected


def test_syllables_spans_and_keys():
    s = syllables("Covid-19, ma tuý!")
    assert s.norms == ("covid", "19", "ma", "túy")
    assert s.folds == ("covid", "19", "ma", "tuy")
    assert list(zip(s.starts, s.ends)) == [(0, 5), (6, 8), (10, 12), (13, 16)]


def test_term_key_splits_letters_from_digits():
    assert term_key("Covid19") == ("covid", "19")
    assert term_key("  Phòng cháy   chữa cháy ") == ("phòng", "cháy", "chữa", "cháy")


_PIECES = st.sampled_from(
    ["Hoà", "thuận", "đề", "nghị,", "Covid-19", "TP.HCM", "12/3/2021", "-", "“an", "ninh”", "İ", "ΣΑΣ", "5K",
     "x", "ð", "e\u0301", "_a_", "Ủy", "QUẢN", "lý;"]
)
_SPACES = st.sampled_from([" ", " ", " ", "  ", "\t", "\u00a0", "\n", " \u3000 "])


@given(st.lists(st.tuples(_SPACES, st.one_of(_PIECES, st.text(max_size=6))), max_size=12), _SPACES, _SPACES)
@settings(max_examples=400)
def test_syllables_of_text_is_syllables(parts, lead, tail):
    text = nfc(lead.strip(" ") + "".join(space + piece for space, piece in parts) + tail)
    got, diac = syllables_of_text(text)
    assert got == syllables(text)
    assert got.folds == syllables(text).folds
    assert diac == has_diacritics(norm(text))
    # and again, from the chunk cache
    assert syllables_of_text(text)[0] == got


def test_syllables_of_text_splices_chunks_of_other_than_one_syllable():
    text = "Phòng  Covid-19 - tại TP.HCM"
    sy, diac = syllables_of_text(text)
    assert sy.norms == ("phòng", "covid", "19", "tại", "tp", "hcm")
    assert [text[a:b] for a, b in zip(sy.starts, sy.ends)] == ["Phòng", "Covid", "19", "tại", "TP", "HCM"]
    assert sy.chunks == ["Phòng", "Covid-19", "-", "tại", "TP.HCM"]
    assert sy.chunk_of == [0, 1, 1, 3, 4, 4]
    assert diac
    assert syllables_of_text("Phong chong dich")[0].chunk_of is None


def test_chunk_slots_keep_one_owners_derivations():
    sy, _ = syllables_of_text("đề nghị, xử lý")
    calls: list[str] = []

    def derive(chunk: str) -> str:
        calls.append(chunk)
        return chunk.upper()

    first, second = object(), object()
    assert chunk_slots(sy, first, derive) == ["ĐỀ", "NGHỊ,", "XỬ", "LÝ"]
    assert chunk_slots(syllables_of_text("xử lý đề nghị")[0], first, derive) == ["XỬ", "LÝ", "ĐỀ", "NGHỊ"]
    assert calls == ["đề", "nghị,", "xử", "lý", "nghị"]  # each chunk derived once for its owner
    assert chunk_slots(sy, second, len) == [2, 5, 2, 2]  # another owner starts afresh


def test_beyond_the_lower_case_table_is_sigma_or_from_u2000_on():
    # _lower trusts str.lower() only for text this does not find
    from forumcli.text.normalize import _BEYOND_LOWER_TABLE_RE

    found = [c for c in range(0x110000) if _BEYOND_LOWER_TABLE_RE.search(chr(c))]
    assert found == [0x3A3, *range(0x2000, 0x110000)]
