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

import hashlib
import pickle
import re
import struct
from array import array
from collections.abc import Iterable
from itertools import accumulate, chain, repeat
from operator import add, itemgetter
from pathlib import Path

from forumcli.text.normalize import SYLLABLE_RE, Syllables, chunk_slots, norm, syllables_of_text
from forumcli.segment.words import is_name

B, I = 0, 1  # labels: B-W starts a word, I-W continues one
_TEMPLATE_RE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(\w+))?")
_MAX_SPAN = 12  # positions scored on each side before giving up on an edge
_CACHE_LIMIT = 100_000  # cached partial scores (of tokens, pairs, triples) before starting afresh
# Padding and placeholder tokens: control characters never occur in underthesea's tokens.
BOS_TOKEN, EOS_TOKEN, UNKNOWN = "\x02BOS", "\x03EOS", "\x01?"
_NAN, _NINF = float("nan"), float("-inf")
_NOWHERE = -(10**9)  # the token of a syllable in a chunk that cannot be told: before any text
_TOKS, _WHERE, _WHERE1 = itemgetter(0), itemgetter(1), itemgetter(2)
# the offsets of the first token of a feature's tokens, by group (one, two or three tokens)
_OFFSETS = {"uni": (-2, -1, 0, 1, 2), "bi": (-2, -1, 0, 1), "tri": (-2, -1, 0)}
_ZEROS = {group: (0.0,) * len(offsets) for group, offsets in _OFFSETS.items()}
_FNS = (None, "lower", "isdigit", "istitle", "is_in_dict")  # the kinds of value, as templates list them


def _cqdb(buf: bytes, off: int) -> list[str]:
    """The strings of a CRFsuite CQDB chunk, by id."""
    if buf[off : off + 4] != b"CQDB":
        raise ValueError("not a CQDB chunk")
    _size, _flag, _order, n, bwd = struct.unpack_from("<5I", buf, off + 4)
    out = []
    for i, (rec,) in enumerate(struct.iter_unpack("<I", buf[off + bwd : off + bwd + 4 * n])):
        rid, ksize = struct.unpack_from("<2I", buf, off + rec)
        if rid != i:
            raise ValueError("CQDB ids out of order")
        out.append(buf[off + rec + 8 : off + rec + 7 + ksize].decode("utf-8"))
    return out


def read_crfsuite(path: Path) -> tuple[list[str], dict[str, list[float]], list[list[float]]]:
    """(labels, state weights by attribute, transition weights) of a CRFsuite model file."""
    buf = path.read_bytes()
    magic, _size, kind, _ver, _nf, _nl, _na, off_feat, off_labels, off_attrs, _lr, _ar = struct.unpack_from(
        "<4sI4s9I", buf, 0
    )
    if magic != b"lCRF" or kind != b"FOMC" or buf[off_feat : off_feat + 4] != b"FEAT":
        raise ValueError(f"{path}: not a CRFsuite model")
    _fsize, nfeat = struct.unpack_from("<2I", buf, off_feat + 4)
    labels, attrs = _cqdb(buf, off_labels), _cqdb(buf, off_attrs)
    state: dict[str, list[float]] = {}
    trans = [[0.0] * len(labels) for _ in labels]
    start = off_feat + 12
    for kind_, src, dst, w in struct.iter_unpack("<3Id", buf[start : start + 20 * nfeat]):
        if kind_ == 0:
            state.setdefault(attrs[src], [0.0] * len(labels))[dst] = w
        else:
            trans[src][dst] = w
    return labels, state, trans


