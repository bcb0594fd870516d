"""Write a copy of a labelled JSONL file with every text typed without diacritics.

    python bench/fold.py GOLD.jsonl OUT.jsonl
    forumcli eval OUT.jsonl

Measures how the taxonomy holds on text typed without diacritics (the labels stay:
the same remark means the same thing). Folding is forumcli's own (``fold``: marks
removed, đ -> d), applied to the NFC text, so only the letters change.
"""

from __future__ import annotations

import argparse
import json
import sys

from forumcli.text.normalize import fold, nfc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", help="labelled remarks: JSONL with 'text'")
    ap.add_argument("out", help="where to write the folded copy")
    args = ap.parse_args(argv)
    rows = []
    with open(args.gold, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{args.gold}:{n}: not JSON: {e.msg}", file=sys.stderr)
                return 1
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                print(f"{args.gold}:{n}: no 'text'", file=sys.stderr)
                return 1
            row["text"] = fold(nfc(row["text"]))
            rows.append(row)
    with open(args.out, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} remarks folded into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
