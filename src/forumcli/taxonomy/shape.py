"""Where a taxonomy's YAML is too deep to build: nested too deeply, or an alias inside the
node it refers to (``&a`` ... ``*a``), which would make the tree endless. Read from the
parser's events, which need no recursion, so it works where composing the tree failed."""

from __future__ import annotations

MAX_DEPTH = 100  # nested sequences and mappings; categories.yaml needs about 10


def shape_problem(text: str) -> tuple[int, str] | None:
    """(line, problem) of the first place the YAML is too deep or recursive; None if neither."""
    import yaml

    open_anchors: list[str | None] = []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            open_anchors.append(event.anchor)
            if len(open_anchors) > MAX_DEPTH:
                return line, f"nested more than {MAX_DEPTH} levels deep"
        elif isinstance(event, yaml.CollectionEndEvent):
            open_anchors.pop()
        elif isinstance(event, yaml.AliasEvent) and event.anchor in open_anchors:
            return line, f"the alias *{event.anchor} is inside the node &{event.anchor} it refers to (an endless tree)"
    return None
