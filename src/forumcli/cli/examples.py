"""The examples that end each command's --help: real commands on a clerk's files."""

from __future__ import annotations

EXAMPLES: dict[str, list[str]] = {
    "": [
        "forumcli tally bien-ban.docx",
        "forumcli report . -o bao-cao.html --date 15/3/2024",
        "forumcli --install-completion",
    ],
    "tag": [
        "forumcli tag bien-ban.docx -o y-kien.xlsx",
        "forumcli tag . --excel -o y-kien.csv",
        "forumcli tag - < bien-ban.docx > y-kien.jsonl",
    ],
    "tally": [
        "forumcli tally bien-ban.docx",
        "forumcli tally . -o thong-ke.xlsx",
        "forumcli tally . --by file --excel -o thong-ke.csv",
    ],
    "report": [
        "forumcli report bien-ban.docx -o bao-cao.html --date 15/3/2024",
        'forumcli report . -o bao-cao.md --title "Tiếp xúc cử tri phường 5"',
    ],
    "outline": [
        "forumcli outline bien-ban.docx",
        "forumcli outline bien-ban.docx -f csv > cau-truc.csv",
    ],
    "explain": [
        'forumcli explain "Đề nghị xử lý lấn chiếm vỉa hè ở chợ"',
        'forumcli explain -C 3 "Tình trạng lô đề vẫn còn"',
    ],
    "eval": [
        "forumcli eval gan-nhan.jsonl",
        "forumcli eval gan-nhan.jsonl --errors-only > can-xem-lai.jsonl",
    ],
    "kwic": [
        'forumcli kwic "vỉa hè" bien-ban.docx',
        'forumcli kwic "lô đề" . -f csv > lo-de.csv',
    ],
    "suggest": [
        "forumcli suggest bien-ban.docx",
        "forumcli suggest . --topic urban_order -f table",
    ],
    "diff": [
        "forumcli diff categories.yaml danh-muc-moi.yaml bien-ban.docx",
        "forumcli diff categories.yaml danh-muc-moi.yaml . -f json",
    ],
    "taxonomy": [
        "forumcli taxonomy init danh-muc.yaml",
        "forumcli taxonomy check danh-muc.yaml",
    ],
    "taxonomy show": [
        "forumcli taxonomy show",
        "forumcli taxonomy show danh-muc.yaml -f json",
    ],
    "taxonomy check": [
        "forumcli taxonomy check danh-muc.yaml --strict",
    ],
    "taxonomy init": [
        "forumcli taxonomy init danh-muc.yaml",
        "forumcli tally bien-ban.docx -t danh-muc.yaml",
    ],
}


def epilog(command: str) -> str:
    """The examples as a help epilog; the "\\b" keeps click from joining the lines."""
    lines = "\n".join(f"  {e}" for e in EXAMPLES[command])
    return f"Examples:\n\n\b\n{lines}"
