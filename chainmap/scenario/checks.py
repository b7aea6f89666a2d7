"""Checks of scenario values: types against the defaults, choices and ranges.

Every error names the file (or ``--set``) that set the key and the dotted key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from chainmap.criteria.options import DEFAULT_WEIGHTS
from chainmap.errors import ScenarioError
from chainmap.io.repairs import REPAIRS
from chainmap.scenario.defaults import TYPES


def check_value(key: str, value: Any, default: Any, source: str) -> None:
    """Check a value's type against its default's (or :data:`TYPES`); None always passes."""
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
