"""The meeting report: one self-contained HTML page (or Markdown) with the counts,
bar charts drawn here as inline SVG, and the remarks grouped by topic with their
matched terms highlighted.

The page loads nothing: no scripts, fonts, images or styles from elsewhere. It
has a print stylesheet for A4 and reads on a phone (the charts scale to width).
Counts are those of ``tally`` at the top level: a remark with two topics is
listed, and counted, under both."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from forumcli.analyse.tally import NO_KIND, NO_TOPIC, Tally
from forumcli.match.tagger import TERM, Match, Tagged, Tagger
from forumcli.read.remarks import Remark
from forumcli.render.labels import REPORT as TEXT


@dataclass(frozen=True)
class Bar:
    id: str
    label: str
    count: int
    share: float


@dataclass(frozen=True)
class Item:
    remark: Remark
    tagged: Tagged
    kinds: tuple[str, ...]  # labels


@dataclass
class Section:
    id: str
    label: str
    items: list[Item] = field(default_factory=list)
    more: int = 0  # remarks counted here but not listed (past the ``examples`` limit)


@dataclass
class Report:
    title: str
    date: dt.date
    lang: str
    total: int
    speakers: int
    sources: list[str]
    topic_bars: list[Bar]  # topics with remarks, most first, then no_topic
    kind_bars: list[Bar]  # kinds with remarks, most first, then no_kind
    empty_topics: list[str]  # labels of topics nobody spoke about
    sections: list[Section]
    untagged: list[Item]
    untagged_more: int = 0  # untagged remarks not listed

    @property
    def t(self) -> dict[str, str]:
        return TEXT[self.lang]


def build_report(
    items: Iterable[tuple[Remark, Tagged]],
    tagger: Tagger,
    *,
    title: str | None = None,
    date: dt.date,
    lang: str = "vi",
    inputs: Iterable[str] = (),
    examples: int | None = None,
) -> Report:
    """The report of ``items``. ``inputs`` names the files read, so that one with no remark
    in it is still listed as a source. ``examples``: list at most this many remarks per
    topic (and untagged), the first ones; the rest are counted, not kept, so memory stays
    bounded however many remarks come. None lists them all."""
    tax = tagger.taxonomy
    counts = Tally(tax, level="top")
    sections = {t.id: Section(t.id, tax.label(t.id, lang)) for t in tax.top_topics}
    untagged: list[Item] = []
    untagged_more = 0
    limit = examples if examples is not None else -1
    speakers: set[str] = set()
    sources: dict[str, None] = dict.fromkeys(inputs)
    for remark, tagged in items:
        tops = tagger.roll_up(tagged.topics, "top")
        counts.add(tops, tagged.kinds)
        item = Item(remark, tagged, tuple(tax.label(k, lang) for k in tagged.kinds))
        for t in tops:
            section = sections[t]
            if len(section.items) == limit:
                section.more += 1
            else:
                section.items.append(item)
        if not tops:
            if len(untagged) == limit:
                untagged_more += 1
            else:
                untagged.append(item)
        if remark.speaker:
            speakers.add(remark.speaker)
        sources.setdefault(remark.source, None)

    def bars(rows: list[dict[str, object]], none_id: str) -> list[Bar]:
        found = [Bar(str(r["id"]), str(r["label"]), int(r["count"]), float(r["share"])) for r in rows]  # type: ignore[call-overload]
        real = sorted((b for b in found if b.id != none_id and b.count), key=lambda b: -b.count)  # stable
        return real + [b for b in found if b.id == none_id and b.count]

    rows = counts.rows(lang)
    topic_bars = bars([r for r in rows if r["section"] == "topic"], NO_TOPIC)
    kind_bars = bars([r for r in rows if r["section"] == "kind"], NO_KIND)
    order = [b.id for b in topic_bars if b.id != NO_TOPIC]
    return Report(
        title=title or TEXT[lang]["title"],
        date=date,
        lang=lang,
        total=counts.total,
        speakers=len(speakers),
        sources=list(sources),
        topic_bars=topic_bars,
        kind_bars=kind_bars,
        empty_topics=[s.label for s in sections.values() if not s.items and not s.more],
        sections=[sections[i] for i in order],
        untagged=untagged,
        untagged_more=untagged_more,
    )


def format_date(date: dt.date, lang: str) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}" if lang == "vi" else date.isoformat()


def _share(share: float) -> str:
    return f"{share:.1%}"


def _spans(text: str, matches: Iterable[Match]) -> list[tuple[str, str | None]]:
    """Split ``text`` into (piece, role) with role "term", "cue" or None; where
    matches overlap the earlier (then longer) one wins."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end > len(text) or m.start >= m.end:
            continue
        if m.start > pos:
            out.append((text[pos : m.start], None))
        out.append((text[m.start : m.end], "term" if m.role == TERM else "cue"))
        pos = m.end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


