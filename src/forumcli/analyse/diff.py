"""Compare two taxonomy versions on the same remarks: how the tally changes and
which remarks gain or lose which topic (or kind)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from forumcli.analyse.tally import NO_KIND, NO_TOPIC
from forumcli.match.tagger import Tagged, Tagger
from forumcli.read.remarks import Remark
from forumcli.render.safe import one_line


@dataclass(frozen=True)
class Change:
    remark: Remark
    old_topics: tuple[str, ...]
    new_topics: tuple[str, ...]
    old_kinds: tuple[str, ...]
    new_kinds: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.remark.source,
            "line": self.remark.line,
            "text": self.remark.text,
            "old_topics": list(self.old_topics),
            "new_topics": list(self.new_topics),
            "old_kinds": list(self.old_kinds),
            "new_kinds": list(self.new_kinds),
        }


@dataclass
class Section:
    """Counts of one section (topics or kinds) under both versions."""

    ids: list[str]
    old: Counter[str] = field(default_factory=Counter)
    new: Counter[str] = field(default_factory=Counter)
    gained: dict[str, list[Change]] = field(default_factory=dict)
    lost: dict[str, list[Change]] = field(default_factory=dict)

    def add(self, change: Change, old: tuple[str, ...], new: tuple[str, ...], none_id: str) -> None:
        old_set = set(old) or {none_id}
        new_set = set(new) or {none_id}
        self.old.update(old_set)
        self.new.update(new_set)
        for i in new_set - old_set:
            self.gained.setdefault(i, []).append(change)
        for i in old_set - new_set:
            self.lost.setdefault(i, []).append(change)

    def rows(self) -> list[dict[str, object]]:
        return [
            {
                "id": i,
                "old": self.old.get(i, 0),
                "new": self.new.get(i, 0),
                "change": self.new.get(i, 0) - self.old.get(i, 0),
                "gained": len(self.gained.get(i, [])),
                "lost": len(self.lost.get(i, [])),
            }
            for i in self.ids
        ]


@dataclass
class TaxonomyDiff:
    old_path: str
    new_path: str
    level: str
    topics: Section
    kinds: Section
    total: int = 0
    changes: list[Change] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "old": self.old_path,
            "new": self.new_path,
            "level": self.level,
            "remarks": self.total,
            "changed": len(self.changes),
            "topics": self.topics.rows(),
            "kinds": self.kinds.rows(),
            "changes": [c.as_dict() for c in self.changes],
        }


def _union(a: Iterable[str], b: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*a, *b]))


class TaggerPair:
    """Two taggers as one: ``tag`` gives both versions' tags of a remark, so that the
    tagging pipeline (batches, --jobs) tags every remark with both in one pass."""

    def __init__(self, old: Tagger, new: Tagger):
        self.old, self.new = old, new

    def tag(self, text: str) -> tuple[Tagged, Tagged]:
        return self.old.tag(text), self.new.tag(text)

    def tag_many(self, texts: list[str]) -> list[tuple[Tagged, Tagged]]:
        return list(zip(self.old.tag_many(texts), self.new.tag_many(texts)))


def diff_taxonomies(
    old: Tagger, new: Tagger, items: Iterable[tuple[Remark, tuple[Tagged, Tagged]]], *, level: str = "top"
) -> TaxonomyDiff:
    """Collect the differences between the tags of both versions (``TaggerPair``) of every remark."""

    def topic_ids(t: Tagger) -> list[str]:
        tax = t.taxonomy
        return [x.id for x in (tax.top_topics if level == "top" else tax.topics)]

    topics = Section(_union(topic_ids(old), topic_ids(new)) + [NO_TOPIC])
    kinds = Section(_union((k.id for k in old.taxonomy.kinds), (k.id for k in new.taxonomy.kinds)) + [NO_KIND])
    result = TaxonomyDiff(old.taxonomy.path, new.taxonomy.path, level, topics, kinds)
    for remark, (a, b) in items:
        result.total += 1
        ch = Change(remark, old.roll_up(a.topics, level), new.roll_up(b.topics, level), a.kinds, b.kinds)
        topics.add(ch, ch.old_topics, ch.new_topics, NO_TOPIC)
        kinds.add(ch, ch.old_kinds, ch.new_kinds, NO_KIND)
        if set(ch.old_topics) != set(ch.new_topics) or set(ch.old_kinds) != set(ch.new_kinds):
            result.changes.append(ch)
    return result


# --------------------------------------------------------------------------- text report


def _table(rows: list[list[str]], file: TextIO) -> None:
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for r in rows:
        cells = [r[0].ljust(widths[0])] + [v.rjust(w) for v, w in zip(r[1:], widths[1:])]
        file.write("  ".join(cells).rstrip() + "\n")


def _names(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) or "none"


def write_text(d: TaxonomyDiff, file: TextIO, *, examples: int = 3) -> None:
    file.write(f"{d.old_path} -> {d.new_path}: {d.total} remarks, {len(d.changes)} tagged differently\n")
    for title, section, pick in (
        ("Topics", d.topics, lambda c: (c.old_topics, c.new_topics)),
        ("Kinds", d.kinds, lambda c: (c.old_kinds, c.new_kinds)),
    ):
        file.write(f"\n{title}\n")
        rows = [["id", "old", "new", "change", "gained", "lost"]]
        for r in section.rows():
            rows.append([str(r["id"]), str(r["old"]), str(r["new"]), f"{r['change']:+d}" if r["change"] else "0",
                         str(r["gained"]), str(r["lost"])])
        _table(rows, file)
        for i in section.ids:
            if i in (NO_TOPIC, NO_KIND):  # the same remarks as listed under the ids they gained or lost
                continue
            for sign, verb, changes in (("+", "gained", section.gained.get(i, [])),
                                        ("-", "lost", section.lost.get(i, []))):
                if not changes:
                    continue
                more = f" (first {examples})" if len(changes) > examples else ""
                file.write(f"\n{i} {verb} {len(changes)} remark{'s' if len(changes) != 1 else ''}{more}:\n")
                for c in changes[:examples]:
                    before, after = pick(c)
                    file.write(
                        f"  {sign} {one_line(c.remark.source)}:{c.remark.line}  [{_names(before)} -> {_names(after)}]  "
                        f"{one_line(c.remark.text)}\n"
                    )
