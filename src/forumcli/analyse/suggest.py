"""Suggest terms: words and phrases frequent among remarks that got no topic (or
that got a given topic) and rare among the others.

Candidates are underthesea's words of each remark and runs of 2 or 3
neighbouring words that do not cross punctuation. A candidate is left out when
it is a stopword (underthesea's Vietnamese list plus a few words every forum
remark uses), starts or ends with one, starts or ends with a kind cue, is only
digits, is already a term, cue or exclude phrase, or contains a topic term.

Counts are numbers of remarks (a remark counts once). With ``u`` of the ``U``
remarks in the group and ``t`` of the ``T`` others containing a candidate::

    score = u * log2( ((u + 0.5) / (U + 1)) / ((t + 0.5) / (T + 1)) )

that is the count in the group times the log of how much more common it is
there than elsewhere (shares smoothed by a half, so an unseen word is not
infinitely rare). Only candidates in at least ``min_count`` group remarks and
with a positive score are kept. A candidate is dropped when a longer candidate
containing it is in exactly as many group remarks: the longer phrase accounts
for all of its occurrences ("lô" and "đề" give way to "lô đề").

When the remarks outside the group are fewer than a tenth of those in it (nothing, or
almost nothing, got a topic), ``t`` and ``T`` also count the sentences of a general Vietnamese
background (``background.py``) that contain the candidate: otherwise a theme every
untagged remark shares could never be rarer "elsewhere", and nothing would be suggested.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from forumcli.match.tagger import Tagged, Tagger
from forumcli.read.remarks import Remark
from forumcli.taxonomy.model import is_within
from forumcli.text.normalize import term_key

# Words of meeting minutes that say who spoke, where, or that something was said,
# not what about: never a topic term.
FORUM_STOPWORDS = (
    "cử tri", "người dân", "bà con", "nhân dân", "ý kiến", "đề nghị", "kiến nghị", "phản ánh",
    "hiện nay", "thời gian", "vấn đề", "tình trạng", "địa phương", "địa bàn", "khu vực", "công tác",
    "các cấp", "cơ quan", "chức năng", "cơ quan chức năng", "quan tâm", "xem xét", "giải quyết",
    "thực hiện", "tiếp tục", "đồng chí", "ông", "bà", "anh", "chị", "em", "tôi", "chúng tôi",
    "gì", "nào", "sao", "thì", "cũng", "đang", "còn", "vẫn", "nên", "hơn", "như", "rồi", "lại",
    "làm", "việc", "phải", "biết", "cho", "vì", "nay", "xong", "mới", "đều", "ngày", "hay", "với",
    # where: every remark names its hamlet or ward
    "ấp", "thôn", "xóm", "bản", "tổ", "tổ dân phố", "khu phố", "khóm", "phường", "xã", "thị trấn",
    "quận", "huyện", "tỉnh", "thành phố",
)


BACKGROUND_SHARE = 10  # others fewer than a tenth of the group: compare with general Vietnamese too


@dataclass(frozen=True)
class Suggestion:
    term: str
    score: float
    count: int  # remarks of the group that contain it
    other: int  # remarks outside the group that contain it
    example: Remark

    def snippet(self, width: int = 4) -> str:
        """The example's words around the first occurrence of the term."""
        import re

        from forumcli.text.normalize import syllables

        text = self.example.text
        sy = syllables(text)
        key = tuple(self.term.split())
        for i in range(len(sy) - len(key) + 1):
            if sy.norms[i:i + len(key)] == key:
                start, end = sy.starts[i], sy.ends[i + len(key) - 1]
                before = list(re.finditer(r"\S+", text[:start]))
                after = list(re.finditer(r"\S+", text[end:]))
                s = before[max(0, len(before) - width)].start() if before else start
                e = end + after[min(width, len(after)) - 1].end() if after else end
                return ("… " if before[:-width] else "") + text[s:e] + (" …" if after[width:] else "")
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "term": self.term,
            "score": round(self.score, 2),
            "count": self.count,
            "other": self.other,
            "example": {"source": self.example.source, "line": self.example.line, "text": self.example.text},
        }


@dataclass
class SuggestResult:
    suggestions: list[Suggestion]
    group: int  # remarks in the group (no topic, or tagged --topic)
    others: int
    topic: str | None = None
    background: int = 0  # sentences of general Vietnamese counted with the others (see background.py)


def stopwords() -> set[tuple[str, ...]]:
    """underthesea's Vietnamese stopwords and FORUM_STOPWORDS, as syllable keys."""
    words: list[str] = list(FORUM_STOPWORDS)
    from forumcli.segment.files import data_file

    path = data_file("datasets", "stopwords", "stopwords.txt")
    if path is not None:
        words += path.read_text(encoding="utf-8").splitlines()
    return {k for k in (term_key(w) for w in words) if k}


