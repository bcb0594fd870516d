"""The package's shape: no import cycles, the core free of typer and rich, no private
name imported across modules, no module over 500 lines, a docstring on every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "forumcli"
MODULES = sorted(PACKAGE.rglob("*.py"))
# the layers that may import the terminal libraries: rendering (the table format) and the CLI
TERMINAL_OK = ("cli", "render")


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import in ``path``, at any depth."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [a.name for a in node.names], node.lineno))
    return out


def _graph() -> dict[str, set[str]]:
    known = {_name(p) for p in MODULES}
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        edges = graph.setdefault(_name(path), set())
        for module, names, _ in _imports(path):
            if not module.startswith("forumcli"):
                continue
            # "from forumcli.segment import words" imports the module forumcli.segment.words
            subs = {f"{module}.{n}" for n in names} & known
            edges.update(subs or ({module} & known))
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph.get(v, ()):
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    # package __init__ files import nothing, so a package never stands between two of its modules
    assert _cycles(_graph()) == []


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_the_core_never_imports_typer_or_rich(path):
    layer = _name(path).split(".")[1] if "." in _name(path) else ""
    banned = {"typer"} if layer == "render" else set() if layer == "cli" else {"typer", "rich"}
    assert [(m, line) for m, _, line in _imports(path) if m.split(".")[0] in banned] == []


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_private_name_crosses_modules(path):
    private = [(m, n, line) for m, names, line in _imports(path) if m.startswith("forumcli")
               for n in names if n.startswith("_") and not n.startswith("__")]
    assert private == []


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_stay_small_and_say_what_they_are(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 500
    if path.name != "__main__.py":
        assert ast.get_docstring(ast.parse(text)), f"{_name(path)} has no docstring"


TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize("path", sorted(TESTS.rglob("test_*.py")), ids=lambda p: str(p.relative_to(TESTS)))
def test_each_test_file_says_what_it_covers(path):
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))


def test_tests_mirror_the_package():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= {p.name for p in TESTS.iterdir() if p.is_dir()}


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_only_segment_touches_underthesea(path):
    if _name(path).startswith("forumcli.segment"):
        return
    assert [(m, line) for m, _, line in _imports(path) if m.split(".")[0] in ("underthesea", "underthesea_core")] == []
