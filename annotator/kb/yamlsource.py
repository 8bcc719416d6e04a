"""Reading knowledgebase YAML with line numbers, and collecting problems with file, line and
dotted path (``evidence.yaml:120: evidence.7.drugs.0: unknown drug 'crizotnib'``).

Dates stay text when read (the YAML timestamp resolver is switched off): PyYAML would
otherwise crash on ``2026-13-01`` instead of letting validation report it, and the canonical
hash sees a date exactly as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


# libyaml's parser when PyYAML was built with it (about ten times faster), else pure Python.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without implicit timestamps (dates are validated as text)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """A parsed YAML file and the 1-based line of every mapping key and list item in it."""

    path: Path
    data: Any
    lines: dict[Loc, int]

    def line(self, loc: Loc) -> int | None:
        """Line of ``loc``, or of its nearest parent that has one."""
        for n in range(len(loc), -1, -1):
            found = self.lines.get(loc[:n])
            if found is not None:
                return found
        return None


def read_yaml(path: Path, problems: Problems) -> YamlDoc | None:
    """Parse ``path``; a read or syntax error is recorded and None returned."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        problems.add_text(f"{path}: cannot read ({e.strerror})")
        return None
    except UnicodeDecodeError:
        problems.add_text(f"{path}: not UTF-8 text")
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problems.add_text(f"{path}{line}: not valid YAML ({getattr(e, 'problem', None) or e})")
        return None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return YamlDoc(path, data, lines)


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            lines[(*loc, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*loc, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*loc, i)] = item.start_mark.line + 1
            _walk(item, (*loc, i), lines)


@dataclass
class Problems:
    """Every problem found, in the order found, each a complete one-line message."""

    messages: list[str] = field(default_factory=list)
    docs: dict[str, YamlDoc] = field(default_factory=dict)

    def add_text(self, message: str) -> None:
        self.messages.append(message)

    def add(self, file: Path, loc: Sequence[str | int], message: str) -> None:
        """``file:line: dotted.path: message`` (line omitted when unknown)."""
        doc = self.docs.get(file.name)
        line = doc.line(tuple(loc)) if doc is not None else None
        where = f"{file}:{line}" if line is not None else str(file)
        dotted = ".".join(str(p) for p in loc)
        self.messages.append(f"{where}: {dotted}: {message}" if dotted else f"{where}: {message}")

    def __bool__(self) -> bool:
        return bool(self.messages)
