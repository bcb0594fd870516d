import unicodedata

import pytest

from forumcli.normalize import canonical_tones, fold, has_diacritics, norm, syllables, term_key


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
