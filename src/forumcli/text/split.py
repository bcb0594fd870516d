"""Split text into remarks the way a clerk would, and take speaker prefixes apart.

Nothing here reads files: the functions take lines (with their line numbers)
and give back pieces of text with the line each piece starts on. The speaker
grammar is written without diacritics and each letter matches all its
Vietnamese variants, so "Ong Tran Van Binh (TDP 4):" is recognised as well as
"Ông Trần Văn Bình (TDP 4):"; what is returned is always the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from forumcli.text.normalize import fold

# The speaker grammar is matched against the text folded to ASCII letters (``fold``
# maps each Vietnamese letter to one ASCII letter, so offsets stay those of the text):
# a small pattern, quick to compile, instead of a class of every variant of each letter.
_UPPER = "A-Z"
_LOWER = "a-z"
_LETTER = f"{_UPPER}{_LOWER}"


def _loose(word: str) -> str:
    """A regex for an unaccented word that matches it, folded, in any case."""
    return "(?i:" + "".join(r"\s+" if c == " " else re.escape(c) for c in word) + ")"



# Honorifics that open a speaker prefix, written without diacritics.
_HONORIFICS = (
    "cu tri", "dai bieu", "dong chi", "d/c", "ong", "ba", "anh", "chi", "co", "chu", "bac",
    "cu", "em", "chau", "thay", "ngai",
)
# Speech verbs that may follow the speaker instead of a colon; they stay in the text.
_VERBS = (
    "phan anh", "kien nghi", "de nghi", "de xuat", "hoi", "buc xuc", "ghi nhan", "cam on",
    "gop y", "neu y kien", "neu", "thac mac", "cho rang", "trinh bay", "phat bieu", "bay to",
    "chia se", "mong muon", "y kien", "to cao", "khieu nai", "bao cao", "thong tin",
)
# Words that open a place: "TDP 5", "tổ dân phố 3", "thôn Đông", "khu phố 2", "xóm 4".
_PLACES = (
    "to dan pho", "tdp", "khu pho", "kp", "khu dan cu", "kdc", "khoi", "khu", "to", "thon",
    "xom", "ap", "ban", "buon", "lang", "phuong", "xa", "doi", "cum",
)


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(_loose(w) for w in sorted(words, key=len, reverse=True)) + f")(?![{_LETTER}])"


_WORD = f"[{_UPPER}][{_LOWER}]*"
_NAME = rf"{_WORD}(?:\s+{_WORD}){{0,5}}(?![{_LETTER}])"
_HON = _alt(_HONORIFICS)
_PLACE = rf"{_alt(_PLACES)}\s*(?:{_loose('so')}\s+)?(?:\d+[A-Za-z]?|{_NAME})(?!\w)"
_VERB = _alt(_VERBS)
_SPEAKER_RE = re.compile(
    rf"""
    (?P<who>{_HON}(?:\s+{_HON})?\s+(?:(?P<wplace>{_PLACE})|{_NAME}))
    (?:\s*\((?P<paren>[^()\n]{{1,80}})\))?
    (?:\s*,\s*(?P<cplace>{_PLACE}))?
    (?P<end>\s*:\s*|\s+(?={_VERB}))
    """,
    re.VERBOSE,
)
_PLACE_RE = re.compile(rf"{_PLACE}\s*$")
_PERSON_RE = re.compile(rf"{_HON}\s+{_NAME}\s*$")


_PREFIX_MAX = 300  # a speaker prefix is never longer than this
_OPENERS = frozenset(h.split()[0] for h in _HONORIFICS)  # first words of the honorifics


class Speaker(NamedTuple):  # a tuple: one is made for most lines of most minutes
    name: str
    place: str | None
    rest: str  # the text after the prefix (a speech verb such as "phản ánh" stays in it)


@lru_cache(maxsize=100_000)  # the same few words open most lines
def _opens_speaker(word: str) -> bool:
    """Whether ``word`` is the first word of an honorific."""
    return fold(word).lower() in _OPENERS


@lru_cache(maxsize=100_000)  # "(TDP 5)" recurs
def _is_place(paren: str) -> bool:
    """Whether what the parentheses hold is a place."""
    return _PLACE_RE.fullmatch(fold(paren)) is not None


def split_speaker(text: str) -> Speaker | None:
    """ "Ông Nguyễn Văn A (TDP 5): nội dung" -> Speaker("Ông Nguyễn Văn A", "TDP 5", "nội dung").

    Recognised: an honorific (Ông, Bà, Cử tri, Đồng chí, …) and a capitalised name or
    a place ("Cử tri thôn Trung"), then optionally "(place or role)" and ", place",
    then a colon or a speech verb ("phản ánh", "đề nghị", "hỏi", …). The verb stays
    in the text: "Cử tri Lê Văn C phản ánh: X" gives the text "phản ánh: X".
    """
    head = text[:9].split(None, 1)
    if not head or not _opens_speaker(head[0]):  # the quick way out for most text
        return None
    # most prefixes are short: try the first 60 characters, then 100, and trust a match that
    # ends well before the cut (past it, a name or a lookahead may have been cut short)
    m = _SPEAKER_RE.match(fold(text[:60]))
    if (m is None or m.end() > 45) and len(text) > 60:
        m = _SPEAKER_RE.match(fold(text[:100]))
        if (m is None or m.end() > 80) and len(text) > 100:
            m = _SPEAKER_RE.match(fold(text[:_PREFIX_MAX]))
    if m is None:
        return None
    rest = text[m.end():].strip()
    if not rest:
        return None
    name = text[m.start("who"):m.end("who")]
    place = None
    if m.group("wplace"):
        place = text[m.start("wplace"):m.end("wplace")]
    if m.group("paren") is not None:
        paren = text[m.start("paren"):m.end("paren")].strip()
        if place is None and _is_place(paren):
            place = paren
        elif _PERSON_RE.fullmatch(fold(paren)) and m.group("wplace"):
            name = paren  # "Cử tri thôn Đông (ông Nguyễn Văn Tâm)": the person speaks
        else:
            name = f"{name} ({paren})"  # a role: "Ông Nguyễn Văn Bình (tổ trưởng)"
    if m.group("cplace"):
        cplace = text[m.start("cplace"):m.end("cplace")]
        place = cplace if place is None else f"{place}, {cplace}"
    return Speaker(" ".join(name.split()), place and " ".join(place.split()), rest)


# "A; B; C" and inline bullets after a sentence or a colon ("…: - A. - B", "… • A • B").
_ITEM_SEP_RE = re.compile(r"\s*;\s*|(?<=[:;.!?])\s+[-–•]\s+|\s+[•●▪►]\s+")
# A lead-in that announces a list: "… những vấn đề như:", "… gồm:", "… sau đây:", "… cụ thể:".
_LEAD_RE = re.compile(rf"^(?P<lead>[^:]{{0,300}}?{_alt(('nhu', 'gom', 'bao gom', 'sau', 'sau day', 'cu the', 'la'))})\s*:\s*")


def split_items(text: str) -> tuple[str | None, list[str]]:
    """An enumeration becomes its items: "… như: A; B; C" -> ("… như", ["A", "B", "C"]).

    A lead-in that announces the list (ending in "như", "gồm", "sau đây", "cụ thể"
    before the colon, or a first part that is nothing but "…:") is returned apart: it introduces the items and is not one.
    Text without a list comes back as a single item and no lead.
    """
    parts = [p for p in _ITEM_SEP_RE.split(text) if p.strip()]
    if len(parts) < 2:
        return None, [text]
    lead = None
    if parts[0].rstrip().endswith(":"):  # "Các vấn đề: - A. - B": the first part only announces
        return parts[0].rstrip()[:-1].strip() or None, parts[1:]
    m = _LEAD_RE.match(fold(parts[0]))
    if m and m.end() < len(parts[0]):
        lead, parts[0] = parts[0][: m.end("lead")].strip(), parts[0][m.end():]
    return lead, parts


def _sent_tokenize():
    from forumcli.segment.tags import sentences  # noqa: PLC0415 - lazy on purpose

    return sentences


def split_sentences(lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """The sentences of consecutive lines (joined with spaces), each with the line it starts on."""
    text = ""
    starts: list[tuple[int, int]] = []  # (offset in text, line number)
    for lineno, line in lines:
        if text:
            text += " "
        starts.append((len(text), lineno))
        text += line
    cursor = 0
    for sentence in _sent_tokenize()(text):
        at = text.find(sentence, cursor)
        if at < 0:  # the tokenizer changed the text: keep its sentence, place it at the cursor
            at = cursor
        else:
            cursor = at + len(sentence)
        lineno = starts[0][1]
        for offset, n in starts:
            if offset <= at:
                lineno = n
            else:
                break
        yield lineno, sentence
