"""suggest when nothing got a topic: a theme the taxonomy lacks still comes first, ranked
against general Vietnamese (underthesea's VLSP 2013 sentences) instead of tagged remarks."""

from __future__ import annotations

import json
from itertools import product

import pytest

from forumcli.cli.app import app

# 40 remarks on illegal waste discharge, worded in many ways
WHO = ["Công ty may Phú Thành", "Cơ sở chế biến thủy sản Hòa Lợi", "Nhà máy giấy ở cụm công nghiệp",
       "Trại heo của hộ ông Sáu", "Xưởng nhuộm vải ở ấp 3", "Lò mổ gia súc đầu xóm",
       "Cơ sở tái chế nhựa ven đê", "Khu chăn nuôi tập trung"]
WHERE = ["ra sông Cầu", "xuống kênh Bà Lài", "ra mương thủy lợi", "ra ruộng lúa của dân", "vào ao cá của xóm"]
WASTE = [f"{w} xả thải {p}" for w, p in product(WHO, WHERE)]
TAILS = ["gây mùi hôi nồng nặc.", "làm cá chết hàng loạt.", "vào ban đêm, nước đen kịt.",
         "nhiều tháng nay chưa được xử lý.", "khiến bà con không dám dùng nước giếng."]
THEME = [f"{w} {TAILS[i % len(TAILS)]}" for i, w in enumerate(WASTE)]

# 40 remarks on other matters, none of them in the taxonomy either
OTHERS = [
    *(f"Đường liên xã đoạn qua ấp {n} xuống cấp, nhiều ổ gà, đề nghị sớm sửa chữa." for n in range(1, 9)),
    *(f"Trường tiểu học ở ấp {n} thiếu phòng học, học sinh phải học ca ba." for n in range(1, 9)),
    *(f"Hộ nghèo ở ấp {n} chưa được cấp thẻ bảo hiểm y tế năm nay." for n in range(1, 9)),
    *(f"Điện lưới ở ấp {n} chập chờn, mất điện liên tục vào buổi tối." for n in range(1, 9)),
    *(f"Tiền đền bù giải phóng mặt bằng ở ấp {n} chưa được chi trả đầy đủ." for n in range(1, 9)),
]


@pytest.fixture
def minutes(tmp_path):
    lines = [x for pair in zip(THEME, OTHERS) for x in pair]  # interleaved, as a meeting goes
    assert len(THEME) == len(OTHERS) == 40 and len(set(lines)) == 80
    path = tmp_path / "y-kien-cu-tri.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_missing_theme_comes_first(runner, mini_path, minutes):
    result = runner.invoke(app, ["suggest", str(minutes), "-t", str(mini_path), "-f", "json", "-n", "5"])
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert (data["group"], data["others"], data["background"]) == (80, 0, 2120)
    first = data["suggestions"][0]
    assert (first["term"], first["count"], first["other"]) == ("xả thải", 35, 0)  # 5 times the segmenter joins "thải" to its neighbour


def test_the_yaml_says_what_it_was_compared_with(runner, mini_path, minutes):
    result = runner.invoke(app, ["suggest", str(minutes), "-t", str(mini_path), "-n", "1"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == [
        "# forumcli suggest: 1 candidate term, frequent in the 80 remarks with no topic",
        ("# and rare in the 0 remarks with a topic and 2120 sentences of general Vietnamese. "
        "Keep the ones that fit and paste them under a topic's terms."),
        "terms:",
    ]
    assert result.stdout.splitlines()[3].startswith("  - xả thải  # 35 with no topic, 0 with a topic, score ")


def test_with_the_bundled_taxonomy_too(runner, minutes):
    result = runner.invoke(app, ["suggest", str(minutes), "-f", "json", "-n", "3"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["suggestions"][0]["term"] == "xả thải"
