"""A seeded generator of realistic forum remarks, built from the vocabulary of samples/.

Remarks are recombined from the clauses of the sample minutes, with a speaker
prefix, fresh names, places and numbers, so most remarks are distinct while the
words are those of real minutes. Some lines are written without diacritics and
some are exact repeats of earlier lines, as in pasted minutes.

    python bench/corpus.py --remarks 20000 --seed 1 > corpus.txt
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

_PREFIX_RE = re.compile(r"^\s*(?:[-•+]|\d+[.)]|[a-z]\))\s*")
_SPEAKER_RE = re.compile(r"^[^:]{3,60}:\s*")
_NAME_RE = re.compile(r"\b(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Võ|Phan|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Vũ|Hà)(?: [A-ZĐ][^\s,():]*){1,3}")
_NUM_RE = re.compile(r"(?<![-\d])\b\d{1,3}\b(?!-)")

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Võ Phan Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Vũ Hà Trương Mai Tô".split()
MIDDLE = "Văn Thị Đình Hữu Quốc Xuân Công Minh Thanh Ngọc Đức".split()
GIVEN = (
    "Hùng Lan Cường Sơn Mai Bảo Thắng Hoa Dũng Hằng Tài Lợi Tuý Thanh Đức Thành Minh Nam Tâm Nga "
    "Khoa Lực Sen Hải Huệ Quang Lệ Thuận Phúc Thu Bình Hạnh Việt Tùng Hà Long Yến Hoà Thuỷ Khoẻ"
).split()
TITLES = ["Ông", "Bà", "Cử tri", "Đại biểu", "Anh", "Chị"]
PLACES = ["TDP {n}", "tổ dân phố {n}", "thôn {v}", "khối {n}", "ấp {v}", "xóm {n}"]
VILLAGES = "Đông Tây Nam Bắc Trung Thượng Hạ Mới Cồn Gò".split()
VERBS = ["phản ánh", "đề nghị", "kiến nghị", "hỏi", "đề xuất", "bức xúc", "ghi nhận", "", "", ""]


def _fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    ))


def clauses() -> list[str]:
    """The clauses of every remark in samples/, without speaker prefixes."""
    out: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = _PREFIX_RE.sub("", line.strip())
            if len(line) < 40 or line.isupper():
                continue
            line = _SPEAKER_RE.sub("", line, count=1)
            for part in re.split(r"(?<=[,;.?])\s+", line):
                part = part.strip(" ,;.")
                if len(part.split()) >= 3 and _fold(part) != part:
                    out.append(part)
    return out


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _speaker(rng: random.Random) -> str:
    place = rng.choice(PLACES).format(n=rng.randint(1, 30), v=rng.choice(VILLAGES))
    verb = rng.choice(VERBS)
    head = f"{rng.choice(TITLES)} {_name(rng)} ({place})"
    return f"{head} {verb}: " if verb else f"{head}: "


def _remark(rng: random.Random, pool: list[str]) -> str:
    text = _speaker(rng) if rng.random() < 0.8 else ""
    target = rng.randint(80, 400)
    parts: list[str] = []
    while len(text) + sum(len(p) + 2 for p in parts) < target - 30 or not parts:
        clause = rng.choice(pool)
        clause = _NAME_RE.sub(lambda _m: _name(rng), clause)
        clause = _NUM_RE.sub(lambda _m: str(rng.randint(1, 99)), clause)
        parts.append(clause)
    body = ", ".join(parts)
    if not text:
        body = body[:1].upper() + body[1:]
    line = text + body
    if len(line) > 399:
        line = line[:399].rsplit(" ", 1)[0]
    return line.rstrip(" ,;") + rng.choice([".", ".", ".", "?", ";"])


def remarks(n: int, *, seed: int = 1, folded: float = 0.1, duplicates: float = 0.05) -> Iterator[str]:
    """``n`` remark lines of 80-400 characters; the same seed gives the same lines."""
    rng = random.Random(seed)
    pool = clauses()
    recent: list[str] = []
    for _ in range(n):
        if recent and rng.random() < duplicates:
            yield rng.choice(recent)
            continue
        line = ""
        while not 80 <= len(line) <= 400:
            line = _remark(rng, pool)
        if rng.random() < folded:
            line = _fold(line)
        recent.append(line)
        if len(recent) > 2000:
            recent.pop(rng.randrange(len(recent)))
        yield line


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--remarks", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--folded", type=float, default=0.1, help="share of lines without diacritics")
    ap.add_argument("--duplicates", type=float, default=0.05, help="share of lines repeating an earlier one")
    args = ap.parse_args(argv)
    out = sys.stdout
    for line in remarks(args.remarks, seed=args.seed, folded=args.folded, duplicates=args.duplicates):
        out.write(line + "\n")


if __name__ == "__main__":
    main()
