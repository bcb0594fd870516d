"""underthesea's installed files: where they are, which version, and its word segmenter
loaded from them without importing underthesea.

``import underthesea`` costs about 0.6 s (it loads every pipeline, joblib and
requests); its word segmenter is only a regex tokenizer, a token normaliser and
a CRF model run by underthesea_core. This module loads those same pieces from
underthesea's installed files: the regex patterns are taken from underthesea's
own ``regex_tokenize.py`` (its module-level assignments, executed without its
imports), the normalisation tables and model files are plain pickles. The
result is the output of ``underthesea.word_tokenize`` for the same text (the
tests compare the two); if anything is missing or has changed shape, ``load()``
returns None and the caller falls back to ``underthesea.word_tokenize``.
"""

from __future__ import annotations

import ast
import importlib.util
import pickle
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

# The underthesea versions whose files forumcli reads directly (tested; the fast CRF is
# still checked against underthesea.word_tokenize when it loads).
TESTED = ((9, 5), (10, 0))  # >= 9.5, < 10
MODEL = Path("pipeline") / "word_tokenize" / "models" / "ws_crf_vlsp2013_20230727"
REGEX = Path("pipeline") / "word_tokenize" / "regex_tokenize.py"
RULES = Path("pipeline") / "text_normalize" / "tn_rules_2023_07_14.bin"


def package_dir() -> Path | None:
    """underthesea's installed folder, found without importing it (that costs 0.6 s)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def version() -> str | None:
    """The installed underthesea's version, read without importing it."""
    from importlib.metadata import PackageNotFoundError  # noqa: PLC0415
    from importlib.metadata import version as dist_version  # noqa: PLC0415

    try:
        return dist_version("underthesea")
    except PackageNotFoundError:
        return None


def version_problem() -> str | None:
    """Why the installed underthesea is not one whose files forumcli reads directly, or None."""
    v = version()
    if v is None:
        return "underthesea is not installed"
    try:
        got = tuple(int(x) for x in v.split(".")[:2])
    except ValueError:
        return f"underthesea {v}: cannot tell its version"
    (lo, hi) = TESTED
    if not lo <= got < hi:
        return f"underthesea {v} is outside the tested range >={lo[0]}.{lo[1]},<{hi[0]}"
    return None


def data_file(*parts: str) -> Path | None:
    """A file shipped inside underthesea (a word list, a model), or None when it is not there."""
    root = package_dir()
    if root is None:
        return None
    path = root.joinpath(*parts)
    return path if path.is_file() else None


def token_patterns(source: str) -> re.Pattern[str]:
    """underthesea's compiled token regex: its module-level assignments, run without its imports."""
    tree = ast.parse(source)
    body = [n for n in tree.body if isinstance(n, (ast.Assign, ast.AugAssign))]
    namespace: dict[str, object] = {"re": re}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(REGEX), "exec"), namespace)  # noqa: S102
    patterns = namespace["patterns"]
    if not isinstance(patterns, re.Pattern):
        raise TypeError("regex_tokenize.patterns is not a compiled pattern")
    return patterns


def _unpickle(path: Path):
    with path.open("rb") as f:
        return pickle.load(f)  # noqa: S301 - underthesea's own installed files


class Segmenter:
    """``word_tokenize(text)``: the words of ``text``, as ``underthesea.word_tokenize`` gives them."""

    def __init__(self, root: Path):
        from underthesea_core import CRFFeaturizer, CRFTagger  # noqa: PLC0415

        self.patterns = token_patterns((root / REGEX).read_text(encoding="utf-8"))
        rules = _unpickle(root / RULES)
        self.character_map: dict[str, str] = dict(rules["character"])
        self.token_map: dict[str, str] = dict(rules["token"])
        features = _unpickle(root / MODEL / "features.bin")
        dictionary = _unpickle(root / MODEL / "dictionary.bin")
        self.featurizer = CRFFeaturizer(features, dictionary)
        self.tagger = CRFTagger()
        self.tagger.load(str(root / MODEL / "models.bin"))

    def _normalize_characters(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        for bad, good in self.character_map.items():
            text = text.replace(bad, good)
        return text

    def tokens(self, text: str) -> list[str]:
        """underthesea's ``regex_tokenize.tokenize`` with its default options."""
        text = self._normalize_characters(text)
        out = []
        for m in self.patterns.finditer(text):
            token = next(v for v in m.groupdict().values() if v is not None)
            if len(token) <= 6:
                token = self._normalize_characters(token)
                token = self.token_map.get(token, token)
            out.append(token)
        return out

    def word_tokenize(self, text: str) -> list[str]:
        tokens = self.tokens(text)
        if not tokens:
            return []
        x = self.featurizer.process([[[t] for t in tokens]])[0]
        tags = self.tagger.tag(x)
        words: list[str] = []
        for tag, token in zip(tags, tokens):
            if tag == "I-W" and words:
                words[-1] = words[-1] + " " + token
            else:
                words.append(token)
        return words


def load() -> Callable[[str], list[str]] | None:
    """The direct segmenter, or None when underthesea's files cannot be used this way."""
    root = package_dir()
    if root is None:
        return None
    try:
        return Segmenter(root).word_tokenize
    except Exception:  # noqa: BLE001 - any surprise means: use underthesea itself
        return None


def dictionary_words() -> set[str]:
    """The word list the CRF model was trained with (its ``is_in_dict`` features); empty if unavailable."""
    root = package_dir()
    if root is None:
        return set()
    try:
        words = _unpickle(root / MODEL / "dictionary.bin")
    except Exception:  # noqa: BLE001
        return set()
    return {w for w in words if isinstance(w, str)}
