"""forumcli's cache directory: pickled things that are slow to build and cheap to load
(a compiled taxonomy, underthesea's CRF weights). An entry that cannot be read is
rebuilt, one that cannot be written is skipped; entries are written atomically."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

CACHE_ENV = "FORUMCLI_CACHE_DIR"


def cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "forumcli"


def load(name: str) -> object | None:
    """The object stored under ``name``, or None when there is none or it cannot be read."""
    try:
        with (cache_dir() / name).open("rb") as f:
            return pickle.load(f)  # noqa: S301 - our own cache file
    except Exception:  # noqa: BLE001 - missing, stale or damaged: the caller rebuilds it
        return None


def store(name: str, obj: object) -> None:
    """Keep ``obj`` under ``name`` (atomically); a cache that cannot be written is skipped."""
    target = cache_dir() / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
