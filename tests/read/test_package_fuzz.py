"""Random bytes inside Word and Excel packages: every outcome is remarks or one InputError
naming the file on one line, never another exception."""

from __future__ import annotations

import io
import zipfile
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forumcli.errors import InputError
from forumcli.read.remarks import ReadStats, read_stream


@cache
def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Ông An: lấn chiếm vỉa hè.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "1"
    table.cell(0, 1).text = "Đề nghị kiểm tra PCCC"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["text", "speaker"])
    sheet.append(["lấn chiếm vỉa hè", "Ông An"])
    book.create_sheet("Hai").append(["text"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mutate(package: bytes, member: str, how: str, data: bytes, at: float) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        parts = [(info.filename, z.read(info)) for info in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts:
            if name == member:
                i = int(at * len(content))
                content = {
                    "replace": data,
                    "truncate": content[:i],
                    "insert": content[:i] + data + content[i:],
                    "overwrite": content[:i] + data + content[i + len(data):],
                }[how]
            z.writestr(name, content)
    return out.getvalue()


def members(package: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(package)).namelist()


def read_all(package: bytes, fmt: str) -> None:
    name = f"fuzz.{fmt}"
    stats = ReadStats()
    try:
        remarks = list(read_stream(io.BytesIO(package), name, fmt=fmt, stats=stats))
    except InputError as e:
        assert str(e).startswith(f"{name}: ")
        assert "\n" not in str(e)
        return
    assert len(remarks) == stats.remarks
    assert all(r.text and r.text == r.text.strip() for r in remarks)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOW = st.sampled_from(["replace", "truncate", "insert", "overwrite"])
BYTES = st.one_of(
    st.binary(max_size=64),
    st.sampled_from([b"<", b"&bogus;", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"\xff\xfe", b"</w:body>", b"<row r='0'>"]),
)


@SETTINGS
@given(choice=st.data(), how=HOW, data=BYTES, at=st.floats(0, 1))
def test_random_bytes_in_a_docx_part(choice, how, data, at):
    package = docx_bytes()
    member = choice.draw(st.sampled_from(members(package)))
    read_all(mutate(package, member, how, data, at), "docx")


@SETTINGS
@given(choice=st.data(), how=HOW, data=BYTES, at=st.floats(0, 1))
def test_random_bytes_in_an_xlsx_part(choice, how, data, at):
    package = xlsx_bytes()
    member = choice.draw(st.sampled_from(members(package)))
    read_all(mutate(package, member, how, data, at), "xlsx")


@settings(max_examples=40, deadline=None)
@given(data=st.binary(min_size=1, max_size=400), at=st.floats(0, 1))
def test_random_bytes_in_the_zip_itself(data, at):
    for package, fmt in ((docx_bytes(), "docx"), (xlsx_bytes(), "xlsx")):
        i = int(at * len(package))
        read_all(package[:i] + data + package[i + len(data):], fmt)
