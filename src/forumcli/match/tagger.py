"""Tag a remark with topics and kinds.

How a term matches:

* remark and term are normalised alike (NFC, one tone placement, lower case);
  both are split into syllables (runs of letters or of digits);
* a term matches a run of syllables of the remark that starts and ends on a
  word boundary of underthesea's segmentation, so "đề" does not match inside
  "vấn_đề" while "lô đề" matches as one word or two;
* terms written in plain ASCII (CCCD, PCCC, VNeID, covid, karaoke) match on
  syllable boundaries: underthesea often glues such tokens to a neighbour;
* a remark with no diacritics at all is matched on folded keys (no marks,
  đ -> d) against the folded terms that are safe (see ``fold_safety``), on
  syllable boundaries, since segmentation of unaccented text says little;
* where matches overlap the longest wins; an ``exclude`` phrase vetoes its
  topic (and the topic's children); a remark gets its deepest matched topics.

Segmentation only runs when a remark has a candidate match whose edges need a
word boundary, and then only at those edges: ``wordcrf`` evaluates underthesea's
CRF there and gives what segmenting the whole remark gives. The few edges it
cannot decide are segmented by underthesea in a window of syllables around them
(``window``; ``window=None`` segments whole remarks, the reference the fast
path is measured against).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from itertools import compress, count, islice
from operator import itemgetter

from forumcli.match.context import RULE_ROLES, compile_rule
from forumcli.match.index import make_entry, pairs, trie
from forumcli.match.rulebook import RuleBook
from forumcli.match.types import (
    CUE,
    EXCLUDE,
    KIND_EXCLUDE,
    TERM,
    Analysis,
    Entry,
    FoldIssue,
    Match,
    Tagged,
    dictionary_folds,
)
from forumcli.taxonomy.model import Taxonomy, is_within, iter_phrases
from forumcli.text.normalize import (
    Syllables,
    fold,
    has_diacritics,
    is_ascii_term,
    is_punctuation_term,
    nfc,
    norm,
    syllables_of_text,
    term_key,
)

# Syllables of context on each side of an edge that ``wordcrf`` cannot decide
# (see segment.boundaries); bench/run.py --windows compares windows.
DEFAULT_WINDOW = 3
# Tagged results kept for repeated remarks (minutes pasted twice, stock phrases).
REMARK_CACHE = 4096


class Tagger:
    """A compiled taxonomy. ``tag(text)`` is pure and deterministic."""

    def __init__(
        self, taxonomy: Taxonomy, *, use_dictionary: bool = True, window: int | None = DEFAULT_WINDOW
    ):
        self.taxonomy = taxonomy
        self.use_dictionary = use_dictionary
        self.window = window
        self._cache: dict[str, Tagged] = {}
        self.order = {t.id: i for i, t in enumerate(taxonomy.topics)}
        self.kind_order = {k.id: i for i, k in enumerate(taxonomy.kinds)}
        self.ancestors: dict[str, tuple[str, ...]] = {}
        for t in taxonomy.topics:
            parts = t.id.split(".")
            self.ancestors[t.id] = tuple(".".join(parts[:i]) for i in range(1, len(parts)))
        self.index: dict[tuple[str, ...], list[Entry]] = {}
        self.literals: list[tuple[str, Entry]] = []
        for owner, role, phrase in iter_phrases(taxonomy):
            if is_punctuation_term(phrase.text):
                self.literals.append((phrase.text.strip(), Entry(role, owner, phrase.text, 0, True)))
                continue
            key = term_key(phrase.text)
            entry = Entry(role, owner, phrase.text, len(key), is_ascii_term(phrase.text), compile_rule(phrase.rule))
            self.index.setdefault(key, []).append(entry)
        # words the context rules look for (agents, evaluations, openers): on syllable boundaries
        self.rulebook = RuleBook(taxonomy)
        for owner, role, word in self.rulebook.index_words():
            key = term_key(word)
            self.index.setdefault(key, []).append(Entry(role, owner, word, len(key), True))
        self.fold_index, self.fold_issues = self._build_fold_index()
        # one-syllable keys; and the longer keys as nested dicts (syllable -> (entries or None,
        # children or None)), entered two syllables deep (see _walk)
        self.single = {k[0]: tuple(es) for k, es in self.index.items() if len(k) == 1}
        self.fold_single = {k[0]: tuple(es) for k, es in self.fold_index.items() if len(k) == 1}
        self.pairs = pairs(trie(self.index))
        self.fold_pairs = pairs(trie(self.fold_index))

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_cache"] = {}  # a compiled tagger is stored and sent without its cache
        return state

    # ------------------------------------------------------------------ folding
    def _build_fold_index(self) -> tuple[dict[tuple[str, ...], list[Entry]], list[FoldIssue]]:
        issues: list[FoldIssue] = []
        by_fold: dict[tuple[str, ...], list[tuple[tuple[str, ...], Entry]]] = {}
        rule_words: list[tuple[tuple[str, ...], Entry]] = []
        for key, entries in self.index.items():
            fkey = tuple(fold(s) for s in key)
            for e in entries:
                if e.role in RULE_ROLES:  # words of context rules: looked for folded, never in the way of a term
                    rule_words.append((fkey, e))
                else:
                    by_fold.setdefault(fkey, []).append((key, e))
        wanted = {" ".join(f) for f, items in by_fold.items() if not all(e.ascii for _, e in items)}
        words = dictionary_folds(wanted) if self.use_dictionary else {}
        out: dict[tuple[str, ...], list[Entry]] = {}
        for fkey, items in by_fold.items():
            folded = " ".join(fkey)
            for key, e in items:
                if e.ascii:
                    out.setdefault(fkey, []).append(e)
                    continue
                reason = None
                if len(fkey) == 1:
                    reason = "one syllable: too many words share its unaccented form"
                else:
                    # spellings of one topic or kind ("phản ánh"/"phản ảnh") may share a fold
                    same = {k for k, o in items if (o.owner, o.role) == (e.owner, e.role)}
                    # (the very same phrase in two roles is the accented matcher's business)
                    others = {k for k, o in items if (o.owner, o.role) != (e.owner, e.role) and k != key}
                    owners = {o.owner for k, o in items if (o.owner, o.role) != (e.owner, e.role) and k != key}
                    if others:
                        reason = "also the unaccented form of " + ", ".join(
                            f"'{' '.join(k)}'" for k in sorted(others)
                        ) + f" ({', '.join(sorted(owners))})"
                    else:
                        clash = words.get(folded, set()) - {" ".join(k) for k in same}
                        if clash:
                            reason = "also the unaccented form of the common word " + ", ".join(
                                f"'{w}'" for w in sorted(clash)[:3]
                            )
                if reason:
                    issues.append(FoldIssue(e.owner, e.term, folded, reason))
                elif not any((o.owner, o.role) == (e.owner, e.role) for o in out.get(fkey, [])):
                    out.setdefault(fkey, []).append(e)
        for fkey, e in rule_words:
            out.setdefault(fkey, []).append(e)
        return out, issues

    # ------------------------------------------------------------------ tagging
    def tag(self, text: str) -> Tagged:
        cached = self._cache.get(text)
        if cached is None:
            cached = self._remember(text, self._run(nfc(text), None))
        return cached

    def tag_many(self, texts: list[str]) -> list[Tagged]:
        """``[self.tag(t) for t in texts]``, stage by stage: every remark's candidates, then
        every remark's word boundaries, then every decision (each stage's code and data stay
        in the processor's caches; 0.87 of the time of one by one, measured in-process)."""
        out: list[Tagged | None] = list(map(self._cache.get, texts))
        todo = [k for k, got in enumerate(out) if got is None]
        if not todo:
            return out  # type: ignore[return-value]
        fresh = [nfc(texts[k]) for k in todo]
        found = list(map(self._candidates, fresh))
        kept = [(sy, self._bounded(t, sy, diac, cands, None)) for t, (sy, diac, cands) in zip(fresh, found)]
        for k, t, (sy, cands) in zip(todo, fresh, kept):
            out[k] = self._remember(texts[k], self._decide(t, sy, cands, None))
        return out  # type: ignore[return-value]

    def _remember(self, text: str, tagged: Tagged) -> Tagged:
        cache = self._cache
        if len(cache) >= REMARK_CACHE:
            del cache[next(iter(cache))]
        cache[text] = tagged
        return tagged

    def analyse(self, text: str) -> Analysis:
        text = nfc(text)
        from forumcli.segment.words import tokenize, unglue

        a = Analysis(
            text=text,
            normalised=norm(text),
            folded_mode=not has_diacritics(text),
            words=[w.replace(" ", "_") for w in unglue(tokenize(text))] if text.strip() else [],
        )
        a.tagged = self._run(text, a)
        return a

    def _run(self, text: str, analysis: Analysis | None) -> Tagged:
        sy, diac, cands = self._candidates(text)
        return self._decide(text, sy, self._bounded(text, sy, diac, cands, analysis), analysis)

    def _candidates(self, text: str) -> tuple[Syllables, bool, list[tuple[int, int, Entry]]]:
        """The text's syllables, whether it has diacritics, and its term candidates."""
        sy, diac = syllables_of_text(text)
        return sy, diac, self._walk(text, sy, sy.norms if diac else sy.folds, not diac)

    def _bounded(self, text: str, sy: Syllables, diac: bool, cands, analysis: Analysis | None):
        """The candidates that keep to word boundaries: in text with diacritics, a term that
        is not ASCII must start and end on one."""
        if diac and any(not e.ascii for _, _, e in cands):
            return self._on_word_boundaries(text, sy, cands, analysis)
        if analysis is not None:
            for i, j, e in cands:
                analysis.candidates.append((self._match(sy, i, j, e), "kept"))
        return cands

    def _walk(self, text: str, sy: Syllables, keys: tuple[str, ...], folded: bool) -> list[tuple[int, int, Entry]]:
        """Candidates (start, end, entry), by start then end: the terms found by walking the
        trie of their syllables (an automaton over syllables); a term never spans phrase
        punctuation. One-syllable terms and the first two syllables of longer ones are looked
        up for all syllables at once (in C); the walk goes on only where a pair matched."""
        single, pairs = (self.fold_single, self.fold_pairs) if folded else (self.single, self.pairs)
        n = len(keys)
        cands: list[tuple[int, int, Entry]] = []
        for i in compress(range(n), map(single.__contains__, keys)):
            entries = single[keys[i]]
            if len(entries) == 1:
                cands.append((i, i + 1, entries[0]))
            else:
                cands.extend((i, i + 1, e) for e in entries)
        if n < 2:
            return cands
        starts, ends = sy.starts, sy.ends
        longer = False
        for i in compress(count(), map(pairs.__contains__, zip(keys, islice(keys, 1, None)))):
            node = pairs[keys[i], keys[i + 1]]
            j = i + 1
            while True:
                # a term never spans phrase punctuation, nor does any longer one from here
                a, b = ends[j - 1], starts[j]
                if (b - a != 1 or text[a] != " ") and _BREAK_RE.search(text, a, b):
                    break
                j += 1
                entries, children = node
                if entries:
                    longer = True
                    if len(entries) == 1:
                        cands.append((i, j, entries[0]))
                    else:
                        cands.extend([(i, j, e) for e in entries])
                if children is None or j == n:
                    break
                node = children.get(keys[j])
                if node is None:
                    break
        if longer:
            cands.sort(key=_SPAN)
        return cands

    def _on_word_boundaries(self, text, sy: Syllables, cands, analysis):
        if self.window is None:
            from forumcli.segment.words import word_ids

            wid = word_ids(text, sy)
            n = len(sy)
            found = {k for k in range(n + 1) if k in (0, n) or wid[k - 1] != wid[k]}
        else:
            found = self._edges(text, sy, cands)
        if analysis is None:
            return [c for c in cands if c[2].ascii or (c[0] in found and c[1] in found)]
        kept = []
        for i, j, e in cands:
            ok = e.ascii or (i in found and j in found)
            if ok:
                kept.append((i, j, e))
            if analysis is not None:
                verdict = "kept" if ok else "not on word boundaries"
                analysis.candidates.append((self._match(sy, i, j, e), verdict))
        return kept

    def _edges(self, text: str, sy: Syllables, cands) -> set[int]:
        """The word boundaries among the edges of the candidates that need one.

        underthesea's CRF is evaluated at just those edges (``wordcrf``), which
        gives what segmenting the whole remark gives; an edge it cannot decide
        there (next to "Covid-19", "TP.HCM", "5K"...) is segmented by underthesea
        in a small window around it.
        """
        global _crf_boundaries
        if _crf_boundaries is None:
            from forumcli.segment.words import crf_boundaries as _crf_boundaries  # noqa: PLC0415 - lazy: it loads the CRF
        found, undecided = _crf_boundaries(text, sy, {k for i, j, e in cands if not e.ascii for k in (i, j)})
        if undecided:
            from forumcli.segment.words import boundaries  # noqa: PLC0415

            found |= boundaries(text, sy, undecided, self.window)
        return found

    def _noter(self, sy: Syllables, analysis: Analysis | None):
        """For ``explain``: records what a context rule decided about a candidate."""
        if analysis is None:
            return None

        def note(c, verdict: str, new: bool) -> None:
            m = self._match(sy, c[0], c[1], c[2])
            if new:
                analysis.candidates.append((m, verdict))
            else:
                _set_verdict(analysis, m, verdict)

        return note

    @staticmethod
    def _match(sy: Syllables, i: int, j: int, e: Entry) -> Match:
        return Match(e.owner, e.term, sy.starts[i], sy.ends[j - 1], e.role)

    def _decide(self, text: str, sy: Syllables, cands, analysis: Analysis | None) -> Tagged:
        if self.rulebook.active and cands:
            cands = self.rulebook.apply(text, sy, cands, make_entry, self._noter(sy, analysis))
        topic_c = [c for c in cands if c[2].role == TERM]
        cue_c = [c for c in cands if c[2].role == CUE]
        vetoed_topics: set[str] = set()
        vetoed_kinds: set[str] = set()
        if len(topic_c) + len(cue_c) < len(cands):  # an exclude matched
            vetoed_topics = {c[2].owner for c in cands if c[2].role == EXCLUDE}
            vetoed_kinds = {c[2].owner for c in cands if c[2].role == KIND_EXCLUDE}
        chosen_t = _longest_first(topic_c, analysis, sy, self)
        chosen_c = _longest_first(cue_c, analysis, sy, self)
        kept: list[tuple[int, int, Entry]] = chosen_t + chosen_c
        topics = {e.owner for _, _, e in chosen_t}
        kinds = {e.owner for _, _, e in chosen_c}
        if vetoed_topics or vetoed_kinds:
            kept, topics, kinds = self._vetoed(sy, kept, vetoed_topics, vetoed_kinds, analysis)
        literal_matches: list[Match] = []
        for lit, e in self.literals:
            if e.role == CUE and e.owner not in vetoed_kinds:
                pos = text.find(lit)
                if pos >= 0:
                    kinds.add(e.owner)
                    literal_matches.append(Match(e.owner, e.term, pos, pos + len(lit), CUE))
                    if analysis is not None:
                        analysis.candidates.append((literal_matches[-1], "kept"))
        if not kept and not literal_matches:
            return _NOTHING
        # deepest level only: drop a topic whose descendant also matched
        ancestors = self.ancestors
        covered = {a for t in topics for a in ancestors[t]}
        final_topics = tuple(sorted(topics - covered, key=self.order.__getitem__)) if covered else tuple(
            sorted(topics, key=self.order.__getitem__)
        )
        starts, ends = sy.starts, sy.ends
        new = tuple.__new__  # Match(...) without its Python-level __new__: this runs for every match
        matches = [
            new(Match, (e.owner, e.term, starts[i], ends[j - 1], e.role))
            for i, j, e in kept
            if e.role != TERM or not covered or e.owner in final_topics or _kept_ancestor(e.owner, final_topics)
        ]
        matches += literal_matches
        if len(matches) > 1:
            matches.sort(key=_MATCH_ORDER)
        fallback = self.rulebook.fallback
        if fallback and not kinds and final_topics and fallback not in vetoed_kinds:
            kinds = {fallback}  # a remark on a topic that neither praises, proposes nor asks reports
            if analysis is not None:
                analysis.fallback = fallback
        final_kinds = tuple(sorted(kinds, key=self.kind_order.__getitem__))
        return Tagged(final_topics, final_kinds, tuple(matches))

    def _vetoed(self, sy: Syllables, chosen, vetoed_topics: set[str], vetoed_kinds: set[str], analysis):
        """The chosen candidates an exclude does not veto, and their topics and kinds."""
        kept: list[tuple[int, int, Entry]] = []
        topics: set[str] = set()
        kinds: set[str] = set()
        for i, j, e in chosen:
            if e.role == TERM:
                if vetoed_topics and (
                    e.owner in vetoed_topics or any(a in vetoed_topics for a in self.ancestors[e.owner])
                ):
                    if analysis is not None:
                        _set_verdict(analysis, self._match(sy, i, j, e), "vetoed by exclude")
                    continue
                topics.add(e.owner)
            else:
                if e.owner in vetoed_kinds:
                    if analysis is not None:
                        _set_verdict(analysis, self._match(sy, i, j, e), "vetoed by exclude")
                    continue
                kinds.add(e.owner)
            kept.append((i, j, e))
        return kept, topics, kinds

    # ------------------------------------------------------------------ helpers
    @cached_property
    def top_of(self) -> dict[str, str]:
        return {t.id: t.top for t in self.taxonomy.topics}

    def roll_up(self, topic_ids: Iterable[str], level: str = "top") -> tuple[str, ...]:
        if level != "top":
            return tuple(topic_ids)
        seen: dict[str, None] = {}
        for t in topic_ids:
            seen.setdefault(self.top_of.get(t, t), None)
        return tuple(sorted(seen, key=lambda t: self.order.get(t, 1 << 30)))


