"""Checks of a taxonomy beyond what loading validates: things that load but do
not behave as the keeper probably meant.

Severities: ``error`` (the taxonomy does not do what it says: a failing
example, a term its own topic vetoes), ``warning`` (fails only with --strict;
no check gives one at present) and ``info`` (notes that never fail a check: a
term that does not count inside a longer term of another topic, terms of two
topics that look the same without diacritics, a term not used for text without
diacritics).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from forumcli.taxonomy.model import Examples, Phrase, Taxonomy, is_within
from forumcli.taxonomy.rulechecks import rule_findings
from forumcli.text.normalize import fold, is_punctuation_term, term_key

ERROR, WARNING, INFO = "error", "warning", "info"

@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str
    severity: str = "warning"  # "error", "warning" or "info"

    def render(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def _phrase_lines(tax: Taxonomy) -> dict[tuple[str, str], int]:
    lines: dict[tuple[str, str], int] = {}
    for t in tax.topics:
        for p in (*t.terms, *t.exclude):
            lines.setdefault((t.id, p.text), p.line)
    for k in tax.kinds:
        for p in (*k.cues, *k.exclude):
            lines.setdefault((k.id, p.text), p.line)
    return lines


def fold_findings(tax: Taxonomy, tagger=None) -> list[Finding]:
    """Terms not used for text typed without diacritics, and why."""
    from forumcli.match.tagger import Tagger

    tagger = tagger or Tagger(tax)
    lines = _phrase_lines(tax)
    out = []
    for issue in tagger.fold_issues:
        line = lines.get((issue.owner, issue.term), 1)
        out.append(
            Finding(
                tax.path,
                line,
                f"'{issue.term}' ({issue.owner}) is not used for text without diacritics: "
                f"'{issue.folded}' is {issue.reason}",
                "info",
            )
        )
    return out


# --------------------------------------------------------------------------- helpers


def _related(a: str, b: str) -> bool:
    """Same topic, or one is an ancestor of the other."""
    return is_within(a, b) or is_within(b, a)


def _owners(tax: Taxonomy) -> Iterable[tuple[str, str, tuple[Phrase, ...], tuple[Phrase, ...], Examples]]:
    """(what, id, terms or cues, exclude, examples) for every topic, then every kind."""
    for t in tax.topics:
        yield "topic", t.id, t.terms, t.exclude, t.examples
    for k in tax.kinds:
        yield "kind", k.id, k.cues, k.exclude, k.examples


# --------------------------------------------------------------------------- examples


def example_findings(tax: Taxonomy, tagger=None) -> tuple[list[Finding], int]:
    """Run every ``examples`` entry like a test. Returns (failures, examples run).

    A ``match`` example of a topic passes when the remark gets that topic or one
    of its subtopics (the tagger reports the deepest topics); a ``no_match``
    example passes when it gets neither. Kinds alike, without the subtopics.
    """
    from forumcli.match.tagger import Tagger

    tagger = tagger or Tagger(tax)
    out: list[Finding] = []
    run = 0
    for what, oid, _terms, _excl, examples in _owners(tax):
        for should, phrases in ((True, examples.match), (False, examples.no_match)):
            for p in phrases:
                run += 1
                tagged = tagger.tag(p.text)
                got = tagged.topics if what == "topic" else tagged.kinds
                hits = [g for g in got if is_within(g, oid)] if what == "topic" else [g for g in got if g == oid]
                if should and not hits:
                    why = _why_not(tagger, p.text, what, oid)
                    shown = ", ".join(got) or f"no {what}"
                    out.append(
                        Finding(
                            tax.path,
                            p.line,
                            f"match example of {what} '{oid}' is not tagged '{oid}' "
                            f"(got {shown}{'; ' + why if why else ''}): \"{p.text}\"",
                            ERROR,
                        )
                    )
                elif not should and hits:
                    by = []
                    for m in tagged.matches:
                        if m.id in hits or (what == "topic" and is_within(m.id, oid)):
                            by.append(m.term)
                    terms = ", ".join(f"'{t}'" for t in dict.fromkeys(by))
                    out.append(
                        Finding(
                            tax.path,
                            p.line,
                            f"no_match example of {what} '{oid}' is tagged '{', '.join(hits)}' "
                            f"by {terms}: \"{p.text}\"",
                            ERROR,
                        )
                    )
    return out, run


def _why_not(tagger, text: str, what: str, oid: str) -> str:
    """Why a remark did not get ``oid``: its candidate terms and their verdicts."""
    a = tagger.analyse(text)
    roles = ("term",) if what == "topic" else ("cue",)
    vetoes = ("exclude",) if what == "topic" else ("kind_exclude",)

    def mine(mid: str) -> bool:
        return is_within(mid, oid) if what == "topic" else mid == oid

    reasons = []
    for m, verdict in sorted(a.candidates, key=lambda c: (c[0].start, c[0].end)):
        if m.role not in roles or not mine(m.id) or verdict.startswith("kept"):
            continue
        if verdict == "vetoed by exclude":
            ex = [
                c.term
                for c, v in a.candidates
                if c.role in vetoes and v.startswith("kept") and is_within(m.id, c.id)
            ]
            verdict += " " + ", ".join(f"'{e}'" for e in dict.fromkeys(ex))
        elif verdict == "overlapped by a longer match":
            assert a.tagged is not None
            winners = [w for w in a.tagged.matches if w.role == m.role and w.start < m.end and m.start < w.end]
            if winners:
                verdict = "inside " + ", ".join(f"'{w.term}' ({w.id})" for w in winners)
        reasons.append(f"'{m.term}' {verdict}")
    if reasons:
        return "; ".join(dict.fromkeys(reasons))
    if a.folded_mode:
        return "no usable term occurs: the text has no diacritics"
    return f"no {'term' if what == 'topic' else 'cue'} of it occurs"


# --------------------------------------------------------------------------- shadowing


def shadow_findings(tax: Taxonomy) -> list[Finding]:
    """Terms that do not count inside a longer term of another topic (or a cue
    inside a longer cue of another kind): where matches overlap, the longest wins."""
    out: list[Finding] = []
    for what, groups in (
        ("topic", [(t.id, t.terms) for t in tax.topics]),
        ("kind", [(k.id, k.cues) for k in tax.kinds]),
    ):
        index: dict[tuple[str, ...], list[tuple[str, Phrase]]] = {}
        for oid, phrases in groups:
            for p in phrases:
                if not is_punctuation_term(p.text):
                    index.setdefault(term_key(p.text), []).append((oid, p))
        shadows: dict[tuple[str, Phrase], list[tuple[str, Phrase]]] = {}
        for key, owners in index.items():
            for i in range(len(key)):
                for j in range(i + 1, len(key) + 1):
                    if j - i == len(key):
                        continue
                    for short_owner, short in index.get(key[i:j], []):
                        for long_owner, long in owners:
                            if not _related(short_owner, long_owner):
                                shadows.setdefault((short_owner, short), []).append((long_owner, long))
        for (oid, p), longer in shadows.items():
            longer.sort(key=lambda x: x[1].line)
            shown = ", ".join(f"'{lp.text}' ({lo})" for lo, lp in longer[:3])
            more = f" and {len(longer) - 3} more" if len(longer) > 3 else ""
            noun = "term" if what == "topic" else "cue"
            out.append(
                Finding(
                    tax.path,
                    p.line,
                    f"{noun} '{p.text}' of {what} '{oid}' does not count inside {shown}{more}: "
                    "the longer match wins",
                    INFO,
                )
            )
    return out


# --------------------------------------------------------------------------- folding, self-vetoes


def fold_collision_findings(tax: Taxonomy, tagger) -> list[Finding]:
    """Multi-syllable terms of unrelated topics that are the same once diacritics
    are stripped ("cháy xe" / "chạy xe"): the tagger uses neither for text
    without diacritics. A note, not a warning: the tagger is safe, it only
    loses those terms in unaccented text, and often both terms are needed.
    (One-syllable terms are never used for unaccented text anyway.)"""
    lines = _phrase_lines(tax)
    by_fold: dict[tuple[str, ...], list[tuple[tuple[str, ...], str, str]]] = {}
    for key, entries in tagger.index.items():
        for e in entries:
            if e.role == "term" and not e.ascii and len(key) > 1:
                by_fold.setdefault(tuple(fold(s) for s in key), []).append((key, e.owner, e.term))
    out: list[Finding] = []
    for fkey, items in by_fold.items():
        for key, owner, term in items:
            others = sorted({(o, t) for k, o, t in items if k != key and not _related(o, owner)})
            if not others:
                continue
            shown = ", ".join(f"'{t}' ({o})" for o, t in others)
            out.append(
                Finding(
                    tax.path,
                    lines.get((owner, term), 1),
                    f"'{term}' ({owner}) looks the same as {shown} without diacritics "
                    f"('{' '.join(fkey)}'): neither is used for text without diacritics",
                    INFO,
                )
            )
    return out


def self_veto_findings(tax: Taxonomy) -> list[Finding]:
    """A term that is also an exclude phrase of its own topic (or of an ancestor),
    or a cue that is also an exclude phrase of its kind: it can never tag."""
    out: list[Finding] = []
    excludes: dict[str, dict[tuple[str, ...], Phrase]] = {}
    for what, oid, _terms, exclude, _ex in _owners(tax):
        excludes[f"{what}:{oid}"] = {term_key(p.text): p for p in exclude if not is_punctuation_term(p.text)}
    for what, oid, terms, _exclude, _ex in _owners(tax):
        owners = [oid]
        if what == "topic":
            parts = oid.split(".")
            owners += [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
        for p in terms:
            if is_punctuation_term(p.text):
                continue
            for o in owners:
                hit = excludes[f"{what}:{o}"].get(term_key(p.text))
                if hit is not None:
                    noun = "term" if what == "topic" else "cue"
                    out.append(
                        Finding(
                            tax.path,
                            p.line,
                            f"{noun} '{p.text}' of {what} '{oid}' is also an exclude phrase of '{o}' "
                            f"(line {hit.line}): it vetoes itself and can never tag",
                            ERROR,
                        )
                    )
                    break
    return out


# --------------------------------------------------------------------------- all together


@dataclass
class CheckResult:
    findings: list[Finding]
    examples_run: int = 0
    examples_failed: int = 0

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.count(ERROR) or (strict and self.count(WARNING)))


def run_checks(tax: Taxonomy, *, tagger=None) -> CheckResult:
    """Every check, findings in file order.

    (There is no check that segmentation hides a term: forumcli does not take a
    word underthesea glues across a term's edge unless underthesea's dictionary
    holds it (``segment.unglue``), and no syllable joins a dictionary word with
    every neighbour.)"""
    from forumcli.match.tagger import Tagger

    tagger = tagger or Tagger(tax)
    collisions = fold_collision_findings(tax, tagger)
    collided = {f.line for f in collisions}
    findings = [f for f in fold_findings(tax, tagger) if f.line not in collided]
    findings += collisions
    findings += self_veto_findings(tax)
    findings += [Finding(tax.path, line, msg, sev) for line, msg, sev in rule_findings(tax)]
    findings += shadow_findings(tax)
    failures, run = example_findings(tax, tagger)
    findings += failures
    rank = {ERROR: 0, WARNING: 1, INFO: 2}
    findings.sort(key=lambda f: (f.line, rank[f.severity]))
    return CheckResult(findings, run, len(failures))

