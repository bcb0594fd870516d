"""Human-readable reports: explain, eval, taxonomy show. Rendered with Rich."""

from __future__ import annotations

from typing import TextIO

from forumcli.analyse.evaluate import Report
from forumcli.match.tagger import Analysis, Tagger
from forumcli.render.safe import printable
from forumcli.taxonomy.model import Taxonomy


def _console(file: TextIO):
    from rich.console import Console

    return Console(file=file, highlight=False)


def explanation_dict(tagger: Tagger, a: Analysis) -> dict[str, object]:
    tagged = a.tagged
    assert tagged is not None
    return {
        "text": a.text,
        "normalised": a.normalised,
        "mode": "folded" if a.folded_mode else "accented",
        "words": a.words,
        "candidates": [
            {"id": m.id, "role": m.role, "term": m.term, "start": m.start, "end": m.end,
             "span": a.text[m.start:m.end], "verdict": v}
            for m, v in sorted(a.candidates, key=lambda c: (c[0].start, c[0].end))
        ],
        "topics": list(tagged.topics),
        "kinds": list(tagged.kinds),
        "fallback_kind": a.fallback,
    }


def print_explanation(tagger: Tagger, a: Analysis, file: TextIO) -> None:
    from rich.table import Table
    from rich.text import Text

    c = _console(file)
    tax = tagger.taxonomy
    tagged = a.tagged
    assert tagged is not None
    c.print(Text.assemble(("Text:         ", "bold"), printable(a.text)))
    c.print(Text.assemble(("Normalised:   ", "bold"), printable(a.normalised)))
    mode = (
        "no diacritics: folded terms, syllable boundaries"
        if a.folded_mode
        else "with diacritics: terms must start and end on word boundaries"
    )
    c.print(Text.assemble(("Matching:     ", "bold"), mode))
    c.print(Text.assemble(("Segmentation: ", "bold"), printable(" ".join(a.words or []))))
    if a.candidates:
        table = Table(title="Candidate matches", title_justify="left")
        for h in ("span", "chars", "term", "for", "verdict"):
            table.add_column(h)
        for m, verdict in sorted(a.candidates, key=lambda c: (c[0].start, c[0].end)):
            who = m.id if m.role in ("term", "cue") else f"{m.id} ({m.role.replace('_', ' ')})"
            style = "green" if verdict.startswith("kept") else "red"
            table.add_row(
                Text(printable(a.text[m.start:m.end])), f"{m.start}-{m.end}", Text(printable(m.term)), Text(who),
                Text(verdict, style=style),
            )
        c.print(table)
    else:
        c.print("No term or cue of the taxonomy occurs in this remark.")
    cues = {}
    for m in tagged.matches:
        cues.setdefault(m.id, []).append(m.term)
    topics = ", ".join(f"{t} ({tax.label(t)}: {', '.join(dict.fromkeys(cues.get(t, [])))})" for t in tagged.topics)
    kinds = ", ".join(f"{k} ({', '.join(dict.fromkeys(cues.get(k, [])))})" for k in tagged.kinds)
    c.print(Text.assemble(("Topics: ", "bold"), topics or "none"))
    if a.fallback:
        kinds = f"{a.fallback} (fallback: a remark on a topic with no cue of any kind)"
    c.print(Text.assemble(("Kinds:  ", "bold"), kinds or "none"))


