"""What the context rules need at matching time: a term's rule compiled to syllable
keys, words looked for in a window of syllables, sentences and clauses."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, compress
from typing import TYPE_CHECKING

from forumcli.text.normalize import fold, term_key

if TYPE_CHECKING:
    from forumcli.taxonomy.rules import Context

# roles of the entries the rules add to the tagger's index (found like terms, on syllable boundaries)
AGENT, PRONOUN, EVALUATION, ATTITUDE, REQUEST, OPENER = (
    "agent", "pronoun", "evaluation", "attitude", "request", "opener"
)
RULE_ROLES = (AGENT, PRONOUN, EVALUATION, ATTITUDE, REQUEST, OPENER)


@dataclass(frozen=True, slots=True)
class Rule:
    """A term's context rule, compiled: each word with its syllable keys, accented and folded."""

    weak: bool
    near: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    not_near: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    window: int


def keyed(words) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    out = []
    for w in words:
        key = term_key(w.text)
        fkey = tuple(fold(s) for s in key)
        # as with terms, one accented syllable says too little once folded ("chó" / "cho"):
        # text without diacritics is not searched for it
        out.append((w.text, key, () if len(key) == 1 and fkey != key else fkey))
    return tuple(out)


def compile_rule(ctx: Context | None) -> Rule | None:
    if ctx is None:
        return None
    return Rule(ctx.weak, keyed(ctx.near), keyed(ctx.not_near), ctx.window)


def find_word(keys, i: int, j: int, words, window: int, folded: bool, present=None) -> str | None:
    """The first of ``words`` found within ``window`` syllables before syllable ``i`` or
    after syllable ``j - 1`` (a word may reach beyond the window with its other syllables).
    ``present``, the set of ``keys``, skips at once the words not in the remark."""
    n = len(keys)
    lo_i = i - window
    for text, key, fkey in words:
        k = fkey if folded else key
        if not k or (present is not None and k[0] not in present):
            continue
        m = len(k)
        first = k[0]
        for p in range(max(0, lo_i - m + 1), min(n - m, j + window - 1) + 1):
            if keys[p] == first and (p + m <= i or p >= j) and (m == 1 or tuple(keys[p : p + m]) == k):
                return text
    return None


# --------------------------------------------------------------------------- clauses

_CLAUSE_GAP_RE = re.compile(r"[,:;!?…()\n\"“”]|\s[-–]\s|\.(?:\s|$)")
_SENTENCE_GAP_RE = re.compile(r"[;!?…\n]|\.(?:\s|$)")
_LIST_MARK_RE = re.compile(r"(?:^|\n)\s*(?:[-–•*+]|\d+[.)]|[a-zđ][)])\s*$")


def _gap(text: str, a: int, b: int) -> str:
    # one character more: a dot ends a sentence when a space follows it, not in "TP.HCM"
    return text[a : b + 1] if b < len(text) and b > a else text[a:b]


def sentence_start(text: str, starts, ends, i: int) -> bool:
    """Whether syllable ``i`` opens the remark, a sentence or a list item."""
    before = text[: starts[0]] if i == 0 else text[ends[i - 1] : starts[i]]
    if i == 0:
        return not before.strip() or _LIST_MARK_RE.search(before) is not None
    return _SENTENCE_GAP_RE.search(_gap(text, ends[i - 1], starts[i])) is not None or (
        _LIST_MARK_RE.search(before) is not None
    )


def numbering(text: str, starts, ends, pattern: re.Pattern[str], openers=frozenset(), keys=()) -> list[int]:
    """For each syllable, how many breaks come before it: ``pattern`` in the gap before it,
    or the syllable is one of ``openers`` (a conjunction opening a clause)."""
    n = len(starts)
    marks = bytearray(n)
    for m in pattern.finditer(text, ends[0] if n else 0):
        k = bisect_right(starts, m.start())  # the syllable after the break
        if k < n:
            marks[k] = 1
    if openers:
        for k in compress(range(n), map(openers.__contains__, keys)):
            marks[k] = 1
    if n:
        marks[0] = 0
    return list(accumulate(marks))


def sentences(text: str, sy) -> list[int]:
    return numbering(text, sy.starts, sy.ends, _SENTENCE_GAP_RE)


# conjunctions that open a new clause: "báo công an | nhưng không ai đến"
CLAUSE_OPENERS = frozenset({"nhưng", "mà", "thì", "song", "còn", "rồi", "nên", "vì", "do", "để", "khi", "nếu"})


def clauses(text: str, sy, keys) -> list[int]:
    return numbering(text, sy.starts, sy.ends, _CLAUSE_GAP_RE, CLAUSE_OPENERS, keys)


# what a request takes in runs to the end of its sentence, through "để" (its purpose), not
# past a reason or a contrast ("đề nghị rà soát dữ liệu | vì thông tin bị ghi sai")
SCOPE_BREAKS = frozenset({"nhưng", "mà", "song", "còn", "vì", "do", "bởi"})


def scopes(text: str, sy, keys) -> list[int]:
    return numbering(text, sy.starts, sy.ends, _SENTENCE_GAP_RE, SCOPE_BREAKS, keys)


# --------------------------------------------------------------------------- applying


def pos_opens_with_verb(text: str) -> bool:
    """Whether underthesea tags the first word of ``text`` as a verb (minutes repeat their
    openings: the answers are kept)."""
    got = _OPENS_WITH_VERB.get(text)
    if got is None:
        from forumcli.segment.tags import pos_tags  # slow to load: only remarks that need it

        tags = pos_tags(text)
        got = bool(tags) and tags[0][1] == "V"
        if len(_OPENS_WITH_VERB) >= 4096:
            _OPENS_WITH_VERB.clear()
        _OPENS_WITH_VERB[text] = got
    return got


_OPENS_WITH_VERB: dict[str, bool] = {}
