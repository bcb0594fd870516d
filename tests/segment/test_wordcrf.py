"""underthesea's CRF evaluated at single edges (segment/fastcrf.py) gives what whole-remark
segmentation gives. Everything is compared with underthesea itself: its tokenizer, its
featurizer and tagger (underthesea_core), and word_tokenize."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forumcli.match.tagger import Tagger
from forumcli.segment import crffile, crfmodel, fastcrf, files, tokens
from forumcli.segment import words as segment
from forumcli.taxonomy.load import load_taxonomy
from forumcli.text.normalize import nfc, norm, syllables

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_LINES = [
    line.strip()
    for path in sorted((ROOT / "samples").glob("*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]
# Chunks underthesea's tokenizer takes apart in its own ways.
TRICKY = [
    "Người lao động từ TP.HCM về quê, thực hiện 5K và tiêm vắc xin Covid-19 mũi 3.",
    "Tổ tự quản ANTT. Ngày 12/3/2021 lúc 10:20:50 có 1.600m-2.000m đường, v.v... rất vui :) :D",
    "Ông Nguyễn Văn A (TDP 5): xã N’Thôn Hạ, H'Mông, e-mail abc@gmail.com, xe 43H-0530, 60.542.000 đồng;",
    "ĐỀ NGHỊ CÔNG AN XÃ XỬ LÝ!!! --> Tp. Huế, Mr. Smith, ThS. Lan, 3x4, 4K, 100,000,000 đ",
    "Cá»­ tri ðề nghị hoà giải, thuỷ lợi, khoẻ mạnh.",
    "  kiến nghị nhân rộng mô hình \"Camera an ninh\"  ",
]


@pytest.fixture(scope="module")
def model() -> crfmodel.Model:
    m = crfmodel.model()
    assert m is not None
    return m


@pytest.fixture(scope="module")
def reference() -> files.Segmenter:
    root = files.package_dir()
    assert root is not None
    return files.Segmenter(root)


def test_model_file_is_read_as_crfsuite():
    root = files.package_dir()
    labels, state, trans = crffile.read_crfsuite(root / files.MODEL / "models.bin")
    assert sorted(labels) == ["B-W", "I-W"]
    assert len(trans) == 2 and all(len(row) == 2 for row in trans)
    assert "T[-1,0].lower=kiến nghị" in state or any(a.startswith("T[0]=") for a in state)
    assert all("=" in a for a in state)


def _known(toks: list[str]) -> list[str]:
    assert toks[:2] == [tokens.BOS_TOKEN] * 2 and toks[-2:] == [tokens.EOS_TOKEN] * 2
    return toks[2:-2]


@pytest.mark.parametrize("text", SAMPLE_LINES + TRICKY)
def test_tokens_are_underthesea_tokens(model, reference, text):
    text = nfc(text)
    toks, tok_of = model.tokenizer.tokens(text, syllables(text))
    if "ð" in text:  # underthesea rewrites it to "đ": such a remark is left to underthesea
        assert (toks, set(tok_of)) == ([tokens.BOS_TOKEN] * 2 + [tokens.UNKNOWN] + [tokens.EOS_TOKEN] * 2, {-1})
        return
    assert _known(toks) == reference.tokens(text)
    assert min(tok_of, default=0) >= 0


@pytest.mark.parametrize("text", SAMPLE_LINES[:12] + TRICKY)
def test_attributes_and_labels_are_underthesea_cores(model, reference, text):
    toks = reference.tokens(nfc(text))
    features = reference.featurizer.process([[[t] for t in toks]])[0]
    tags = reference.tagger.tag(features)
    padded = [tokens.BOS_TOKEN] * 2 + toks + [tokens.EOS_TOKEN] * 2
    memo: dict = {}
    for p in range(len(toks)):
        assert model.attributes(toks, p) == features[p]
        assert model.label(padded, p + 2, memo) == (crfmodel.I if tags[p] == "I-W" else crfmodel.B)


@pytest.fixture(scope="module")
def weights() -> dict[str, float]:
    """Each attribute's weight, I-W minus B-W, straight from underthesea's model file."""
    labels, state, _ = crffile.read_crfsuite(files.package_dir() / files.MODEL / "models.bin")
    b, i = labels.index("B-W"), labels.index("I-W")
    return {a: w[i] - w[b] for a, w in state.items()}


@pytest.mark.parametrize("text", SAMPLE_LINES[:12] + TRICKY)
def test_a_score_is_its_attributes_weights_added_in_order(model, reference, weights, text):
    toks = reference.tokens(nfc(text))
    padded = [tokens.BOS_TOKEN] * 2 + toks + [tokens.EOS_TOKEN] * 2
    for p in range(len(toks)):
        expected = sum(weights.get(a, 0.0) for a in model.attributes(toks, p))
        got = model.score(padded, p + 2)
        # bit for bit when the groups add up alike; within rounding whatever the order
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)


def _full_boundaries(text: str) -> set[int]:
    sy = syllables(text)
    wid = segment.word_ids(text, sy)
    n = len(sy)
    return {k for k in range(n + 1) if k in (0, n) or wid[k - 1] != wid[k]}


@pytest.mark.parametrize("text", SAMPLE_LINES + TRICKY)
def test_edges_are_those_of_whole_remark_segmentation(text):
    text = nfc(text)
    sy = syllables(text)
    found, undecided = fastcrf.boundaries(crfmodel.model(), text, sy, range(len(sy) + 1))
    assert sorted(undecided) == ([] if "ð" not in text else list(range(1, len(sy))))
    assert found | set(segment.boundaries(text, sy, undecided, 3)) == _full_boundaries(text)


GLUE_TAXONOMY = """\
topics:
  - id: security
    label: An ninh
    terms: [an ninh, đề]
