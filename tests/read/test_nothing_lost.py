"""Nothing lost, nothing invented, no traceback: read -> tag -> tally invariants."""

from __future__ import annotations

import subprocess
import sys

from conftest import subprocess_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forumcli.analyse.tally import Tally
from forumcli.errors import InputError
from forumcli.read.remarks import ReadStats, read_remarks

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Text with the characters that matter here: line ends, bullets, separators, speaker-ish words.
PIECES = st.sampled_from(["\n", "\r\n", "\r", "- ", "1. ", "; ", ": ", "Ông Lê Văn An ", "(TDP 5)", "cháy", "lô đề", " "])
TEXTS = st.lists(st.one_of(st.text(max_size=20), PIECES), max_size=30).map("".join)


def run_pipeline(tmp_path, name: str, data: bytes, tagger, **kw) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    stats = ReadStats()
    counts = Tally(tagger.taxonomy)
    records = 0
    try:
        for remark in read_remarks([str(src)], stats=stats, validate=True, **kw):
            assert remark.text and remark.text == remark.text.strip()
            tagged = tagger.tag(remark.text)
            counts.add(tagger.roll_up(tagged.topics, "top"), tagged.kinds)
            records += 1
    except InputError as e:
        assert str(e).startswith(str(src))
        return
    assert records == stats.remarks == counts.total
    assert all(n <= counts.total for n in (*counts.topics.values(), counts.no_topic, counts.no_kind))


@SETTINGS
@given(text=TEXTS, split=st.sampled_from(["line", "paragraph", "item"]))
def test_any_unicode_text(tmp_path_factory, mini_tagger, text, split):
    tmp = tmp_path_factory.mktemp("u")
    run_pipeline(tmp, "notes.txt", text.encode("utf-8", "surrogatepass"), mini_tagger, split=split)


@settings(max_examples=15, deadline=None)
@given(text=TEXTS)
def test_any_unicode_text_by_sentence(tmp_path_factory, mini_tagger, text):
    run_pipeline(tmp_path_factory.mktemp("s"), "notes.txt", text.encode("utf-8", "surrogatepass"), mini_tagger, split="sentence")


@SETTINGS
@given(data=st.binary(max_size=200), name=st.sampled_from(["a.txt", "a.jsonl", "a.csv", "a.tsv", "a.docx", "a.xlsx"]))
def test_any_bytes(tmp_path_factory, mini_tagger, data, name):
    run_pipeline(tmp_path_factory.mktemp("b"), name, data, mini_tagger)


def test_tally_total_counts_every_remark_once(mini_tagger, tmp_path):
    src = tmp_path / "n.txt"
    src.write_text("cháy chợ, lô đề\n- \nvỉa hè\nkhông gì\n", encoding="utf-8")
    stats = ReadStats()
    counts = Tally(mini_tagger.taxonomy)
    for remark in read_remarks([str(src)], stats=stats):
        tagged = mini_tagger.tag(remark.text)
        counts.add(mini_tagger.roll_up(tagged.topics, "top"), tagged.kinds)
    assert (counts.total, counts.no_topic, stats.remarks, stats.skipped) == (3, 1, 3, 1)
    assert dict(counts.topics) == {"fire": 1, "drugs_gambling": 1, "urban_order": 1}


def forumcli_into_head(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess:
    cmd = f"{sys.executable} -m forumcli {' '.join(args)} | head -1"
    return subprocess.run(
        ["sh", "-c", cmd], input=stdin, capture_output=True, env=subprocess_env(), timeout=120
    )


def test_bad_input_into_head_leaves_no_traceback(mini_path, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\n")
    result = forumcli_into_head(["tag", str(bad), "-t", str(mini_path)])
    assert (result.stdout, result.stderr) == (
        b"",
        f"Error: {bad}:2: not valid UTF-8 (byte 0xff at column 1); try --encoding cp1258\n".encode(),
    )


def test_long_output_into_head_leaves_no_traceback(mini_path, tmp_path):
    src = tmp_path / "many.txt"
    src.write_text("Ông Lê Văn An (TDP 5): cháy chợ\n" * 20000, encoding="utf-8")
    result = forumcli_into_head(["tag", str(src), "-t", str(mini_path), "-f", "csv"])
    assert result.stdout == b"source,line,id,speaker,place,text,topics,kinds,terms\n"
    assert b"Traceback" not in result.stderr
