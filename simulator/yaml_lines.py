"""Where each field of a YAML file stands: compose the node tree and map field paths to lines.

``yaml.safe_load`` gives values without positions; the composed node tree keeps a mark on every
node. The values are constructed from that same tree (one parse), and walking it once gives
{("loans", 2, "amount"): 41, ...}, so a validation message can name the line of the field it is
about (or of the nearest enclosing field when the field is missing).
"""

from __future__ import annotations

import yaml

Path = tuple[str | int, ...]


def field_name(path: Path) -> str:
    """("loans", 2, "amount") -> "loans[2].amount"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(file)"


# libyaml's loader is ten times faster than the pure-Python one; PyYAML's wheels include it,
# a source build without libyaml does not (same results, only slower).
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_with_lines(text: str):
    """(data, {path: 1-based line}, [(path, line) of keys given twice]) from one parse."""
    loader = Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    lines, duplicates = _walk(root)
    return data, lines, duplicates


def _walk(root) -> tuple[dict[Path, int], list[tuple[Path, int]]]:
    lines: dict[Path, int] = {}
    duplicates: list[tuple[Path, int]] = []
    if root is None:
        return lines, duplicates

    def walk(node, path: Path) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, value_node in node.value:
                key = key_node.value
                child = (*path, key)
                if key in seen:
                    duplicates.append((child, key_node.start_mark.line + 1))
                seen.add(key)
                lines[child] = key_node.start_mark.line + 1
                walk(value_node, child)
                lines[child] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    walk(root, ())
    return lines, duplicates


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of path, or of its nearest ancestor that is in the file (1 for the document)."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)
