"""Context rules of a taxonomy: terms that count only in context.

A term (or cue) may carry, in its mapping form ``{term: chốt, near: [...], window: 4}``:

* ``weak: true``: it tags only with support: another term of the same topic (a
  cue of the same kind) in the remark, or one of the topic's ``context`` words
  within ``context_window`` syllables; a topic's ``weak_terms`` are all weak;
* ``near``: words of which one must occur within ``window`` syllables, either side;
* ``not_near``: words that veto it within ``window`` syllables, either side.

A topic may have an ``actor`` rule: a mention of an agent (``agents``) in the same
sentence as an evaluation of what it did (``evaluations``), within ``window``
syllables, gives the topic, unless the agent is only the addressee of a request
(a ``requests`` word before it in its clause). A kind may list ``opens_with``: a
sentence or list item that opens with one of these verbs, with no subject before
it (underthesea tags it as a verb), is of that kind.

Windows are counted in syllables of the normalised remark, so they hold alike
with and without diacritics. This module reads the rules (for taxonomy.load);
match.context and match.rulebook apply them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from forumcli.text.normalize import term_key

DEFAULT_WINDOW = 5  # syllables either side for near / not_near / context
DEFAULT_ACTOR_WINDOW = 12
MAX_WINDOW = 30
TERM_RULE_KEYS = {"weak", "near", "not_near", "window"}
ACTOR_KEYS = {"agents", "pronouns", "evaluations", "attitudes", "requests", "window"}


class Word(NamedTuple):
    text: str
    line: int


@dataclass(frozen=True)
class Context:
    """The context rule of one term or cue, as written."""

    weak: bool = False
    near: tuple[Word, ...] = ()
    not_near: tuple[Word, ...] = ()
    window: int = DEFAULT_WINDOW
    line: int = 0


@dataclass(frozen=True)
class Actor:
    agents: tuple[Word, ...]
    evaluations: tuple[Word, ...]
    requests: tuple[Word, ...] = ()
    window: int = DEFAULT_ACTOR_WINDOW
    line: int = 0
    pronouns: tuple[Word, ...] = ()  # agents only in a remark that names one of ``agents``
    attitudes: tuple[Word, ...] = ()  # the speaker's attitude: before the agent as well as after


# --------------------------------------------------------------------------- loading

Err = Callable[[object, str], None]  # (yaml node, message)


def _words(node, what: str, err: Err) -> tuple[Word, ...]:
    if node is None or (getattr(node, "id", None) == "scalar" and node.tag.endswith(":null")):
        return ()
    if getattr(node, "id", None) != "sequence":
        err(node, f"{what} must be a list of words")
        return ()
    out: list[Word] = []
    for item in node.value:
        text = str(item.value).strip() if getattr(item, "id", None) == "scalar" else ""
        if not term_key(text):
            err(item, f"empty or non-text entry in {what}")
            continue
        out.append(Word(text, item.start_mark.line + 1))
    return tuple(out)


def parse_window(node, what: str, err: Err, default: int) -> int:
    if node is None:
        return default
    raw = str(node.value).strip() if getattr(node, "id", None) == "scalar" else ""
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_WINDOW:
        err(node, f"{what} must be a whole number of syllables from 1 to {MAX_WINDOW}, not '{raw}'")
        return default
    return int(raw)


def parse_term_rule(node, what: str, head: str, err: Err) -> tuple[str, Context] | None:
    """A term or cue in mapping form: ``{term: ..., weak/near/not_near/window}``."""
    found: dict[str, object] = {}
    allowed = {head} | TERM_RULE_KEYS
    for knode, vnode in node.value:
        key = str(knode.value)
        if key not in allowed:
            err(knode, f"unknown key '{key}' in an entry of {what}; allowed: {', '.join(sorted(allowed))}")
            return None
        if key in found:
            err(knode, f"duplicate key '{key}' in an entry of {what}")
            return None
        found[key] = vnode
    tnode = found.get(head)
    text = str(tnode.value).strip() if getattr(tnode, "id", None) == "scalar" else ""
    if not text:
        err(node, f"an entry of {what} in mapping form needs '{head}: <phrase>'")
        return None
    line = node.start_mark.line + 1
    weak = False
    if "weak" in found:
        w = str(found["weak"].value).lower()
        if w not in ("true", "false"):
            err(found["weak"], f"'weak' of '{text}' in {what} must be true or false")
        weak = w == "true"
    ctx = Context(
        weak=weak,
        near=_words(found.get("near"), f"near of '{text}' in {what}", err),
        not_near=_words(found.get("not_near"), f"not_near of '{text}' in {what}", err),
        window=parse_window(found.get("window"), f"window of '{text}' in {what}", err, DEFAULT_WINDOW),
        line=line,
    )
    if "window" in found and not (ctx.near or ctx.not_near or ctx.weak):
        err(found["window"], f"window of '{text}' in {what} has no near, not_near or weak to apply to")
    return text, ctx


def parse_actor(node, what: str, err: Err) -> Actor | None:
    if getattr(node, "id", None) != "mapping":
        err(node, f"actor of {what} must be a mapping with agents and evaluations")
        return None
    found = {}
    for knode, vnode in node.value:
        key = str(knode.value)
        if key not in ACTOR_KEYS:
            err(knode, f"unknown key '{key}' in actor of {what}; allowed: {', '.join(sorted(ACTOR_KEYS))}")
            continue
        found[key] = vnode
    agents = _words(found.get("agents"), f"agents of actor of {what}", err)
    evaluations = _words(found.get("evaluations"), f"evaluations of actor of {what}", err)
    if not agents or not evaluations:
        err(node, f"actor of {what} needs non-empty 'agents' and 'evaluations'")
        return None
    return Actor(
        agents,
        evaluations,
        _words(found.get("requests"), f"requests of actor of {what}", err),
        parse_window(found.get("window"), f"window of actor of {what}", err, DEFAULT_ACTOR_WINDOW),
        node.start_mark.line + 1,
        _words(found.get("pronouns"), f"pronouns of actor of {what}", err),
        _words(found.get("attitudes"), f"attitudes of actor of {what}", err),
    )


def parse_words(node, what: str, err: Err) -> tuple[Word, ...]:
    return _words(node, what, err)
