"""underthesea's word-segmentation CRF, evaluated exactly, and only where asked.

Segmenting a whole remark costs about 1.5 ms, most of it underthesea's regex
tokenizer (0.6 ms) and its featurizer (15 µs a token). The tagger only needs to
know, for the few syllable edges where a candidate term starts or ends, whether
the two syllables fall in one word. This module answers that with the CRF
itself, without segmenting the remark:

* the remark's tokens are derived from its whitespace-separated chunks: a chunk
  of letters is one token; any other chunk ("Covid-19,", "TP.HCM", "(TDP") is
  tokenized alone by underthesea's own regex patterns (see ``Tokenizer``);
* the CRF's weights are read from underthesea's own model file (CRFsuite
  format), and its 43 feature templates are computed here the way
  underthesea_core computes them (the tests compare both on real remarks);
* the label of token ``p`` in the best (Viterbi) labelling of the whole remark
  is known without the rest of the remark when its emission score outweighs
  any transition: then no labelling with the other label can be best. When it
  does not, the neighbours are scored until such a position is found on each
  side, and Viterbi runs between them: a position whose label is forced splits
  the chain, so this is the label whole-remark segmentation gives.

An edge whose answer needs a token this module cannot derive (in text that
underthesea rewrites, such as "ð") is returned as undecided; the caller segments
a window around it with underthesea.
"""

from __future__ import annotations

from collections.abc import Iterable

from forumcli.segment.crffile import (
    FNS,
    OFFSETS,
    cached_data,
    parse_templates,
    respellings,
    template_slots,
    weight_tables,
)
from forumcli.segment.tokens import BOS_TOKEN, CACHE_LIMIT, EOS_TOKEN, UNKNOWN, Tokenizer
from forumcli.text.normalize import norm

B, I = 0, 1  # noqa: E741 - labels: B-W starts a word, I-W continues one (CRFsuite's names)
_MAX_SPAN = 12  # positions scored on each side before giving up on an edge
_NAN, _NINF = float("nan"), float("-inf")
# the offsets of the first token of a feature's tokens, by group (one, two or three tokens)
_ZEROS = {group: (0.0,) * len(offsets) for group, offsets in OFFSETS.items()}


def is_name(tokens: Iterable[str]) -> bool:
    """Every token starts with a capital (or is not a word): a name, such as "Võ Văn Kiệt"."""
    return all(t[:1] and not t[0].islower() for t in tokens)


