"""underthesea's other taggers, loaded on first use: the part-of-speech tagger (for the
remarks whose kind depends on whether they open with a verb) and the sentence splitter
(for --split sentence). Importing underthesea for them costs about 0.6 s, once."""

from __future__ import annotations


def pos_tags(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of ``text`` ("V" is a verb), as ``underthesea.pos_tag`` gives them."""
    from underthesea import pos_tag  # noqa: PLC0415 - slow to import: only when asked

    return pos_tag(text)


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, as ``underthesea.sent_tokenize`` gives them."""
    from underthesea import sent_tokenize  # noqa: PLC0415 - slow to import: only when asked

    return sent_tokenize(text)
