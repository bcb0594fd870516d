"""Load and validate a taxonomy file (categories.yaml).

The YAML is read as a node tree (``yaml.compose``) rather than ``safe_load`` so
that every problem can be reported as ``PATH:LINE: message`` and duplicate keys,
which pyyaml would silently collapse, are caught.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from forumcli import TAXONOMY_ENV
from forumcli.taxonomy.model import (
    Examples,
    Kind,
    Phrase,
    Taxonomy,
    TaxonomyError,
    Topic,
)
from forumcli.taxonomy.rules import (
    DEFAULT_WINDOW,
    Context,
    parse_actor,
    parse_term_rule,
    parse_window,
    parse_words,
)
from forumcli.taxonomy.shape import shape_problem
from forumcli.text.normalize import is_punctuation_term, term_key

if TYPE_CHECKING:  # yaml is imported when a taxonomy is parsed: `tag` with a compiled one never needs it
    import yaml

ENV_VAR = TAXONOMY_ENV
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

TOPIC_KEYS = {"id", "label", "label_en", "description", "terms", "exclude", "examples", "children",
              "weak_terms", "context", "context_window", "actor"}
KIND_KEYS = {"id", "label", "label_en", "description", "cues", "exclude", "examples", "opens_with", "not_after", "fallback"}
TOP_KEYS = {"version", "topics", "kinds"}
EXAMPLE_KEYS = {"match", "no_match"}


# --------------------------------------------------------------------------- loading


def default_taxonomy_path() -> Path:
    """The bundled categories.yaml (inside the wheel, or at the top of a checkout)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "categories.yaml"  # as importlib.resources would find it, without its 25 ms import
    if packaged.is_file():
        return packaged
    return package.parents[1] / "categories.yaml"


def resolve_taxonomy_path(path: str | os.PathLike[str] | None) -> Path:
    if path:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return default_taxonomy_path()