class Model:
    """The CRF's weights, as differences: how much each attribute favours I-W over B-W."""

    def __init__(self, templates: list[str], tables: dict[tuple[str, str | None], dict[str, tuple[float, ...]]],
                 trans: list[list[float]], dictionary: set[str] | frozenset[str], tokenizer: Tokenizer,
                 respelled: set[str] | frozenset[str] | None = None):
        self.tables = tables  # see value_tables
        self.trans = trans  # trans[from][to], labels B and I
        self.dictionary = dictionary  # as the CRF's is_in_dict features look words up
        # the dictionary's words that norm writes otherwise, as norm writes them (about 900)
        self.respelled = respellings(dictionary) if respelled is None else respelled
        self.tokenizer = tokenizer
        t = self.trans
        # what the transitions can add to "I here rather than B", from the left and the right
        left = (t[B][I] - t[B][B], t[I][I] - t[I][B])
        right = (t[I][B] - t[B][B], t[I][I] - t[B][I])
        self.left_range = (min(left), max(left))
        self.right_range = (min(right), max(right))
        # a position with neighbours on both sides is B-W when its score is below b_below,
        # I-W above i_above, whatever its neighbours' labels (see _forced)
        self.b_below = -(self.left_range[1] + self.right_range[1])
        self.i_above = -(self.left_range[0] + self.right_range[0])
        self._templates(templates)
        self._uni: dict[str, tuple[float, ...]] = {}
        self._bi: dict[tuple[str, str], tuple[float, ...]] = {}
        self._tri: dict[tuple[str, str, str], tuple[float, ...]] = {}
        self.window_scores: dict[tuple[str, ...], float] = {}
        self._real: dict[tuple[str, ...], bool] = {}

    def is_known(self, word: str) -> bool:
        """Whether ``word``, as ``norm`` writes it, is a word of the dictionary in any spelling
        ("hòa thuận": the dictionary has "hoà thuận"). A word norm writes is in the dictionary
        as it is, or is one of the few the dictionary spells otherwise (``respelled``): no
        second set of the 72,000 words to build when the model loads."""
        return word in self.dictionary or word in self.respelled

    def real_word(self, tokens: list[str]) -> bool:
        """Whether a word the CRF glued from ``tokens`` is one forumcli takes as a word: a
        name (every token capitalised), a word of underthesea's dictionary (in any tone
        placement), or a word each of whose pairs of tokens the CRF learned to join (a
        positive weight on its pair feature: "người dân" is not in the dictionary)."""
        key = tuple(tokens)
        got = self._real.get(key)
        if got is None:
            got = self._real_word(tokens)
            if len(self._real) >= CACHE_LIMIT:
                self._real.clear()
            self._real[key] = got
        return got

    def _real_word(self, tokens: list[str]) -> bool:
        if len(tokens) < 2 or is_name(tokens):
            return True
        if self.is_known(norm(" ".join(tokens))):
            return True
        w = self.weight
        return all(
            w("T[-1,0].lower", f"{a.lower()} {b.lower()}") > 0 or w("T[-1,0]", f"{a} {b}") > 0
            for a, b in zip(tokens, tokens[1:])
        )

    def weight(self, template: str, value: str) -> float:
        """The weight (I-W minus B-W) of the attribute ``template=value``; 0 if the model has none."""
        group, fn, i = self.where[template]
        row = self.tables[group, fn].get(value)
        return 0.0 if row is None else row[i]

    # ---------------------------------------------------------------- features
    def _templates(self, templates: list[str]) -> None:
        self.parsed = parsed = parse_templates(templates)
        self.where = template_slots(parsed)
        # by group: the templates at each offset, (name, kind of value)
        self.uni_t = {o: [(n, fn) for n, a, b, fn in parsed if a == b == o] for o in OFFSETS["uni"]}
        self.bi_t = {o: [(n, fn) for n, a, b, fn in parsed if a == o and b == o + 1] for o in OFFSETS["bi"]}
        self.tri_t = {o: [(n, fn) for n, a, b, fn in parsed if a == o and b == o + 2] for o in OFFSETS["tri"]}
        # the kinds of value each group's templates take, in the order the templates list
        # them at every offset: the partial scores add the tables' weights in that order, which
        # is the order of the templates, so sums are those of adding attribute by attribute
        self.fns = {}
        for group, by_offset in (("uni", self.uni_t), ("bi", self.bi_t), ("tri", self.tri_t)):
            fns = [fn for fn in FNS if any(f == fn for ts in by_offset.values() for _, f in ts)]
            for ts in by_offset.values():
                if [f for _, f in ts] != [f for f in fns if any(g == f for _, g in ts)]:
                    raise ValueError("feature templates in an unexpected order")
            self.fns[group] = tuple(fns)
        w = self.weight
        # a template whose tokens fall before the remark gives "BOS", after it "EOS"
        self.uni_edge = {(o, v): sum(w(n, v) for n, _ in self.uni_t[o]) for o in OFFSETS["uni"] for v in ("BOS", "EOS")}
        self.bi_edge = {(o, v): sum(w(n, v) for n, _ in self.bi_t[o]) for o in OFFSETS["bi"] for v in ("BOS", "EOS")}
        self.tri_edge = {(o, v): sum(w(n, v) for n, _ in self.tri_t[o]) for o in OFFSETS["tri"] for v in ("BOS", "EOS")}

    def attributes(self, toks: list[str], p: int) -> list[str]:
        """The attributes underthesea_core's featurizer gives token ``p``, in its order (for the tests)."""
        out = []
        for name, a, b, fn in self.parsed:
            if p + a < 0:
                v = "BOS"
            elif p + b >= len(toks):
                v = "EOS"
            else:
                v = self._values(tuple(toks[p + a : p + b + 1]))[fn]
            out.append(f"{name}={v}")
        return out

    def _fill(self, a: str, b: str, c: str, d: str, e: str) -> None:
        """Cache the partial scores of the tokens, pairs and triples around a position."""
        for tok in (a, b, c, d, e):
            if tok not in self._uni:
                self._uni[tok] = self._uni_of(tok)
        for pair in ((a, b), (b, c), (c, d), (d, e)):
            if pair not in self._bi:
                self._bi[pair] = self._ngram_of(pair, "bi", self.bi_edge)
        for triple in ((a, b, c), (b, c, d), (c, d, e)):
            if triple not in self._tri:
                self._tri[triple] = self._ngram_of(triple, "tri", self.tri_edge)

    def _values(self, toks: tuple[str, ...]) -> dict[str | None, str]:
        """Every value a template can take of the tokens ``toks``, as underthesea_core computes
        it: ``istitle`` is "no token starts with a lower-case letter" (so "," is a title),
        ``isdigit`` "every character an ASCII digit", ``is_in_dict`` looks up the lower case."""
        s = " ".join(toks)
        low = s.lower()
        title = "True"
        for t in toks:
            if not t or t[0].islower():
                title = "False"
                break
        return {
            None: s,
            "lower": low,
            "is_in_dict": "True" if low in self.dictionary else "False",
            "istitle": title,
            "isdigit": "True" if s.isascii() and s.isdigit() else "False",
        }

    def _uni_of(self, tok: str) -> tuple[float, ...]:
        if tok == UNKNOWN:
            return (_NAN,) * 5
        if tok in (BOS_TOKEN, EOS_TOKEN):
            v = "BOS" if tok == BOS_TOKEN else "EOS"
            return tuple(self.uni_edge[(o, v)] for o in OFFSETS["uni"])
        return self._sums((tok,), "uni")

    def _ngram_of(self, toks: tuple[str, ...], group: str, edge) -> tuple[float, ...]:
        if UNKNOWN in toks:
            return (_NAN,) * len(OFFSETS[group])
        if toks[0] == BOS_TOKEN or toks[-1] == EOS_TOKEN:
            v = "BOS" if toks[0] == BOS_TOKEN else "EOS"
            return tuple(edge[(o, v)] for o in OFFSETS[group])
        return self._sums(toks, group)

    def _sums(self, toks: tuple[str, ...], group: str) -> tuple[float, ...]:
        """The tokens' partial score at each offset of their group: the weights of their
        attributes, one table lookup per kind of value (not one per template)."""
        values, tables, zero = self._values(toks), self.tables, _ZEROS[group]
        rows = [tables[group, fn].get(values[fn], zero) for fn in self.fns[group]]
        return tuple(map(sum, zip(*rows)))

    def score(self, toks: list[str], p: int) -> float:
        """How much the emission of ``toks[p]`` favours I-W over B-W (NaN when a token it
        depends on is unknown). ``toks`` holds two BOS_TOKEN before the text, two EOS_TOKEN
        after. Scores are cached by their five tokens: term edges recur."""
        key = tuple(toks[p - 2 : p + 3])
        got = self.window_scores.get(key)
        if got is not None:
            return got
        a, b, c, d, e = key
        uni, bi, tri = self._uni, self._bi, self._tri
        try:
            got = (
                uni[a][0] + uni[b][1] + uni[c][2] + uni[d][3] + uni[e][4]
                + bi[a, b][0] + bi[b, c][1] + bi[c, d][2] + bi[d, e][3]
                + tri[a, b, c][0] + tri[b, c, d][1] + tri[c, d, e][2]
            )
        except KeyError:
            if len(self._tri) >= CACHE_LIMIT:
                self._uni.clear()
                self._bi.clear()
                self._tri.clear()
            self._fill(a, b, c, d, e)
            return self.score(toks, p)
        if len(self.window_scores) >= CACHE_LIMIT:
            self.window_scores.clear()
        self.window_scores[key] = got
        return got

    # ---------------------------------------------------------------- decoding
    def _forced(self, d: float, has_left: bool, has_right: bool) -> int | None:
        """The label of a position in every best labelling, when its score alone decides it."""
        lo = hi = 0.0
        if has_left:
            lo, hi = lo + self.left_range[0], hi + self.left_range[1]
        if has_right:
            lo, hi = lo + self.right_range[0], hi + self.right_range[1]
        if d + hi < 0:
            return B
        if d + lo > 0:
            return I
        return None

    def _at(self, toks: list[str], q: int, memo: dict[int, tuple[float, int | None]], first: int, last: int
            ) -> tuple[float, int | None] | None:
        """(score, label if forced) of position ``q``, kept in ``memo``; None when unknown."""
        got = memo.get(q)
        if got is None:
            d = self.window_scores.get(tuple(toks[q - 2 : q + 3]))
            if d is None:
                d = self.score(toks, q)
            if d != d:  # NaN: an unknown token is in reach
                return None
            if first < q < last:  # neighbours on both sides: _forced, with its thresholds
                got = memo[q] = (d, B if d < self.b_below else I if d > self.i_above else None)
            else:
                got = memo[q] = (d, self._forced(d, q > first, q < last))
        return got

    def label(self, toks: list[str], p: int, memo: dict[int, tuple[float, int | None]]) -> int | None:
        """The label of ``toks[p]`` in the best labelling of the whole sequence; None if it
        cannot be known here. ``toks`` is padded as ``score`` wants; ``memo`` is per sequence:
        each position's score and its label once known (forced by the score, or decoded)."""
        here = memo.get(p)
        if here is not None and here[1] is not None:  # known already
            return here[1]
        first, last = 2, len(toks) - 3  # the real tokens
        at = self._at
        here = at(toks, p, memo, first, last)
        if here is None:
            return None
        if here[1] is not None:
            return here[1]
        lo = p - 1
        while lo >= first:
            got = at(toks, lo, memo, first, last)
            if got is None or p - lo > _MAX_SPAN:
                return None
            if got[1] is not None:
                break
            lo -= 1
        hi = p + 1
        while hi <= last:
            got = at(toks, hi, memo, first, last)
            if got is None or hi - p > _MAX_SPAN:
                return None
            if got[1] is not None:
                break
            hi += 1
        # Viterbi from lo to hi, the forced labels at the ends (nothing forced past the text)
        t = self.trans
        lo, hi = max(lo, first), min(hi, last)
        d0, f0 = memo[lo]
        score = [0.0 if f0 in (None, B) else _NINF, d0 if f0 in (None, I) else _NINF]
        back: list[tuple[int, int]] = []
        for q in range(lo + 1, hi + 1):
            d, f = memo[q]
            bb, ib = score[B] + t[B][B], score[I] + t[I][B]
            bi_, ii = score[B] + t[B][I], score[I] + t[I][I]
            pb, pi = (B if bb >= ib else I), (B if bi_ >= ii else I)
            score = [max(bb, ib) if f in (None, B) else _NINF, max(bi_, ii) + d if f in (None, I) else _NINF]
            back.append((pb, pi))
        # every label from lo to hi is now known: remember them, so that the positions
        # around (the rest of a glued word) are not decoded again
        y = B if score[B] >= score[I] else I
        memo[hi] = (memo[hi][0], y)
        for q in range(hi, lo, -1):
            y = back[q - lo - 1][y]
            memo[q - 1] = (memo[q - 1][0], y)
        return memo[p][1]


def _load_model() -> tuple[Model | None, str | None]:
    from forumcli.segment.files import package_dir, token_patterns  # noqa: PLC0415

    root = package_dir()
    if root is None:
        return None, "underthesea is not installed"
    try:
        data = cached_data(root)
        tokenizer = Tokenizer(token_patterns(data["regex"]), data["token_map"], data["character_map"])
        return Model(data["templates"], weight_tables(data["tables"]), data["trans"],
                     frozenset(data["dictionary"].split("\n")), tokenizer,
                     frozenset(data["respelled"].split("\n"))), None
    except Exception as e:  # noqa: BLE001 - any surprise: the caller segments with underthesea
        return None, f"underthesea's model files cannot be read this way ({type(e).__name__}: {e})"


_model: tuple[Model | None, str | None] | None = None


def model() -> Model | None:
    """The CRF of underthesea's word segmenter, loaded once; None if it cannot be read
    (``load_problem`` says why). Callers go through ``segment.words.fast_model``, which also
    checks it against underthesea."""
    global _model
    if _model is None:
        _model = _load_model()
    return _model[0]


def load_problem() -> str | None:
    """Why ``model()`` is None."""
    model()
    return _model[1] if _model else None
