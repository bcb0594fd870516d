"""What every command does the same way: read the inputs, load the tagger, tag with a
progress bar, write atomically, and turn domain errors into one line and an exit code."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from forumcli.errors import LocatedError, OutputError, Terminated
from forumcli.render.messages import core_text, say

if TYPE_CHECKING:
    from forumcli.read.remarks import ReadStats
from forumcli.render.output import atomic_output
from forumcli.render.safe import one_line
from forumcli.workers import WorkerError


def err(message: str) -> None:
    """One line on stderr; control characters (from a file name, say) are shown, not obeyed."""
    print(one_line(message), file=sys.stderr)


@contextlib.contextmanager
def handled_errors():
    """Domain errors become one line on stderr and an exit code; never a traceback."""
    from forumcli.taxonomy.model import TaxonomyError

    try:
        yield
        flush_stdout()
    except TaxonomyError as e:
        for problem in e.problems:
            err(problem)
        n = len(e.problems)
        err(say("taxonomy_problems", n=n))
        raise typer.Exit(2) from None
    except (LocatedError, WorkerError) as e:
        err(say("error", message=core_text(str(e))))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err(say("interrupted"))
        raise typer.Exit(130) from None
    except Terminated:
        err(say("terminated"))
        raise typer.Exit(143) from None
    except UnicodeEncodeError as e:  # a lone surrogate (from a JSON "\\ud800" escape) cannot be written
        err(say("not_unicode", reason=e.reason, text=ascii(e.object[e.start:e.end])))
        raise typer.Exit(1) from None
    except OSError as e:
        if isinstance(e, BrokenPipeError):
            raise  # the reader stopped early: Typer ends quietly
        if e.filename:
            err(f"Error: {e.filename}: {e.strerror or e}")
        else:
            err(f"Error: standard output: cannot write: {e.strerror or e}")
            _stdout_to_devnull()
        raise typer.Exit(1) from None


def flush_stdout() -> None:
    """Write what is buffered now, so that a full disk or a closed pipe is reported here
    (one line, exit 1) and not at exit (a Python warning, exit 120)."""
    if sys.stdout is not None:
        sys.stdout.flush()


def _stdout_to_devnull() -> None:
    """What is still buffered for stdout cannot be written either: send it to /dev/null, so
    that Python does not fail again at exit (the remedy its documentation gives for EPIPE)."""
    import os

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def capped_jobs(jobs: int | None) -> int | None:
    """``--jobs``, at most twice the cores (more only adds processes, memory and start-up time)."""
    from forumcli.pipeline import max_jobs

    cap = max_jobs()
    if jobs is not None and jobs > cap:
        err(say("jobs_capped", jobs=jobs, cap=cap))
        return cap
    return jobs


def stdin_or_paths(paths: list[str] | None) -> list[str]:
    if paths:
        return paths
    if sys.stdin is None or sys.stdin.isatty():
        err(say("no_input"))
        raise typer.Exit(2)
    return ["-"]


def read_inputs(paths, *, field="text", column="text", encoding=None, input_format=None, split=None,
                speakers=True, keep_going=False, structure=None, all_blocks=False, output=None):
    """Expand and check every input now, before any output is written; their counts are in
    ``.stats``. A folder's files forumcli wrote, and ``output``, are not read (see
    ``outputs.output_is_input``), and an ``output`` that must not be written is refused now."""
    from forumcli.cli.outputs import output_is_input
    from forumcli.read.remarks import ReadOptions, ReadStats, prepare_inputs

    options = ReadOptions(
        field_name=field, column=column, encoding=encoding, input_format=input_format and input_format.value,
        split=split and split.value, speakers=speakers, structure=structure.value if structure else "auto",
        all_blocks=all_blocks,
    )
    inputs = prepare_inputs(
        stdin_or_paths(paths), options=options, stats=ReadStats(), keep_going=keep_going,
        skip=output_is_input(output),
    )
    if output is not None:
        from forumcli.render.target import output_target

        # refuse an -o that is one of the inputs, or not a writable regular file, before any work
        output_target(output, [s.path for s in inputs.sources if s.path is not None])
    return inputs


def writable(remarks):
    """The remarks, each checked for text no output can hold (a lone surrogate): that is an
    error naming its file and line, raised before the remark reaches any output."""
    from forumcli.errors import InputError
    from forumcli.text.normalize import lone_surrogate

    for r in remarks:
        for value in (r.text, r.speaker, r.place, r.id):
            bad = lone_surrogate(value) if value.__class__ is str else None
            if bad:
                raise InputError(r.source, f"text that is not valid Unicode (a lone surrogate {bad!a}) cannot be written", r.line)
        yield r


def report_failed(stats: ReadStats) -> None:
    for failure in stats.failed:
        err(say("error", message=core_text(failure)))
    if stats.failed:
        n = len(stats.failed)
        err(say("failed", n=n))
        raise typer.Exit(1)


def read_ok(inputs, stats) -> list[str]:
    """The names of the inputs read, less those that failed (with --keep-going)."""
    return [s.name for s in inputs.sources if not any(f.startswith(s.name + ":") for f in stats.failed)]


def load_tagger(taxonomy: Path | None):
    from forumcli import pipeline

    pipeline.TUNE_GC = True  # a command-line run owns its process (see pipeline._settle_gc)
    return pipeline.compiled_tagger(taxonomy)


def tag_stream(remarks, tagger, taxonomy: Path | None, jobs: int | None):
    """(remark, tagged) pairs in input order, with a progress bar on a terminal."""
    from forumcli.pipeline import tag_remarks

    return with_progress(tag_remarks(remarks, taxonomy, jobs=capped_jobs(jobs), tagger=tagger))


def with_progress(items, delay: float = 2.0, size=None):
    """Pass items through; after ``delay`` seconds, show a count of remarks on stderr if it is
    a terminal. An item is one remark, or ``size(item)`` remarks."""
    if not (sys.stderr and sys.stderr.isatty()):
        yield from items
        return
    import time

    start = time.monotonic()
    progress = None
    n = shown = 0
    try:
        for item in items:
            n += 1 if size is None else size(item)
            if n - shown < 256:
                pass
            elif progress is None:
                shown = n
                if time.monotonic() - start > delay:
                    progress = progress_bar()
                    task = progress.add_task("tag", total=None, completed=n)
            else:
                shown = n
                progress.update(task, completed=n)
            yield item
    finally:
        if progress is not None:
            progress.stop()


def progress_bar():
    from rich.console import Console
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        SpinnerColumn(),
        TextColumn(say("progress_tagging")),
        MofNCompleteColumn(),
        TextColumn(say("progress_remarks")),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    progress.start()
    return progress


@contextlib.contextmanager
def destination(output: Path | None, *, newline: str | None = ""):
    if output is None:
        yield sys.stdout
    else:
        try:
            with atomic_output(output, newline=newline) as fh:
                yield fh
        except OSError as e:
            if isinstance(e, BrokenPipeError):
                raise
            raise OutputError(str(output), f"cannot write: {e.strerror or e}") from None


def report_skipped(stats: ReadStats, *, left_out: bool = False) -> None:
    """Say on stderr what was read but not counted; with ``left_out``, the blocks of minutes that are not remarks."""
    if stats.skipped:
        err(say("skipped_empty", n=stats.skipped))
    for note in stats.notes:
        err(say("skipped", note=core_text(note)))
    if left_out and stats.left_out:
        n = sum(stats.left_out.values())
        roles = ", ".join(f"{role} {count}" for role, count in sorted(stats.left_out.items(), key=lambda rc: -rc[1]))
        err(say("left_out", n=n, blocks=stats.blocks, roles=roles))


