"""forumcli's cache directory keeps what is used and drops what has not been for a month."""

import os
import time
from pathlib import Path

import pytest

from forumcli import cache

OLD = time.time() - cache.MAX_AGE - 3600


def _entry(folder, name, age=None):
    path = folder / name
    path.write_bytes(b"x")
    if age is not None:
        os.utime(path, (age, age))
    return path


def test_writing_an_entry_removes_forumcli_entries_unused_for_a_month(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    stale = _entry(tmp_path, "tagger-" + "a" * 32 + ".pickle", OLD)
    recent = _entry(tmp_path, "wordcrf-" + "b" * 32 + ".pickle")
    foreign = _entry(tmp_path, "notes.pickle", OLD)  # not a name forumcli gives: left alone
    odd = _entry(tmp_path, "tagger-old.pickle", OLD)
    cache.store("tagger-" + "c" * 32 + ".pickle", {"x": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [recent.name, foreign.name, odd.name, "tagger-" + "c" * 32 + ".pickle"]
    )
    assert not stale.exists()


def test_reading_an_entry_keeps_it(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    name = "tagger-" + "d" * 32 + ".pickle"
    cache.store(name, [1, 2])
    os.utime(tmp_path / name, (OLD, OLD))
    assert cache.load(name) == [1, 2]  # used: its time is now
    cache.store("wordcrf-" + "e" * 32 + ".pickle", [3])
    assert cache.load(name) == [1, 2]


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"XDG_CACHE_HOME": "/x/cache"}, "/x/cache/forumcli"),
        ("linux", {}, "{home}/.cache/forumcli"),
        ("darwin", {}, "{home}/Library/Caches/forumcli"),
        ("win32", {"LOCALAPPDATA": "/c/Users/lan/AppData/Local"}, "/c/Users/lan/AppData/Local/forumcli/Cache"),
    ],
)
def test_the_cache_is_where_the_system_keeps_caches(monkeypatch, platform, env, expected):
    from forumcli import cache

    monkeypatch.delenv("FORUMCLI_CACHE_DIR")
    for name in ("XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(cache.sys, "platform", platform)
    assert str(cache.cache_dir()) == expected.format(home=Path.home())


def test_the_cache_folder_can_be_chosen(monkeypatch, tmp_path):
    from forumcli import cache

    monkeypatch.setenv("FORUMCLI_CACHE_DIR", str(tmp_path / "c"))
    assert cache.cache_dir() == tmp_path / "c"
