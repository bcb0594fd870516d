"""underthesea's word-segmentation CRF as plain data: its CRFsuite model file parsed, its
feature templates, its dictionary and normalisation tables, kept in forumcli's cache."""

from __future__ import annotations

import hashlib
import pickle
import re
import struct
from array import array
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from forumcli.text.normalize import norm

TEMPLATE_RE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(\w+))?")
OFFSETS = {"uni": (-2, -1, 0, 1, 2), "bi": (-2, -1, 0, 1), "tri": (-2, -1, 0)}
FNS = (None, "lower", "isdigit", "istitle", "is_in_dict")  # the kinds of value, as templates list them


def cqdb_strings(buf: bytes, off: int) -> list[str]:
    """The strings of a CRFsuite CQDB chunk, by id."""
    if buf[off : off + 4] != b"CQDB":
        raise ValueError("not a CQDB chunk")
    _size, _flag, _order, n, bwd = struct.unpack_from("<5I", buf, off + 4)
    out = []
    for i, (rec,) in enumerate(struct.iter_unpack("<I", buf[off + bwd : off + bwd + 4 * n])):
        rid, ksize = struct.unpack_from("<2I", buf, off + rec)
        if rid != i:
            raise ValueError("CQDB ids out of order")
        out.append(buf[off + rec + 8 : off + rec + 7 + ksize].decode("utf-8"))
    return out


def read_crfsuite(path: Path) -> tuple[list[str], dict[str, list[float]], list[list[float]]]:
    """(labels, state weights by attribute, transition weights) of a CRFsuite model file."""
    buf = path.read_bytes()
    magic, _size, kind, _ver, _nf, _nl, _na, off_feat, off_labels, off_attrs, _lr, _ar = struct.unpack_from(
        "<4sI4s9I", buf, 0
    )
    if magic != b"lCRF" or kind != b"FOMC" or buf[off_feat : off_feat + 4] != b"FEAT":
        raise ValueError(f"{path}: not a CRFsuite model")
    _fsize, nfeat = struct.unpack_from("<2I", buf, off_feat + 4)
    labels, attrs = cqdb_strings(buf, off_labels), cqdb_strings(buf, off_attrs)
    state: dict[str, list[float]] = {}
    trans = [[0.0] * len(labels) for _ in labels]
    start = off_feat + 12
    for kind_, src, dst, w in struct.iter_unpack("<3Id", buf[start : start + 20 * nfeat]):
        if kind_ == 0:
            state.setdefault(attrs[src], [0.0] * len(labels))[dst] = w
        else:
            trans[src][dst] = w
    return labels, state, trans


def parse_templates(templates: list[str]) -> list[tuple[str, int, int, str | None]]:
    """(name, first offset, last offset, kind of value) of each feature template."""
    parsed = []
    for name in templates:
        m = TEMPLATE_RE.fullmatch(name)
        if m is None:
            raise ValueError(f"unknown feature template {name!r}")
        a, b = int(m[1]), int(m[2]) if m[2] else int(m[1])
        fn = m[3]
        if fn not in FNS or not -2 <= a <= b <= 2 or b - a > 2:
            raise ValueError(f"unknown feature template {name!r}")
        parsed.append((name, a, b, fn))
    return parsed


def template_slots(parsed) -> dict[str, tuple[str, str | None, int]]:
    """Template name -> (group, kind of value, index of its offset in the group)."""
    where = {}
    for name, a, b, fn in parsed:
        group = ("uni", "bi", "tri")[b - a]
        where[name] = (group, fn, OFFSETS[group].index(a))
    return where


