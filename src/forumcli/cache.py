"""forumcli's cache directory: pickled things that are slow to build and cheap to load
(a compiled taxonomy, underthesea's CRF weights). An entry that cannot be read is
rebuilt, one that cannot be written is skipped; entries are written atomically."""

from __future__ import annotations

import os
import pickle
import re
import sys
import time
from pathlib import Path

from forumcli.atomic import replacing

CACHE_ENV = "FORUMCLI_CACHE_DIR"


def cache_dir() -> Path:
    """FORUMCLI_CACHE_DIR, else the system's place for a user's caches (as platformdirs
    gives it): %LOCALAPPDATA%\\forumcli\\Cache on Windows, ~/Library/Caches/forumcli on
    macOS, $XDG_CACHE_HOME/forumcli (~/.cache/forumcli) elsewhere."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        return Path(local) / "forumcli" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "forumcli"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "forumcli"


# An entry unused this long is removed when another is written: every change of a taxonomy,
# of forumcli or of underthesea makes new entries (a compiled taxonomy is about 0.25 MB, the CRF
# data 2.4 MB), and the old ones would otherwise stay for good.
MAX_AGE = 30 * 24 * 3600  # seconds


def load(name: str) -> object | None:
    """The object stored under ``name``, or None when there is none or it cannot be read.
    Reading an entry marks it as used (its time), which keeps it from being pruned."""
    path = cache_dir() / name
    try:
        with path.open("rb") as f:
            obj = pickle.load(f)  # noqa: S301 - our own cache file
    except Exception:  # noqa: BLE001 - missing, stale or damaged: the caller rebuilds it
        return None
    try:
        if time.time() - path.stat().st_mtime > 24 * 3600:  # at most once a day
            os.utime(path)
    except OSError:
        pass
    return obj


def store(name: str, obj: object) -> None:
    """Keep ``obj`` under ``name`` (atomically); a cache that cannot be written is skipped."""
    target = cache_dir() / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target, shared=False) as tmp, tmp.open("wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        return
    prune(target.parent, keep=target)


_ENTRY_RE = re.compile(r"[a-z]+-[0-9a-f]{32}\.pickle")  # the names forumcli gives its entries


def prune(folder: Path, keep: Path | None = None) -> None:
    """Remove forumcli's entries in ``folder`` unused for ``MAX_AGE`` (only names it gives:
    the folder may be shared through $FORUMCLI_CACHE_DIR)."""
    now = time.time()
    try:
        entries = [e for e in folder.iterdir() if _ENTRY_RE.fullmatch(e.name)]
    except OSError:
        return
    for entry in entries:
        try:
            if entry != keep and now - entry.stat().st_mtime > MAX_AGE:
                entry.unlink()
        except OSError:
            pass
