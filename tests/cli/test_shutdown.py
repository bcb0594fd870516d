"""A run that is cut short ends at once and cleanly: output closed early (``| head -1``),
Ctrl-C and SIGTERM, in one process and with worker processes, next to a process that
keeps a core busy. Each case runs many times (``FORUMCLI_STRESS_RUNS`` per --jobs value
and case, 3 unless set, so that the suite stays quick; ``FORUMCLI_STRESS_RUNS=10`` makes
30 runs per --jobs value): no hang, no traceback, no process and no temporary file left.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import MINI, subprocess_env

RUNS = int(os.environ.get("FORUMCLI_STRESS_RUNS", "3"))
BOUND = 60  # seconds any one run may take, cut short or not
JOBS = (1, 2, 4)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("shutdown") / "big.txt"
    path.write_text("".join(f"Ông A (TDP {i % 9}): đề nghị xử lý lấn chiếm vỉa hè số {i}, cháy chợ\n"
                            for i in range(2000)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def busy_neighbour():
    """A process burning a core for the length of these tests."""
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    yield
    proc.kill()
    proc.wait()


def _processes_with(marker: str) -> list[int]:
    """Processes whose command line mentions ``marker`` (a path unique to one run)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if marker.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                    found.append(int(entry))
            except OSError:
                continue
    return found


def _run(args: list[str], folder: Path, *, sig: int | None = None, delay: float = 0.0,
         into_head: bool = False) -> tuple[int, bytes, bytes, float]:
    """(exit code, stdout, stderr, seconds) of forumcli ARGS, run in ``folder``."""
    start = time.monotonic()
    if into_head:
        cmd = " ".join([sys.executable, "-m", "forumcli", *args]) + " | head -1"
        proc = subprocess.run(["sh", "-c", f"{cmd}; exit ${{PIPESTATUS:-0}}"], cwd=folder, capture_output=True,
                              env=subprocess_env(), timeout=BOUND, check=False)
        return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start
    proc = subprocess.Popen([sys.executable, "-m", "forumcli", *args], cwd=folder, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=subprocess_env())
    try:
        # the signal comes while the output is being written (before that, Python may still be
        # starting, and a signal then is the interpreter's to handle)
        while not list(folder.glob(".out.jsonl.*.tmp")) and proc.poll() is None:
            time.sleep(0.02)
        time.sleep(delay)
        if sig is not None:
            proc.send_signal(sig)
        out, err = proc.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        alive = [(pid, Path(f"/proc/{pid}/stat").read_text().split()[2]) for pid in _processes_with(str(folder))]
        pytest.fail(f"still running after {BOUND} s (signal after {delay:.2f} s): {alive}, "
                    f"forumcli exit code {proc.poll()}")
    finally:
        proc.kill()
    return proc.returncode, out, err, time.monotonic() - start


def _check_left_nothing(folder: Path, marker: str, expected: list[str]) -> None:
    deadline = time.monotonic() + 10
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with(marker) == []
    assert sorted(os.listdir(folder)) == expected


def _many(case, jobs: int, tmp_path: Path) -> None:
    folders = []
    for n in range(RUNS):
        folder = tmp_path / f"j{jobs}-{n}"
        folder.mkdir()
        folders.append(folder)
    with ThreadPoolExecutor(max_workers=3) as pool:
        for result in pool.map(case, folders):
            assert result is None


@pytest.mark.parametrize("jobs", JOBS)
def test_output_closed_early(big, jobs, tmp_path, busy_neighbour):
    def case(folder: Path) -> None:
        os.symlink(big, folder / "in.txt")
        _, out, err, took = _run(["tag", str(folder / "in.txt"), "-t", str(MINI), "--jobs", str(jobs)],
                                    folder, into_head=True)
        assert out.startswith(b'{"source": ') and out.count(b"\n") == 1
        assert b"Traceback" not in err and err == b"", err
        assert took < BOUND
        _check_left_nothing(folder, str(folder), ["in.txt"])

    _many(case, jobs, tmp_path)


@pytest.mark.parametrize(("sig", "code", "message"), [(signal.SIGINT, 130, b"Interrupted.\n"),
                                                      (signal.SIGTERM, 143, b"Terminated.\n")],
                         ids=["ctrl-c", "sigterm"])
@pytest.mark.parametrize("jobs", JOBS)
def test_interrupted(big, jobs, sig, code, message, tmp_path, busy_neighbour):
    rng = random.Random(jobs * 100 + sig)
    delays = [rng.uniform(0.0, 1.5) for _ in range(RUNS)]

    def case(folder: Path) -> None:
        os.symlink(big, folder / "in.txt")
        delay = delays[int(folder.name.split("-")[1])]
        rc, out, err, took = _run(["tag", "in.txt", "-t", str(MINI), "--jobs", str(jobs), "-o", "out.jsonl"],
                                  folder, sig=sig, delay=delay)
        assert took < BOUND
        assert out == b""
        if rc == 0:  # done before the signal came
            assert err == b""
            assert (folder / "out.jsonl").read_text(encoding="utf-8").count("\n") == 2000
            _check_left_nothing(folder, str(folder), ["in.txt", "out.jsonl"])
        else:
            assert (rc, err) == (code, message)
            _check_left_nothing(folder, str(folder), ["in.txt"])

    _many(case, jobs, tmp_path)