# Punctuation that ends a phrase: a term never matches across it ("không, có" is not "không có").
# A hyphen does not ("Covid-19", "ki-ốt"), nor a dot inside an abbreviation ("TP.HCM").
_BREAK_RE = re.compile(r"[,;:!?()\[\]{}\"“”…|]|\.(?:\s|$)")


_NOTHING = Tagged((), (), ())
_crf_boundaries = None  # segment.words.crf_boundaries, imported on first use


_SPAN = itemgetter(0, 1)  # a candidate's (start, end)
_MATCH_ORDER = itemgetter(2, 3, 0)  # a Match's (start, end, id)


def _kept_ancestor(topic_id: str, final: tuple[str, ...]) -> bool:
    # a parent's term still shows as evidence when its child is what the remark got
    return any(is_within(f, topic_id) and f != topic_id for f in final)


def _set_verdict(analysis: Analysis, m: Match, verdict: str) -> None:
    for k, (cm, v) in enumerate(analysis.candidates):
        if cm == m and v.startswith("kept"):
            analysis.candidates[k] = (cm, verdict)


def _longest_first(cands, analysis: Analysis | None, sy: Syllables, tagger: Tagger):
    """Greedy: longest candidate first, then leftmost; overlapping shorter ones lose."""
    if len(cands) <= 1:
        return list(cands)
    if analysis is None:  # most often nothing overlaps (candidates come by start): all are chosen
        end = -1
        for i, j, _e in cands:
            if i < end:
                break
            end = j
        else:
            return list(cands)
    taken = bytearray(len(sy) + 1)
    chosen = []
    for i, j, e in sorted(cands, key=_longest):
        if 1 in taken[i:j]:
            if analysis is not None:
                _set_verdict(analysis, Tagger._match(sy, i, j, e), "overlapped by a longer match")
            continue
        taken[i:j] = b"\1" * (j - i)
        chosen.append((i, j, e))
    return chosen


def _longest(c: tuple[int, int, Entry]) -> tuple[int, int, str]:
    return c[0] - c[1], c[0], c[2].owner
