"""kwic, explain --context, suggest, diff and eval's confusions / --errors-only,
on small planted corpora; outputs are exact."""

from __future__ import annotations

import json

from forumcli.cli.app import app

KW = """\
Bà con phản ánh tình trạng lấn chiếm vỉa hè để buôn bán.
Vỉa hè bị chiếm hết.
Cửa hàng cháy hàng từ sáng, nhà bên cạnh bị cháy.
Nhà bà Tư bị cháy vào ban đêm.
Lo ngai lan chiem via he keo dai.
"""


def _file(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_kwic_aligns_occurrences_and_names_what_they_triggered(runner, mini_path, tmp_path):
    p = _file(tmp_path, "kw.txt", KW)
    result = runner.invoke(app, ["kwic", "vỉa hè", str(p), "-t", str(mini_path), "-w", "3"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{p}:1  … trạng lấn chiếm [vỉa hè] để buôn bán.   urban_order ('lấn chiếm vỉa hè')",
        f"{p}:2                    [Vỉa hè] bị chiếm hết.  urban_order",
        f"{p}:5   … ngai lan chiem [via he] keo dai.       urban_order ('lấn chiếm vỉa hè')",
    ]
    assert result.stderr == "3 occurrences of 'vỉa hè' in 5 remarks\n"


def test_kwic_says_why_an_occurrence_triggered_nothing(runner, mini_path, tmp_path):
    p = _file(tmp_path, "kw.txt", KW)
    result = runner.invoke(app, ["kwic", "cháy", str(p), "-t", str(mini_path), "-w", "2", "-f", "csv"])
    assert result.exit_code == 0
    # one-syllable terms are not used for text without diacritics (line 5 has none anyway)
    assert result.stdout == (
        "source,line,left,match,right,triggered\n"
        f"{p},3,Cửa hàng,cháy,hàng từ …,none (fire: vetoed by exclude)\n"
        f"{p},3,… cạnh bị,cháy,.,none (fire: vetoed by exclude)\n"
        f"{p},4,… Tư bị,cháy,vào ban …,fire\n"
    )


def test_kwic_finds_a_term_the_taxonomy_lacks(runner, mini_path, tmp_path):
    p = _file(tmp_path, "kw.txt", KW)
    result = runner.invoke(app, ["kwic", "ban đêm", str(p), "-t", str(mini_path), "-f", "jsonl"])
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"source": str(p), "line": 4, "left": "… bà Tư bị cháy vào", "match": "ban đêm", "right": ".",
         "triggered": "none (not a term of the taxonomy)"}
    ]


def test_explain_context_shows_each_candidate_in_its_words(runner, mini_path):
    text = "Cửa hàng cháy hàng, nhà bên cạnh bị cháy; phản ánh khi nào xử lý?"
    result = runner.invoke(app, ["explain", "-t", str(mini_path), "-C", "2", text])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-7:] == [
        "In context (2 words either side):",
        "    Cửa hàng [  cháy   ] hàng, nhà …  fire: vetoed by exclude",
        "    Cửa hàng [cháy hàng] , nhà …      fire (exclude): kept",
        "   … cạnh bị [  cháy   ] ; phản …     fire: vetoed by exclude",
        "  … bị cháy; [phản ánh ] khi nào …    complaint: kept",
        "  … phản ánh [ khi nào ] xử lý?       question: kept",
        "     … xử lý [    ?    ]              question: kept",
    ]
    data = json.loads(runner.invoke(app, ["explain", "-t", str(mini_path), "-C", "1", "-f", "json", text]).stdout)
    assert data["context"][0] == {
        "id": "fire", "role": "term", "term": "cháy", "left": "… hàng", "span": "cháy", "right": "hàng, …",
        "verdict": "vetoed by exclude",
    }


SUG = """\
Khu phố 3 thiếu nước sinh hoạt suốt tuần qua.
Nhiều hộ ở hẻm 12 chưa có nước sinh hoạt sạch.
Giá nước sinh hoạt tăng mà chất lượng kém.
Đường ống nước sinh hoạt bị vỡ nhiều ngày.
Đường làng bị ngập khi trời mưa.
Bà con phản ánh tình trạng lấn chiếm vỉa hè.
Thanh niên không đội mũ bảo hiểm.
Đề nghị tăng cường tuyên truyền PCCC.
Tình trạng lô đề vẫn còn.
"""


