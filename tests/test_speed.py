"""Windowed segmentation, the direct CRF, the pipeline, --jobs, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import subprocess_env

from forumcli import pipeline
from forumcli.match.tagger import Tagger
from forumcli.read.remarks import Remark
from forumcli.segment import words as segment
from forumcli.taxonomy.load import load_taxonomy
from forumcli.text.normalize import syllables

SENTENCES = [
    "Cử tri phản ánh tình trạng ghi lô đề, cờ bạc diễn ra công khai tại tổ dân phố số 5.",
    "Người dân đề nghị đẩy nhanh việc cấp căn cước công dân gắn chip và định danh điện tử.",
    "Thanh niên tụ tập sử dụng ma tuý vào ban đêm.",
    "Tinh trang lan chiem via he, long duong de buon ban dien ra tran lan.",
    "Việc chi trả hỗ trợ người lao động bị ảnh hưởng bởi dịch Covid-19 còn chậm.",
    "Cử tri hỏi về hoà giải ở cơ sở, thuỷ lợi, sức khoẻ và uỷ ban; TP.HCM 1.600m-2.000m?",
    "",
]

REMARKS = [
    "Cử tri phản ánh tình trạng lấn chiếm vỉa hè để bán hàng.",
    "Đề nghị xử lý vấn đề ma túy và lô đề ở tổ dân phố.",
    "Quán karaoke mở nhạc to, khi nào thì xử lý?",
    "Cửa hàng bị cháy hàng nhưng chưa có PCCC.",
    "lan chiem via he va ma tuy",
    "Đường sá đẹp.",
]


def test_import_cli_does_not_import_underthesea():
    code = "import sys, forumcli.cli.app; print(sorted(m for m in sys.modules if m.startswith('underthesea')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=subprocess_env(), check=True)
    assert out.stdout == "[]\n"


def test_direct_crf_gives_underthesea_words():
    from underthesea import word_tokenize

    from forumcli.segment import files

    direct = files.load()
    assert direct is not None
    for s in SENTENCES:
        assert direct(s) == word_tokenize(s)


def test_boundaries_in_windows_match_full_segmentation():
    text = SENTENCES[0]
    sy = syllables(text)
    wid = segment.word_ids(text, sy)
    n = len(sy)
    full = {k for k in range(n + 1) if k in (0, n) or wid[k - 1] != wid[k]}
    assert segment.boundaries(text, sy, range(n + 1), 3) == full
    # "ghi lô đề , cờ_bạc": inside cờ_bạc is no boundary, before and after it are
    k = sy.norms.index("bạc")
    assert segment.boundaries(text, sy, [k - 1, k, k + 1], 3) == {k - 1, k + 1}


def test_windowed_tagger_agrees_with_full_segmentation(mini_path):
    tax = load_taxonomy(mini_path)
    full, windowed = Tagger(tax, window=None), Tagger(tax)
    got = [(t.topics, t.kinds) for t in map(windowed.tag, REMARKS)]
    assert got == [(full.tag(r).topics, full.tag(r).kinds) for r in REMARKS]
    assert got == [
        (("urban_order",), ("complaint",)),
        (("drugs_gambling",), ("proposal",)),
        (("urban_order",), ("question",)),
        ((), ()),
        (("urban_order", "drugs_gambling"), ()),
        ((), ()),
    ]
    assert [t.matches for t in map(windowed.tag, REMARKS)] == [t.matches for t in map(full.tag, REMARKS)]


def test_repeated_remark_comes_from_the_cache(mini_tagger):
    first = mini_tagger.tag(REMARKS[1])
    assert mini_tagger.tag(REMARKS[1]) is first


def test_compiled_tagger_is_cached_and_follows_the_file(tmp_path, monkeypatch, mini_path):
    monkeypatch.setenv("FORUMCLI_CACHE_DIR", str(tmp_path / "cache"))
    tax = tmp_path / "t.yaml"
    tax.write_text(mini_path.read_text(encoding="utf-8"), encoding="utf-8")
    assert pipeline.compiled_tagger(tax).tag(REMARKS[2]).topics == ("urban_order",)
    assert len(list((tmp_path / "cache").glob("tagger-*.pickle"))) == 1
    tax.write_text(tax.read_text(encoding="utf-8").replace("      - karaoke\n", ""), encoding="utf-8")
    assert pipeline.compiled_tagger(tax).tag(REMARKS[2]).topics == ()
    assert len(list((tmp_path / "cache").glob("tagger-*.pickle"))) == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_tag_remarks_keeps_input_order(jobs, monkeypatch, mini_path, mini_tagger):
    monkeypatch.setattr(pipeline, "BATCH", 2)
    remarks = [Remark("x", i, REMARKS[i % len(REMARKS)]) for i in range(25)]
    out = list(pipeline.tag_remarks(iter(remarks), mini_path, jobs=jobs))
    assert [r for r, _ in out] == remarks
    assert [t for _, t in out] == [mini_tagger.tag(r.text) for r in remarks]


def test_auto_jobs_reads_ahead_then_uses_one_process_for_short_input(monkeypatch, mini_path):
    monkeypatch.setattr(pipeline, "_parallel", lambda *a: pytest.fail("started workers"))
    remarks = [Remark("x", i, REMARKS[0]) for i in range(10)]
    assert len(list(pipeline.tag_remarks(remarks, mini_path))) == 10


@pytest.mark.parametrize("command", ["tag", "tally"])
def test_cli_jobs_two_gives_the_same_output(command, runner, mini_path):
    from forumcli.cli.app import app

    text = "\n".join(REMARKS * 3) + "\n"
    one = runner.invoke(app, [command, "-t", str(mini_path), "-f", "csv", "--jobs", "1", "-"], input=text)
    two = runner.invoke(app, [command, "-t", str(mini_path), "-f", "csv", "--jobs", "2", "-"], input=text)
    assert one.exit_code == 0 and two.exit_code == 0
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr == ""


def test_cli_jobs_must_be_positive(runner, mini_path):
    from forumcli.cli.app import app

    result = runner.invoke(app, ["tag", "-t", str(mini_path), "--jobs", "0", "-"], input="x\n")
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_jsonl_line_is_what_json_dumps_gives(mini_tagger):
    import json

    from forumcli.render.output import jsonl_line, tagged_record

    remarks = [
        Remark("a \"b\" \\ c.txt", 3, "Cử tri hỏi: lô đề?\u2028\t\x01 \"x\"", id="7", speaker="Ông \"A\"", place="TDP 5"),
        Remark("s.txt", 1, "Đề nghị xử lý vấn đề ma túy.", speaker=None, place="thôn Đông"),
        Remark("t.csv", 2, "karaoke", fields={"ngày": "1/2", "n": 3}),
        Remark("u.txt", 4, ""),
    ]
    for r in remarks:
        tagged = mini_tagger.tag(r.text)
        assert jsonl_line(r, tagged) == json.dumps(tagged_record(r, tagged), ensure_ascii=False) + "\n"


def _remarks_then_error(n: int):
    for i in range(1, n + 1):
        yield Remark("a.txt", i, f"Đề nghị xử lý lấn chiếm vỉa hè số {i}")
    raise OSError("the disk went away")


@pytest.mark.parametrize(("n", "jobs"), [(1, 1), (3, 1), (pipeline.LOCAL_BATCH + 5, 1),
                                         (1, 2), (3, 2), (pipeline.BATCH * 2 + 5, 2)])
def test_every_remark_read_before_an_error_is_handed_on(mini_tagger, n, jobs):
    got = []
    with pytest.raises(OSError, match="the disk went away"):
        for remark, tagged in pipeline.tag_remarks(_remarks_then_error(n), jobs=jobs, tagger=mini_tagger):
            got.append((remark.line, tagged.kinds))
    assert got == [(i, ("proposal",)) for i in range(1, n + 1)]
    text = b""
    with pytest.raises(OSError, match="the disk went away"):
        for count, data in pipeline.encoded_text(_remarks_then_error(n), _line_number, jobs=jobs, tagger=mini_tagger):
            assert data.count(b"\n") == count
            text += data
    assert text.decode() == "".join(f"{i} proposal\n" for i in range(1, n + 1))


def _line_number(remark, tagged):
    return f"{remark.line} {' '.join(tagged.kinds)}\n"


def test_batches_of_a_stream():
    assert list(pipeline._batches(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(pipeline._batches(iter([]), 3)) == []


_MANY = [
    "Đề nghị xử lý lấn chiếm vỉa hè",
    "de nghi xu ly lan chiem via he",  # no diacritics
    "",
    "   ",
    "Đề nghị xử lý lấn chiếm vỉa hè",  # a repeat within the batch
    "Công an phường tận tình, chu đáo; cấp CCCD nhanh.",
    "Covid-19: tiêm vắc xin mũi 3 tại TP.HCM?",
    "ðề nghị xử lý",  # a letter underthesea rewrites: the window fallback
    "Ông Nguyễn Văn A hỏi về VNeID",
]


def test_tag_many_is_tag_one_by_one(mini_path, mini_tagger):
    one_by_one = [mini_tagger.tag(t) for t in _MANY]
    fresh = Tagger(load_taxonomy(mini_path))
    assert fresh.tag_many(_MANY) == one_by_one
    assert fresh.tag_many(_MANY[::-1]) == one_by_one[::-1]  # now from its remark cache
    assert fresh.tag_many([]) == []
    assert any(t.topics for t in one_by_one) and any(t.kinds for t in one_by_one)


def test_output_is_utf8_whatever_the_stdout_encoding(tmp_path, mini_path):
    # on Windows, output redirected to a file gets the ANSI code page: JSON Lines stay UTF-8
    notes = tmp_path / "notes.txt"
    notes.write_text("Ông Đỗ Văn Hòa: đề nghị xử lý lấn chiếm vỉa hè\n", encoding="utf-8")
    env = {**subprocess_env(), "PYTHONIOENCODING": "latin-1"}
    for jobs in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "forumcli", "tag", "-t", str(mini_path), "--jobs", jobs, str(notes)],
            capture_output=True, env=env, timeout=120, check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout.decode("utf-8"))["speaker"] == "Ông Đỗ Văn Hòa"
    # and so do the other formats, and messages on stderr
    proc = subprocess.run(
        [sys.executable, "-m", "forumcli", "tally", "-t", str(mini_path), "--by", "speaker", "-f", "csv", str(notes),
         str(tmp_path / "thiếu.txt")],
        capture_output=True, env=env, timeout=120, check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.decode("utf-8") == f"Error: {tmp_path / 'thiếu.txt'}: no such file\n"
    proc = subprocess.run(
        [sys.executable, "-m", "forumcli", "tally", "-t", str(mini_path), "--by", "speaker", "-f", "csv", str(notes)],
        capture_output=True, env=env, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Ông Đỗ Văn Hòa" in proc.stdout.decode("utf-8")


_OWN = """version: 1
topics:
  - id: own
    label: Riêng
    terms: [vỉa hè]
