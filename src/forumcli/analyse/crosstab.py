"""Cross-tabs: remarks counted per group (file, speaker, kind or topic) and per topic.

A remark counts once in each of its groups (a remark with two kinds is in two
kind groups) and once in each of its topics, so a row's topic counts may add up
to more than its ``total``; ``untagged`` counts the group's remarks with no topic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from forumcli.analyse.tally import NO_KIND, NO_TOPIC
from forumcli.render.labels import NONE_LABELS, UNKNOWN_SPEAKER

if TYPE_CHECKING:
    from forumcli.read.remarks import Remark
    from forumcli.taxonomy.model import Taxonomy


class By(str, Enum):
    file = "file"
    speaker = "speaker"
    kind = "kind"
    topic = "topic"


WIDE_TAIL = ("total", "untagged")
LONG_HEADERS = ["group", "topic", "count"]


@dataclass
class _Group:
    total: int = 0
    untagged: int = 0
    topics: Counter[str] = field(default_factory=Counter)


@dataclass
class CrossTab:
    taxonomy: Taxonomy
    by: By
    level: str = "top"  # topics already rolled up to this level by the caller
    groups: dict[str | None, _Group] = field(default_factory=dict)

    def add(self, remark: Remark, topics: Iterable[str], kinds: Iterable[str]) -> None:
        topics = tuple(dict.fromkeys(topics))
        for key in self._keys(remark, topics, tuple(kinds)):
            g = self.groups.setdefault(key, _Group())
            g.total += 1
            g.untagged += not topics
            g.topics.update(topics)

    def _keys(self, remark: Remark, topics: tuple[str, ...], kinds: tuple[str, ...]) -> tuple[str | None, ...]:
        if self.by is By.file:
            return (remark.source,)
        if self.by is By.speaker:
            return (remark.speaker or None,)
        if self.by is By.kind:
            return tuple(dict.fromkeys(kinds)) or (NO_KIND,)
        return topics or (NO_TOPIC,)

    # ------------------------------------------------------------------ order and labels
    def topic_ids(self) -> list[str]:
        """Columns: the taxonomy's topics at this level, in taxonomy order (at the
        leaf level, a parent is added when a remark matched it but none of its children)."""
        tax = self.taxonomy
        if self.level == "top":
            return [t.id for t in tax.top_topics]
        seen = {t for g in self.groups.values() for t in g.topics}
        return [t.id for t in tax.topics if not t.children or t.id in seen]

    def group_keys(self) -> list[str | None]:
        """Files and speakers in order of first appearance (unknown speaker last);
        kinds and topics in taxonomy order, then the remarks with none."""
        keys = list(self.groups)
        if self.by is By.kind:
            order = {k.id: i for i, k in enumerate(self.taxonomy.kinds)}
            return sorted(keys, key=lambda k: order.get(k, len(order)))  # type: ignore[arg-type]
        if self.by is By.topic:
            order = {t.id: i for i, t in enumerate(self.taxonomy.topics)}
            return sorted(keys, key=lambda k: order.get(k, len(order)))  # type: ignore[arg-type]
        return [k for k in keys if k is not None] + ([None] if None in self.groups else [])

    def group_label(self, key: str | None, lang: str = "vi") -> str:
        if key is None:
            return UNKNOWN_SPEAKER[lang]
        if key == NO_TOPIC and self.by is By.topic:
            return NONE_LABELS[lang]["topic"]
        if key == NO_KIND and self.by is By.kind:
            return NONE_LABELS[lang]["kind"]
        if self.by in (By.kind, By.topic):
            return self.taxonomy.label(key, lang)
        return key

    # ------------------------------------------------------------------ layouts
    def wide_headers(self, lang: str = "vi") -> list[str]:
        return ["group", *(self.taxonomy.label(t, lang) for t in self.topic_ids()), *WIDE_TAIL]

    def wide_rows(self, lang: str = "vi") -> Iterator[list[object]]:
        """One row per group: its label, a count per topic, total, untagged."""
        ids = self.topic_ids()
        for key in self.group_keys():
            g = self.groups[key]
            yield [self.group_label(key, lang), *(g.topics.get(t, 0) for t in ids), g.total, g.untagged]

    def long_rows(self, lang: str = "vi") -> Iterator[list[object]]:
        """(group, topic, count) for every group and topic, zeros included, then the
        group's remarks without a topic as the topic "Không thuộc chủ đề nào"."""
        for key, topic, count in self._long():
            label = NONE_LABELS[lang]["topic"] if topic == NO_TOPIC else self.taxonomy.label(topic, lang)
            yield [self.group_label(key, lang), label, count]

    def _long(self) -> Iterator[tuple[str | None, str, int]]:
        topic_ids = self.topic_ids()
        for key in self.group_keys():
            g = self.groups[key]
            for t in topic_ids:
                yield key, t, g.topics.get(t, 0)
            yield key, NO_TOPIC, g.untagged

    def as_json(self) -> dict[str, object]:
        """The wide layout with ids: a speaker that is not known is ``null``."""
        ids = self.topic_ids()
        return {
            "by": self.by.value,
            "level": self.level,
            "topics": ids,
            "groups": [
                {
                    "group": key,
                    "counts": {t: self.groups[key].topics.get(t, 0) for t in ids},
                    "total": self.groups[key].total,
                    "untagged": self.groups[key].untagged,
                }
                for key in self.group_keys()
            ],
        }

    def long_json(self) -> Iterator[dict[str, object]]:
        for key, topic, count in self._long():
            yield {"group": key, "topic": topic, "count": count}
