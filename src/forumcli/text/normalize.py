"""Text normalisation shared by remarks and taxonomy terms.

Every function here keeps the length of the text it is given, so character
offsets found in a normalised form are offsets into the NFC text as well.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from itertools import accumulate, compress, count, repeat
from operator import add, is_, itemgetter

# A syllable is a run of letters or a run of digits: "Covid-19" -> covid | 19,
# "5K" -> 5 | k.  Terms go through the same split, so both sides agree.
SYLLABLE_RE = re.compile(r"[^\W\d_]+|\d+")
_SYLLABLE_SPLIT_RE = re.compile(f"({SYLLABLE_RE.pattern})")

_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_TONES = (_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _tone_table() -> dict[str, str]:
    # Old-style placement puts the tone on the second vowel of an open "oa",
    # "oe" or "uy" ("hoà", "khoẻ", "thuỷ"); the new style, which underthesea
    # also produces, puts it on the first ("hòa", "khỏe", "thủy").
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            for f in (first, first.upper()):
                for s in (second, second.upper()):
                    table[f + _with_tone(s, tone)] = _with_tone(f, tone) + s
    return table


_OLD_TO_NEW = _tone_table()
# The pair must end the syllable, and "uy" after "q" is "qu"+"y" ("quý" stays).
# The table holds every tone and case of "oa", "oe" and "uy", so two character
# classes match exactly its keys (quicker than an alternation of its 60 keys).
_OLD_TONE_RE = re.compile(
    "(?<![qQ])([oO]["
    + "".join(sorted({k[1] for k in _OLD_TO_NEW if k[0] in "oO"}))
    + "]|[uU]["
    + "".join(sorted({k[1] for k in _OLD_TO_NEW if k[0] in "uU"}))
    + r"])(?!\w)"
)


# A quick test for the rare text that holds an old-style pair at all.
_OLD_TONE_HINT_RE = re.compile(
    "[oOuU][" + "".join(sorted({k[1] for k in _OLD_TO_NEW})) + "]"
)


def canonical_tones(text: str) -> str:
    """Move old-style tone marks to the new-style vowel: "hoà" -> "hòa"."""
    if _OLD_TONE_HINT_RE.search(text) is None or _OLD_TONE_RE.search(text) is None:
        return text
    return _OLD_TONE_RE.sub(lambda m: _OLD_TO_NEW[m.group(1)], text)


def _lower_table() -> dict[int, str]:
    # str.lower() can change the length of a few characters ("İ"); keep those as is.
    table: dict[int, str] = {}
    for cp in range(0x41, 0x2000):
        c = chr(cp)
        low = c.lower()
        if low != c and len(low) == 1:
            table[cp] = low
    for cp in range(0x1E00, 0x1F00):  # Latin Extended Additional: Vietnamese letters
        c = chr(cp)
        low = c.lower()
        if low != c and len(low) == 1:
            table[cp] = low
    return table


_LOWER = _lower_table()
# Σ (lowers by context) or anything from U+2000 on; written as what it is not, which compiles in
# 1.5 ms instead of 8 (every process compiles it on start)
_BEYOND_LOWER_TABLE_RE = re.compile("[^\x00-\u03a2\u03a4-\u1fff]")


def _lower(text: str) -> str:
    # str.lower() is the table's mapping when every character is below U+2000,
    # none grows when lowered ("İ") and there is no Σ (which lowers by context);
    # checking that is much quicker than translate.
    if _BEYOND_LOWER_TABLE_RE.search(text) is None:
        low = text.lower()
        if len(low) == len(text):
            return low
    return text.translate(_LOWER)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        c = chr(cp)
        base = unicodedata.normalize("NFD", c)[0]
        if base != c and base.isascii() and base.isalpha():
            table[cp] = base
    return table


_FOLD = _fold_table()
# The same mapping as a string indexed by code point: str.translate looks it up about
# twice as fast as the dict; characters past its end are left as they are.
_FOLD_STR = "".join(map(chr, range(max(_FOLD) + 1))).translate(_FOLD)
# Any letter that folding changes (a vowel with a mark, đ): the text has diacritics.
_MARKED_RE = re.compile("[" + "".join(sorted(chr(c) for c in _FOLD)) + "]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def norm(text: str) -> str:
    """NFC, canonical tone placement, lower case. Same length as ``nfc(text)``."""
    return _lower(canonical_tones(nfc(text)))


def fold(text: str) -> str:
    """Strip Vietnamese diacritics (and đ -> d) from already-NFC text."""
    return text.translate(_FOLD_STR)


def has_diacritics(text: str) -> bool:
    """True when the text has at least one letter with a Vietnamese diacritic."""
    return _MARKED_RE.search(text) is not None


def is_ascii_term(text: str) -> bool:
    return text.isascii()


class Syllables:
    """The syllables of an NFC text: their spans and normalised keys; ``folds``, the
    keys without diacritics, is computed when first asked for."""

    __slots__ = ("starts", "ends", "norms", "_folds", "chunks", "chunk_of", "infos")

    def __init__(self, starts: tuple[int, ...], ends: tuple[int, ...], norms: tuple[str, ...],
                 folds: tuple[str, ...] | None = None):
        self.starts, self.ends, self.norms, self._folds = starts, ends, norms, folds
        # set by syllables_of_text: the text's chunks (runs of non-space) and each
        # syllable's chunk (None: syllable k is chunk k), which the CRF's tokenizer reuses
        self.chunks: list[str] | None = None
        self.chunk_of: list[int] | None = None
        self.infos: list[list] | None = None  # each chunk's entry in the chunk cache

    @property
    def folds(self) -> tuple[str, ...]:
        if self._folds is None:
            # folding maps one letter to one letter, so syllables fold one by one
            self._folds = tuple(fold(" ".join(self.norms)).split(" ")) if self.norms else ()
        return self._folds

    def __len__(self) -> int:
        return len(self.norms)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Syllables):
            return NotImplemented
        return (self.starts, self.ends, self.norms) == (other.starts, other.ends, other.norms)

    def __repr__(self) -> str:
        return f"Syllables(starts={self.starts}, ends={self.ends}, norms={self.norms})"


def syllables(text: str) -> Syllables:
    """Split NFC text into syllables; keys are ``norm`` and ``fold`` of each.
    (``syllables_of_text`` gives the same, quicker on text whose words recur.)"""
    normed = norm(text)
    # split() gives separator, syllable, separator, ...: offsets are running sums of their lengths
    parts = _SYLLABLE_SPLIT_RE.split(normed)
    offsets = list(accumulate(map(len, parts)))
    norms = tuple(parts[1::2])
    # with no marked letter, folding changes nothing
    folds = None if _MARKED_RE.search(normed) else norms
    return Syllables(tuple(offsets[0:-1:2]), tuple(offsets[1::2]), norms, folds)


# chunk -> [normalised syllables, their offsets in the chunk, has diacritics, and when the
# chunk is one syllable: that syllable and its offset, else None and 0; then a slot that
# one client may fill with what it derives from the chunk (see chunk_slots)]
# ("all(...)" below asks "is any missing?": entries, syllables and slots are never empty)
_CHUNKS: dict[str, list] = {}
_CHUNK_LIMIT = 100_000  # distinct chunks kept (about 60 MB at most), then the cache starts afresh
_MARKS, _NORM1, _REL1, _SLOT = itemgetter(2), itemgetter(3), itemgetter(4), itemgetter(5)
_is_none = partial(is_, None)
_slot_owner: object = None


def _chunk(chunk: str) -> list:
    normed = norm(chunk)
    parts = _SYLLABLE_SPLIT_RE.split(normed)
    norms, rels = tuple(parts[1::2]), tuple(accumulate(map(len, parts)))[0:-1:2]
    one = len(norms) == 1
    info = [norms, rels, _MARKED_RE.search(normed) is not None, norms[0] if one else None, rels[0] if one else 0, None]
    if len(_CHUNKS) >= _CHUNK_LIMIT:
        _CHUNKS.clear()
    _CHUNKS[chunk] = info
    return info


def chunk_slots(sy: Syllables, owner: object, derive) -> list:
    """For each chunk of ``sy`` (from ``syllables_of_text``), ``derive(chunk)``, kept in the
    chunk cache's slot for ``owner`` (the CRF's tokenizer: what it makes of a chunk), so
    that a chunk is looked up once for both. A new owner starts from empty slots. ``derive``
    gives a true value (tokens, say): a false one would be derived again each time."""
    global _slot_owner
    if _slot_owner is not owner:
        for info in _CHUNKS.values():
            info[5] = None
        _slot_owner = owner
    infos = sy.infos
    got = list(map(_SLOT, infos))
    if not all(got):
        for k in compress(count(), map(_is_none, got)):
            got[k] = infos[k][5] = derive(sy.chunks[k])
    return got


def syllables_of_text(text: str) -> tuple[Syllables, bool]:
    """``syllables(text)`` of NFC text, and whether the text has diacritics, put together
    from the text's chunks (runs of non-space). Each chunk is normalised and split once and
    cached: a meeting's words recur, so most remarks are only looked up. The result is
    ``syllables``'s: normalisation works within a chunk and keeps its length."""
    chunks = text.split()
    infos = list(map(_CHUNKS.get, chunks))
    if not all(infos):
        infos = [i or _chunk(c) for c, i in zip(chunks, infos)]
    # where each chunk starts: after the chunks before it and one space each, when the
    # text is spaced that way (else found one by one)
    lead = len(text) - len(text.lstrip())
    at = list(accumulate(map(add, map(len, chunks), repeat(1)), initial=lead))
    if at[-1] - 1 != len(text.rstrip()) and chunks:
        at = []
        pos = 0
        for c in chunks:
            pos = text.index(c, pos)
            at.append(pos)
            pos += len(c)
    # most chunks are one syllable; the others (none: "-"; several: "Covid-19") are spliced in
    norms = list(map(_NORM1, infos))
    starts = list(map(add, at, map(_REL1, infos)))
    chunk_of = None
    if not all(norms):
        chunk_of = list(range(len(chunks)))
        for c in reversed(list(compress(count(), map(_is_none, norms)))):
            more, rels, *_ = infos[c]
            norms[c : c + 1] = more
            starts[c : c + 1] = [at[c] + r for r in rels]
            chunk_of[c : c + 1] = [c] * len(more)
    diac = any(map(_MARKS, infos))
    norms_t = tuple(norms)
    sy = Syllables(tuple(starts), tuple(map(add, starts, map(len, norms))), norms_t, None if diac else norms_t)
    sy.chunks, sy.chunk_of, sy.infos = chunks, chunk_of, infos
    return sy, diac


def term_key(term: str) -> tuple[str, ...]:
    """The normalised syllables of a taxonomy term."""
    return tuple(SYLLABLE_RE.findall(norm(term)))


def is_punctuation_term(term: str) -> bool:
    """A cue made only of punctuation ("?") is matched literally."""
    stripped = term.strip()
    return bool(stripped) and not SYLLABLE_RE.search(stripped)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> str | None:
    """The first UTF-16 surrogate in ``text``: half of a pair, as JSON's "\\ud800" written alone
    decodes to. No output can encode it. None when there is none."""
    found = _SURROGATE_RE.search(text)
    return found.group() if found else None
