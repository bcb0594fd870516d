"""Word segmentation with underthesea, aligned to our syllables.

underthesea is imported lazily, on the first call, so that ``forumcli --help``
and commands that never segment stay fast.
"""

from __future__ import annotations

from functools import lru_cache

from .normalize import SYLLABLE_RE, Syllables, fold, norm


def _word_tokenize():
    from underthesea import word_tokenize  # noqa: PLC0415 - lazy on purpose

    return word_tokenize


def tokenize(text: str) -> list[str]:
    """underthesea's words of ``text`` (each word may hold several syllables)."""
    return _word_tokenize()(text)


def word_ids(text: str, sylls: Syllables) -> tuple[int, ...]:
    """For each syllable of ``text``, the index of the underthesea word it belongs to.

    Two neighbouring syllables are in the same word exactly when their ids are
    equal. If underthesea's output cannot be aligned (it should always be), every
    syllable is treated as its own word, so no match is lost.
    """
    return _word_ids(text, sylls.folds)


@lru_cache(maxsize=65536)
def _word_ids(text: str, folds: tuple[str, ...]) -> tuple[int, ...]:
    words = tokenize(text)
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