def candidates(words: list[str], skip_edge: set[tuple[str, ...]], *, max_words: int = 3) -> set[tuple[str, ...]]:
    """Candidate keys of one remark's words (see the module docstring)."""
    keys = [term_key(w) for w in words]
    out: set[tuple[str, ...]] = set()
    for i in range(len(keys)):
        for n in range(1, max_words + 1):
            run = keys[i:i + n]
            if len(run) < n or any(not k for k in run):
                break
            first, last = run[0], run[-1]
            if first in skip_edge or last in skip_edge or _number(first) or _number(last):
                continue
            key = tuple(s for k in run for s in k)
            if all(s.isdigit() for s in key):
                continue
            out.add(key)
    return out


def _number(key: tuple[str, ...]) -> bool:
    return all(s.isdigit() for s in key)


def _contains(key: tuple[str, ...], parts: set[tuple[str, ...]], maxlen: int) -> bool:
    n = len(key)
    return any(key[i:j] in parts for i in range(n) for j in range(i + 1, min(n, i + maxlen) + 1))


def suggest(
    items: Iterable[tuple[Remark, Tagged]],
    tagger: Tagger,
    *,
    topic: str | None = None,
    min_count: int = 2,
    limit: int = 30,
) -> SuggestResult:
    """Rank candidate terms for remarks with no topic (or, with ``topic``, for
    the remarks tagged with that topic or one of its subtopics)."""
    from forumcli.segment.words import tokenize

    tax = tagger.taxonomy
    known = set(tagger.index)
    topic_terms = {term_key(p.text) for t in tax.topics for p in t.terms}
    topic_terms.discard(())
    cues = {term_key(p.text) for k in tax.kinds for p in k.cues}
    skip_edge = stopwords() | cues
    maxlen = max((len(k) for k in topic_terms), default=1)

    inside: Counter[tuple[str, ...]] = Counter()
    outside: Counter[tuple[str, ...]] = Counter()
    example: dict[tuple[str, ...], Remark] = {}
    n_in = n_out = 0
    for remark, tagged in items:
        if topic is None:
            in_group = not tagged.topics
        else:
            in_group = any(is_within(t, topic) for t in tagged.topics)
        keys = candidates(tokenize(remark.text), skip_edge)
        if in_group:
            n_in += 1
            inside.update(keys)
            for k in keys:
                example.setdefault(k, remark)
        else:
            n_out += 1
            outside.update(keys)

    kept = [k for k, u in inside.items() if u >= min_count and k not in known and not _contains(k, topic_terms, maxlen)]
    n_bg = 0
    against = outside
    if n_out * BACKGROUND_SHARE < n_in:  # too few others to compare with: add general Vietnamese
        from forumcli.analyse.background import background_sentences, document_counts

        docs = background_sentences()
        n_bg = len(docs)
        against = outside + document_counts(kept, docs)
    scored: dict[tuple[str, ...], float] = {}
    for key in kept:
        u = inside[key]
        t = against.get(key, 0)
        score = u * math.log2(((u + 0.5) / (n_in + 1)) / ((t + 0.5) / (n_out + n_bg + 1)))
        if score > 0:
            scored[key] = score
    # a shorter candidate gives way to a longer one that contains it as often
    subsumed = set()
    for key in scored:
        n = len(key)
        for i in range(n):
            for j in range(i + 1, n + 1):
                part = key[i:j]
                if part != key and part in scored and inside[part] == inside[key]:
                    subsumed.add(part)
    ranked = sorted(
        (k for k in scored if k not in subsumed), key=lambda k: (-scored[k], -inside[k], " ".join(k))
    )
    out = [
        Suggestion(" ".join(k), scored[k], inside[k], outside.get(k, 0), example[k]) for k in ranked[:limit]
    ]
    return SuggestResult(out, n_in, n_out, topic, n_bg)


# --------------------------------------------------------------------------- output


def _yaml_scalar(text: str) -> str:
    import yaml

    return text if yaml.safe_load(text) == text else '"' + text.replace('"', '\\"') + '"'


def write_yaml(result: SuggestResult, file) -> None:
    """A ``terms:`` block to paste into categories.yaml; counts and an example as comments."""
    if result.topic is None:
        group, others = "with no topic", "with a topic"
    else:
        group, others = f"tagged {result.topic}", "not tagged it"
    file.write(
        f"# forumcli suggest: {len(result.suggestions)} candidate term{'s' if len(result.suggestions) != 1 else ''}, "
        f"frequent in the {result.group} remarks "
        f"{group}\n# and rare in the {result.others} remarks {others}"
        f"{f' and {result.background} sentences of general Vietnamese' if result.background else ''}. "
        "Keep the ones that fit and paste them under a topic's terms.\n"
    )
    if not result.suggestions:
        file.write("terms: []\n")
        return
    file.write("terms:\n")
    for s in result.suggestions:
        ex = " ".join(s.snippet().split())
        file.write(
            f"  - {_yaml_scalar(s.term)}  # {s.count} {group}, {s.other} {others}, score {s.score:.1f}; "
            f"e.g. {s.example.source}:{s.example.line} {ex}\n"
        )


HEADERS = ["term", "count", "other", "score", "example"]


def rows(result: SuggestResult) -> list[list[object]]:
    return [
        [s.term, s.count, s.other, f"{s.score:.1f}", f"{s.example.source}:{s.example.line} {s.snippet()}"]
        for s in result.suggestions
    ]
