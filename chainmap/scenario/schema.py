"""Scenario files: one YAML file per scenario, ``extends`` a parent, logged overrides.

Precedence (lowest first): code defaults (:data:`DEFAULTS`) < the ``extends``
parent chain < this file < ``--set key=value`` overrides on the command line. Every
key a file or an override changes relative to what it inherited is logged (module
logger) and kept in :attr:`Scenario.overrides`, which travels into every result's
provenance.

The schema is :data:`DEFAULTS` itself: a key not present there is an error naming the
key and the file, and so is a value whose type differs from the default's type
(``None`` defaults accept any value of the documented type in :data:`TYPES`). Files
are read with ``yaml.safe_load`` only. Sector codes are checked against the table by
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

from chainmap.criteria.options import DEFAULT_WEIGHTS
from chainmap.errors import ChainmapError, ScenarioError

logger = logging.getLogger(__name__)

#: Code defaults; also the schema (every allowed key appears here).
DEFAULTS: dict[str, Any] = {
    "name": "",
    "description": "",
    "extends": None,
    "illustrative": False,
    # the scenario's year T: no table dated after T and no city column yYYYY with YYYY > T
    # is read (no look-ahead). Default: the year of city.column (yYYYY), else the parent's.
    "year": None,
    # parent table: registry id or path (relative to the scenario's repository root)
    "table": "cn-nbs-2020-153",
    "technology": "domestic",
    "repair": [],  # explicit repairs of the tables read (drop_zero_output, clip_negative)
    "city": {
        "name": "",
        "name_en": "",
        "data": None,  # CSV of city sector data (other yYYYY columns give the series)
        "column": None,  # column of the CSV holding the values
        "key_column": None,  # column identifying the sector (default: code)
        "measure": "output",  # output | employment | value_added
        "unit": "",  # unit of the CSV values (e.g. 亿元); "" = the parent's unit
        "concordance": None,  # CSV mapping the city classification to the parent codes
        "unreported": "missing",  # concordance sources the CSV leaves empty: missing | zero
        "fill": "parent_share",  # parent_share | parent_structure | zero | exclude
        "fill_total": None,  # city total of the filled sectors (parent unit)
    },
    # province: registry id of the city's own provincial table (cn-prov-2017-浙江); its
    # observed local shares, scaled to the city, replace the location quotients
    "regionalization": {
        "method": "learned",  # learned | flq | aflq | slq | cilq
        "delta": 0.3,
        "ras": False,
        "province": None,
        "note": None,  # a data note for the report (e.g. why no provincial table)
    },
    # the section is chainmap.criteria.options.CriteriaOptions (same keys and meaning)
    "criteria": {
        "weights": dict(DEFAULT_WEIGHTS),
        "weighting": "manual",  # manual | entropy | ahp
        "ahp_matrix": None,
        "normalisation": "minmax",  # minmax | zscore | rank
        "aggregation": "weighted_sum",  # weighted_sum | topsis
        "indicator_weights": {},
        "stage_scores": {},
        "default_stage": "steady_growth",
        "stage_rules": {},
        "roles": {},
        "side_effect_weights": None,
        "market_basis": "total",  # total (intermediate + final home demand) | final
    },
    "stages": {},  # code -> stage name (Chinese or English); others inferred/assumed
    "policy": {},  # code -> intensity in [0, 1]; overrides the text score of that sector
    # folder of .txt/.docx plan documents (relative to the scenario file): text policy score
    "policy_documents": None,
    "policy_keywords": None,  # keyword CSV replacing the shipped io_tables/policy_keywords.csv
    "market": {
        "tables": ["cn-nbs-2017-42", "cn-nbs-2020-42"],
        "forecasts": {},  # code -> forecast market size replacing the table-based one
    },
    "gaps": {
        "key_share": 0.8,
        "target_local_share": 0.6,
        "candidates": [],  # extra industries to diagnose besides the chosen ones
    },
    "selection": {
        # covered: only industries (and supplier links) the city data report; all: every one
        "candidates": "covered",
        "n_leading": [2, 4],
        "n_potential": [0, 2],
        "budget": None,
        "entry_cost": {},  # code -> cost; missing = default_entry_cost
        "default_entry_cost": 1.0,
        "fill_cost": {},  # supplier code -> cost; missing = default_fill_cost
        "default_fill_cost": 0.5,
        "max_links": None,
        "caps": {},  # name -> {coefficients: {code: v} | satellite: name, cap: v, sense: "<="}
        "diversity": {"by": None, "max_per_group": None},
        "require": [],
        "exclude": [],
        "strict_stages": False,
        "synergy_weight": 0.0,
        "leading_covers_links": False,
        # link values are scaled so the best chain fully filled is worth 1 (score scale);
        # link_weight 0.5: filling links can add at most half the best possible score
        "objective": {"score_weight": 1.0, "link_weight": 0.5, "cost_weight": 0.1},
        "potential_discount": 0.5,
        "alternatives": 3,
        "solver": "cbc",
        "time_limit": 60.0,
    },
    "robustness": {
        "weight_draws": 1000,
        "concentration": 50.0,
        "data_draws": 0,
        "data_error": 0.05,
        "max_solves": 40,
        # re-runs of the decision under other regionalisation δ, stage thresholds and
        # policy on/off (at most this many; 0 = off); see robustness.csv chosen_share_*
        "parameter_draws": 8,
        "seed": 20251123,
    },
    "report": {"lang": "zh", "formats": ["html", "xlsx", "md"]},
}

#: Types of keys whose default is None or whose values may take several types.
TYPES: dict[str, tuple[type, ...]] = {
    "extends": (str,),
    "year": (int,),
    "policy_documents": (str,),
    "policy_keywords": (str,),
    "city.data": (str,),
    "city.column": (str,),
    "city.key_column": (str,),
    "city.concordance": (str,),
    "city.fill_total": (int, float),
    "regionalization.delta": (int, float),
    "regionalization.province": (str,),
    "regionalization.note": (str,),
    "criteria.ahp_matrix": (list,),
    "criteria.side_effect_weights": (dict,),
    "criteria.default_stage": (str,),
    "selection.n_leading": (int, list),
    "selection.n_potential": (int, list),
    "selection.budget": (int, float),
    "selection.default_entry_cost": (int, float),
    "selection.default_fill_cost": (int, float),
    "selection.max_links": (int,),
    "selection.synergy_weight": (int, float),
    "selection.potential_discount": (int, float),
    "selection.time_limit": (int, float),
    "selection.diversity.by": (str,),
    "selection.diversity.max_per_group": (int,),
    "selection.objective.score_weight": (int, float),
    "selection.objective.link_weight": (int, float),
    "selection.objective.cost_weight": (int, float),
    "robustness.concentration": (int, float),
    "robustness.data_error": (int, float),
    "gaps.key_share": (int, float),
    "gaps.target_local_share": (int, float),
    "criteria.weights.driving_effect": (int, float),
    "criteria.weights.industrial_base": (int, float),
    "criteria.weights.development_stage": (int, float),
    "criteria.weights.market_size": (int, float),
    "criteria.weights.policy_support": (int, float),
}

#: Mappings whose keys are free (sector codes, names), not schema keys.
FREE_MAPPINGS: frozenset[str] = frozenset(
    {
        "stages",
        "policy",
        "market.forecasts",
        "selection.entry_cost",
        "selection.fill_cost",
        "selection.caps",
        "criteria.side_effect_weights",
        "criteria.indicator_weights",
        "criteria.stage_scores",
        "criteria.stage_rules",
        "criteria.roles",
    }
)


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


# ----- merging and checking ----------------------------------------------------------------


def _check_value(key: str, value: Any, default: Any, source: str) -> None:
    if value is None:
        return
    allowed = TYPES.get(key)
    if allowed is None:
        if default is None:
            return
        allowed = (type(default),)
        if isinstance(default, float):
            allowed = (int, float)
    # bool is an int subclass: a YAML `true` must not pass for a number
    ok = isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed)
    if not ok:
        names = " or ".join(t.__name__ for t in allowed)
        msg = f"{source}: key '{key}' must be {names}, got {type(value).__name__} {value!r}"
        raise ScenarioError(msg)


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
        _check_value(dotted, value, default, source)
        old = base.get(key)
        if old != value:
            log.append({"key": dotted, "old": old, "new": value, "source": source})
            logger.info("%s: %s: %r -> %r", source, dotted, old, value)
        base[key] = copy.deepcopy(value)


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


def _read_yaml(path: Path) -> dict[str, Any]:
    from chainmap.io.text import read_text

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


_CHOICES: dict[str, tuple[str, ...]] = {
    "regionalization.method": ("learned", "flq", "aflq", "slq", "cilq"),
    "technology": ("domestic", "total"),
    "city.measure": ("output", "employment", "value_added"),
    "city.unreported": ("missing", "zero"),
    "city.fill": ("parent_share", "parent_structure", "zero", "exclude"),
    "criteria.weighting": ("manual", "entropy", "ahp"),
    "criteria.normalisation": ("minmax", "zscore", "rank"),
    "criteria.aggregation": ("weighted_sum", "topsis"),
    "criteria.market_basis": ("final", "total"),
    "selection.candidates": ("covered", "all"),
    "selection.solver": ("cbc", "highs"),
}
#: key -> (lowest allowed, highest allowed, whether the lowest is excluded)
_RANGES: dict[str, tuple[float, float, bool]] = {
    "regionalization.delta": (0.0, 1.0 - 1e-12, False),
    "selection.budget": (0.0, float("inf"), False),
    "selection.default_entry_cost": (0.0, float("inf"), False),
    "selection.default_fill_cost": (0.0, float("inf"), False),
    "selection.max_links": (0.0, float("inf"), False),
    "selection.alternatives": (0.0, float("inf"), False),
    "selection.time_limit": (0.0, float("inf"), True),
    "selection.potential_discount": (0.0, 1.0, False),
    "robustness.weight_draws": (0.0, float("inf"), False),
    "robustness.data_draws": (0.0, float("inf"), False),
    "robustness.max_solves": (0.0, float("inf"), False),
    "robustness.concentration": (0.0, float("inf"), True),
    "robustness.data_error": (0.0, float("inf"), False),
    "gaps.key_share": (0.0, 1.0, True),
    "gaps.target_local_share": (0.0, 1.0, False),
    **{f"criteria.weights.{k}": (0.0, float("inf"), False) for k in DEFAULT_WEIGHTS},
}


def _source_of(key: str, log: Sequence[Mapping[str, Any]], fallback: str) -> str:
    """The file (or ``--set``) that last set ``key``."""
    for entry in reversed(log):
        if entry["key"] == key:
            return str(entry["source"])
    return fallback


def check_settings(
    settings: Mapping[str, Any], log: Sequence[Mapping[str, Any]], path: str
) -> None:
    """Check the values' ranges and choices; the error names the file and the dotted key.

    Raises
    ------
    ScenarioError
        ``n_leading: [3, 2]``, ``budget: -5``, ``regionalization.delta: 5``,
        ``method: xyz``, negative draws...
    """

    def get(dotted: str) -> Any:
        node: Any = settings
        for part in dotted.split("."):
            node = node[part]
        return node

    def fail(key: str, problem: str) -> None:
        msg = f"{_source_of(key, log, path)}: key '{key}' {problem}, got {get(key)!r}"
        raise ScenarioError(msg)

    for key, choices in _CHOICES.items():
        if get(key) not in choices:
            fail(key, f"must be one of {', '.join(choices)}")
    for key, (low, high, open_low) in _RANGES.items():
        value = get(key)
        if value is None:
            continue
        if not (value > low if open_low else value >= low) or value > high or value != value:
            bound = f"> {low:g}" if open_low else f">= {low:g}"
            upper = "" if high == float("inf") else f" and <= {high:.6g}"
            fail(key, f"must be {bound}{upper}")
    from chainmap.io.repairs import REPAIRS

    repairs = get("repair")
    if repairs is None:
        settings["repair"] = []  # type: ignore[index]
    elif not all(isinstance(r, str) and r in REPAIRS for r in repairs):
        fail("repair", f"must list repairs among {', '.join(REPAIRS)}")
    for key in ("selection.n_leading", "selection.n_potential"):
        value = get(key)
        if isinstance(value, list):
            ok = (
                len(value) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                and 0 <= value[0] <= value[1]
            )
            if not ok:
                fail(key, "must be a count or [min, max] with 0 <= min <= max")
        elif value < 0:
            fail(key, "must be >= 0")


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
    data = _read_yaml(path)
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