class Model:
    """The CRF's weights, as differences: how much each attribute favours I-W over B-W."""

    def __init__(self, templates: list[str], tables: dict[tuple[str, str | None], dict[str, tuple[float, ...]]],
                 trans: list[list[float]], dictionary: set[str] | frozenset[str], tokenizer: Tokenizer,
                 respelled: set[str] | frozenset[str] | None = None):
        self.tables = tables  # see _value_tables
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
        self._win: dict[tuple[str, ...], float] = {}
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
            if len(self._real) >= _CACHE_LIMIT:
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
        self.parsed = parsed = _parse_templates(templates)
        self.where = _where(parsed)
        # by group: the templates at each offset, (name, kind of value)
        self.uni_t = {o: [(n, fn) for n, a, b, fn in parsed if a == b == o] for o in _OFFSETS["uni"]}
        self.bi_t = {o: [(n, fn) for n, a, b, fn in parsed if a == o and b == o + 1] for o in _OFFSETS["bi"]}
        self.tri_t = {o: [(n, fn) for n, a, b, fn in parsed if a == o and b == o + 2] for o in _OFFSETS["tri"]}
        # the kinds of value each group's templates take, in the order the templates list
        # them at every offset: the partial scores add the tables' weights in that order, which
        # is the order of the templates, so sums are those of adding attribute by attribute
        self.fns = {}
        for group, by_offset in (("uni", self.uni_t), ("bi", self.bi_t), ("tri", self.tri_t)):
            fns = [fn for fn in _FNS if any(f == fn for ts in by_offset.values() for _, f in ts)]
            for ts in by_offset.values():
                if [f for _, f in ts] != [f for f in fns if any(g == f for _, g in ts)]:
                    raise ValueError("feature templates in an unexpected order")
            self.fns[group] = tuple(fns)
        w = self.weight
        # a template whose tokens fall before the remark gives "BOS", after it "EOS"
        self.uni_edge = {(o, v): sum(w(n, v) for n, _ in self.uni_t[o]) for o in _OFFSETS["uni"] for v in ("BOS", "EOS")}
        self.bi_edge = {(o, v): sum(w(n, v) for n, _ in self.bi_t[o]) for o in _OFFSETS["bi"] for v in ("BOS", "EOS")}
        self.tri_edge = {(o, v): sum(w(n, v) for n, _ in self.tri_t[o]) for o in _OFFSETS["tri"] for v in ("BOS", "EOS")}

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
            return tuple(self.uni_edge[(o, v)] for o in _OFFSETS["uni"])
        return self._sums((tok,), "uni")

    def _ngram_of(self, toks: tuple[str, ...], group: str, edge) -> tuple[float, ...]:
        if UNKNOWN in toks:
            return (_NAN,) * len(_OFFSETS[group])
        if toks[0] == BOS_TOKEN or toks[-1] == EOS_TOKEN:
            v = "BOS" if toks[0] == BOS_TOKEN else "EOS"
            return tuple(edge[(o, v)] for o in _OFFSETS[group])
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
        got = self._win.get(key)
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
            if len(self._tri) >= _CACHE_LIMIT:
                self._uni.clear()
                self._bi.clear()
                self._tri.clear()
            self._fill(a, b, c, d, e)
            return self.score(toks, p)
        if len(self._win) >= _CACHE_LIMIT:
            self._win.clear()
        self._win[key] = got
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
            d = self._win.get(tuple(toks[q - 2 : q + 3]))
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


def _parse_templates(templates: list[str]) -> list[tuple[str, int, int, str | None]]:
    """(name, first offset, last offset, kind of value) of each feature template."""
    parsed = []
    for name in templates:
        m = _TEMPLATE_RE.fullmatch(name)
        if m is None:
            raise ValueError(f"unknown feature template {name!r}")
        a, b = int(m[1]), int(m[2]) if m[2] else int(m[1])
        fn = m[3]
        if fn not in _FNS or not -2 <= a <= b <= 2 or b - a > 2:
            raise ValueError(f"unknown feature template {name!r}")
        parsed.append((name, a, b, fn))
    return parsed


def _where(parsed) -> dict[str, tuple[str, str | None, int]]:
    """Template name -> (group, kind of value, index of its offset in the group)."""
    where = {}
    for name, a, b, fn in parsed:
        group = ("uni", "bi", "tri")[b - a]
        where[name] = (group, fn, _OFFSETS[group].index(a))
    return where


def _value_tables(templates: list[str], weights: Iterable[tuple[str, float]]) -> dict[str, tuple[str, bytes]]:
    """The model's weights ("T[-1,0].lower=kiến nghị" -> w) by group of templates and kind of
    value: value -> the weight at each offset of the group ("kiến nghị" -> (.., w, .., ..)), as
    plain data (values joined by newlines, weights as doubles)."""
    where = _where(_parse_templates(templates))
    rows: dict[tuple[str, str | None], dict[str, list[float]]] = {}
    for attr, w in weights:
        name, _, value = attr.partition("=")
        got = where.get(name)
        if got is None:
            continue
        group, fn, i = got
        row = rows.setdefault((group, fn), {}).setdefault(value, [0.0] * len(_OFFSETS[group]))
        row[i] += w
    return {
        f"{group}:{fn or ''}": ("\n".join(by_value), array("d", chain.from_iterable(by_value.values())).tobytes())
        for (group, fn), by_value in rows.items()
    }


def respellings(dictionary: Iterable[str]) -> frozenset[str]:
    """The dictionary's words as ``norm`` writes them, where that is not as the dictionary does."""
    words = list(dictionary)
    return frozenset(norm("\n".join(words)).split("\n")).difference(words)


