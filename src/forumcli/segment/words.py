"""Word segmentation with underthesea, aligned to our syllables.

The segmenter is loaded lazily, on the first call, so that ``forumcli --help``
and commands that never segment stay fast. It is underthesea's own word
segmenter loaded straight from its files (``crf.py``: about 0.3 s instead of
0.6 s for ``import underthesea``), or ``underthesea.word_tokenize`` itself when
that cannot be done; both give the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from forumcli.text.normalize import SYLLABLE_RE, Syllables, fold, norm

_segmenter: Callable[[str], list[str]] | None = None


def _word_tokenize() -> Callable[[str], list[str]]:
    global _segmenter
    if _segmenter is None:
        from forumcli.segment import loader as crf  # noqa: PLC0415 - lazy on purpose

        _segmenter = crf.load()
        if _segmenter is None:
            from underthesea import word_tokenize  # noqa: PLC0415

            _segmenter = word_tokenize
    return _segmenter


def tokenize(text: str) -> list[str]:
    """underthesea's words of ``text`` (each word may hold several syllables)."""
    return _word_tokenize()(text)


def word_ids(text: str, sylls: Syllables) -> tuple[int, ...]:
    """For each syllable of ``text``, the index of the word it belongs to.

    The words are underthesea's, except that a word it glues out of several
    tokens that its own dictionary does not hold ("kiến_nghị_nhân",
    "hồng_chậm"; names excepted) counts as those tokens (``unglue``). Two
    neighbouring syllables are in the same word exactly when their ids are
    equal. If underthesea's output cannot be aligned (it should always be),
    every syllable is treated as its own word, so no match is lost.
    """
    return _word_ids(text, sylls.folds)


def is_name(tokens: Iterable[str]) -> bool:
    """Every token starts with a capital (or is not a word): a name, such as "Võ Văn Kiệt"."""
    return all(t[:1] and not t[0].islower() for t in tokens)


def unglue(words: list[str], real_word: Callable[[list[str]], bool] | None = None) -> list[str]:
    """``words`` with each word of several tokens that is not a real word (see
    ``wordcrf.Model.real_word``: not a name, not in underthesea's dictionary, not
    learned by its CRF) split into its tokens: the CRF sometimes glues a word onto its
    neighbour ("kiến nghị nhân rộng" -> "kiến_nghị_nhân rộng"), hiding a term that ends there."""
    if real_word is None:
        from forumcli.segment.fastcrf import model  # noqa: PLC0415

        m = model()
        if m is None:
            return words
        real_word = m.real_word
    out: list[str] = []
    for w in words:
        if " " in w and not real_word(w.split(" ")):
            out.extend(w.split(" "))
        else:
            out.append(w)
    return out


@lru_cache(maxsize=32768)
def _word_ids(text: str, folds: tuple[str, ...]) -> tuple[int, ...]:
    words = unglue(tokenize(text))
    n = len(folds)
    ids: list[int] = []
    ti = 0
    for wi, w in enumerate(words):
        for m in SYLLABLE_RE.finditer(fold(norm(w))):
            if ti < n and folds[ti] == m.group():
                ids.append(wi)
                ti += 1
            else:
                return tuple(range(n))
    if ti != n:
        return tuple(range(n))
    return tuple(ids)


def boundaries(text: str, sylls: Syllables, positions: Iterable[int], window: int) -> set[int]:
    """Which of ``positions`` are word boundaries, segmenting only near them.

    Position ``k`` is the boundary between syllables ``k - 1`` and ``k``; 0 and
    ``len(sylls)`` always are. Instead of the whole text, underthesea segments
    the ``window`` syllables on each side of each position (overlapping windows
    are merged). Its CRF looks at two tokens on each side, so a window of a few
    syllables almost always gives the answer full segmentation gives; the
    benchmark measures how often.
    """
    n = len(sylls)
    ks = sorted({k for k in positions if 0 < k < n})
    found = {k for k in positions if k <= 0 or k >= n}
    spans: list[list[int]] = []  # [start, end, *positions]
    for k in ks:
        a, b = max(0, k - window), min(n, k + window)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
            spans[-1].append(k)
        else:
            spans.append([a, b, k])
    for a, b, *inside in spans:
        ids = _word_ids(text[sylls.starts[a] : sylls.ends[b - 1]], sylls.folds[a:b])
        found.update(k for k in inside if ids[k - a - 1] != ids[k - a])
    return found
