"""Count tagged remarks per topic and per kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from forumcli.render.labels import NONE_LABELS

if TYPE_CHECKING:
    from forumcli.taxonomy.model import Taxonomy

NO_TOPIC = "no_topic"
NO_KIND = "no_kind"
TOTAL = "total"


@dataclass
class Tally:
    taxonomy: Taxonomy
    level: str = "top"  # "top" or "leaf"
    total: int = 0
    no_topic: int = 0
    no_kind: int = 0
    topics: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, topics: Iterable[str], kinds: Iterable[str]) -> None:
        """Count one remark. ``topics`` are already at this tally's level."""
        self.total += 1
        topics = tuple(topics)
        kinds = tuple(kinds)
        if not topics:
            self.no_topic += 1
        if not kinds:
            self.no_kind += 1
        self.topics.update(set(topics))
        self.kinds.update(set(kinds))

    def topic_ids(self) -> list[str]:
        if self.level == "top":
            return [t.id for t in self.taxonomy.top_topics]
        return [t.id for t in self.taxonomy.leaf_topics] + [
            t.id for t in self.taxonomy.topics if t.children and self.topics.get(t.id)
        ]

    def share(self, count: int) -> float:
        return round(count / self.total, 4) if self.total else 0.0

    def rows(self, lang: str = "vi") -> list[dict[str, object]]:
        """One row per topic (in taxonomy order), then no_topic, the kinds, no_kind, total."""
        tax = self.taxonomy
        ids = self.topic_ids()
        order = {t.id: i for i, t in enumerate(tax.topics)}
        ids.sort(key=order.__getitem__)
        rows = [self._row("topic", i, tax.label(i, lang), self.topics.get(i, 0)) for i in ids]
        rows.append(self._row("topic", NO_TOPIC, NONE_LABELS[lang]["topic"], self.no_topic))
        rows += [self._row("kind", k.id, tax.label(k.id, lang), self.kinds.get(k.id, 0)) for k in tax.kinds]
        rows.append(self._row("kind", NO_KIND, NONE_LABELS[lang]["kind"], self.no_kind))
        rows.append(self._row("total", TOTAL, NONE_LABELS[lang]["total"], self.total))
        return rows

    def _row(self, section: str, rid: str, label: str, count: int) -> dict[str, object]:
        return {"section": section, "id": rid, "label": label, "count": count, "share": self.share(count)}

    def summary(self, lang: str = "vi") -> str:
        """The sentence a clerk pastes: "19 ý kiến, xoay quanh: trật tự đô thị (5), …"."""
        tax = self.taxonomy
        ids = [i for i in self.topic_ids() if self.topics.get(i)]
        order = {t.id: n for n, t in enumerate(tax.topics)}
        ids.sort(key=lambda i: (-self.topics[i], order[i]))
        parts = [f"{_lower_first(tax.label(i, lang))} ({self.topics[i]})" for i in ids]
        if lang == "en":
            head = f"{self.total} remark{'s' if self.total != 1 else ''}"
            body = f", on: {'; '.join(parts)}" if parts else ""
            tail = f"; {self.no_topic} on other matters" if self.no_topic else ""
        else:
            head = f"{self.total} ý kiến"
            body = f", xoay quanh: {'; '.join(parts)}" if parts else ""
            tail = f"; {self.no_topic} ý kiến về vấn đề khác" if self.no_topic else ""
        return head + body + tail + "."

    def as_json(self, lang: str = "vi") -> dict[str, object]:
        rows = self.rows(lang)

        def section(name: str) -> list[dict[str, object]]:
            return [
                {k: r[k] for k in ("id", "label", "count", "share")}
                for r in rows
                if r["section"] == name and r["id"] not in (NO_TOPIC, NO_KIND)
            ]

        return {
            "total": self.total,
            "no_topic": self.no_topic,
            "no_kind": self.no_kind,
            "level": self.level,
            "topics": section("topic"),
            "kinds": section("kind"),
        }




def _lower_first(label: str) -> str:
    """"Trật tự đô thị, giao thông" -> "trật tự đô thị, giao thông"; abbreviations ("PCCC") stay."""
    if label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]
