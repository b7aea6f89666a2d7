"""Scenario files: one YAML file per scenario, ``extends`` a parent, logged overrides.

Precedence (lowest first): code defaults (:data:`DEFAULTS`) < the ``extends``
parent chain < this file < ``--set key=value`` overrides on the command line. Every
key a file or an override changes relative to what it inherited is logged (module
logger) and kept in :attr:`Scenario.overrides`, which travels into every result's
provenance.

The schema is :data:`~chainmap.scenario.defaults.DEFAULTS` itself: a key not present
there is an error naming the key and the file, and so is a value whose type differs from
the default's type (``None`` defaults accept any value of the documented type in
:data:`~chainmap.scenario.defaults.TYPES`); values are checked against their choices and
ranges by :mod:`chainmap.scenario.checks`. Files are read with a safe YAML loader only
(:mod:`chainmap.scenario.yaml_files`). Sector codes are checked against the table by
the runner (:func:`check_codes`), which names the key and file too.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from chainmap.errors import ScenarioError
from chainmap.scenario.checks import check_settings, check_value
from chainmap.scenario.defaults import DEFAULTS, FREE_MAPPINGS, TYPES
from chainmap.scenario.yaml_files import read_yaml_file

# DEFAULTS and TYPES are imported from here by the other packages (the schema's home).
__all__ = [
    "DEFAULTS",
    "TYPES",
    "Scenario",
    "assumption_notes",
    "check_codes",
    "check_settings",
    "load_scenario",
    "parse_override",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scenario:
    """A fully resolved scenario (defaults, parents, file and overrides merged).

    Attributes
    ----------
    name : str
    settings : dict
        The merged settings (same shape as :data:`DEFAULTS`).
    path : Path or None
        The scenario file (None for a scenario built in memory).
    chain : list of str
        Files merged, parent first.
    overrides : list of dict
        Every change of a value: ``{"key", "old", "new", "source"}`` in order applied.
    """

    name: str
    settings: dict[str, Any]
    path: Path | None = None
    chain: tuple[str, ...] = ()
    overrides: tuple[dict[str, Any], ...] = ()
    file_hashes: dict[str, str] = field(default_factory=dict)

    def get(self, dotted: str) -> Any:
        """Value of a dotted key, e.g. ``scenario.get("selection.budget")``."""
        node: Any = self.settings
        for part in dotted.split("."):
            node = node[part]
        return node

    @property
    def root(self) -> Path:
        """Folder relative paths in the scenario are resolved from (repository root)."""
        if self.path is None:
            return Path.cwd()
        folder = self.path.resolve().parent
        return folder.parent if folder.name == "scenarios" else folder

    def resolve_path(self, value: str) -> Path:
        """Resolve a path written in the scenario (relative to :attr:`root`)."""
        p = Path(value)
        return p if p.is_absolute() else self.root / p

    def to_dict(self) -> dict[str, Any]:
        """Provenance form: name, files, hashes, overrides and the merged settings."""
        return {
            "name": self.name,
            "path": str(self.path) if self.path else None,
            "chain": list(self.chain),
            "file_sha256": dict(self.file_hashes),
            "overrides": [dict(o) for o in self.overrides],
            "settings": copy.deepcopy(self.settings),
        }


# ----- merging ---------------------------------------------------------------------------


def _merge(
    base: dict[str, Any],
    update: Mapping[str, Any],
    schema: Mapping[str, Any],
    source: str,
    log: list[dict[str, Any]],
    prefix: str = "",
) -> None:
    """Merge ``update`` into ``base`` in place, checking keys/types against ``schema``."""
    for key, value in update.items():
        dotted = f"{prefix}{key}"
        if not isinstance(key, str):
            msg = f"{source}: key {key!r} under '{prefix[:-1] or 'top level'}' is not a string"
            raise ScenarioError(msg)
        if key not in schema:
            known = ", ".join(sorted(schema))
            msg = f"{source}: unknown key '{dotted}' (allowed here: {known})"
            raise ScenarioError(msg)
        default = schema[key]
        if isinstance(default, dict) and dotted not in FREE_MAPPINGS:
            if not isinstance(value, Mapping):
                msg = f"{source}: key '{dotted}' must be a mapping, got {value!r}"
                raise ScenarioError(msg)
            _merge(base[key], value, default, source, log, prefix=f"{dotted}.")
            continue
        check_value(dotted, value, default, source)
        old = base.get(key)
        if old != value:
            log.append({"key": dotted, "old": old, "new": value, "source": source})
            logger.info("%s: %s: %r -> %r", source, dotted, old, value)
        base[key] = copy.deepcopy(value)


def assumption_notes(scenario: Scenario) -> list[str]:
    """What the run assumes beyond the file: criteria weights completed or rescaled.

    Recorded in the result's notes (and shown in the report).
    """
    notes: list[str] = []
    if scenario.get("criteria.weighting") != "manual":
        return notes
    weights = scenario.get("criteria.weights")
    stated = sorted(
        {
            str(o["key"]).split(".")[-1]
            for o in scenario.overrides
            if str(o["key"]).startswith("criteria.weights.")
        }
    )
    defaulted = [k for k in weights if k not in stated]
    if stated and defaulted:
        notes.append(
            "criteria weights: the scenario sets "
            + ", ".join(f"{k}={weights[k]:g}" for k in stated)
            + "; the others keep their defaults ("
            + ", ".join(f"{k}={weights[k]:g}" for k in defaulted)
            + ") before normalisation"
        )
    total = sum(float(v) for v in weights.values())
    if total > 0 and abs(total - 1.0) > 1e-9:
        notes.append(
            f"criteria weights sum to {total:g}; normalised to sum 1 ("
            + ", ".join(f"{k}={float(v) / total:.4g}" for k, v in weights.items())
            + ")"
        )
    return notes


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``key=value``; the value is parsed as YAML (``3`` → int, ``[a, b]`` → list).

    Examples
    --------
    >>> parse_override("selection.budget=50")
    ('selection.budget', 50)
    >>> parse_override("selection.require=[C10, C26]")
    ('selection.require', ['C10', 'C26'])
    """
    if "=" not in text:
        msg = f"--set expects key=value, got {text!r}"
        raise ScenarioError(msg)
    key, raw = text.split("=", 1)
    key = key.strip()
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as err:
        msg = f"--set {key}: value {raw!r} is not valid YAML"
        raise ScenarioError(msg) from err
    return key, value


