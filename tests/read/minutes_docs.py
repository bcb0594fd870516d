"""Word minutes built with python-docx for the structure tests: heading styles, Word numbering
(with levels), bold prefixes, a remarks table with a merged topic row, an attendance table."""

from __future__ import annotations

from pathlib import Path


def numbered(paragraph, level: int = 0, num_id: int = 1) -> None:
    """Put a paragraph in Word numbering at ``level`` (what List Paragraph items carry)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    num = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    num.append(ilvl)
    num.append(nid)
    ppr.append(num)


def bold_prefix(document, prefix: str, rest: str, style: str | None = None):
    p = document.add_paragraph(style=style)
    p.add_run(prefix).bold = True
    p.add_run(rest)
    return p


def voter_meeting(path: Path) -> Path:
    """A voter meeting: header table, title, attendance table, a report, opinions as a Word list
    (one voter with sub-points one level down, an official's answer among them) and as a
    table, answers, closing and signatures."""
    import docx

    d = docx.Document()
    head = d.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "ỦY BAN MTTQ VIỆT NAM\nXÃ AN HÒA"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    d.add_paragraph().add_run("BIÊN BẢN").bold = True
    d.add_paragraph().add_run("Hội nghị tiếp xúc cử tri trước kỳ họp thứ 7").bold = True
    d.add_paragraph("Vào lúc 8 giờ ngày 5 tháng 6 năm 2023, tại Hội trường UBND xã An Hòa.")
    d.add_heading("I. THÀNH PHẦN", 1)
    attendance = d.add_table(rows=2, cols=3)
    for i, t in enumerate(("STT", "Họ và tên", "Chức vụ")):
        attendance.cell(0, i).text = t
    for i, t in enumerate(("1", "Ông Lê Văn Tâm", "Chủ tịch UBND xã")):
        attendance.cell(1, i).text = t
    bold_prefix(d, "Chủ trì: ", "Ông Lê Văn Tâm.")
    d.add_heading("II. NỘI DUNG", 1)
    d.add_heading("1. Báo cáo kết quả kỳ họp", 2)
    d.add_paragraph("Đại biểu báo cáo kết quả giải quyết kiến nghị kỳ trước:")
    numbered(d.add_paragraph("Kiến nghị sửa đường liên thôn: đã sửa xong.", style="List Paragraph"), 0, 7)
    d.add_heading("2. Ý kiến cử tri", 2)
    numbered(bold_prefix(d, "Ông Phan Văn Hùng (thôn Đông): ", "Đề nghị sửa cầu tràn thôn Đông.",
                         style="List Paragraph"), 0, 8)
    numbered(bold_prefix(d, "Bà Võ Thị Mai (thôn Tây) có 02 ý kiến:", "", style="List Paragraph"), 0, 8)
    numbered(d.add_paragraph("Đề nghị lắp camera ở chợ.", style="List Paragraph"), 1, 8)
    numbered(d.add_paragraph("Hỏi khi nào cấp sổ đỏ cho các hộ?", style="List Paragraph"), 1, 8)
    numbered(bold_prefix(d, "Đ/c Lê Văn Tâm - Chủ tịch UBND xã: ", "tiếp thu ý kiến về cầu tràn.",
                         style="List Paragraph"), 0, 8)
    d.add_paragraph("Tổng hợp ý kiến tại các tổ:")
    table = d.add_table(rows=4, cols=4)
    for i, t in enumerate(("TT", "Họ tên cử tri", "Nơi ở", "Nội dung kiến nghị")):
        table.cell(0, i).text = t
    table.cell(1, 0).merge(table.cell(1, 3)).text = "Lĩnh vực giao thông"
    for i, t in enumerate(("1", "Ông Đỗ Văn Ba", "thôn Bắc", "Xe quá tải làm hỏng đường.")):
        table.cell(2, i).text = t
    for i, t in enumerate(("2", "Nhiều cử tri", "thôn Nam", "Đề nghị lắp đèn đường.")):
        table.cell(3, i).text = t
    d.add_heading("3. Giải trình, tiếp thu", 2)
    d.add_paragraph("Ông Lê Văn Tâm - Chủ tịch UBND xã: sẽ lắp camera ở chợ trong quý III.")
    d.add_paragraph("Hội nghị kết thúc vào lúc 11 giờ cùng ngày.")
    sign = d.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "THƯ KÝ\nNguyễn Văn Nam"
    sign.cell(0, 1).text = "CHỦ TRÌ\nLê Văn Tâm"
    d.save(path)
    return path
