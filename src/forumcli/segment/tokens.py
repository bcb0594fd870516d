"""underthesea's tokens of a remark, derived chunk by chunk, as its regex tokenizer makes them."""

from __future__ import annotations

import re
from itertools import accumulate, chain
from operator import add, itemgetter

from forumcli.text.normalize import SYLLABLE_RE, Syllables, chunk_slots, syllables_of_text

CACHE_LIMIT = 100_000  # cached results before starting afresh
# Padding and placeholder tokens: control characters never occur in underthesea's tokens.
BOS_TOKEN, EOS_TOKEN, UNKNOWN = "\x02BOS", "\x03EOS", "\x01?"
NOWHERE = -(10**9)  # the token of a syllable in a chunk that cannot be told: before any text
_TOKS, _WHERE, _WHERE1 = itemgetter(0), itemgetter(1), itemgetter(2)


class Tokenizer:
    """underthesea's tokens of a text, chunk by chunk (a chunk is a run of non-space).

    No token of underthesea's tokenizer spans whitespace, and its patterns look
    at most at the character after a token (``(?!$)``, ``(?=\\s)``, ``\\b``), so
    a chunk has the same tokens alone, followed by " x", as in its text; the
    text's last chunk is tokenized with what really follows it. A chunk of
    letters only is one token. Results are cached by chunk.
    """

    def __init__(self, patterns: re.Pattern[str], token_map: dict[str, str], character_map: dict[str, str]):
        self.patterns = patterns
        self.token_map = {k: v for k, v in token_map.items() if len(k) <= 6}  # as underthesea applies it
        self.character_map = character_map
        self._bad_re = re.compile("|".join(map(re.escape, character_map)) or "(?!)")
        self._last: dict[tuple[str, str], tuple[tuple[str, ...], tuple[int, ...], int | None]] = {}

    def _normal(self, token: str) -> str:
        for bad, good in self.character_map.items():
            token = token.replace(bad, good)
        return self.token_map.get(token, token) if len(token) <= 6 else token

    def chunk(self, chunk: str, after: str = " x") -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        """(tokens, index of the token of each syllable) of a chunk; None when a syllable
        straddles two tokens (never seen, but then nothing is claimed). Not cached here:
        ``_of_chunk``'s result is (in the chunk cache's slot, or ``_last``)."""
        text = chunk
        for bad, good in self.character_map.items():  # underthesea maps these first (same length)
            text = text.replace(bad, good)
        text += after
        spans = []
        for m in self.patterns.finditer(text):
            if m.start() >= len(chunk):
                break
            spans.append((m.start(), m.end()))
        toks = tuple(self._normal(text[a:b]) for a, b in spans)
        where: list[int] = []
        t = 0
        result: tuple[tuple[str, ...], tuple[int, ...]] | None = None
        for m in SYLLABLE_RE.finditer(chunk):
            while t < len(spans) and spans[t][1] <= m.start():
                t += 1
            if t == len(spans) or not (spans[t][0] <= m.start() and m.end() <= spans[t][1]):
                break
            where.append(t)
        else:
            result = (toks, tuple(where))
        return result

    def _of_chunk(self, chunk: str, after: str = " x") -> tuple[tuple[str, ...], tuple[int, ...], int | None]:
        """(tokens, index of the token of each syllable, that index when the chunk is one
        syllable, else None) of a chunk (kept in the chunk cache by ``tokens``; a text's last
        chunk, with what follows it, here)."""
        if chunk.isalpha():  # letters only: one syllable, one token
            info = ((self.token_map.get(chunk, chunk),), (0,), 0)
        else:
            got = self.chunk(chunk, after)
            if got is None:  # UNKNOWN, and syllables pointing before the text
                n = len(SYLLABLE_RE.findall(chunk))
                info = ((UNKNOWN,), (NOWHERE,) * n, NOWHERE if n == 1 else None)
            else:
                toks, where = got
                info = (toks, where, where[0] if len(where) == 1 else None)
        if after != " x":
            if len(self._last) >= CACHE_LIMIT:
                self._last.clear()
            self._last[chunk, after] = info
        return info

    def tokens(self, text: str, sy: Syllables) -> tuple[list[str], list[int]]:
        """The tokens of ``text``, padded with two BOS_TOKEN and two EOS_TOKEN (UNKNOWN
        for a chunk that cannot be told), and for each syllable of ``sy`` (the text's)
        the index of its token (negative: unknown)."""
        n_syllables = len(sy)
        if self._bad_re.search(text) is not None:
            # underthesea rewrites these letters ("ð" -> "đ"), so its words no longer line up with
            # the text's syllables (segment.word_ids then takes every syllable as a word): let the
            # caller segment such a remark as it always has
            return [BOS_TOKEN, BOS_TOKEN, UNKNOWN, EOS_TOKEN, EOS_TOKEN], [-1] * n_syllables
        if sy.chunks is None:
            sy = syllables_of_text(text)[0]
        chunks, chunk_of = sy.chunks, sy.chunk_of
        if not chunks:
            return [BOS_TOKEN, BOS_TOKEN, EOS_TOKEN, EOS_TOKEN], []
        infos = chunk_slots(sy, self, self._of_chunk)
        last = chunks[-1]
        if not last.isalpha():  # the text's last chunk is tokenized with what really follows it
            after = text[text.rindex(last) + len(last) :]
            infos[-1] = self._last.get((last, after)) or self._of_chunk(last, after)
        toks = [BOS_TOKEN, BOS_TOKEN, *chain.from_iterable(map(_TOKS, infos)), EOS_TOKEN, EOS_TOKEN]
        first_tok = list(accumulate(map(len, map(_TOKS, infos)), initial=2))  # of each chunk
        if chunk_of is None:  # chunk k is syllable k
            tok_of = list(map(add, first_tok, map(_WHERE1, infos)))
        else:
            tok_of = list(map(add, map(first_tok.__getitem__, chunk_of), chain.from_iterable(map(_WHERE, infos))))
        if len(tok_of) != n_syllables:  # the chunks and the syllables disagree: know nothing
            return [BOS_TOKEN, BOS_TOKEN, UNKNOWN, EOS_TOKEN, EOS_TOKEN], [-1] * n_syllables
        return toks, tok_of
