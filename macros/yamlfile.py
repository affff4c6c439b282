"""Read one YAML data file strictly, keeping the line of every value."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, DataProblem


# libyaml's parser when PyYAML was built with it (the wheels are): same nodes and marks,
# several times faster than the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DataLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as text (the schema checks their form)."""


# Without the timestamp resolver a date stays the string the contributor wrote,
# so the JSON Schema can check it and messages quote it unchanged.
_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDocument:
    """A parsed data file: its value, its node tree (for lines) and its display path."""

    file: str
    value: Any
    node: yaml.Node

    def line_of(self, path: Sequence[str | int]) -> int:
        """1-based line of the value at `path`, or of the nearest parent that exists."""
        node = self.node
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1

    def key_line(self, path: Sequence[str | int], key: str) -> int:
        """1-based line of the key `key` in the mapping at `path`."""
        node = self.node
        for step in path:
            child = _child(node, step)
            if child is None:
                return node.start_mark.line + 1
            node = child
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.value == key:
                    return key_node.start_mark.line + 1
        return node.start_mark.line + 1


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    """The child node reached by one step of a path, if any."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == step:
                return value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def _check_duplicate_keys(node: yaml.Node, file: str) -> None:
    """Reject a mapping that names the same key twice (YAML would keep only the last)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        ident = next((v.value for k, v in node.value
                      if k.value == "id" and isinstance(v, yaml.ScalarNode)), None)
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                raise DataError(DataProblem(
                    file, f"this key is written twice (first at line {seen[key_node.value]}); "
                    "expected each key once per entry", line=line, entry=ident,
                    field=str(key_node.value)))
            seen[key_node.value] = line
            _check_duplicate_keys(value_node, file)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, file)


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse `path` as UTF-8 YAML, or raise DataError naming the file and line."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(DataProblem(
            display, f"byte 0x{raw[error.start]:02x} is not valid UTF-8; "
            "expected the file to be saved as UTF-8 text", line=line)) from None
    loader = _DataLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "cannot be parsed"
        raise DataError(DataProblem(
            display, f"YAML syntax error: {problem}; expected valid YAML "
            "(check indentation, colons and quotes)", line=line)) from None
    if node is None:
        raise DataError(DataProblem(display, "the file is empty; expected YAML data", line=1))
    _check_duplicate_keys(node, display)
    # Built from the node already composed: the file is parsed once.
    value = loader.construct_document(node)
    loader.dispose()
    return YamlDocument(file=display, value=value, node=node)
