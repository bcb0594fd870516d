"""Tag a stream of remarks, in one process or several, in input order and in bounded memory.

``tag_remarks`` is what ``forumcli tag`` and ``tally`` use. With ``jobs > 1``
the remarks go to worker processes in batches; at most a few batches per worker
are in flight, so memory stays flat however long the input is, and results come
back in input order. Each worker compiles the tagger once from the taxonomy
path (``compiled_tagger``, which keeps a compiled copy in a cache directory so
that this, and every later run, is quick).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import TypeVar

from forumcli import __version__, cache
from forumcli.match.tagger import Tagged, Tagger
from forumcli.read.remarks import Remark
from forumcli.taxonomy.load import load_taxonomy, resolve_taxonomy_path

T = TypeVar("T")

_COMPILED_BY = (
    "match/tagger.py", "text/normalize.py", "taxonomy/load.py", "segment/files.py",
    "taxonomy/rules.py", "match/context.py", "match/rulebook.py",
    "taxonomy/model.py", "match/types.py", "match/index.py",
)
# Below this many remarks one process is quicker than starting workers.
AUTO_JOBS_FROM = 5000
BATCH = 500  # remarks per task sent to a worker
LOCAL_BATCH = 256  # remarks read, then tagged, then handed on, in one process
TUNE_GC = False  # see _settle_gc
IN_FLIGHT = 3  # tasks queued per worker


def _cache_key(path: Path, data: bytes) -> str:
    from forumcli.segment.files import package_dir

    h = hashlib.sha256(data)
    h.update(str(path).encode())
    under = package_dir()
    stamp = ""
    if under is not None:
        st = (under / "version.py").stat() if (under / "version.py").exists() else None
        stamp = f"{under}:{st.st_mtime_ns if st else 0}"
    # the compiled form changes with the code that builds it, not only with the version number
    here = Path(__file__).parent
    code = ",".join(
        f"{st.st_mtime_ns}:{st.st_size}" for st in (here.joinpath(m).stat() for m in _COMPILED_BY)
    )
    for part in (__version__, sys.version, stamp, code):
        h.update(b"\0" + part.encode())
    return h.hexdigest()[:32]


def compiled_tagger(path: str | os.PathLike[str] | None = None) -> Tagger:
    """``Tagger(load_taxonomy(path))``, from the compiled cache when the file is unchanged.

    The cache is keyed by the taxonomy file's path and bytes, forumcli's
    version, Python and underthesea; it lives in ``$FORUMCLI_CACHE_DIR`` (default
    ``~/.cache/forumcli``). A cache that cannot be read or written is ignored.
    """
    p = resolve_taxonomy_path(path)
    try:
        data = p.read_bytes()
    except OSError:
        return Tagger(load_taxonomy(p))  # raises the usual TaxonomyError
    name = f"tagger-{_cache_key(p, data)}.pickle"
    tagger = cache.load(name)
    if isinstance(tagger, Tagger) and tagger.taxonomy.path == str(p):
        return tagger
    tagger = Tagger(load_taxonomy(p))
    cache.store(name, tagger)
    return tagger


# ------------------------------------------------------------------ workers

_worker_tagger: Tagger | None = None
_worker_path: str | None = None


def _load_worker_state(path: str, tagger: Tagger | None = None) -> None:
    """The tagger (``tagger``, or compiled from ``path``) and underthesea's CRF model, as every
    worker needs them."""
    global _worker_tagger, _worker_path
    if tagger is not None:
        _worker_tagger, _worker_path = tagger, path
    elif _worker_path != path:
        _worker_tagger, _worker_path = compiled_tagger(path), path
    from forumcli.segment.words import fast_model  # noqa: PLC0415

    fast_model()
    _settle_gc()


def _settle_gc() -> None:
    """Before a long run: what is loaded now (the taxonomy, the CRF's weights and
    dictionary, some 200,000 objects) lives to the end, so the cyclic garbage collector
    stops scanning it (``gc.freeze``), and runs less often: tagging allocates many small
    tuples and no cycles. Measured 7% quicker tagging (fastest of six alternating runs).
    Only when ``TUNE_GC`` is set (the command line sets it): a library leaves its host's
    collector alone."""
    if not TUNE_GC:
        return
    import gc  # noqa: PLC0415

    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _init_worker(path: str, tagger: Tagger | None) -> None:
    _load_worker_state(path, tagger)  # nothing to do when forked from a parent that loaded it


def _tag_batch(texts: list[str]) -> list[Tagged]:
    assert _worker_tagger is not None
    return _worker_tagger.tag_many(texts)


def _encode_batch(render: Callable[[Remark, Tagged], str], remarks: list[Remark]) -> bytes:
    assert _worker_tagger is not None
    tagged = _worker_tagger.tag_many([r.text for r in remarks])  # all, then all rendered (see _tagged_here)
    return _encoded(render, remarks, tagged)


def _encoded(render: Callable[[Remark, Tagged], str], remarks: list[Remark], tagged: list[Tagged]) -> bytes:
    return "".join(map(render, remarks, tagged)).encode()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def max_jobs() -> int:
    """The most worker processes worth starting: twice the cores."""
    return 2 * default_jobs()


def _choose_jobs(remarks: Iterable[Remark], jobs: int | None) -> tuple[Iterator[Remark], int]:
    """``jobs``, or when None every core if at least ``AUTO_JOBS_FROM`` remarks come (read
    ahead that far to know) and one process otherwise; with the remarks, none lost."""
    it = iter(remarks)
    if jobs is None:
        head = list(islice(it, AUTO_JOBS_FROM))
        jobs = default_jobs() if len(head) == AUTO_JOBS_FROM else 1
        it = chain(head, it)
    return it, jobs


def tag_remarks(
    remarks: Iterable[Remark],
    taxonomy_path: str | os.PathLike[str] | None = None,
    *,
    jobs: int | None = None,
    tagger: Tagger | None = None,
) -> Iterator[tuple[Remark, Tagged]]:
    """Each remark with its tags, in input order.

    ``jobs=None`` uses every core when the input holds more than
    ``AUTO_JOBS_FROM`` remarks (it reads that far ahead to decide) and one
    process otherwise. ``tagger`` is used when given, in this process or in the
    workers (else it is compiled from ``taxonomy_path``).
    """
    it, jobs = _choose_jobs(remarks, jobs)
    if jobs <= 1:
        for batch, tagged in _tagged_here(it, taxonomy_path, tagger):
            yield from zip(batch, tagged)
        return
    yield from _parallel(it, str(resolve_taxonomy_path(taxonomy_path)), jobs, tagger)


def _tagged_here(it: Iterator[Remark], taxonomy_path, tagger: Tagger | None):
    """(remarks, their tags) in this process, LOCAL_BATCH remarks at a time: reading a few
    hundred remarks, then tagging them, then writing them is quicker than taking each
    through all three in turn (each stage's code and data stay in the processor's caches)."""
    tagger = tagger or compiled_tagger(taxonomy_path)
    first = next(it, None)
    if first is None:
        return
    yield [first], [tagger.tag(first.text)]  # loads the CRF model when the taxonomy needs it
    _settle_gc()
    tag_many = tagger.tag_many
    for batch in _batches(it, LOCAL_BATCH):
        yield batch, tag_many([r.text for r in batch])


def _batches(it: Iterator[T], n: int) -> Iterator[list[T]]:
    """Lists of up to ``n`` items of ``it``. When reading raises, the items read before are
    handed on first, as they would have been one by one."""
    while True:
        batch: list[T] = []
        try:
            batch.extend(islice(it, n))
        except BaseException:
            if batch:
                yield batch
            raise
        if not batch:
            return
        yield batch


def encoded_text(
    remarks: Iterable[Remark],
    render: Callable[[Remark, Tagged], str],
    taxonomy_path: str | os.PathLike[str] | None = None,
    *,
    jobs: int | None = None,
    tagger: Tagger | None = None,
) -> Iterator[tuple[int, bytes]]:
    """``render(remark, tagged)`` for each remark, as ``tag_remarks`` would give them, joined
    and encoded as UTF-8 a batch at a time: (how many remarks, their text), in input order.
    This is how ``tag`` writes JSON Lines. With workers the rendering (a JSON line, say) and
    the encoding are done in the workers, and a batch crosses to this process as one bytes
    object, which it writes as it is: 20,000 strings received, decoded and encoded again made
    a sixth of what workers cost more than one process. ``render`` must be a module-level
    function (it is sent to the workers)."""
    it, jobs = _choose_jobs(remarks, jobs)
    if jobs <= 1:
        for batch, tagged in _tagged_here(it, taxonomy_path, tagger):
            yield len(batch), _encoded(render, batch, tagged)
        return
    path = str(resolve_taxonomy_path(taxonomy_path))
    for batch, data in _in_workers(it, path, jobs, tagger, _encode_batch, lambda batch: (render, batch)):
        yield len(batch), data


def _parallel(it: Iterator[Remark], path: str, jobs: int, tagger: Tagger | None) -> Iterator[tuple[Remark, Tagged]]:
    for batch, tagged in _in_workers(it, path, jobs, tagger, _tag_batch, lambda batch: ([r.text for r in batch],)):
        yield from zip(batch, tagged)


def _in_workers(it: Iterator[Remark], path: str, jobs: int, tagger: Tagger | None, task, args_of):
    """(batch, task(*args_of(batch))) for batches of ``it``, computed in ``jobs`` worker
    processes and yielded in input order, with at most IN_FLIGHT batches per worker queued.
    When reading raises, the remarks read before are still tagged and handed on first, as
    in one process (``_batches``).

    (Letting this process tag a batch itself while it waits, with one worker fewer, was
    measured slower on two cores: 1.45x against 1.75x for two workers and a reader.)"""
    import multiprocessing  # noqa: PLC0415

    from forumcli.workers import Workers  # noqa: PLC0415

    pending: deque = deque()
    if multiprocessing.get_start_method() == "fork":
        _load_worker_state(path, tagger)  # once, here: forked workers inherit it instead of each loading it
    batches = _batches(it, BATCH)
    failed: Exception | None = None
    # Workers, not multiprocessing.Pool: the Pool's shutdown could hang when the output
    # stopped early (a broken pipe, Ctrl-C, SIGTERM); see forumcli.workers.
    with Workers(jobs, _init_worker, (path, tagger)) as workers:
        while True:
            while failed is None and len(pending) < jobs * IN_FLIGHT:
                try:
                    batch = next(batches, None)
                except Exception as e:  # noqa: BLE001 - raised below, after the batches in flight
                    failed = e
                    break
                if batch is None:
                    break
                workers.submit(task, args_of(batch))
                pending.append(batch)
            if not pending:
                break
            yield pending.popleft(), workers.result()
    if failed is not None:
        raise failed
