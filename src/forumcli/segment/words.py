"""Word segmentation with underthesea, aligned to our syllables: the one door to it.

Two segmenters give the same words:

* the **fast CRF** (the default): underthesea's own model files read directly
  (``files``, ``crffile``, ``crfmodel``), asked only about the syllable edges where a
  term starts or ends (``fastcrf``). When it loads, it is checked once against
  ``underthesea.word_tokenize`` on fixed sentences (the verdict is cached with the
  model's files);
* **underthesea** itself (``underthesea.word_tokenize``), segmenting a window around
  each edge. It is used when the fast CRF's files cannot be read, when the check
  finds a difference, when the installed underthesea is outside the tested range, or
  when ``FORUMCLI_SEGMENTER=underthesea`` asks for it. A note on stderr says so, once.

Both then take apart a word the CRF glued from tokens that are not a word (``unglue``).
Everything is loaded on first use, so that ``forumcli --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from forumcli.text.normalize import SYLLABLE_RE, Syllables, fold, norm, syllables

if TYPE_CHECKING:
    from forumcli.segment.crfmodel import Model

SEGMENTER_ENV = "FORUMCLI_SEGMENTER"  # "fast" (the default) or "underthesea"
_NOTED_ENV = "FORUMCLI_SEGMENTER_NOTED"  # set once the note is shown, so workers don't repeat it
FAST, UNDERTHESEA = "fast CRF", "underthesea.word_tokenize"
# Sentences the fast CRF must segment as underthesea does: glued words, names, numbers,
# abbreviations, punctuation inside tokens, text without diacritics.
CHECK_SENTENCES = (
    "Cử tri kiến nghị nhân rộng mô hình, vấn đề an ninh tại TP.HCM còn phức tạp.",
    "Ông Nguyễn Văn Hùng (TDP 5) phản ánh tình trạng lấn chiếm vỉa hè, đề nghị xử lý dứt điểm.",
    "Đề nghị Công an phường tăng cường tuần tra, xử lý nghiêm các đối tượng đua xe trái phép.",
    "Việc cấp căn cước công dân gắn chip và tài khoản định danh điện tử VNeID còn chậm.",
    "Tình trạng tụ tập thanh thiếu niên, cờ bạc, lô đề vẫn diễn ra ở khu vực chợ Covid-19.",
    "de nghi xu ly lan chiem via he, cong an phuong can tuan tra ban dem",
)

_state: tuple[Model | None, str, str | None] | None = None  # (model, segmenter, why not the fast CRF)
_tokenize: Callable[[str], list[str]] | None = None


def fast_model() -> Model | None:
    """The fast CRF, loaded and checked once; None when underthesea segments instead."""
    return _choose()[0]


def segmenter() -> tuple[str, str | None]:
    """(the segmenter in use, why not the fast CRF: None when it is)."""
    _, name, why = _choose()
    return name, why


def _choose() -> tuple[Model | None, str, str | None]:
    global _state
    if _state is None:
        m, why = _load_fast()
        _state = (m, FAST if m is not None else UNDERTHESEA, why)
        if m is None and not os.environ.get(_NOTED_ENV):
            os.environ[_NOTED_ENV] = "1"
            print(f"note: words are segmented by {UNDERTHESEA} (slower, same labels): {why}", file=sys.stderr)
    return _state


def _load_fast() -> tuple[Model | None, str | None]:
    if os.environ.get(SEGMENTER_ENV, "").strip().lower() == "underthesea":
        return None, f"{SEGMENTER_ENV}=underthesea"
    from forumcli.segment import crfmodel, files  # noqa: PLC0415

    problem = files.version_problem()
    if problem:
        return None, problem
    m = crfmodel.model()
    if m is None:
        return None, crfmodel.load_problem()
    problem = _checked(m)
    return (None, problem) if problem else (m, None)


def _checked(m: Model) -> str | None:
    """The fast CRF's agreement with underthesea on CHECK_SENTENCES: None, or the difference.
    Run once for each installed version of the model's files (the verdict is cached)."""
    from forumcli import cache  # noqa: PLC0415
    from forumcli.segment import crffile, files  # noqa: PLC0415

    name = f"segcheck-{crffile.data_stamp(files.package_dir())}.pickle"
    verdict = cache.load(name)
    if not (isinstance(verdict, tuple) and len(verdict) == 1):
        verdict = (check_fast(m),)
        cache.store(name, verdict)
    return verdict[0]


def check_fast(m: Model, sentences: Iterable[str] = CHECK_SENTENCES) -> str | None:
    """Compare the fast CRF's word boundaries with underthesea.word_tokenize's on ``sentences``."""
    from forumcli.segment.fastcrf import boundaries as fast_boundaries  # noqa: PLC0415

    try:
        from underthesea import word_tokenize  # noqa: PLC0415
    except Exception as e:  # noqa: BLE001 - any failure to import: nothing to check against
        return f"underthesea cannot be imported ({type(e).__name__}: {e})"
    for text in sentences:
        sy = syllables(text)
        ids = _align(unglue(word_tokenize(text), m.real_word), sy.folds)
        edges = set(range(1, len(sy)))
        found, undecided = fast_boundaries(m, text, sy, edges)
        decided = edges - set(undecided)
        if found & decided != {k for k in decided if ids[k - 1] != ids[k]}:
            return f"the fast CRF segments {text!r} otherwise than {UNDERTHESEA}"
    return None