def _nest(dotted: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    node = out
    parts = dotted.split(".")
    for part in parts[:-1]:
        node[part] = {}
        node = node[part]
    node[parts[-1]] = value
    return out


def load_scenario(
    path: str | Path, overrides: Sequence[str] = (), *, _seen: tuple[Path, ...] = ()
) -> Scenario:
    """Load a scenario file, its ``extends`` parents and ``--set`` overrides.

    Parameters
    ----------
    path : path
        ``scenarios/<name>.yaml``. ``extends: other`` names ``other.yaml`` in the same
        folder (or a path relative to it).
    overrides : sequence of str
        ``key=value`` strings with dotted keys, applied last.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        Unknown key, wrong type, missing or circular parent, invalid YAML; the message
        names the key and the file.
    """
    settings, chain, log, hashes = _load_chain(Path(path), _seen)
    for text in overrides:
        key, value = parse_override(text)
        _merge(settings, _nest(key, value), DEFAULTS, f"--set {key}", log)
    p = Path(path)
    name = settings.get("name") or p.stem
    settings["name"] = name
    check_settings(settings, log, str(p))
    return Scenario(
        name=name,
        settings=settings,
        path=p,
        chain=tuple(chain),
        overrides=tuple(log),
        file_hashes=hashes,
    )


def _load_chain(
    path: Path, seen: tuple[Path, ...]
) -> tuple[dict[str, Any], list[str], list[dict[str, Any]], dict[str, str]]:
    resolved = path.resolve()
    if resolved in seen:
        cycle = " -> ".join(str(p) for p in (*seen, resolved))
        msg = f"{path}: circular 'extends' ({cycle})"
        raise ScenarioError(msg)
    data = read_yaml_file(path)
    parent_name = data.get("extends")
    if parent_name is not None:
        if not isinstance(parent_name, str) or not parent_name:
            msg = f"{path}: key 'extends' must name a scenario, got {parent_name!r}"
            raise ScenarioError(msg)
        parent_path = path.parent / (
            parent_name if parent_name.endswith((".yaml", ".yml")) else f"{parent_name}.yaml"
        )
        if not parent_path.exists():
            msg = f"{path}: key 'extends' names {parent_name!r} but {parent_path} does not exist"
            raise ScenarioError(msg)
        settings, chain, log, hashes = _load_chain(parent_path, (*seen, resolved))
    else:
        settings, chain, log, hashes = copy.deepcopy(DEFAULTS), [], [], {}
    own = {k: v for k, v in data.items() if k not in ("extends",)}
    own.setdefault("name", path.stem)
    _merge(settings, own, DEFAULTS, str(path), log)
    settings["extends"] = parent_name
    chain.append(str(path))
    hashes[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return settings, chain, log, hashes


def check_codes(scenario: Scenario, known: Sequence[str], resolve: Any = None) -> dict[str, Any]:
    """Check that every sector reference in the scenario names a sector of the table.

    Parameters
    ----------
    scenario : Scenario
    known : sequence of str
        Codes of the table the scenario runs on.
    resolve : callable, optional
        ``resolve(text) -> code`` accepting names too (e.g. ``chainmap.io.sectors``);
        when given, names are translated to codes in the returned mapping.

    Returns
    -------
    dict
        ``{dotted key: resolved value}`` for every sector-valued key.

    Raises
    ------
    ScenarioError
        Listing every unknown code with its key and the scenario file.
    """
    known_set = set(known)
    source = str(scenario.path) if scenario.path else scenario.name
    problems: list[str] = []
    resolved: dict[str, Any] = {}

    def one(key: str, text: Any) -> str | None:
        code = str(text)
        if code in known_set:
            return code
        if resolve is not None:
            try:
                out = str(resolve(code))
            except Exception:  # the resolver's own message lists close names
                out = ""
            if out in known_set:
                return out
        problems.append(f"key '{key}': unknown sector {text!r}")
        return None

    for key in ("selection.require", "selection.exclude", "gaps.candidates"):
        values = scenario.get(key)
        resolved[key] = [c for c in (one(key, v) for v in values) if c is not None]
    for key in (
        "stages",
        "policy",
        "market.forecasts",
        "selection.entry_cost",
        "selection.fill_cost",
    ):
        mapping = scenario.get(key)
        out = {}
        for k, v in mapping.items():
            code = one(key, k)
            if code is not None:
                out[code] = v
        resolved[key] = out
    if problems:
        msg = f"{source}: " + "; ".join(problems)
        raise ScenarioError(msg)
    return resolved
