"""Keyword in context: every occurrence of a term in the remarks, with the words
around it and what it did to the remark's tags.

Occurrences are found exactly as the tagger finds a term: the term is compiled
alone (as the one cue of a one-entry taxonomy) by the same ``Tagger``, so the
same normalisation, word-boundary rule and unaccented-text rule apply. What the
occurrence *triggered* comes from the real taxonomy: the topic or kind whose
match covers it (which may be a longer term that contains it), or, when none
does, why not (vetoed by an exclude phrase, not on word boundaries, not a term
of the taxonomy).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from forumcli.match.tagger import Analysis, Tagged, Tagger
from forumcli.read.remarks import Remark
from forumcli.render.safe import one_line
from forumcli.taxonomy.model import Examples, Kind, Phrase, Taxonomy
from forumcli.text.normalize import term_key

HEADERS = ["source", "line", "left", "match", "right", "triggered"]


@dataclass(frozen=True)
class Hit:
    remark: Remark
    start: int
    end: int
    left: str
    match: str
    right: str
    triggered: str

    def row(self) -> list[object]:
        return [self.remark.source, self.remark.line, self.left, self.match, self.right, self.triggered]


def term_tagger(term: str) -> Tagger:
    """A tagger that knows only ``term`` (as the cue of a kind called 'kwic')."""
    kind = Kind("kwic", term, term, "", (Phrase(term, 1),), (), Examples(), 1)
    return Tagger(Taxonomy("<kwic>", (), (kind,)))


def context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to ``width`` whitespace-separated words before ``start`` and after ``end``."""
    left = text[:start].split()
    right = text[end:].split()
    lw = " ".join(left[-width:]) if width else ""
    rw = " ".join(right[:width]) if width else ""
    if len(left) > width:
        lw = "… " + lw
    if len(right) > width:
        rw = rw + " …"
    return lw.strip(), rw.strip()


def find(
    term: str, items: Iterable[tuple[Remark, Tagged]], tagger: Tagger, *, width: int = 5, finder: Tagger | None = None
) -> Iterator[Hit]:
    """Every occurrence of ``term`` in the tagged remarks ``items``, in input order."""
    finder = finder or term_tagger(term)
    key = term_key(term)
    for remark, tagged in items:
        found = [m for m in finder.tag(remark.text).matches if m.id == "kwic"]
        if not found:
            continue
        analysis: Analysis | None = None
        for occ in found:
            covering = [m for m in tagged.matches if m.start < occ.end and occ.start < m.end]
            if covering:
                labels = [m.id if term_key(m.term) == key else f"{m.id} ('{m.term}')" for m in covering]
                triggered = ", ".join(dict.fromkeys(labels))
            else:
                if analysis is None:
                    analysis = tagger.analyse(remark.text)
                triggered = _why_none(analysis, occ.start, occ.end)
            left, right = context(remark.text, occ.start, occ.end, width)
            yield Hit(remark, occ.start, occ.end, left, remark.text[occ.start:occ.end], right, triggered)


def _why_none(a: Analysis, start: int, end: int) -> str:
    reasons = [
        f"{m.id}: {verdict}"
        for m, verdict in a.candidates
        if m.start < end and start < m.end and m.role in ("term", "cue") and not verdict.startswith("kept")
    ]
    if reasons:
        return "none (" + "; ".join(dict.fromkeys(reasons)) + ")"
    return "none (not a term of the taxonomy)"


def write_text(hits: Iterable[Hit], file: TextIO) -> int:
    """Aligned plain-text lines: location, left context, [match], right context, triggered."""
    hits = list(hits)
    if not hits:
        return 0
    locs = [one_line(f"{h.remark.source}:{h.remark.line}") for h in hits]
    cols = [(one_line(h.left), one_line(h.match), one_line(h.right)) for h in hits]
    wl = max(map(len, locs))
    wleft = max(len(c[0]) for c in cols)
    wmatch = max(len(c[1]) for c in cols)
    wright = max(len(c[2]) for c in cols)
    for loc, h, (left, match, right) in zip(locs, hits, cols):
        line = (
            f"{loc:<{wl}}  {left:>{wleft}} [{match:^{wmatch}}] {right:<{wright}}  {h.triggered}"
        )
        file.write(line.rstrip() + "\n")
    return len(hits)


def candidates_in_context(a: Analysis, width: int) -> list[dict[str, object]]:
    """``explain --context``: each candidate match of a remark with the words around it."""
    out = []
    for m, verdict in sorted(a.candidates, key=lambda c: (c[0].start, c[0].end)):
        left, right = context(a.text, m.start, m.end, width)
        out.append(
            {"id": m.id, "role": m.role, "term": m.term, "left": left, "span": a.text[m.start:m.end],
             "right": right, "verdict": verdict}
        )
    return out


def print_candidates_in_context(a: Analysis, width: int, file: TextIO) -> None:
    rows = [{k: one_line(v) if isinstance(v, str) else v for k, v in r.items()}
            for r in candidates_in_context(a, width)]
    if not rows:
        return
    file.write(f"In context ({width} words either side):\n")
    wleft = max(len(str(r["left"])) for r in rows)
    wspan = max(len(str(r["span"])) for r in rows)
    wright = max(len(str(r["right"])) for r in rows)
    for r in rows:
        who = r["id"] if r["role"] in ("term", "cue") else f"{r['id']} ({str(r['role']).replace('_', ' ')})"
        line = f"  {r['left']:>{wleft}} [{r['span']:^{wspan}}] {r['right']:<{wright}}  {who}: {r['verdict']}"
        file.write(line.rstrip() + "\n")


def hits_json(hits: Iterable[Hit]) -> Iterator[dict[str, object]]:
    for h in hits:
        d = dict(zip(HEADERS, h.row()))
        d["start"], d["end"] = h.start, h.end
        yield d