# ------------------------------------------------------------------ HTML

_CSS = """
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6775; --bar: #2b6cb0; --none: #a0aab5;
        --mark: #fde68a; --line: #d9dee5; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem; color: var(--ink); background: #fff;
       font: 16px/1.5 "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
       overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
.meta { color: var(--muted); margin: .1rem 0; }
.facts { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .75rem 0; padding: 0; list-style: none; }
.facts b { font-size: 1.25rem; }
figure { margin: .5rem 0 1rem; }
figcaption { color: var(--muted); font-size: .9rem; }
svg.chart { width: 100%; max-width: 34rem; height: auto; display: block; }
svg.chart text { font: 13px "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; fill: var(--ink); }
svg.chart .bar { fill: var(--bar); }
svg.chart .bar.none { fill: var(--none); }
svg.chart .track { fill: #eef1f5; }
ol.remarks { padding-left: 1.6rem; }
ol.remarks li { margin: 0 0 .8rem; }
.remark p { margin: 0; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: 2px; }
.cue { text-decoration: underline dotted var(--muted); }
.who { color: var(--muted); font-size: .9rem; }
.tag { display: inline-block; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3em; margin-left: .3em; font-size: .8rem; }
footer { color: var(--muted); font-size: .8rem; margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .5rem; }
@media (max-width: 30rem) { body { font-size: 15px; padding: .75rem; } h1 { font-size: 1.3rem; } }
@page { size: A4; margin: 16mm 15mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, li.remark { break-inside: avoid; page-break-inside: avoid; }
  mark, svg.chart .bar { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg.chart { max-width: 17cm; }
}
""".strip()

EXAMPLES = 1000  # remarks listed per topic by ``forumcli report``; more are counted, not listed
_ROW = 34  # chart row height (SVG units)
_WIDTH = 400
_BAR_MAX = 300


