"""Scenario files as YAML: safe loading that rejects a key given twice, clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from chainmap.errors import ChainmapError, ScenarioError
from chainmap.io.text import read_text


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that rejects a key given twice in one mapping."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            continue  # reported by the constructor below
        if key in seen:
            line = key_node.start_mark.line + 1
            msg = f"line {line}: key {key!r} given twice (first at line {seen[key]})"
            raise yaml.constructor.ConstructorError(None, None, msg, key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=True)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def load_yaml_text(text: str) -> Any:
    r"""Parse YAML safely; a key given twice in one mapping is a ``yaml.YAMLError``.

    Examples
    --------
    >>> load_yaml_text("a: 1\nb: [2, 3]")
    {'a': 1, 'b': [2, 3]}
    """
    return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass


def read_yaml_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        msg = f"scenario file {path} not found"
        raise ScenarioError(msg)
    try:
        text = read_text(path)
    except ChainmapError as err:
        raise ScenarioError(str(err)) from None
    try:
        data = load_yaml_text(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        msg = f"{path}:{where} not valid YAML ({getattr(err, 'problem', err)})"
        raise ScenarioError(msg) from err
    except (ValueError, TypeError, RecursionError) as err:  # e.g. an out-of-range date
        msg = f"{path}: not a valid scenario file ({err})"
        raise ScenarioError(msg) from err
    if data is None or data == {}:
        msg = f"{path}: the scenario file is empty; give at least a table or `extends: base`"
        raise ScenarioError(msg)
    if not isinstance(data, dict):
        msg = f"{path}: a scenario file must be a mapping of keys, got {type(data).__name__}"
        raise ScenarioError(msg)
    return data
