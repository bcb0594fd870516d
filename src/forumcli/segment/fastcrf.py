"""Word boundaries at chosen syllable edges, from underthesea's CRF (``crfmodel``) without
segmenting the whole remark; the edges it cannot decide are left to the caller."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat
from operator import add

from forumcli.segment.crfmodel import B, Model
from forumcli.text.normalize import Syllables


def boundaries(m: Model | None, text: str, sy: Syllables, positions: Iterable[int]) -> tuple[set[int], list[int]]:
    """Of ``positions`` (edges between syllables k-1 and k), those that are word
    boundaries in underthesea's segmentation of the whole text by the CRF ``m``, and
    those this module cannot decide (all of them when ``m`` is None)."""
    n = len(sy)
    if not isinstance(positions, (set, frozenset)):
        positions = set(positions)
    ends = {0, n}
    found = positions & ends  # the text's own ends
    inner = list(positions - ends) if found else list(positions)
    if m is None:
        return found, inner
    toks, tok_of = m.tokenizer.tokens(text, sy)
    memo: dict[int, tuple[float, int | None]] = {}
    undecided: list[int] = []
    label, known = m.label, m.window_scores.get
    last = len(toks) - 3
    b_below = m.b_below  # below it, a position inside the text is B-W whatever its neighbours
    # The usual edge: the token after syllable k-1's (at p = a + 1) has a cached score that
    # forces B-W. Those scores are looked up for every edge at once (in C), then checked.
    lefts = list(map(tok_of.__getitem__, map(add, inner, repeat(-1))))
    cached = map(known, map(tuple, map(toks.__getitem__, map(slice, map(add, lefts, repeat(-1)),
                                                             map(add, lefts, repeat(4))))))
    for k, a, d in zip(inner, lefts, cached):
        if d is not None and d < b_below and 1 < a < last - 1 and tok_of[k] > a:
            found.add(k)
            continue
        b = tok_of[k]
        if a < 0 or b < 0:
            undecided.append(k)
            continue
        if a == b:  # inside one token ("Covid-19", "5K"): never a boundary
            continue
        # one word exactly when every token after a's, up to b's, continues the word
        for p in range(a + 1, b + 1):
            y = label(toks, p, memo)
            if y is None:
                undecided.append(k)
                break
            if y == B:
                found.add(k)
                break
        else:
            # glued: still a boundary when the glued word is not in the dictionary (segment.unglue)
            glued = _glued_word(m, toks, a, b, memo)
            if glued is None:
                undecided.append(k)
            elif not m.real_word(glued):
                found.add(k)
    return found, undecided


def _glued_word(m: Model, toks: list[str], a: int, b: int, memo) -> list[str] | None:
    """The word the CRF makes of tokens ``a`` to ``b`` (known to be one word) and the tokens
    it glues to them on either side; None when a label cannot be known."""
    start = a
    while True:  # back to the token that starts the word
        y = m.label(toks, start, memo)
        if y is None:
            return None
        if y == B or start == 2:
            break
        start -= 1
    end = b + 1
    while end < len(toks) - 2:
        y = m.label(toks, end, memo)
        if y is None:
            return None
        if y == B:
            break
        end += 1
    return toks[start:end]
