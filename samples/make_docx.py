"""Write samples/bien-ban-tiep-xuc-cu-tri-phuong-dong-son-2024.docx: the minutes of a voter meeting
as a ward office types them in Word (a header table, heading styles, a numbered list, the voters'
remarks in a table with topic rows, the answers, the signatures). People and remarks are invented.

    python samples/make_docx.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

OUT = Path(__file__).with_name("bien-ban-tiep-xuc-cu-tri-phuong-dong-son-2024.docx")

REMARKS = [
    ("I. AN NINH TRẬT TỰ", None),
    ("Lê Văn Thắng", ("Khối 2", ("Đề nghị Công an phường tăng cường tuần tra khu vực cầu Đông Sơn vào ban đêm, "
                      "thời gian qua có nhóm thanh niên tụ tập đua xe, nẹt pô."))),
    ("Nguyễn Thị Hằng", ("Khối 6", ("Nhiều người cao tuổi trong khối bị lừa đảo qua điện thoại, mất tiền tiết kiệm; "
                         "đề nghị tuyên truyền cách nhận biết thủ đoạn lừa đảo."))),
    ("Trần Quốc Bảo", ("Khối 4", "Phản ánh tình trạng ghi lô đề tại một số quán nước gần chợ Đông Sơn.")),
    ("II. TRẬT TỰ ĐÔ THỊ, GIAO THÔNG", None),
    ("Phạm Văn Toàn", ("Khối 1", "Vỉa hè đường Trần Phú bị lấn chiếm để bán hàng, người đi bộ phải xuống lòng đường.")),
    ("Nhiều cử tri", ("Khối 3, Khối 5", "Đề nghị lắp đèn tín hiệu giao thông tại ngã tư Đông Sơn - Lý Thường Kiệt.")),
    ("Hoàng Thị Mến", ("Khối 5", "Đường nội khối 5 xuống cấp, mưa lớn là ngập; đề nghị sớm sửa chữa.")),
    ("III. PHÒNG CHÁY, CHỮA CHÁY", None),
    ("Võ Đình Khang", ("Khối 2", ("Các nhà trọ cho công nhân thuê không có bình chữa cháy, đề nghị kiểm tra an toàn "
                       "phòng cháy."))),
    ("IV. CƯ TRÚ, CĂN CƯỚC", None),
    ("Nguyễn Thị Hằng", ("Khối 6", "Hỏi khi nào người dân nhận được thẻ căn cước đã làm từ tháng 3?")),
    ("Đỗ Minh Châu", ("Khối 3", "Đánh giá cao Công an phường làm thủ tục cư trú nhanh, thái độ tận tình.")),
]


def main() -> None:
    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = dt.datetime(2024, 5, 20, 8, 0)
    head = d.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG ĐÔNG SƠN"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 11/BB-MTTQ"
    head.cell(1, 1).text = "Đông Sơn, ngày 20 tháng 5 năm 2024"
    for text in ("BIÊN BẢN", "HỘI NGHỊ TIẾP XÚC CỬ TRI TRƯỚC KỲ HỌP THỨ 15 HĐND THÀNH PHỐ"):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True
    d.add_paragraph("Vào lúc 8 giờ 00 phút ngày 20 tháng 5 năm 2024, tại Hội trường UBND phường Đông Sơn, "
                    "Ban Thường trực Ủy ban MTTQ Việt Nam phường tổ chức Hội nghị tiếp xúc cử tri.")
    d.add_heading("I. THÀNH PHẦN", 1)
    for text in ("Bà Lê Thị Phương - Đại biểu HĐND thành phố;", "Ông Hồ Sỹ Nam - Chủ tịch UBND phường;",
                 "Thiếu tá Nguyễn Văn Thành - Trưởng Công an phường;", "108 cử tri của 7 khối."):
        d.add_paragraph(text, style="List Bullet")
    p = d.add_paragraph()
    p.add_run("Chủ trì: ").bold = True
    p.add_run("Ông Trần Văn Hải - Chủ tịch Ủy ban MTTQ Việt Nam phường.")
    d.add_heading("II. NỘI DUNG", 1)
    d.add_heading("1. Báo cáo của đại biểu", 2)
    d.add_paragraph("Bà Lê Thị Phương báo cáo dự kiến nội dung kỳ họp và kết quả giải quyết kiến nghị kỳ trước.")
    d.add_heading("2. Ý kiến, kiến nghị của cử tri", 2)
    d.add_paragraph("Hội nghị ghi nhận 9 ý kiến của cử tri, cụ thể như sau:")
    rows = [r for r in REMARKS]
    table = d.add_table(rows=1 + len(rows), cols=4)
    table.style = "Table Grid"
    for i, name in enumerate(("STT", "Người phát biểu", "Địa chỉ", "Nội dung ý kiến")):
        table.cell(0, i).text = name
    n = 0
    for r, (who, rest) in enumerate(rows, start=1):
        if rest is None:  # a topic row: one cell across the table
            table.cell(r, 0).merge(table.cell(r, 3)).text = who
            continue
        n += 1
        for i, text in enumerate((str(n), who, *rest)):
            table.cell(r, i).text = text
    d.add_heading("3. Giải trình, tiếp thu", 2)
    d.add_paragraph("Thiếu tá Nguyễn Văn Thành - Trưởng Công an phường: tiếp thu ý kiến về tuần tra cầu Đông Sơn "
                    "và tuyên truyền phòng chống lừa đảo; thẻ căn cước sẽ được trả trong tháng 6.")
    d.add_paragraph("Ông Hồ Sỹ Nam - Chủ tịch UBND phường: giao bộ phận địa chính kiểm tra đường nội khối 5.")
    d.add_paragraph("Hội nghị kết thúc vào lúc 11 giờ 00 phút cùng ngày.")
    sign = d.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "THƯ KÝ\n(Đã ký)\nNguyễn Thị Hà"
    sign.cell(0, 1).text = "CHỦ TRÌ\n(Đã ký)\nTrần Văn Hải"
    d.save(OUT)


if __name__ == "__main__":
    main()
