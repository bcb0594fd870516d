"""What a reader of a Word document sees in its body XML.

Word wraps text a user sees in elements python-docx's paragraph text does not enter:
content controls (``w:sdt``), tracked insertions and moves (``w:ins``, ``w:moveTo``),
smart tags (``w:smartTag``), simple fields (``w:fldSimple``), custom XML
(``w:customXml``) and bidirectional runs (``w:dir``, ``w:bdo``), around runs, paragraphs,
table rows or cells. ``unwrap_visible`` replaces each of them by its content and removes
tracked deletions (``w:del``, ``w:moveFrom``), so that the body holds paragraphs and
tables directly, and a paragraph's runs are its own children, as python-docx expects.
"""

from __future__ import annotations

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# wrapper -> the child holding its content (None: the wrapper itself), less its properties
_WRAPPERS = {
    f"{_W}sdt": f"{_W}sdtContent",
    f"{_W}customXml": None,
    f"{_W}smartTag": None,
    f"{_W}fldSimple": None,
    f"{_W}ins": None,
    f"{_W}moveTo": None,
    f"{_W}dir": None,
    f"{_W}bdo": None,
}
_PROPERTIES = {f"{_W}sdtPr", f"{_W}sdtEndPr", f"{_W}customXmlPr", f"{_W}smartTagPr"}
_DELETED = (f"{_W}del", f"{_W}moveFrom")
# inside these, w:ins / w:del mark a changed paragraph mark or row: no content to move
_MARKS = {f"{_W}rPr", f"{_W}pPr", f"{_W}trPr", f"{_W}tcPr", f"{_W}tblPr", f"{_W}sectPr"}


def unwrap_visible(body) -> None:
    """Rewrite ``body`` (an lxml element, changed in place): see the module's docstring."""
    for element in list(body.iter(*_DELETED)):
        parent = element.getparent()
        if parent is not None and parent.tag not in _MARKS:
            parent.remove(element)
    for element in list(body.iter(*_WRAPPERS)):
        parent = element.getparent()
        if parent is None or parent.tag in _MARKS:
            continue
        holder_tag = _WRAPPERS[element.tag]
        holder = element if holder_tag is None else element.find(holder_tag)
        content = [] if holder is None else [c for c in holder if c.tag not in _PROPERTIES]
        at = parent.index(element)
        parent[at : at + 1] = content