def tokenize(text: str) -> list[str]:
    """underthesea's words of ``text`` (each word may hold several syllables)."""
    global _tokenize
    if _tokenize is None:
        if fast_model() is not None:
            from forumcli.segment import files  # noqa: PLC0415

            _tokenize = files.load()
        if _tokenize is None:
            from underthesea import word_tokenize  # noqa: PLC0415

            _tokenize = word_tokenize
    return _tokenize(text)


def real_word() -> Callable[[list[str]], bool]:
    """Whether a word the CRF glued from tokens is one forumcli takes as a word: the fast
    CRF's test (a name, a dictionary word, or pairs the CRF learned to join), or without it
    the same test less the learned pairs."""
    m = fast_model()
    return m.real_word if m is not None else _dictionary_word


def _dictionary_word(tokens: list[str]) -> bool:
    from forumcli.segment.crfmodel import is_name  # noqa: PLC0415

    return len(tokens) < 2 or is_name(tokens) or norm(" ".join(tokens)) in _dictionary()


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """underthesea's word list, in the spellings ``norm`` writes too."""
    from forumcli.segment.crffile import respellings  # noqa: PLC0415
    from forumcli.segment.files import dictionary_words  # noqa: PLC0415

    words = dictionary_words()
    return frozenset(words) | respellings(words)


def unglue(words: list[str], real: Callable[[list[str]], bool] | None = None) -> list[str]:
    """``words`` with each word of several tokens that is not a real word (``real_word``)
    split into its tokens: the CRF sometimes glues a word onto its neighbour ("kiến nghị
    nhân rộng" -> "kiến_nghị_nhân rộng"), hiding a term that ends there."""
    real = real or real_word()
    out: list[str] = []
    for w in words:
        if " " in w and not real(w.split(" ")):
            out.extend(w.split(" "))
        else:
            out.append(w)
    return out


def word_ids(text: str, sylls: Syllables) -> tuple[int, ...]:
    """For each syllable of ``text``, the index of the word it belongs to.

    The words are underthesea's, unglued (``unglue``). Two neighbouring syllables are in
    the same word exactly when their ids are equal. If underthesea's output cannot be
    aligned (it should always be), every syllable is treated as its own word, so no match
    is lost.
    """
    return _word_ids(text, sylls.folds)


@lru_cache(maxsize=32768)
def _word_ids(text: str, folds: tuple[str, ...]) -> tuple[int, ...]:
    return _align(unglue(tokenize(text)), folds)


def _align(words: list[str], folds: tuple[str, ...]) -> tuple[int, ...]:
    n = len(folds)
    ids: list[int] = []
    ti = 0
    for wi, w in enumerate(words):
        for m in SYLLABLE_RE.finditer(fold(norm(w))):
            if ti < n and folds[ti] == m.group():
                ids.append(wi)
                ti += 1
            else:
                return tuple(range(n))
    if ti != n:
        return tuple(range(n))
    return tuple(ids)


def crf_boundaries(text: str, sy: Syllables, positions: Iterable[int]) -> tuple[set[int], list[int]]:
    """The word boundaries among ``positions`` that the fast CRF decides, and the rest
    (all of them when underthesea segments instead)."""
    from forumcli.segment.fastcrf import boundaries as fast_boundaries  # noqa: PLC0415

    return fast_boundaries(fast_model(), text, sy, positions)


def boundaries(text: str, sylls: Syllables, positions: Iterable[int], window: int) -> set[int]:
    """Which of ``positions`` are word boundaries, segmenting only near them.

    Position ``k`` is the boundary between syllables ``k - 1`` and ``k``; 0 and
    ``len(sylls)`` always are. Instead of the whole text, underthesea segments
    the ``window`` syllables on each side of each position (overlapping windows
    are merged). Its CRF looks at two tokens on each side, so a window of a few
    syllables almost always gives the answer full segmentation gives; the
    benchmark measures how often.
    """
    n = len(sylls)
    ks = sorted({k for k in positions if 0 < k < n})
    found = {k for k in positions if k <= 0 or k >= n}
    spans: list[list[int]] = []  # [start, end, *positions]
    for k in ks:
        a, b = max(0, k - window), min(n, k + window)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
            spans[-1].append(k)
        else:
            spans.append([a, b, k])
    for a, b, *inside in spans:
        ids = _word_ids(text[sylls.starts[a] : sylls.ends[b - 1]], sylls.folds[a:b])
        found.update(k for k in inside if ids[k - a - 1] != ids[k - a])
    return found