def print_eval(tagger: Tagger, report: Report, file: TextIO, *, show_errors: bool = True) -> None:
    from rich.table import Table
    from rich.text import Text

    c = _console(file)
    for which, title in (("topics", "Topics"), ("kinds", "Kinds")):
        table = Table(title=f"{title} ({report.total} remarks)", title_justify="left")
        for h in ("id", "precision", "recall", "f1", "support"):
            table.add_column(h, justify="left" if h == "id" else "right")
        for label, sc in getattr(report, which).items():
            table.add_row(label, f"{sc.precision:.3f}", f"{sc.recall:.3f}", f"{sc.f1:.3f}", str(sc.tp + sc.fn))
        c.print(table)
    if show_errors and report.misses:
        c.print(f"Remarks tagged wrongly ({len(report.misses)}):", style="bold")
        for m in report.misses:
            g = m.gold
            head = g.id or f"line {g.line}"
            diff = []
            for name, gold, pred in (("topics", g.topics, set(m.topics)), ("kinds", g.kinds, set(m.kinds))):
                missing = sorted(gold - pred)
                extra = sorted(pred - gold)
                if missing:
                    diff.append(f"{name} missed: {', '.join(missing)}")
                if extra:
                    diff.append(f"{name} wrong: {', '.join(extra)}")
            c.print(Text(f"  {head}: {'; '.join(diff)}"))
            c.print(Text(f"      {printable(g.text)}", style="dim"))
    print_confusions(report, c)
    mt, mk = report.micro("topics"), report.micro("kinds")
    c.print(
        f"topics micro-F1 {mt.f1:.3f} (P {mt.precision:.3f} R {mt.recall:.3f}), macro-F1 {report.macro_f1('topics'):.3f}"
    )
    c.print(
        f"kinds  micro-F1 {mk.f1:.3f} (P {mk.precision:.3f} R {mk.recall:.3f}), macro-F1 {report.macro_f1('kinds'):.3f}"
    )


def taxonomy_dict(tax: Taxonomy) -> dict[str, object]:
    return {
        "path": tax.path,
        "topics": [
            {"id": t.id, "label": t.label, "label_en": t.label_en, "terms": [p.text for p in t.terms],
             "exclude": [p.text for p in t.exclude]}
            for t in tax.topics
        ],
        "kinds": [
            {"id": k.id, "label": k.label, "label_en": k.label_en, "cues": [p.text for p in k.cues]}
            for k in tax.kinds
        ],
    }


def print_taxonomy(tax: Taxonomy, file: TextIO) -> None:
    from rich.table import Table
    from rich.text import Text

    c = _console(file)
    table = Table(title=f"Topics ({tax.path})", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("label")
    table.add_column("terms", justify="right")
    table.add_column("first terms")
    for t in tax.topics:
        indent = "  " * t.depth
        sample = ", ".join(p.text for p in t.terms[:3]) + (", …" if len(t.terms) > 3 else "")
        table.add_row(Text(indent + t.id), Text(printable(t.label)), str(len(t.terms)), Text(printable(sample)))
    c.print(table)
    kt = Table(title="Kinds", title_justify="left")
    kt.add_column("id", no_wrap=True)
    kt.add_column("label")
    kt.add_column("cues", justify="right")
    kt.add_column("first cues")
    for k in tax.kinds:
        sample = ", ".join(p.text for p in k.cues[:3]) + (", …" if len(k.cues) > 3 else "")
        kt.add_row(k.id, Text(printable(k.label)), str(len(k.cues)), Text(printable(sample)))
    c.print(kt)
    c.print(f"{len(tax.topics)} topics, {tax.term_count()} terms, {len(tax.kinds)} kinds")


def print_confusions(report: Report, c) -> None:
    """Per gold label: what was predicted instead of it and in addition to it."""
    from rich.text import Text

    for which in ("topics", "kinds"):
        conf = report.confusions(which)
        if not conf:
            continue
        c.print(f"Confused {which} (gold: predicted instead when missed | predicted in addition):", style="bold")
        for gold, cf in conf.items():
            parts = []
            if cf.missed:
                inst = ", ".join(f"{k} {n}" for k, n in cf.instead.most_common())
                parts.append(f"missed {cf.missed}, instead: {inst}")
            if cf.extra:
                parts.append("in addition: " + ", ".join(f"{k} {n}" for k, n in cf.extra.most_common()))
            c.print(Text(f"  {gold}: {'; '.join(parts)}"), soft_wrap=True)
