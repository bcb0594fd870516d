"""General Vietnamese to compare remarks against when the input has nothing else to offer.

``suggest`` ranks a candidate by how much more common it is among the remarks it looks at
than among the others. When (nearly) no remark got a topic there are no others, and every
candidate is as common "inside" as it is overall. The background is then general written
Vietnamese: the sentences of the VLSP 2013 test set, word-segmented by hand, which
underthesea ships with its part-of-speech model (about 2,700 sentences of news, read from
the installed package; nothing is downloaded). A phrase frequent in the remarks and rare in
the news ("xả thải") then ranks above words every text uses ("đường", "người").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from forumcli.text.normalize import term_key

CORPUS = ("pipeline", "pos_tag", "models", "pos_crf_vlsp2013_20230303", "test_output.txt")


def corpus_path() -> Path | None:
    from forumcli.segment.files import data_file

    return data_file(*CORPUS)


def sentences(path: Path) -> Iterator[tuple[str, ...]]:
    """Each sentence of a CoNLL-style file (a token, tab, tags per line; a blank line between
    sentences) as the normalised syllables of its tokens."""
    syllables: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            token = line.split("\t", 1)[0].strip()
            if token:
                syllables += term_key(token)
            elif syllables:
                yield tuple(syllables)
                syllables = []
    if syllables:
        yield tuple(syllables)


@lru_cache(maxsize=1)
def background_sentences() -> tuple[tuple[str, ...], ...]:
    path = corpus_path()
    return tuple(sentences(path)) if path is not None else ()


def document_counts(keys: Iterable[tuple[str, ...]], docs: Iterable[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    """For each key (a run of syllables), the number of docs that contain it."""
    wanted = set(keys)
    lengths = sorted({len(k) for k in wanted})
    counts: Counter[tuple[str, ...]] = Counter()
    for doc in docs:
        found = {doc[i:i + n] for n in lengths for i in range(len(doc) - n + 1)} & wanted
        counts.update(found)
    return counts
