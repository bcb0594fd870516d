"""segment/: the one door to underthesea. The fast CRF is checked against
underthesea.word_tokenize when it loads; when its files cannot be read, when the check
fails or when asked, underthesea segments instead, with the same labels and one note."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

from conftest import subprocess_env

from forumcli.segment import crfmodel, files, words

ROOT = Path(__file__).resolve().parents[2]
def _labels(jsonl: str) -> list[tuple]:
    return [(r["source"], r["line"], r["topics"], r["kinds"]) for r in map(json.loads, jsonl.splitlines())]


SAMPLES = sorted(str(p) for p in (ROOT / "samples").glob("*.txt"))
NOTE = "note: words are segmented by underthesea.word_tokenize (slower, same labels): "


def _tag(*, patch: str = "pass", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from pathlib import Path; import forumcli.segment.files as files; "
        f"{patch}; sys.argv = ['forumcli', 'tag', '-f', 'jsonl', *{SAMPLES!r}]; "
        "from forumcli.cli.app import main; main()"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          env={**subprocess_env(), **(env or {})}, timeout=300)


def test_unreadable_fast_crf_files_fall_back_to_underthesea_with_the_same_labels(tmp_path):
    fast = _tag()
    assert fast.returncode == 0 and fast.stderr == ""
    # the model file is not one the fast CRF can parse (as if its format changed); underthesea
    # itself still reads it
    patch = ("import forumcli.segment.crffile as c; "
             "c.read_crfsuite = lambda path: (_ for _ in ()).throw(ValueError('not a CRFsuite model'))")
    slow = _tag(patch=patch, env={"FORUMCLI_CACHE_DIR": str(tmp_path)})
    assert slow.returncode == 0
    assert _labels(slow.stdout) == _labels(fast.stdout) != []
    assert slow.stderr == NOTE + "underthesea's model files cannot be read this way (ValueError: not a CRFsuite model)\n"


def test_asked_for_underthesea_it_segments_and_says_so_once():
    slow = _tag(env={words.SEGMENTER_ENV: "underthesea", "FORUMCLI_SEGMENTER_NOTED": ""})
    assert slow.returncode == 0
    assert slow.stderr == NOTE + "FORUMCLI_SEGMENTER=underthesea\n"
    assert _labels(slow.stdout) == _labels(_tag().stdout) != []


def test_the_check_finds_a_fast_crf_that_segments_otherwise():
    m = crfmodel.model()
    assert words.check_fast(m) is None
    broken = copy.copy(m)
    broken.b_below = float("inf")  # every edge taken as a word boundary
    assert words.check_fast(broken, ["Cử tri kiến nghị tăng cường an ninh."]) == (
        "the fast CRF segments 'Cử tri kiến nghị tăng cường an ninh.' otherwise than underthesea.word_tokenize"
    )


def test_without_the_model_glued_words_come_apart_by_the_dictionary():
    # "kiến nghị nhân" is not a word of underthesea's dictionary: taken apart, as the fast
    # CRF's test does; a dictionary word and a name stay whole
    assert words.unglue(["kiến nghị nhân", "rộng"], words._dictionary_word) == ["kiến", "nghị", "nhân", "rộng"]
    kept = ["an ninh", "Nguyễn Văn Hùng", "mô hình"]
    assert words.unglue(kept, words._dictionary_word) == kept


def test_a_version_outside_the_tested_range_is_named(monkeypatch):
    monkeypatch.setattr(files, "version", lambda: "8.3.0")
    assert files.version_problem() == "underthesea 8.3.0 is outside the tested range >=9.5,<10"
    monkeypatch.setattr(files, "version", lambda: "9.5.0")
    assert files.version_problem() is None
