"""Precision, recall and F1 of the tagger against gold-labelled remarks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from forumcli.errors import InputError
from forumcli.match.tagger import Tagger
from forumcli.read.remarks import check_unicode, json_line


@dataclass(frozen=True)
class Gold:
    line: int
    id: str | None
    text: str
    topics: frozenset[str]
    kinds: frozenset[str]


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.tp + self.fn,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Miss:
    gold: Gold
    topics: tuple[str, ...]
    kinds: tuple[str, ...]
    matches: tuple = ()  # the tagger's Match records, for review

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"line": self.gold.line}
        if self.gold.id is not None:
            d["id"] = self.gold.id
        d.update(
            text=self.gold.text,
            gold_topics=sorted(self.gold.topics),
            topics=list(self.topics),
            gold_kinds=sorted(self.gold.kinds),
            kinds=list(self.kinds),
        )
        return d


    def review_dict(self) -> dict[str, object]:
        """One line of ``eval --errors-only``: the remark, gold and predicted
        labels, what was missed and what was added, and the terms that fired."""
        d = self.as_dict()
        for name, gold, pred in (("topics", self.gold.topics, self.topics), ("kinds", self.gold.kinds, self.kinds)):
            d[f"missed_{name}"] = sorted(gold - set(pred))
            d[f"extra_{name}"] = [p for p in pred if p not in gold]
        d["matches"] = [{"id": m.id, "term": m.term, "span": self.gold.text[m.start:m.end]} for m in self.matches]
        return d


NONE = "(none)"


@dataclass
class Confusion:
    """For one gold label: how often it was missed, what was predicted instead
    when it was missed, and what was predicted in addition when it was found."""

    missed: int = 0
    instead: Counter[str] = field(default_factory=Counter)
    extra: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {"missed": self.missed, "instead": dict(self.instead.most_common()),
                "extra": dict(self.extra.most_common())}


def confusions(misses: Iterable[Miss], which: str = "topics") -> dict[str, Confusion]:
    """Which labels are confused with which. Keys are gold labels, plus NONE for
    remarks whose gold has no label of this kind but which got one."""
    out: dict[str, Confusion] = {}
    for m in misses:
        gold = m.gold.topics if which == "topics" else m.gold.kinds
        pred = set(m.topics if which == "topics" else m.kinds)
        wrong = pred - gold
        if not gold:
            if wrong:
                out.setdefault(NONE, Confusion()).extra.update(wrong)
            continue
        for g in sorted(gold):
            if g in pred:
                if wrong:
                    out.setdefault(g, Confusion()).extra.update(wrong)
            else:
                c = out.setdefault(g, Confusion())
                c.missed += 1
                c.instead.update(wrong or {NONE})
    return out


@dataclass
class Report:
    topic_ids: list[str]
    kind_ids: list[str]
    topics: dict[str, Scores] = field(default_factory=dict)
    kinds: dict[str, Scores] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    total: int = 0

    def micro(self, which: str) -> Scores:
        s = Scores()
        for sc in getattr(self, which).values():
            s.tp += sc.tp
            s.fp += sc.fp
            s.fn += sc.fn
        return s

    def macro_f1(self, which: str) -> float:
        vals = [sc.f1 for sc in getattr(self, which).values()]
        return sum(vals) / len(vals) if vals else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "remarks": self.total,
            "topics": {k: v.as_dict() for k, v in self.topics.items()},
            "kinds": {k: v.as_dict() for k, v in self.kinds.items()},
            "topics_micro": self.micro("topics").as_dict(),
            "topics_macro_f1": round(self.macro_f1("topics"), 4),
            "kinds_micro": self.micro("kinds").as_dict(),
            "kinds_macro_f1": round(self.macro_f1("kinds"), 4),
            "errors": [m.as_dict() for m in self.misses],
            "topics_confusion": {k: v.as_dict() for k, v in self.confusions("topics").items()},
            "kinds_confusion": {k: v.as_dict() for k, v in self.confusions("kinds").items()},
        }

    def confusions(self, which: str = "topics") -> dict[str, Confusion]:
        """``confusions`` of this report's misses, in the order of its labels."""
        found = confusions(self.misses, which)
        order = {k: i for i, k in enumerate(self.topic_ids if which == "topics" else self.kind_ids)}
        return dict(sorted(found.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def read_gold(path: str) -> Iterator[Gold]:
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as e:
        raise InputError(path, f"cannot open: {e.strerror or e}") from None
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError(path, "not valid UTF-8", lineno) from None
            if not line.strip():
                continue
            obj = json_line(line.rstrip("\r\n"), path, lineno)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise InputError(path, "expected an object with a 'text' string", lineno)
            check_unicode(obj["text"], "text", path, lineno)
            for key in ("topics", "kinds"):
                ids = obj.get(key, [])
                if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                    raise InputError(path, f"'{key}' must be a list of ids (strings)", lineno)
            yield Gold(
                lineno,
                None if obj.get("id") is None else str(obj["id"]),
                obj["text"],
                frozenset(obj.get("topics", [])),
                frozenset(obj.get("kinds", [])),
            )


def evaluate(tagger: Tagger, gold: Iterable[Gold], *, level: str = "top") -> Report:
    tax = tagger.taxonomy
    topic_ids = [t.id for t in (tax.top_topics if level == "top" else tax.topics)]
    kind_ids = [k.id for k in tax.kinds]
    report = Report(topic_ids, kind_ids)
    report.topics = {t: Scores() for t in topic_ids}
    report.kinds = {k: Scores() for k in kind_ids}
    for g in gold:
        report.total += 1
        tagged = tagger.tag(g.text)
        topics = tagger.roll_up(tagged.topics, level)
        kinds = tagged.kinds
        _score(report.topics, g.topics, set(topics))
        _score(report.kinds, g.kinds, set(kinds))
        if set(topics) != g.topics or set(kinds) != g.kinds:
            report.misses.append(Miss(g, topics, kinds, tagged.matches))
    return report


def _score(table: dict[str, Scores], gold: frozenset[str], pred: set[str]) -> None:
    for label in gold | pred:
        sc = table.setdefault(label, Scores())
        if label in gold and label in pred:
            sc.tp += 1
        elif label in pred:
            sc.fp += 1
        else:
            sc.fn += 1
