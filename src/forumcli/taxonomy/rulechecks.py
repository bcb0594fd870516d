"""Checks of a taxonomy's context rules (see taxonomy/rules.py) beyond what loading
validates: a word of a rule that is no Vietnamese syllable underthesea knows (a
typo: "dịhc" would never be found), and a weak term or cue that nothing could
ever support. ``taxonomy check`` reports them with the line of the word."""

from __future__ import annotations

from collections.abc import Iterator

from forumcli.taxonomy.model import Taxonomy
from forumcli.taxonomy.rules import Word
from forumcli.text.normalize import term_key

ERROR = "error"


def known_syllables() -> set[str]:
    """The syllables of underthesea's Viet22K list of common words (empty without it)."""
    from forumcli.segment.files import data_file

    path = data_file("corpus", "data", "Viet22K.txt")
    out: set[str] = set()
    if path is None:
        return out
    with path.open(encoding="utf-8") as f:
        for line in f:
            out.update(term_key(line))
    return out


def _phrase_rule_words(phrases, owner: str) -> Iterator[tuple[Word, str]]:
    """The near / not_near words of ``phrases`` (a topic's terms or a kind's cues)."""
    for p in phrases:
        if p.rule is not None:
            for key, words in (("near", p.rule.near), ("not_near", p.rule.not_near)):
                for w in words:
                    yield w, f"{key} of '{p.text}' ({owner})"


def _rule_words(tax: Taxonomy) -> Iterator[tuple[Word, str]]:
    """Every word of a rule, with where it is written."""
    for t in tax.topics:
        yield from _phrase_rule_words(t.terms, f"topic '{t.id}'")
        for w in t.context:
            yield w, f"context of topic '{t.id}'"
        a = t.actor
        if a is not None:
            for key in ("agents", "pronouns", "evaluations", "attitudes", "requests"):
                for w in getattr(a, key):
                    yield w, f"{key} of the actor of topic '{t.id}'"
    for k in tax.kinds:
        yield from _phrase_rule_words(k.cues, f"kind '{k.id}'")
        for w in k.opens_with:
            yield w, f"opens_with of kind '{k.id}'"


def unknown_words(tax: Taxonomy, known: set[str] | None = None) -> list[tuple[int, str, str]]:
    """(line, message, severity) for each rule word with a syllable that is neither in
    underthesea's word list nor in a term of the taxonomy. Words in plain ASCII
    (abbreviations: covid, f0, antt) are not checked."""
    known = known_syllables() if known is None else known
    if not known:
        return []
    own = {s for t in tax.topics for p in t.terms for s in term_key(p.text)}
    own |= {s for k in tax.kinds for p in k.cues for s in term_key(p.text)}
    out = []
    for w, where in _rule_words(tax):
        if w.text.isascii():
            continue
        odd = [s for s in term_key(w.text) if s not in known and s not in own]
        if odd:
            msg = (f"'{w.text}' in {where}: '{odd[0]}' is not a Vietnamese syllable "
                   f"underthesea knows (a typo?): the rule can never find it")
            out.append((w.line, msg, ERROR))
    return out


def unsupported_weak(tax: Taxonomy) -> list[tuple[int, str, str]]:
    """(line, message, severity) for each weak term that nothing could support: its topic
    (with its parents and children) has no other term that is not weak and no context
    words; for a weak cue, its kind has no cue that is not weak."""
    out = []
    for t in tax.topics:
        top = t.top
        group = [u for u in tax.topics if u.top == top]
        strong = any(p.rule is None or not p.rule.weak for u in group for p in u.terms)
        lineage = [u for u in tax.topics if t.id == u.id or t.id.startswith(u.id + ".")]
        context = any(u.context for u in lineage)
        for p in t.terms:
            if p.rule is not None and p.rule.weak and not strong and not context:
                msg = (f"weak term '{p.text}' of topic '{t.id}' can never be supported: "
                       f"'{top}' has no term that is not weak and no context words")
                out.append((p.line, msg, ERROR))
    for k in tax.kinds:
        strong = any(p.rule is None or not p.rule.weak for p in k.cues)
        for p in k.cues:
            if p.rule is not None and p.rule.weak and not strong:
                msg = f"weak cue '{p.text}' of kind '{k.id}' can never be supported: the kind has no cue that is not weak"
                out.append((p.line, msg, ERROR))
    return out


def rule_findings(tax: Taxonomy, known: set[str] | None = None) -> list[tuple[int, str, str]]:
    return unknown_words(tax, known) + unsupported_weak(tax)
