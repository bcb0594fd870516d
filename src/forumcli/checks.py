"""Checks of a taxonomy beyond what loading validates: things that load but do
not behave as the keeper probably meant."""

from __future__ import annotations

from dataclasses import dataclass

from .taxonomy import Taxonomy


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str
    severity: str = "warning"  # or "error"

    def render(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def _phrase_lines(tax: Taxonomy) -> dict[tuple[str, str], int]:
    lines: dict[tuple[str, str], int] = {}
    for t in tax.topics:
        for p in (*t.terms, *t.exclude):
            lines.setdefault((t.id, p.text), p.line)
    for k in tax.kinds:
        for p in (*k.cues, *k.exclude):
            lines.setdefault((k.id, p.text), p.line)
    return lines


def fold_findings(tax: Taxonomy, tagger=None) -> list[Finding]:
    """Terms not used for text typed without diacritics, and why."""
    from .tagger import Tagger

    tagger = tagger or Tagger(tax)
    lines = _phrase_lines(tax)
    out = []
    for issue in tagger.fold_issues:
        line = lines.get((issue.owner, issue.term), 1)
        out.append(
            Finding(
                tax.path,
                line,
                f"'{issue.term}' ({issue.owner}) is not used for text without diacritics: "
                f"'{issue.folded}' is {issue.reason}",
                "info",
            )
        )
    return out


def check_taxonomy(tax: Taxonomy, *, tagger=None) -> list[Finding]:
    """Warnings and notes about a taxonomy that loaded without errors."""
    findings = fold_findings(tax, tagger)
    findings.sort(key=lambda f: f.line)
    return findings
