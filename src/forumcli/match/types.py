"""What matching produces: a term's entry in the index, a match, a remark's tags, and the
full analysis ``explain`` shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from forumcli.text.normalize import fold, nfc, norm, term_key

if TYPE_CHECKING:
    from forumcli.match.context import Rule

TERM, EXCLUDE, CUE, KIND_EXCLUDE = "term", "exclude", "cue", "kind_exclude"


@dataclass(frozen=True, slots=True)
class Entry:
    role: str
    owner: str  # topic id (dotted) or kind id
    term: str  # as written in the taxonomy
    length: int  # syllables
    ascii: bool  # matched on syllable boundaries
    rule: Rule | None = None  # weak / near / not_near


class Match(NamedTuple):
    id: str
    term: str
    start: int
    end: int
    role: str = TERM

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "term": self.term, "start": self.start, "end": self.end}


class Tagged(NamedTuple):
    topics: tuple[str, ...]
    kinds: tuple[str, ...]
    matches: tuple[Match, ...]  # topic terms then kind cues that count, by position


@dataclass
class Analysis:
    """Everything ``explain`` shows about one remark."""

    text: str
    normalised: str
    folded_mode: bool
    words: list[str] | None
    candidates: list[tuple[Match, str]] = field(default_factory=list)  # (match, verdict)
    tagged: Tagged | None = None
    fallback: str | None = None  # the kind given as the fallback (no cue of any kind)


@dataclass(frozen=True)
class FoldIssue:
    owner: str
    term: str
    folded: str
    reason: str


def dictionary_folds(wanted: set[str]) -> dict[str, set[str]]:
    """For each folded phrase in ``wanted``, the common words that fold to it: the
    entries of underthesea's Viet22K list of common Vietnamese words. (Its larger
    lists hold rare words such as "tính trạng", which would wrongly block "tình trạng".)"""
    from forumcli.segment.files import data_file

    path = data_file("corpus", "data", "Viet22K.txt")
    out: dict[str, set[str]] = {}
    if path is None or not wanted:
        return out
    with path.open(encoding="utf-8") as f:
        for line in f:
            word = nfc(line.strip())
            if not word:
                continue
            normed = norm(word)
            folded = " ".join(term_key(fold(normed)))
            if folded in wanted:
                out.setdefault(folded, set()).add(" ".join(term_key(normed)))
    return out