def value_tables(templates: list[str], weights: Iterable[tuple[str, float]]) -> dict[str, tuple[str, bytes]]:
    """The model's weights ("T[-1,0].lower=kiến nghị" -> w) by group of templates and kind of
    value: value -> the weight at each offset of the group ("kiến nghị" -> (.., w, .., ..)), as
    plain data (values joined by newlines, weights as doubles)."""
    where = template_slots(parse_templates(templates))
    rows: dict[tuple[str, str | None], dict[str, list[float]]] = {}
    for attr, w in weights:
        name, _, value = attr.partition("=")
        got = where.get(name)
        if got is None:
            continue
        group, fn, i = got
        row = rows.setdefault((group, fn), {}).setdefault(value, [0.0] * len(OFFSETS[group]))
        row[i] += w
    return {
        f"{group}:{fn or ''}": ("\n".join(by_value), array("d", chain.from_iterable(by_value.values())).tobytes())
        for (group, fn), by_value in rows.items()
    }


def respellings(dictionary: Iterable[str]) -> frozenset[str]:
    """The dictionary's words as ``norm`` writes them, where that is not as the dictionary does."""
    words = list(dictionary)
    return frozenset(norm("\n".join(words)).split("\n")).difference(words)


def weight_tables(data: dict[str, tuple[str, bytes]]) -> dict[tuple[str, str | None], dict[str, tuple[float, ...]]]:
    tables: dict[tuple[str, str | None], dict[str, tuple[float, ...]]] = {
        (group, fn): {} for group in OFFSETS for fn in FNS
    }
    for key, (values, weights) in data.items():
        group, _, fn = key.partition(":")
        flat = array("d")
        flat.frombytes(weights)
        width = iter(flat)
        tables[group, fn or None] = dict(zip(values.split("\n"), zip(*[width] * len(OFFSETS[group]))))
    return tables


def read_files(root: Path) -> dict:
    """What the model needs from underthesea's files, as plain data."""
    from forumcli.segment.files import MODEL, REGEX, RULES  # noqa: PLC0415

    labels, state, trans = read_crfsuite(root / MODEL / "models.bin")
    if sorted(labels) != ["B-W", "I-W"]:
        raise ValueError(f"unexpected labels {labels}")
    b, i = labels.index("B-W"), labels.index("I-W")
    with (root / MODEL / "features.bin").open("rb") as f:
        templates = pickle.load(f)  # noqa: S301 - underthesea's own installed files
    with (root / MODEL / "dictionary.bin").open("rb") as f:
        dictionary = pickle.load(f)  # noqa: S301
    with (root / RULES).open("rb") as f:
        rules = pickle.load(f)  # noqa: S301
    words = sorted(w for w in dictionary if isinstance(w, str))
    return {
        "templates": list(templates),
        "tables": value_tables(list(templates), ((a, w[i] - w[b]) for a, w in state.items())),
        "trans": [[trans[b][b], trans[b][i]], [trans[i][b], trans[i][i]]],
        "dictionary": "\n".join(words),
        # normalising the dictionary takes 0.1 s: a process that meets a glued word (nearly
        # every one) would pay it, and with --jobs every worker would
        "respelled": "\n".join(sorted(respellings(words))),
        "token_map": dict(rules["token"]),
        "character_map": dict(rules["character"]),
        "regex": (root / REGEX).read_text(encoding="utf-8"),
    }


def data_stamp(root: Path) -> str:
    """A key for the model's files as installed and for the code that reads them."""
    from forumcli.segment.files import MODEL, REGEX, RULES  # noqa: PLC0415

    stamp = hashlib.sha256()
    for f in (root / MODEL / "models.bin", root / MODEL / "features.bin", root / MODEL / "dictionary.bin",
              root / RULES, root / REGEX, Path(__file__), Path(__file__).parents[1] / "text" / "normalize.py"):
        st = f.stat()
        stamp.update(f"{f}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return stamp.hexdigest()[:32]


def cached_data(root: Path) -> dict:
    """``read_files``, kept in forumcli's cache directory (reading the CRFsuite file takes
    0.2 s, the cached copy 0.03 s), keyed by the files' sizes and times and this module."""
    from forumcli import cache  # noqa: PLC0415

    name = f"wordcrf-{data_stamp(root)}.pickle"
    data = cache.load(name)
    if not isinstance(data, dict):
        data = read_files(root)
        cache.store(name, data)
    return data