def test_suggest_finds_the_planted_phrase(runner, mini_path, tmp_path):
    p = _file(tmp_path, "sug.txt", SUG)
    result = runner.invoke(app, ["suggest", str(p), "-t", str(mini_path)])
    assert result.exit_code == 0
    assert result.stdout == (
        "# forumcli suggest: 1 candidate term, frequent in the 5 remarks with no topic\n"
        "# and rare in the 4 remarks with a topic. Keep the ones that fit and paste them under a topic's terms.\n"
        "terms:\n"
        f"  - nước sinh hoạt  # 4 with no topic, 0 with a topic, score 11.6; e.g. {p}:1 "
        "Khu phố 3 thiếu nước sinh hoạt suốt tuần qua.\n"
    )
    import yaml

    assert yaml.safe_load(result.stdout) == {"terms": ["nước sinh hoạt"]}
    data = json.loads(runner.invoke(app, ["suggest", str(p), "-t", str(mini_path), "-f", "json"]).stdout)
    assert data["suggestions"][0] == {
        "term": "nước sinh hoạt", "score": 11.63, "count": 4, "other": 0,
        "example": {"source": str(p), "line": 1, "text": "Khu phố 3 thiếu nước sinh hoạt suốt tuần qua."},
    }


def test_suggest_for_a_topic_and_an_unknown_topic(runner, mini_path, tmp_path):
    p = _file(
        tmp_path,
        "fire.txt",
        "Kiểm tra PCCC ở các nhà trọ.\nNhà trọ thiếu bình chữa cháy, PCCC kém.\n"
        "Nhà trọ không có lối thoát, vi phạm PCCC.\nTình trạng lô đề vẫn còn.\nĐường làng bị ngập.\n",
    )
    result = runner.invoke(app, ["suggest", str(p), "-t", str(mini_path), "--topic", "fire", "-n", "1"])
    assert result.stdout.splitlines()[2:] == [
        "terms:",
        f"  - nhà trọ  # 3 tagged fire, 0 not tagged it, score 7.2; e.g. {p}:1 … tra PCCC ở các nhà trọ.",
    ]
    bad = runner.invoke(app, ["suggest", str(p), "-t", str(mini_path), "--topic", "nope"])
    assert bad.exit_code == 2
    assert bad.stderr == (
        "Error: unknown topic 'nope'; topics: urban_order, urban_order.traffic, fire, drugs_gambling\n"
    )


def test_diff_shows_a_planted_change_exactly(runner, mini_path, tmp_path):
    new = _file(
        tmp_path,
        "new.yaml",
        mini_path.read_text(encoding="utf-8").replace("kinds:\n", "  - id: flood\n    label: Ngập\n"
                                                      "    terms: [ngập nước]\nkinds:\n", 1),
    )
    notes = _file(tmp_path, "n.txt", "Đường ngập nước mỗi khi mưa to.\nTình trạng lô đề vẫn còn.\n")
    result = runner.invoke(app, ["diff", str(mini_path), str(new), str(notes)])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{mini_path} -> {new}: 2 remarks, 1 tagged differently\n"
        "\nTopics\n"
        "id              old  new  change  gained  lost\n"
        "urban_order       0    0       0       0     0\n"
        "fire              0    0       0       0     0\n"
        "drugs_gambling    1    1       0       0     0\n"
        "flood             0    1      +1       1     0\n"
        "no_topic          1    0      -1       0     1\n"
        "\nflood gained 1 remark:\n"
        f"  + {notes}:1  [none -> flood]  Đường ngập nước mỗi khi mưa to.\n"
        "\nKinds\n"
        "id         old  new  change  gained  lost\n"
        "complaint    1    1       0       0     0\n"
        "proposal     0    0       0       0     0\n"
        "question     0    0       0       0     0\n"
        "no_kind      1    1       0       0     0\n"
    )
    data = json.loads(runner.invoke(app, ["diff", str(mini_path), str(new), str(notes), "-f", "json"]).stdout)
    assert data["changes"] == [
        {"source": str(notes), "line": 1, "text": "Đường ngập nước mỗi khi mưa to.", "old_topics": [],
         "new_topics": ["flood"], "old_kinds": [], "new_kinds": []}
    ]