def _tables(data: dict[str, tuple[str, bytes]]) -> dict[tuple[str, str | None], dict[str, tuple[float, ...]]]:
    tables: dict[tuple[str, str | None], dict[str, tuple[float, ...]]] = {
        (group, fn): {} for group in _OFFSETS for fn in _FNS
    }
    for key, (values, weights) in data.items():
        group, _, fn = key.partition(":")
        flat = array("d")
        flat.frombytes(weights)
        width = iter(flat)
        tables[group, fn or None] = dict(zip(values.split("\n"), zip(*[width] * len(_OFFSETS[group]))))
    return tables


def _read_files(root: Path) -> dict:
    """What the model needs from underthesea's files, as plain data."""
    from forumcli.segment.loader import MODEL, REGEX, RULES  # noqa: PLC0415

    labels, state, trans = read_crfsuite(root / MODEL / "models.bin")
    if sorted(labels) != ["B-W", "I-W"]:
        raise ValueError(f"unexpected labels {labels}")
    b, i = labels.index("B-W"), labels.index("I-W")
    with (root / MODEL / "features.bin").open("rb") as f:
        templates = pickle.load(f)  # noqa: S301 - underthesea's own installed files
    with (root / MODEL / "dictionary.bin").open("rb") as f:
        dictionary = pickle.load(f)  # noqa: S301
    with (root / RULES).open("rb") as f:
        rules = pickle.load(f)  # noqa: S301
    words = sorted(w for w in dictionary if isinstance(w, str))
    return {
        "templates": list(templates),
        "tables": _value_tables(list(templates), ((a, w[i] - w[b]) for a, w in state.items())),
        "trans": [[trans[b][b], trans[b][i]], [trans[i][b], trans[i][i]]],
        "dictionary": "\n".join(words),
        # normalising the dictionary takes 0.1 s: a process that meets a glued word (nearly
        # every one) would pay it, and with --jobs every worker would
        "respelled": "\n".join(sorted(respellings(words))),
        "token_map": dict(rules["token"]),
        "character_map": dict(rules["character"]),
        "regex": (root / REGEX).read_text(encoding="utf-8"),
    }


def _cached_data(root: Path) -> dict:
    """``_read_files``, kept in forumcli's cache directory (reading the CRFsuite file takes
    0.2 s, the cached copy 0.03 s), keyed by the files' sizes and times and this module."""
    from forumcli.segment.loader import MODEL, REGEX, RULES  # noqa: PLC0415
    from forumcli import cache  # noqa: PLC0415

    stamp = hashlib.sha256()
    for f in (root / MODEL / "models.bin", root / MODEL / "features.bin", root / MODEL / "dictionary.bin",
              root / RULES, root / REGEX, Path(__file__), Path(__file__).parents[1] / "text" / "normalize.py"):
        st = f.stat()
        stamp.update(f"{f}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    name = f"wordcrf-{stamp.hexdigest()[:32]}.pickle"
    data = cache.load(name)
    if not isinstance(data, dict):
        data = _read_files(root)
        cache.store(name, data)
    return data


def _load_model() -> Model | None:
    from forumcli.segment.loader import _package_dir, _patterns  # noqa: PLC0415

    root = _package_dir()
    if root is None:
        return None
    try:
        data = _cached_data(root)
        tokenizer = Tokenizer(_patterns(data["regex"]), data["token_map"], data["character_map"])
        return Model(data["templates"], _tables(data["tables"]), data["trans"],
                     frozenset(data["dictionary"].split("\n")), tokenizer, frozenset(data["respelled"].split("\n")))
    except Exception:  # noqa: BLE001 - any surprise: the caller segments with underthesea
        return None


_model: Model | None | bool = False


def model() -> Model | None:
    """The CRF of underthesea's word segmenter, loaded once; None if it cannot be read."""
    global _model
    if _model is False:
        _model = _load_model()
    return _model  # type: ignore[return-value]


# ------------------------------------------------------------------ tokens


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
                info = ((UNKNOWN,), (_NOWHERE,) * n, _NOWHERE if n == 1 else None)
            else:
                toks, where = got
                info = (toks, where, where[0] if len(where) == 1 else None)
        if after != " x":
            if len(self._last) >= _CACHE_LIMIT:
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


def boundaries(text: str, sy: Syllables, positions: Iterable[int]) -> tuple[set[int], list[int]]:
    """Of ``positions`` (edges between syllables k-1 and k), those that are word
    boundaries in underthesea's segmentation of the whole text, and those this
    module cannot decide."""
    m = model()
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
    label, known = m.label, m._win.get
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