def svg_chart(bars: list[Bar], chart_id: str, caption: str) -> str:
    """A horizontal bar chart: per bar, its label above, the bar and its count."""
    e = html.escape
    top = max((b.count for b in bars), default=0) or 1
    height = _ROW * len(bars) + 4
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" aria-label="{e(caption)}" '
        f'viewBox="0 0 {_WIDTH} {height}">'
    ]
    for n, b in enumerate(bars):
        y = n * _ROW
        w = round(_BAR_MAX * b.count / top, 1)
        none = " none" if b.id in (NO_TOPIC, NO_KIND) else ""
        parts.append(
            f'<g class="row"><text x="0" y="{y + 13}">{e(b.label)}</text>'
            f'<rect class="track" x="0" y="{y + 17}" width="{_BAR_MAX}" height="12"/>'
            f'<rect class="bar{none}" data-id="{e(b.id)}" data-count="{b.count}" '
            f'x="0" y="{y + 17}" width="{w}" height="12"><title>{e(b.label)}: {b.count}</title></rect>'
            f'<text class="count" x="{w + 5}" y="{y + 28}">{b.count} · {_share(b.share)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _in_section(matches: Iterable[Match], topic: str | None) -> list[Match]:
    """The matches to highlight in a remark listed under ``topic``: that topic's terms (and
    its subtopics'), not another topic's; cues (kinds) always. None: all of them."""
    if topic is None:
        return list(matches)
    inside = topic + "."
    return [m for m in matches if m.role != TERM or m.id == topic or m.id.startswith(inside)]


def _html_text(text: str, matches: Iterable[Match]) -> str:
    out = []
    for piece, role in _spans(text, matches):
        p = html.escape(piece)
        out.append(f"<mark>{p}</mark>" if role == "term" else f'<span class="cue">{p}</span>' if role == "cue" else p)
    return "".join(out)


def _html_item(item: Item, t: dict[str, str], topic: str | None = None) -> str:
    e = html.escape
    r = item.remark
    who = e(r.speaker) if r.speaker else f"<i>{t['unknown']}</i>"
    tags = "".join(f'<span class="tag">{e(k)}</span>' for k in item.kinds)
    return (
        f'<li class="remark"><p class="text">{_html_text(r.text, _in_section(item.tagged.matches, topic))}</p>'
        f'<p class="who">{t["speaker"]}: <span class="speaker">{who}</span> · '
        f'<span class="src">{e(r.source)}:{r.line}</span>{tags}</p></li>'
    )


def _html_more(n: int, t: dict[str, str]) -> str:
    return f'<p class="meta more">{t["more"].format(n=n)}</p>' if n else ""


def render_html(report: Report) -> str:
    t = report.t
    e = html.escape
    speakers = str(report.speakers) if report.speakers else t["not_recorded"]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{report.lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(report.title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(report.title)}</h1>",
        f'<p class="meta">{t["date"]}: <time datetime="{report.date.isoformat()}">{format_date(report.date, report.lang)}</time></p>',
        f'<p class="meta">{t["files"]}: {e(", ".join(report.sources))}</p>',
        '<ul class="facts">',
        f'<li>{t["remarks"]}: <b id="total">{report.total}</b></li>',
        f'<li>{t["speakers"]}: <b id="speakers">{speakers}</b></li>',
        "</ul>",
        "</header>",
        f'<section id="topics"><h2>{t["by_topic"]}</h2>',
        f"<figure>{svg_chart(report.topic_bars, 'chart-topics', t['by_topic'])}",
        f'<figcaption>{t["note"]}</figcaption></figure>',
    ]
    if report.empty_topics:
        out.append(f'<p class="meta">{t["none_on"]}: {e("; ".join(report.empty_topics))}.</p>')
    out.append("</section>")
    out.append(f'<section id="kinds"><h2>{t["by_kind"]}</h2>')
    out.append(f"<figure>{svg_chart(report.kind_bars, 'chart-kinds', t['by_kind'])}</figure></section>")
    for n, s in enumerate(report.sections, start=1):
        out.append(f'<section class="topic" id="topic-{e(s.id)}"><h2>{n}. {e(s.label)} ({len(s.items) + s.more})</h2>')
        out.append('<ol class="remarks">' + "".join(_html_item(i, t, s.id) for i in s.items) + "</ol>"
                   + _html_more(s.more, t) + "</section>")
    if report.untagged or report.untagged_more:
        out.append(f'<section class="topic" id="untagged"><h2>{t["untagged"]} ({len(report.untagged) + report.untagged_more})</h2>')
        out.append('<ol class="remarks">' + "".join(_html_item(i, t) for i in report.untagged) + "</ol>"
                   + _html_more(report.untagged_more, t) + "</section>")
    out += [f"<footer>{t['made_by']}</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


# ------------------------------------------------------------------ Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def md_escape(text: str) -> str:
    """Backslash-escape the characters Markdown (CommonMark, GFM tables) would act on."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _md_text(text: str, matches: Iterable[Match]) -> str:
    return "".join(
        f"**{md_escape(p)}**" if role == "term" else md_escape(p) for p, role in _spans(text, matches)
    )


def _md_item(n: int, item: Item, t: dict[str, str], topic: str | None = None) -> str:
    r = item.remark
    who = md_escape(r.speaker) if r.speaker else f"*{t['unknown']}*"
    kinds = f" · {md_escape(', '.join(item.kinds))}" if item.kinds else ""
    return f"{n}. {_md_text(r.text, _in_section(item.tagged.matches, topic))}  \n   {t['speaker']}: {who} · {md_escape(r.source)}:{r.line}{kinds}"


def _md_table(bars: list[Bar], head: str, t: dict[str, str]) -> list[str]:
    lines = [f"| {head} | {t['count']} | {t['share']} |", "|---|---:|---:|"]
    lines += [f"| {md_escape(b.label)} | {b.count} | {_share(b.share)} |" for b in bars]
    return lines


def render_markdown(report: Report) -> str:
    t = report.t
    speakers = str(report.speakers) if report.speakers else t["not_recorded"]
    out = [
        f"# {md_escape(report.title)}",
        "",
        f"{t['date']}: {format_date(report.date, report.lang)}  ",
        f"{t['files']}: {md_escape(', '.join(report.sources))}  ",
        f"{t['remarks']}: **{report.total}** · {t['speakers']}: **{speakers}**",
        "",
        f"## {t['by_topic']}",
        "",
        *_md_table(report.topic_bars, t["topic"], t),
        "",
        t["note"],
    ]
    if report.empty_topics:
        out += ["", f"{t['none_on']}: {md_escape('; '.join(report.empty_topics))}."]
    out += ["", f"## {t['by_kind']}", "", *_md_table(report.kind_bars, t["kind"], t)]
    for n, s in enumerate(report.sections, start=1):
        out += ["", f"## {n}. {md_escape(s.label)} ({len(s.items) + s.more})", ""]
        out += [_md_item(k, i, t, s.id) for k, i in enumerate(s.items, start=1)]
        out += ["", t["more"].format(n=s.more)] if s.more else []
    if report.untagged or report.untagged_more:
        out += ["", f"## {t['untagged']} ({len(report.untagged) + report.untagged_more})", ""]
        out += [_md_item(k, i, t) for k, i in enumerate(report.untagged, start=1)]
        out += ["", t["more"].format(n=report.untagged_more)] if report.untagged_more else []
    return "\n".join(out) + "\n"