def load_taxonomy(path: str | os.PathLike[str] | None = None) -> Taxonomy:
    """Read and validate a taxonomy file; raise TaxonomyError listing every problem."""
    p = resolve_taxonomy_path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise TaxonomyError([f"{p}: cannot read taxonomy: {e.strerror or e}"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise TaxonomyError([f"{p}:{line}: not valid UTF-8"]) from None
    return parse_taxonomy(text, str(p))


def parse_taxonomy(text: str, path: str = "<taxonomy>") -> Taxonomy:
    import yaml  # 30 ms, and only parsing needs it

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        return _Builder(path).build(root)
    except RecursionError:
        found = shape_problem(text) or (1, "nested too deeply")
        raise TaxonomyError([f"{path}:{found[0]}: {found[1]}"]) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        msg = e.problem or str(e)
        raise TaxonomyError([f"{path}:{line}: YAML syntax error: {msg}"]) from None
    except yaml.YAMLError as e:
        raise TaxonomyError([f"{path}:1: YAML error: {e}"]) from None


def _is(node: yaml.Node | None, kind: str) -> bool:
    """Whether ``node`` is a YAML node of ``kind`` ("scalar", "sequence" or "mapping")."""
    return getattr(node, "id", None) == kind


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[str] = []
        self.topics: list[Topic] = []
        self.kinds: list[Kind] = []
        self.seen_topic_ids: dict[str, int] = {}
        self.term_owner: dict[tuple[str, ...], tuple[str, int]] = {}

    # -- helpers
    def err(self, node: yaml.Node | None, msg: str, line: int | None = None) -> None:
        if line is None:
            line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(f"{self.path}:{line}: {msg}")

    def mapping(self, node: yaml.Node, what: str, allowed: set[str]) -> dict[str, yaml.Node] | None:
        if not _is(node, "mapping"):
            self.err(node, f"{what} must be a mapping")
            return None
        out: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            key = knode.value if _is(knode, "scalar") else None
            if key is None:
                self.err(knode, f"{what}: keys must be plain names")
                continue
            if key in out:
                first = out[key].start_mark.line + 1
                self.err(knode, f"duplicate key '{key}' in {what} (first at line {first})")
                continue
            if key not in allowed:
                hint = _closest(key, allowed)
                extra = f" (did you mean '{hint}'?)" if hint else ""
                self.err(knode, f"unknown key '{key}' in {what}{extra}; allowed: {', '.join(sorted(allowed))}")
                continue
            out[key] = vnode
        return out

    def scalar(self, node: yaml.Node | None, what: str, required: bool = True) -> str:
        if node is None:
            return ""
        if not _is(node, "scalar") or node.tag.endswith(":null"):
            if required:
                self.err(node, f"{what} must be text")
            return ""
        return str(node.value)

    def flag(self, node: yaml.Node | None, what: str) -> bool:
        if node is None:
            return False
        value = str(node.value).lower() if _is(node, "scalar") else ""
        if value not in ("true", "false"):
            self.err(node, f"{what} must be true or false")
        return value == "true"

    def phrases(self, node: yaml.Node | None, what: str, head: str = "", weak: bool = False) -> list[Phrase]:
        if node is None:
            return []
        if _is(node, "scalar") and node.tag.endswith(":null"):
            return []
        if not _is(node, "sequence"):
            self.err(node, f"{what} must be a list of phrases")
            return []
        out: list[Phrase] = []
        seen: dict[tuple[str, ...] | str, int] = {}
        for item in node.value:
            line = item.start_mark.line + 1
            rule = Context(weak=True, line=line) if weak else None
            if head and _is(item, "mapping"):
                got = parse_term_rule(item, what, head, self.err)
                if got is None:
                    continue
                text, rule = got
                if weak:
                    rule = Context(True, rule.near, rule.not_near, rule.window, rule.line)
                out.append(Phrase(text, line, rule))
                if not term_key(text):
                    self.err(item, f"entry '{text}' in {what} has no letters or digits")
                    out.pop()
                elif term_key(text) in seen:
                    self.err(item, f"'{text}' is listed twice in {what} (first at line {seen[term_key(text)]})")
                    out.pop()
                else:
                    seen[term_key(text)] = line
                continue
            if not _is(item, "scalar") or item.tag.endswith(":null"):
                self.err(item, f"empty or non-text entry in {what}")
                continue
            text = str(item.value).strip()
            if not text:
                self.err(item, f"empty entry in {what}")
                continue
            key: tuple[str, ...] | str
            if is_punctuation_term(text):
                key = text
            else:
                key = term_key(text)
                if not key:
                    self.err(item, f"entry '{text}' in {what} has no letters or digits")
                    continue
            if key in seen:
                self.err(item, f"'{text}' is listed twice in {what} (first at line {seen[key]})")
                continue
            seen[key] = line
            out.append(Phrase(text, line, rule))
        return out

    def examples(self, node: yaml.Node | None, what: str) -> Examples:
        if node is None:
            return Examples()
        m = self.mapping(node, f"examples of {what}", EXAMPLE_KEYS)
        if m is None:
            return Examples()
        return Examples(
            tuple(self.phrases(m.get("match"), f"examples.match of {what}")),
            tuple(self.phrases(m.get("no_match"), f"examples.no_match of {what}")),
        )

    def claim_terms(self, owner: str, terms: list[Phrase]) -> None:
        for t in terms:
            key = term_key(t.text)
            if key in self.term_owner:
                other, line = self.term_owner[key]
                if other != owner:
                    self.err(
                        None,
                        f"term '{t.text}' of topic '{owner}' is also a term of topic '{other}' (line {line})",
                        line=t.line,
                    )
                continue
            self.term_owner[key] = (owner, t.line)

    # -- structure
    def build(self, root: yaml.Node | None) -> Taxonomy:
        if root is None:
            raise TaxonomyError([f"{self.path}:1: the taxonomy is empty"])
        top = self.mapping(root, "the taxonomy", TOP_KEYS)
        if top is None:
            raise TaxonomyError(self.problems)
        version = 1
        if "version" in top:
            v = self.scalar(top["version"], "version")
            if v not in ("1",):
                self.err(top["version"], f"unsupported version '{v}' (expected 1)")
        if "topics" not in top:
            self.err(root, "missing 'topics'")
        else:
            tnode = top["topics"]
            if not _is(tnode, "sequence") or not tnode.value:
                self.err(tnode, "'topics' must be a non-empty list")
            else:
                for item in tnode.value:
                    self.topic(item, parent=None)
        if "kinds" in top:
            knode = top["kinds"]
            if not _is(knode, "sequence"):
                self.err(knode, "'kinds' must be a list")
            else:
                seen: dict[str, int] = {}
                for item in knode.value:
                    self.kind(item, seen)
        kind_ids = {k.id for k in self.kinds}
        fallbacks = [k for k in self.kinds if k.fallback]
        for k in fallbacks[1:]:
            self.err(None, f"kind '{k.id}' is a fallback, and so is '{fallbacks[0].id}': only one kind may be", line=k.line)
        for k in self.kinds:
            for w in k.not_after:
                if w.text not in kind_ids or w.text == k.id:
                    self.err(None, f"not_after of kind '{k.id}' names '{w.text}', which is not another kind", line=w.line)
        if self.problems:
            raise TaxonomyError(self.problems)
        return Taxonomy(self.path, tuple(self.topics), tuple(self.kinds), version)

    def check_id(self, node: yaml.Node | None, holder: yaml.Node, what: str) -> str:
        if node is None:
            self.err(holder, f"{what} has no 'id'")
            return ""
        value = self.scalar(node, f"id of {what}")
        if value and not ID_RE.match(value):
            self.err(node, f"id '{value}' must be ASCII snake_case (a-z, 0-9, _)")
        return value

    def topic(self, node: yaml.Node, parent: str | None) -> str | None:
        m = self.mapping(node, "a topic", TOPIC_KEYS)
        if m is None:
            return None
        local = self.check_id(m.get("id"), node, "a topic")
        if not local:
            return None
        tid = f"{parent}.{local}" if parent else local
        line = node.start_mark.line + 1
        if tid in self.seen_topic_ids:
            self.err(m["id"], f"duplicate topic id '{tid}' (first at line {self.seen_topic_ids[tid]})")
            return None
        if tid in {k.id for k in self.kinds}:
            self.err(m["id"], f"topic id '{tid}' is also a kind id")
        self.seen_topic_ids[tid] = line
        label = self.scalar(m.get("label"), f"label of topic '{tid}'") if "label" in m else ""
        if not label:
            self.err(node, f"topic '{tid}' has no label")
        terms = self.phrases(m.get("terms"), f"terms of topic '{tid}'", "term")
        weak = self.phrases(m.get("weak_terms"), f"weak_terms of topic '{tid}'", "term", weak=True)
        listed = {term_key(p.text): p.line for p in terms}
        for p in weak:
            if term_key(p.text) in listed:
                self.err(None, f"'{p.text}' is in both terms and weak_terms of topic '{tid}' "
                         f"(line {listed[term_key(p.text)]})", line=p.line)
        terms += [p for p in weak if term_key(p.text) not in listed]
        self.claim_terms(tid, terms)
        context = parse_words(m.get("context"), f"context of topic '{tid}'", self.err)
        window = parse_window(m.get("context_window"), f"context_window of topic '{tid}'", self.err, DEFAULT_WINDOW)
        actor = parse_actor(m["actor"], f"topic '{tid}'", self.err) if "actor" in m else None
        exclude = self.phrases(m.get("exclude"), f"exclude of topic '{tid}'")
        examples = self.examples(m.get("examples"), f"topic '{tid}'")
        index = len(self.topics)
        self.topics.append(
            Topic(
                id=tid,
                label=label,
                label_en=self.scalar(m.get("label_en"), "label_en", required=False) or label,
                description=self.scalar(m.get("description"), "description", required=False),
                terms=tuple(terms),
                exclude=tuple(exclude),
                examples=examples,
                line=line,
                parent=parent,
                context=context,
                context_window=window,
                actor=actor,
            )
        )
        children: list[str] = []
        cnode = m.get("children")
        if cnode is not None:
            if not _is(cnode, "sequence"):
                self.err(cnode, f"children of topic '{tid}' must be a list")
            else:
                for child in cnode.value:
                    cid = self.topic(child, parent=tid)
                    if cid:
                        children.append(cid)
        if children:
            t = self.topics[index]
            self.topics[index] = Topic(**{**t.__dict__, "children": tuple(children)})
        elif not terms and actor is None:
            self.err(node, f"topic '{tid}' has no terms and no children")
        return tid

    def kind(self, node: yaml.Node, seen: dict[str, int]) -> None:
        m = self.mapping(node, "a kind", KIND_KEYS)
        if m is None:
            return
        kid = self.check_id(m.get("id"), node, "a kind")
        if not kid:
            return
        line = node.start_mark.line + 1
        if kid in seen:
            self.err(m["id"], f"duplicate kind id '{kid}' (first at line {seen[kid]})")
            return
        if kid in self.seen_topic_ids:
            self.err(m["id"], f"kind id '{kid}' is also a topic id")
        seen[kid] = line
        label = self.scalar(m.get("label"), f"label of kind '{kid}'") if "label" in m else ""
        if not label:
            self.err(node, f"kind '{kid}' has no label")
        cues = self.phrases(m.get("cues"), f"cues of kind '{kid}'", "cue")
        if not cues:
            self.err(node, f"kind '{kid}' has no cues")
        self.kinds.append(
            Kind(
                id=kid,
                label=label,
                label_en=self.scalar(m.get("label_en"), "label_en", required=False) or label,
                description=self.scalar(m.get("description"), "description", required=False),
                cues=tuple(cues),
                exclude=tuple(self.phrases(m.get("exclude"), f"exclude of kind '{kid}'")),
                examples=self.examples(m.get("examples"), f"kind '{kid}'"),
                line=line,
                opens_with=parse_words(m.get("opens_with"), f"opens_with of kind '{kid}'", self.err),
                not_after=parse_words(m.get("not_after"), f"not_after of kind '{kid}'", self.err),
                fallback=self.flag(m.get("fallback"), f"fallback of kind '{kid}'"),
            )
        )


def _closest(key: str, allowed: set[str]) -> str | None:
    import difflib

    hits = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return hits[0] if hits else None
