"""Loading the YAML data files with line numbers, so every data problem names ``path:line``.

PyYAML silently keeps the last of two equal keys; here a duplicate key is a problem, never a
silent overwrite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .files import read_text
from .problems import Problem


class LineDict(dict):
    """A mapping that remembers the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list):
    line: int = 0
    item_lines: list[int]


# libyaml's parser when PyYAML has it (its wheels do): the same nodes and line marks, several
# times faster than the pure-Python one on the data files.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key_node, yaml.ScalarNode) and not isinstance(key, str):
            # A key is the text the editor wrote: 117.10 stays "117.10", never the float 117.1.
            key = key_node.value
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicates.append((line, key, mapping.key_lines[key]))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_date_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay the text the editor wrote ("2023-10" or "2023-10-01"), never a date object.
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date_as_text)


def load_yaml(path: Path, shown_as: str) -> tuple[Any, list[Problem]]:
    """Load one YAML file. Returns ``(data, problems)``; ``data`` is None when unreadable."""
    if not path.exists():
        return None, [Problem(shown_as, 1, "data file is missing: restore it from version control")]
    text, problems = read_text(path, shown_as)
    if text is None:
        return None, problems
    loader = _LineLoader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(shown_as, line, f"invalid YAML ({reason}): fix the syntax")]
    finally:
        loader.dispose()
    problems = [
        Problem(shown_as, line, f"duplicate key '{key}' (first at line {first}): remove or rename one")
        for line, key, first in loader.duplicates
    ]
    if data is None:
        return None, [Problem(shown_as, 1, "data file is empty: restore its entries from version control")]
    return data, problems