GOLD = [
    {"id": "g1", "text": "Phản ánh tình trạng lô đề", "topics": ["drugs_gambling"], "kinds": ["complaint"]},
    {"id": "g2", "text": "Đề nghị kiểm tra PCCC ở chỗ bán lô đề", "topics": ["fire"], "kinds": ["proposal"]},
    {"id": "g3", "text": "Trộm cắp xe máy", "topics": ["crime"], "kinds": ["complaint"]},
    {"id": "g4", "text": "Cháy nhà do chập điện", "topics": ["drugs_gambling"], "kinds": []},
]


def _gold(tmp_path):
    return _file(tmp_path, "gold.jsonl", "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in GOLD))


def test_eval_lists_confusions(runner, mini_path, tmp_path):
    result = runner.invoke(app, ["eval", str(_gold(tmp_path)), "-t", str(mini_path), "--no-errors"])
    lines = result.stdout.splitlines()
    start = lines.index("Confused topics (gold: predicted instead when missed | predicted in addition):")
    assert lines[start:] == [
        "Confused topics (gold: predicted instead when missed | predicted in addition):",
        "  fire: in addition: drugs_gambling 1",
        "  drugs_gambling: missed 1, instead: fire 1",
        "  crime: missed 1, instead: (none) 1",
        "Confused kinds (gold: predicted instead when missed | predicted in addition):",
        "  complaint: missed 1, instead: (none) 1",
        "topics micro-F1 0.500 (P 0.500 R 0.500), macro-F1 0.292",
        "kinds  micro-F1 0.800 (P 1.000 R 0.667), macro-F1 0.556",
    ]
    data = json.loads(runner.invoke(app, ["eval", str(_gold(tmp_path)), "-t", str(mini_path), "-f", "json"]).stdout)
    assert data["topics_confusion"] == {
        "fire": {"missed": 0, "instead": {}, "extra": {"drugs_gambling": 1}},
        "drugs_gambling": {"missed": 1, "instead": {"fire": 1}, "extra": {}},
        "crime": {"missed": 1, "instead": {"(none)": 1}, "extra": {}},
    }


def test_eval_errors_only_is_jsonl_for_review(runner, mini_path, tmp_path):
    result = runner.invoke(app, ["eval", str(_gold(tmp_path)), "-t", str(mini_path), "--errors-only"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["g2", "g3", "g4"]
    assert records[2] == {
        "line": 4, "id": "g4", "text": "Cháy nhà do chập điện", "gold_topics": ["drugs_gambling"],
        "topics": ["fire"], "gold_kinds": [], "kinds": [], "missed_topics": ["drugs_gambling"],
        "extra_topics": ["fire"], "missed_kinds": [], "extra_kinds": [],
        "matches": [{"id": "fire", "term": "cháy", "span": "Cháy"}],
    }


def test_kwic_reads_legacy_encodings_and_checks_inputs_first(runner, mini_path, tmp_path):
    from conftest import cp1258

    old = tmp_path / "cu.txt"
    old.write_bytes(cp1258("Tình trạng lô đề vẫn còn.\n"))
    bad = runner.invoke(app, ["kwic", "lô đề", str(old), "-t", str(mini_path)])
    assert bad.exit_code == 1
    assert bad.stdout == ""
    assert "try --encoding cp1258" in bad.stderr
    good = runner.invoke(app, ["kwic", "lô đề", str(old), "-t", str(mini_path), "--encoding", "cp1258"])
    assert good.exit_code == 0, good.stderr
    assert "lô đề" in good.stdout


def test_diff_short_e_is_the_encoding_as_everywhere_else(runner, mini_path, tmp_path):
    # -e is --encoding on every reading command; diff's --examples has no short form
    notes = tmp_path / "n.txt"
    notes.write_bytes("Đề nghị xử lý lấn chiếm vỉa hè\n".encode("utf-16-le"))
    result = runner.invoke(app, ["diff", str(mini_path), str(mini_path), str(notes), "-e", "utf-16-le", "--examples", "2"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{mini_path} -> {mini_path}: 1 remarks, 0 tagged differently\n")
