"""Rendering: records, tables, workbooks and reports written from tagged remarks and counts."""
