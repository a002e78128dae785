"""Validating the data files against their JSON Schemas, with ``path:line`` messages.

The schemas in ``schemas/`` are the one definition of each file's shape: the build checks with
them (through the ``jsonschema`` library), and editors' YAML tools read them too (each data file
names its schema in a ``yaml-language-server`` comment). ``jsonschema`` gives each error the
path of keys and indexes to the offending value; the line-recording YAML loader turns that path
into a line, and the message says what to write instead.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema

from .data_files import LineDict, LineList
from .problems import Problem

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
FORMATS = jsonschema.FormatChecker(formats=())
# Characters that never belong in an address written into an href.
NOT_IN_URL = set(' \t\r\n"\'<>\\`{}|^')


@FORMATS.checks("https-url")
def is_https_url(value: object) -> bool:
    """An https address with a host, nothing that could leave the href attribute."""
    if not isinstance(value, str):
        return True
    if any(char in NOT_IN_URL or ord(char) < 32 or ord(char) == 127 for char in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and parts.username is None and parts.password is None


@functools.lru_cache(maxsize=None)
def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=FORMATS)


# Subject of a message from the path to the value: ("source 'sds-act'", rest of the path).
Subject = Callable[[Any, Sequence[Any]], tuple[str, Sequence[Any]]]


def validate(data: Any, name: str, shown_as: str, subject: Subject) -> tuple[list[Problem], set[Any]]:
    """Problems of ``data`` against schema ``name``, and the top-level keys or indexes that have any."""
    problems: list[Problem] = []
    broken: set[Any] = set()
    for error in validator(name).iter_errors(data):
        path = list(error.absolute_path)
        if path:
            broken.add(path[0])
        elif "propertyNames" in error.absolute_schema_path:
            broken.add(error.instance)  # a bad top-level key: that entry only
        else:
            broken.add(None)  # the whole file has the wrong shape
        problems += _problems(error, data, path, shown_as, subject)
    return sorted(set(problems)), broken


def _problems(error, data: Any, path: list[Any], shown_as: str, subject: Subject) -> list[Problem]:
    who, rest = subject(data, path) if path else ("", [])
    where = _dotted(rest)
    prefix = f"{who}: " if who else ""
    # What the value is called when it is the whole entry or the whole file.
    itself = where or ("its value" if who else "the file")
    line = _line(data, path)
    kind = error.validator
    in_key = "propertyNames" in error.absolute_schema_path
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extras = [key for key in error.instance if key not in allowed]
        return [
            Problem(shown_as, _key_line(error.instance, key, line),
                    f"{prefix}unknown key '{_dotted([*rest, key])}': use one of {', '.join(allowed)}")
            for key in extras
        ]
    if in_key:
        key = error.instance
        what = error.schema.get("description") or f"use one of {', '.join(map(str, error.schema.get('enum', [])))}"
        inside = f" in {where}" if where else ""
        return [Problem(shown_as, _key_line(_node(data, path), key, line), f"{prefix}'{key}'{inside} is not allowed: {what}")]
    if kind == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        inside = f" to {where}" if where else ""
        return [Problem(shown_as, line, f"{prefix}add '{key}'{inside}: it is required") for key in missing]
    if kind == "enum":
        options = ", ".join(map(str, error.validator_value))
        return [Problem(shown_as, line, f"{prefix}{itself} is '{error.instance}': use one of {options}")]
    if kind == "type":
        return [Problem(shown_as, line, f"{prefix}{itself} must be {_type_words(error.validator_value)}, "
                        f"not {_describe(error.instance)}")]
    if kind in ("minItems", "minProperties"):
        return [Problem(shown_as, line, f"{prefix}{itself} is empty: give at least one entry")]
    if kind in ("pattern", "format", "minLength"):
        what = error.schema.get("description") or "write some text"
        return [Problem(shown_as, line, f"{prefix}{itself} is {_describe(error.instance)}: {what}")]
    return [Problem(shown_as, line, f"{prefix}{itself}: {error.message}")]


def _dotted(path: Sequence[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _node(data: Any, path: Sequence[Any]) -> Any:
    for key in path:
        data = data[key]
    return data


def _line(data: Any, path: Sequence[Any]) -> int:
    """The line of the deepest key or item of ``path`` the loader recorded."""
    line = getattr(data, "line", 1)
    node = data
    for key in path:
        if isinstance(node, LineDict) and key in node:
            line = node.key_lines.get(key, line)
        elif isinstance(node, LineList) and isinstance(key, int) and key < len(node):
            line = node.item_lines[key]
        else:
            break
        node = node[key]
    return line


def _key_line(mapping: Any, key: Any, default: int) -> int:
    return mapping.key_lines.get(key, default) if isinstance(mapping, LineDict) else default


TYPE_WORDS = {"string": "text", "boolean": "true or false", "object": "a mapping of keys to values",
              "array": "a list", "integer": "a whole number", "number": "a number", "null": "empty"}


def _type_words(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(TYPE_WORDS.get(name, name) for name in names)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, str):
        if value.strip().lower() in ("true", "false", "yes", "no"):
            return f"the text '{value}' (write it without quotes)"
        return f"'{value}'"
    if isinstance(value, (int, float)):
        return f"the number {value} (put it in quotes)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