kinds:
  - id: proposal
    label: Kiến nghị
    cues: [kiến nghị]
"""


def test_a_glued_word_the_dictionary_lacks_does_not_hide_a_term(tmp_path):
    text = "kiến nghị nhân rộng mô hình tự quản"
    # underthesea glues the cue to the next syllable ...
    assert files.load()(text)[0] == "kiến nghị nhân"
    # ... into a word its dictionary does not hold, so forumcli keeps the edge
    assert segment.unglue(["kiến nghị nhân", "rộng"]) == ["kiến", "nghị", "nhân", "rộng"]
    # kept: a name, a dictionary word, one in another tone placement ("hoà thuận" in the
    # dictionary), one the CRF learned though the dictionary lacks it ("người dân")
    kept = ["Võ Văn Kiệt", "vấn đề", "hòa thuận", "người dân"]
    assert segment.unglue(kept) == kept
    path = tmp_path / "glue.yaml"
    path.write_text(GLUE_TAXONOMY, encoding="utf-8")
    tax = load_taxonomy(path)
    for tagger in (Tagger(tax), Tagger(tax, window=None)):
        assert tagger.tag(text).kinds == ("proposal",)
        # a word that is in the dictionary still hides what is inside it: "đề" in "vấn_đề"
        assert [m.term for m in tagger.tag("Bàn về vấn đề an ninh.").matches] == ["an ninh"]


WORDS = (
    "kiến nghị nhân rộng mô hình Camera an ninh tổ dân phố Công an phường lấn chiếm vỉa hè "
    "đề nghị xử lý vấn đề lô đề cờ bạc ma túy hoà giải thuỷ lợi Nguyễn Văn Hùng TDP ANTT "
    "PCCC Covid-19 TP.HCM 5K 12 2021 v.v ông bà"
).split()
GAPS = [" ", " ", " ", ", ", ". ", "; ", " (", ") ", ": ", " - ", "-", "/", "  ", "\n", "...", "? ", '"']


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), min_size=1, max_size=14))
def test_any_text_gets_whole_remark_boundaries(pieces):
    text = nfc("".join(w + g for w, g in pieces))
    sy = syllables(text)
    found, undecided = fastcrf.boundaries(crfmodel.model(), text, sy, range(len(sy) + 1))
    full = _full_boundaries(text)
    assert found <= full | set(undecided)
    assert {k for k in range(len(sy) + 1) if k not in undecided} & full == found


def test_without_the_crf_model_edges_are_segmented_in_windows():
    # with no model every edge goes to underthesea itself
    text = nfc("kiến nghị nhân rộng mô hình, vấn đề an ninh tại TP.HCM")
    sy = syllables(text)
    found, undecided = fastcrf.boundaries(None, text, sy, range(len(sy) + 1))
    assert found == {0, len(sy)} and sorted(undecided) == list(range(1, len(sy)))


def test_a_damaged_model_cache_is_read_again(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUMCLI_CACHE_DIR", str(tmp_path))
    root = files.package_dir()
    first = crffile.cached_data(root)
    (cached,) = tmp_path.glob("wordcrf-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert crffile.cached_data(root) == first


def test_the_cache_holds_the_dictionary_as_forumcli_normalises_it(monkeypatch, tmp_path):
    # the dictionary's words that norm writes otherwise are found once, into the cache, not by
    # every process; a word as norm writes it is known exactly when some spelling of it is listed
    monkeypatch.setenv("FORUMCLI_CACHE_DIR", str(tmp_path))
    data = crffile.cached_data(files.package_dir())
    words = data["dictionary"].split("\n")
    respelled = frozenset(data["respelled"].split("\n"))
    assert respelled == crffile.respellings(words)
    assert "hoà thuận" in words and "hòa thuận" in respelled and "hòa thuận" not in words
    monkeypatch.setattr(crfmodel, "_model", None)
    m = crfmodel.model()
    assert m.respelled == respelled
    normalised = set(norm("\n".join(words)).split("\n"))
    candidates = set(words) | respelled | {w + " x" for w in words[:500]}
    assert {w for w in candidates if norm(w) == w and m.is_known(w)} == normalised
