"""The taxonomy as forumcli holds it: topics with their terms, kinds with their cues,
the examples they carry, and the error a file that cannot be one raises."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from forumcli.taxonomy.rules import DEFAULT_WINDOW, Actor, Context, Word


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used. ``problems`` are ``PATH:LINE: message`` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Phrase:
    text: str
    line: int
    rule: Context | None = None  # weak / near / not_near (see rules.py)


@dataclass(frozen=True)
class Examples:
    match: tuple[Phrase, ...] = ()
    no_match: tuple[Phrase, ...] = ()


@dataclass(frozen=True)
class Topic:
    id: str  # full dotted path, e.g. "urban_order.traffic"
    label: str
    label_en: str
    description: str
    terms: tuple[Phrase, ...]
    exclude: tuple[Phrase, ...]
    examples: Examples
    line: int
    parent: str | None = None
    children: tuple[str, ...] = ()
    context: tuple[Word, ...] = ()  # words that support its weak terms
    context_window: int = DEFAULT_WINDOW
    actor: Actor | None = None

    @property
    def top(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def depth(self) -> int:
        return self.id.count(".")


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    label_en: str
    description: str
    cues: tuple[Phrase, ...]
    exclude: tuple[Phrase, ...]
    examples: Examples
    line: int
    opens_with: tuple[Word, ...] = ()  # verbs that make a subjectless sentence of this kind
    not_after: tuple[Word, ...] = ()  # kinds whose cue, earlier in the sentence, takes this kind's cues in
    fallback: bool = False  # given to a remark on a topic that has no cue of any kind


@dataclass(frozen=True)
class Taxonomy:
    path: str
    topics: tuple[Topic, ...]  # depth-first, parents before children
    kinds: tuple[Kind, ...]
    version: int = 1
    _by_id: dict[str, Topic] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({t.id: t for t in self.topics})

    def topic(self, topic_id: str) -> Topic:
        return self._by_id[topic_id]

    @property
    def top_topics(self) -> tuple[Topic, ...]:
        return tuple(t for t in self.topics if t.parent is None)

    @property
    def leaf_topics(self) -> tuple[Topic, ...]:
        return tuple(t for t in self.topics if not t.children)

    def label(self, label_id: str, lang: str = "vi") -> str:
        if label_id in self._by_id:
            t = self._by_id[label_id]
            return t.label_en if lang == "en" else t.label
        for k in self.kinds:
            if k.id == label_id:
                return k.label_en if lang == "en" else k.label
        return label_id

    def term_count(self) -> int:
        return sum(len(t.terms) for t in self.topics)


def is_within(topic_id: str, ancestor: str) -> bool:
    """``topic_id`` is ``ancestor`` or one of its descendants ("urban_order.traffic" is within "urban_order")."""
    return topic_id == ancestor or topic_id.startswith(ancestor + ".")


def iter_phrases(tax: Taxonomy) -> Iterator[tuple[str, str, Phrase]]:
    """(owner id, role, phrase) for every term, exclude and cue; role is
    "term", "exclude", "cue" or "kind_exclude"."""
    for t in tax.topics:
        for p in t.terms:
            yield t.id, "term", p
        for p in t.exclude:
            yield t.id, "exclude", p
    for k in tax.kinds:
        for p in k.cues:
            yield k.id, "cue", p
        for p in k.exclude:
            yield k.id, "kind_exclude", p
