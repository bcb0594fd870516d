"""The tagger's index of terms: a trie by syllable, and its nodes two syllables deep."""

from __future__ import annotations

from forumcli.match.types import Entry


def pairs(trie: dict) -> dict[tuple[str, str], tuple]:
    """The trie's nodes two syllables deep, by those two syllables."""
    return {
        (first, second): node
        for first, (_, children) in trie.items()
        if children
        for second, node in children.items()
    }




def trie(index: dict[tuple[str, ...], list[Entry]]) -> dict:
    root: dict = {}
    for key, entries in index.items():
        node = root
        for m, syl in enumerate(key):
            entries_here, children = node.get(syl, (None, None))
            if m == len(key) - 1:
                node[syl] = (list(entries), children)
            else:
                if children is None:
                    children = {}
                node[syl] = (entries_here, children)
                node = children
    return root


def make_entry(role: str, owner: str, term: str, length: int) -> Entry:
    return Entry(role, owner, term, length, True)
