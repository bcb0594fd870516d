"""Peak memory of the commands that gather every remark into one file: ``tally -o x.xlsx``
and ``report``.

    python bench/rss.py                       # 200,000 generated remarks
    python bench/rss.py --remarks 50000
    python bench/rss.py --src /path/to/other/src   # another checkout's code, for comparison

Each command runs as ``python -m forumcli`` in a subprocess, with ``--jobs 1`` where the
command has it (``report`` chooses for itself); the figure is the peak resident set size
of that process (``ru_maxrss`` from ``wait4``), wall time beside it. The remarks come from
``bench/corpus.py`` (seeded), written to a temporary file first. The compiled taxonomy
is put in the cache before measuring (a first run compiles it, which takes more memory).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus


def run(args: list[str], src: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of ``python -m forumcli ARGS``."""
    env = dict(os.environ, PYTHONPATH=str(src), NO_COLOR="1", TERM="dumb")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "forumcli", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.stderr.close() if proc.stderr else None
    code = os.waitstatus_to_exitcode(status)
    if code:
        print(f"  forumcli {' '.join(args)}: exit {code}: {err.strip()}", file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, code


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--remarks", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the forumcli source folder to run")
    ap.add_argument("--taxonomy", type=Path, default=ROOT / "categories.yaml")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "remarks.txt"
        with notes.open("w", encoding="utf-8") as fh:
            for line in corpus.remarks(args.remarks, seed=args.seed):
                fh.write(line + "\n")
        size = notes.stat().st_size / 1e6
        print(f"{args.remarks:,} remarks ({size:.1f} MB), code from {args.src}")
        commands = {
            "tally -o x.xlsx": ["tally", str(notes), "-t", str(args.taxonomy), "--jobs", "1",
                                "-o", str(Path(tmp) / "x.xlsx")],
            "report -o r.html": ["report", str(notes), "-t", str(args.taxonomy), "-o", str(Path(tmp) / "r.html")],
        }
        # the first run of a checkout compiles the taxonomy into the cache, which takes more
        # memory than loading it: do that first, so that the figures are those of every later run
        warm = Path(tmp) / "warm.txt"
        warm.write_text("cháy chợ\n", encoding="utf-8")
        run(["tag", str(warm), "-t", str(args.taxonomy)], args.src)
        for name, cmd in commands.items():
            wall, rss, code = run(cmd, args.src)
            out = Path(cmd[-1])
            written = f"{out.stat().st_size / 1e6:.1f} MB written" if out.exists() else "nothing written"
            print(f"{name:<18} peak RSS {rss:6.0f} MB  {wall:6.1f} s  exit {code}  {written}")


if __name__ == "__main__":
    main()
