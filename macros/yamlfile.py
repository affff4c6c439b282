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


class NotUtf8(ValueError):
    """Bytes that are not valid UTF-8: the line of the first bad byte, and the byte."""

    def __init__(self, line: int, byte: int) -> None:
        super().__init__(f"line {line}: byte 0x{byte:02x} is not valid UTF-8")
        self.line = line
        self.byte = byte


def decode_utf8(raw: bytes, encoding: str = "utf-8") -> str:
    """Decode `raw` as UTF-8 (or "utf-8-sig"), or raise NotUtf8 naming the first bad byte's line."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise NotUtf8(raw[: error.start].count(b"\n") + 1, raw[error.start]) from None


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


def _check_duplicate_keys(node: yaml.Node, file: str, offset: int = 0) -> None:
    """Reject a mapping that names the same key twice (YAML would keep only the last).

    `offset` is how many lines of the file come before the YAML text (a page's front matter).
    """
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        ident = next((v.value for k, v in node.value
                      if k.value == "id" and isinstance(v, yaml.ScalarNode)), None)
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + offset
            if key_node.value in seen:
                raise DataError(DataProblem(
                    file, f"this key is written twice (first at line {seen[key_node.value]}); "
                    "expected each key once per entry", line=line, entry=ident,
                    field=str(key_node.value)))
            seen[key_node.value] = line
            _check_duplicate_keys(value_node, file, offset)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, file, offset)


# Limits that keep a hostile file from stalling the build (an alias bomb, deep nesting).
MAX_ALIASES = 100
MAX_NODES = 200_000
MAX_DEPTH = 64


def _limits_problem(text: str) -> tuple[int, str] | None:
    """Scan the event stream (no recursion, no expansion) for too deep nesting or too many aliases."""
    depth = aliases = 0
    loader = _DataLoader(text)
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, (
                        f"nesting deeper than {MAX_DEPTH} levels; expected flat entries")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    return event.start_mark.line + 1, (
                        f"more than {MAX_ALIASES} aliases (*name); expected each value written out")
    finally:
        loader.dispose()
    return None


def _graph_problem(node: yaml.Node) -> tuple[int, str] | None:
    """Aliases that loop or expand too far, and mapping keys that are not plain values."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, leaving = stack.pop()
        key = id(current)
        children = ([v for pair in current.value for v in pair]
                    if isinstance(current, yaml.MappingNode)
                    else current.value if isinstance(current, yaml.SequenceNode) else [])
        if leaving:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_NODES:
                return current.start_mark.line + 1, (
                    f"aliases expand to more than {MAX_NODES:,} values; expected each value written out")
            continue
        if key in sizes:
            continue
        if key in on_path:
            return current.start_mark.line + 1, "an alias refers to itself (a recursive alias); " \
                "expected each value written out"
        on_path.add(key)
        if isinstance(current, yaml.MappingNode):
            for key_node, _ in current.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    return key_node.start_mark.line + 1, (
                        "a mapping key that is a list or mapping; expected plain text keys")
        stack.append((current, True))
        for child in children:
            if id(child) in on_path:
                return child.start_mark.line + 1, (
                    "an alias refers to itself (a recursive alias); expected each value written out")
            stack.append((child, False))
    return None


def yaml_problem(error: Exception) -> tuple[int | None, str]:
    """The 0-based line and one-line wording of a YAML error."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = " ".join(str(error.problem or error.context or "cannot be parsed").split())
        if isinstance(error, yaml.constructor.ConstructorError):
            return (mark.line if mark else None), f"{problem} (only plain YAML is read: no tags such as !!python/object)"
        return (mark.line if mark else None), f"YAML syntax error: {problem}"
    if isinstance(error, RecursionError):
        return None, "nesting too deep"
    return None, " ".join(f"{type(error).__name__}: {error}".split())


def load_limited(text: str, display: str, first_line: int = 1) -> tuple[yaml.Node | None, Any]:
    """Parse YAML text within the limits above; DataError (file:line) for anything hostile or broken."""
    def fail(line: int | None, problem: str) -> DataError:
        where = None if line is None else line + first_line
        return DataError(DataProblem(display, problem + (
            "" if "expected" in problem else "; expected valid YAML (check indentation, colons and quotes)"),
            line=where))

    try:
        limit = _limits_problem(text)
        if limit:
            raise fail(limit[0] - 1, limit[1])
        loader = _DataLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, None
            graph = _graph_problem(node)
            if graph:
                raise fail(graph[0] - 1, graph[1])
            _check_duplicate_keys(node, display, first_line - 1)
            # Built from the node already composed: the file is parsed once.
            value = loader.construct_document(node)
        finally:
            loader.dispose()
    except DataError:
        raise
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as error:
        line, problem = yaml_problem(error)
        raise fail(line, problem) from None
    return node, value


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse `path` as UTF-8 YAML, or raise DataError naming the file and line."""
    try:
        text = decode_utf8(path.read_bytes())
    except NotUtf8 as error:
        raise DataError(DataProblem(
            display, f"byte 0x{error.byte:02x} is not valid UTF-8; "
            "expected the file to be saved as UTF-8 text", line=error.line)) from None
    node, value = load_limited(text, display)
    if node is None:
        raise DataError(DataProblem(display, "the file is empty; expected YAML data", line=1))
    return YamlDocument(file=display, value=value, node=node)
