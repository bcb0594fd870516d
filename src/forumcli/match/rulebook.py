"""A taxonomy's context rules, compiled for the tagger, and applied to one remark's
candidates: weak terms, ``near`` / ``not_near``, the ``actor`` rule of a topic and
the ``opens_with`` clause form of a kind (see taxonomy/rules.py for what each means)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cached_property

from forumcli.match.context import (
    AGENT,
    ATTITUDE,
    EVALUATION,
    OPENER,
    PRONOUN,
    REQUEST,
    RULE_ROLES,
    clauses,
    find_word,
    keyed,
    pos_opens_with_verb,
    scopes,
    sentence_start,
    sentences,
)
from forumcli.text.normalize import has_diacritics

TERM, CUE = "term", "cue"

Cand = tuple  # (start syllable, end syllable, Entry)
Note = Callable[[Cand, str, bool], None]  # (candidate, verdict, whether it is new)
Make = Callable[[str, str, str, int], object]  # (role, owner, term, length) -> Entry


class RuleBook:
    """The parts of a taxonomy's context rules that are not attached to a term."""

    def __init__(self, taxonomy) -> None:
        self.support: dict[str, tuple[tuple, int]] = {
            t.id: (keyed(t.context), t.context_window) for t in taxonomy.topics if t.context
        }
        self.ancestors = {t.id: _ancestors(t.id) for t in taxonomy.topics}
        self.actors = {t.id: t.actor for t in taxonomy.topics if t.actor is not None}
        self.openers = {k.id: k.opens_with for k in taxonomy.kinds if k.opens_with}
        self.fallback = next((k.id for k in taxonomy.kinds if k.fallback), None)
        self.not_after = {k.id: frozenset(w.text for w in k.not_after) for k in taxonomy.kinds if k.not_after}
        # punctuation cues ("?") support a weak cue of their kind in the same sentence
        self.literals = {
            k.id: tuple(p.text.strip() for p in k.cues if not any(ch.isalnum() for ch in p.text))
            for k in taxonomy.kinds
        }
        self.has_term_rules = any(p.rule is not None for t in taxonomy.topics for p in t.terms) or any(
            p.rule is not None for k in taxonomy.kinds for p in k.cues
        )
        self.active = bool(self.has_term_rules or self.actors or self.openers or self.not_after)

    def index_words(self) -> Iterator[tuple[str, str, str]]:
        """(owner, role, phrase) of the words the tagger finds for the rules."""
        for tid, actor in self.actors.items():
            for role, words in (
                (AGENT, actor.agents), (PRONOUN, actor.pronouns), (EVALUATION, actor.evaluations),
                (ATTITUDE, actor.attitudes), (REQUEST, actor.requests),
            ):
                for w in words:
                    yield tid, role, w.text
        for kid, words in self.openers.items():
            for w in words:
                yield kid, OPENER, w.text

    # ------------------------------------------------------------------ applying
    def apply(self, text: str, sy, cands: list[Cand], make: Make, note: Note | None) -> list[Cand]:
        """The candidates that count, with what the actor and clause-form rules add."""
        plain: list[Cand] = []
        found: list[Cand] = []
        ruled = False
        for c in cands:
            e = c[2]
            if e.role in RULE_ROLES:
                found.append(c)
            else:
                plain.append(c)
                if e.rule is not None or (e.role == CUE and e.owner in self.not_after):
                    ruled = True
        starts = sy.starts
        names = [
            c for c in plain
            if c[1] - c[0] > 1 and c[2].role == CUE and text[starts[c[0]]].isupper() and _a_name(text, sy, c[0], c[1])
        ]
        if names:  # "Yên Bình", "Bình An" inside a sentence are places, not praise
            plain = [c for c in plain if c not in names]
            if note:
                for c in names:
                    note(c, "dropped: a name (every syllable capitalised, inside a sentence)", False)
            cands = [c for c in cands if c not in names]
        if not found and not ruled:
            return cands
        folded = not has_diacritics(text)
        keys = sy.folds if folded else sy.norms
        kept = self._in_context(text, sy, plain, keys, folded, note)
        if found:
            kept += self._actors(text, sy, keys, found, make, note)
            kept += self._openers(text, sy, folded, found, {c[2].owner for c in kept if c[2].role == CUE}, make, note)
            kept.sort(key=lambda c: (c[0], c[1]))
            if note:  # for explain: a rule's word counts only through what the rule made of it
                for c in found:
                    what = "an opening verb" if c[2].role == OPENER else "a word of the actor rule"
                    note(c, f"found: {what}", False)
        return kept

    def _in_context(self, text: str, sy, plain: list[Cand], keys, folded: bool, note: Note | None) -> list[Cand]:
        kept: list[Cand] = []
        weak: list[Cand] = []
        present = None
        for c in plain:
            i, j, e = c
            r = e.rule
            if r is None:
                kept.append(c)
                continue
            if present is None:
                present = frozenset(keys)
            if r.not_near:
                w = find_word(keys, i, j, r.not_near, r.window, folded, present)
                if w is not None:
                    if note:
                        note(c, f"dropped: '{w}' within {r.window} syllables (not_near)", False)
                    continue
            if r.near:
                w = find_word(keys, i, j, r.near, r.window, folded, present)
                if w is None:
                    if note:
                        note(c, f"dropped: no near word within {r.window} syllables", False)
                    continue
                if note and not r.weak:
                    note(c, f"kept: near '{w}'", False)
            if r.weak:
                weak.append(c)
            kept.append(c)
        if weak:
            kept = self._supported(text, sy, kept, weak, keys, folded, note)
        if self.not_after:
            kept = self._not_after(text, sy, kept, keys, note)
        return kept

    def _supported(self, text: str, sy, kept: list[Cand], weak: list[Cand], keys, folded: bool,
                   note: Note | None) -> list[Cand]:
        """The candidates without the weak ones that have no support."""
        sent = None
        strong = [c for c in kept if c[2].rule is None or not c[2].rule.weak]
        dropped = []
        for c in weak:
            i, j, e = c
            group = self._group(e)
            by = next(
                (s[2].term for s in strong
                 if s[2].role == e.role and self._group(s[2]) == group and (s[1] <= i or s[0] >= j)),
                None,
            )
            verdict = f"kept: weak, supported by the {'term' if e.role == TERM else 'cue'} '{by}'" if by else None
            if by is None and e.role == CUE and self.literals.get(e.owner):
                sent = sent or sentences(text, sy)
                lo = min(k for k in range(len(sent)) if sent[k] == sent[i])
                hi = max(k for k in range(len(sent)) if sent[k] == sent[i])
                nxt = sy.starts[hi + 1] if hi + 1 < len(sy.starts) else len(text)
                lit = next((x for x in self.literals[e.owner] if x in text[sy.starts[lo] : nxt]), None)
                if lit:
                    verdict = f"kept: weak, supported by '{lit}' in its sentence"
                    by = lit
            if by is None and e.role == TERM:
                for tid in (e.owner, *self.ancestors.get(e.owner, ())):
                    if tid in self.support:
                        words, window = self.support[tid]
                        w = find_word(keys, i, j, words, window, folded, set(keys))
                        if w is not None:
                            verdict = f"kept: weak, supported by '{w}' within {window} syllables"
                            break
            if verdict is None:
                dropped.append(c)
                verdict = "dropped: weak, with no support"
            if note:
                note(c, verdict, False)
        return [c for c in kept if c not in dropped] if dropped else kept

    def _not_after(self, text: str, sy, kept: list[Cand], keys, note: Note | None) -> list[Cand]:
        """Drop the cues of a kind that come after a cue of a kind it is ``not_after`` in the
        same sentence, before a reason or a contrast: they describe what is requested ("đề nghị xử lý tình trạng ...").
        A cue that labels an item ("kiến nghị: đường xuống cấp ...") takes nothing in."""
        heads = {k for kinds in self.not_after.values() for k in kinds}
        first = min((p[1] for p in kept if p[2].role == CUE and p[2].owner in heads), default=None)
        if first is None or not any(
            c[2].role == CUE and c[2].owner in self.not_after and c[0] >= first for c in kept
        ):
            return kept  # no cue comes after a cue that could take it in
        scope = scopes(text, sy, keys)
        out = []
        ends = sy.ends
        kept_heads = [p for p in kept if p[2].role == CUE and not text[ends[p[1] - 1] :].lstrip().startswith(":")]
        for c in kept:
            i, _j, e = c
            over = self.not_after.get(e.owner) if e.role == CUE else None
            head = over and next(
                (p for p in kept_heads if p[2].owner in over and p[1] <= i and scope[p[0]] == scope[i]),
                None,
            )
            if head:
                if note:
                    note(c, f"dropped: inside the {head[2].owner} '{head[2].term}' (not_after)", False)
                continue
            out.append(c)
        return out

    def _group(self, e) -> str:
        return e.owner.split(".", 1)[0] if e.role == TERM else e.owner

    def _actors(self, text: str, sy, keys, found: list[Cand], make: Make, note: Note | None) -> list[Cand]:
        out: list[Cand] = []
        for tid, actor in self.actors.items():
            agents = [c for c in found if c[2].role == AGENT and c[2].owner == tid]
            if not agents:
                continue
            evals = [c for c in found if c[2].role in (EVALUATION, ATTITUDE) and c[2].owner == tid]
            if not evals:
                continue
            # "các anh", "mấy chú" stand for the police in a remark that names them
            agents += [c for c in found if c[2].role == PRONOUN and c[2].owner == tid]
            agents.sort(key=lambda c: c[0])
            requests = [c for c in found if c[2].role == REQUEST and c[2].owner == tid]
            window = actor.window
            marks = _Numbers(text, sy, keys)
            for a in agents:
                close = [v for v in evals if a[1] <= v[0] < a[1] + window or a[0] - window < v[1] <= a[0]]
                if not close:
                    continue
                # the police named after "đề nghị / mong ..." in its scope are asked to act
                asks = requests and next(
                    (r for r in requests if r[1] <= a[0] and marks.scope[r[0]] == marks.scope[a[0]]), None
                )
                if asks:
                    if note:
                        note(a, f"not the actor: addressee of '{asks[2].term}'", False)
                    continue
                # what the agent did is evaluated after it, in its sentence ("công an đến
                # chậm"); the speaker's attitude may also come before it, in its clause
                # ("cảm ơn các chiến sĩ"), and so may what is theirs ("trách nhiệm của công
                # an"), while "hỗ trợ công an" is what others do for them
                ev = next(
                    (v for v in close
                     if (a[1] <= v[0] < a[1] + window and marks.sentence[v[0]] == marks.sentence[a[0]])
                     or (a[0] - window < v[1] <= a[0] and (v[2].role == ATTITUDE or _owned_by(keys, v[1], a[0]))
                         and marks.clause[v[0]] == marks.clause[a[0]])),
                    None,
                )
                if ev is None:
                    continue
                for c in (a, ev):
                    new = (c[0], c[1], make(TERM, tid, c[2].term, c[1] - c[0]))
                    out.append(new)
                    if note:
                        note(new, f"kept: actor rule, '{a[2].term}' as actor of '{ev[2].term}' in one sentence", True)
                break
        return out

    def _openers(self, text: str, sy, folded: bool, found: list[Cand], has: set[str], make: Make,
                 note: Note | None) -> list[Cand]:
        out: list[Cand] = []
        for c in found:
            i, j, e = c
            if e.role != OPENER or e.owner in has or not sentence_start(text, sy.starts, sy.ends, i):
                continue  # (a remark that has a cue of the kind needs no clause form)
            sentence = _sentence_from(text, sy.starts[i])
            # a question, or a verb phrase that is the topic of "thì" ("Làm qua VNeID thì ..."), asks nothing
            if "?" in sentence or re.search(r"\bthì\b", sentence):
                continue
            if j - i > 1:
                ok = True  # "nâng cấp", "sửa chữa": a verb of two syllables or more opens as a verb
            elif folded:
                ok = False  # no tagger for unaccented text
            else:
                # one syllable may be a noun too ("cấp xã", "mở đầu"): underthesea decides
                ok = pos_opens_with_verb(" ".join(sentence.split()[:6]))  # the verb's tag is local
            if not ok:
                continue
            new = (i, j, make(CUE, e.owner, e.term, j - i))
            out.append(new)
            has.add(e.owner)
            if note:
                note(new, f"kept: clause form, a sentence opening with the verb '{e.term}' and no subject", True)
        return out