kinds:
  - id: asked
    label: Hỏi
    cues: [hỏi]
"""


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_workers_use_the_tagger_they_are_given(monkeypatch, mini_path, start):
    # not one compiled again from the taxonomy path, in forked workers as in spawned ones
    import multiprocessing

    from forumcli.taxonomy.load import parse_taxonomy

    own = Tagger(parse_taxonomy(_OWN))
    default = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: default(start))
    remarks = [Remark("a.txt", i, t) for i, t in enumerate(["Hỏi về vỉa hè", "karaoke ồn", "lấn chiếm vỉa hè"] * 4, 1)]
    got = [(r.line, t.topics, t.kinds) for r, t in pipeline.tag_remarks(remarks, mini_path, jobs=2, tagger=own)]
    assert got == [(r.line, own.tag(r.text).topics, own.tag(r.text).kinds) for r in remarks]
    assert got[:3] == [(1, ("own",), ("asked",)), (2, (), ()), (3, ("own",), ())]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_progress_bar_on_a_terminal(tmp_path, mini_path, jobs):
    # stderr a terminal: a Rich line counting the remarks tagged (the two-second delay set to
    # nothing, so that a small input shows it); stdout keeps every record
    import os
    import pty
    import re
    import select
    import time

    notes = tmp_path / "notes.txt"
    notes.write_text("".join(f"Đề nghị xử lý lấn chiếm vỉa hè số {i}\n" for i in range(3000)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = ("import sys, forumcli.cli.app as c, forumcli.cli.common as common; common.with_progress.__defaults__ = (0.0, None); "
            f"sys.argv = ['forumcli', 'tag', '-t', {str(mini_path)!r}, '--jobs', {jobs!r}, '-o', {str(out)!r}, "
            f"{str(notes)!r}]; c.main()")
    main, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=follower, env={**subprocess_env(), "TERM": "xterm"})
    os.close(follower)
    shown = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if select.select([main], [], [], 0.2)[0]:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(main)
    if proc.poll() is None:
        proc.kill()
    assert proc.wait(timeout=60) == 0
    counts = [int(n) for n in re.findall(r"tagging\s+(\d+)/\? remarks", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode()))]
    assert counts and counts == sorted(counts) and 256 <= counts[-1] <= 3000
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3000