def _a_name(text: str, sy, i: int, j: int) -> bool:
    """Whether syllables ``i`` to ``j`` are written as a name: each capitalised, with lower-case
    letters after (not an all-capitals heading), and not opening a sentence."""
    starts, ends = sy.starts, sy.ends
    for k in range(i, j):
        word = text[starts[k] : ends[k]]
        if not word[0].isupper() or word.isupper():
            return False
    return not sentence_start(text, starts, ends, i)


class _Numbers:
    """Each syllable's sentence, clause and scope number, computed when first asked for."""

    def __init__(self, text: str, sy, keys) -> None:
        self.text, self.sy, self.keys = text, sy, keys

    @cached_property
    def sentence(self) -> list[int]:
        return sentences(self.text, self.sy)

    @cached_property
    def clause(self) -> list[int]:
        return clauses(self.text, self.sy, self.keys)

    @cached_property
    def scope(self) -> list[int]:
        return scopes(self.text, self.sy, self.keys)


def _owned_by(keys, start: int, end: int) -> bool:
    """Whether the syllables from ``start`` to ``end`` link a noun to its owner ("của", "đối với")."""
    gap = keys[start:end]
    return "của" in gap or "cua" in gap or any(
        gap[k] in ("đối", "doi") and gap[k + 1] in ("với", "voi") for k in range(len(gap) - 1)
    )


def _sentence_from(text: str, start: int) -> str:
    m = _SENTENCE_END_RE.search(text, start)
    return text[start : m.end() if m else len(text)]


_SENTENCE_END_RE = re.compile(r"[.!?;…\n](?=\s|$)|[!?;…\n]")


def _ancestors(tid: str) -> tuple[str, ...]:
    parts = tid.split(".")
    return tuple(".".join(parts[:k]) for k in range(len(parts) - 1, 0, -1))
