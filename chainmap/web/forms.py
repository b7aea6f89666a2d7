"""The controls' form as scenario overrides: every field checked, a bad value → 400.

Industry codes are checked against the candidates of the current result, the parent
table against the registry, the method against :data:`~chainmap.web.service.METHODS`;
numbers must be finite and inside the control's range.
"""

from __future__ import annotations

import math
from typing import Any

from chainmap.io.registry import find_entry
from chainmap.report.format import CRITERION_KEYS
from chainmap.web.context import BadRequest
from chainmap.web.service import METHODS
from chainmap.web.state import ScenarioState

#: The (min, max) field pairs of the role counts.
COUNT_FIELDS = (("leading", "lead_min", "lead_max"), ("potential", "pot_min", "pot_max"))


def form_overrides(form: Any, state: ScenarioState) -> dict[str, Any]:
    """Scenario overrides from the submitted controls (absent fields change nothing)."""
    return {
        **_weights(form, state),
        **_selection(form, state),
        **_regionalisation(form, state),
        **_robustness(form),
    }


def number(form: Any, key: str, *, low: float = 0.0, high: float = math.inf) -> float | None:
    """The number in field ``key`` (None when absent or empty)."""
    raw = form.get(key)
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    try:
        value = float(str(raw))
    except ValueError as err:
        raise BadRequest(f"{key}: {raw!r} is not a number") from err
    if not math.isfinite(value) or not low <= value <= high:
        raise BadRequest(f"{key}: {value:g} is outside [{low:g}, {high:g}]")
    return value


def _weights(form: Any, state: ScenarioState) -> dict[str, Any]:
    """The criterion weights; a weight the form leaves out keeps its current value."""
    weights = {k: number(form, f"w_{k}", high=100.0) for k in CRITERION_KEYS}
    if all(v is None for v in weights.values()):
        return {}
    current = state.current_scenario().get("criteria.weights")
    w = {k: float(current.get(k, 0.0) if v is None else v) for k, v in weights.items()}
    if sum(w.values()) <= 0:
        raise BadRequest("criterion weights: at least one must be positive")
    return {"criteria.weights": w}


def _selection(form: Any, state: ScenarioState) -> dict[str, Any]:
    out: dict[str, Any] = {}
    known = {str(c) for c in state.result.selection_inputs.candidates} if state.result else set()
    for key in ("require", "exclude"):
        codes = [str(c) for c in form.getlist(key)]
        bad = [c for c in codes if c not in known]
        if bad:
            raise BadRequest(f"{key}: unknown industries {bad[:5]}")
        out[f"selection.{key}"] = codes
    for role, lo_key, hi_key in COUNT_FIELDS:
        lo, hi = number(form, lo_key, high=50), number(form, hi_key, high=50)
        if lo is not None or hi is not None:
            lo_i = int(lo if lo is not None else hi or 0)
            hi_i = int(hi if hi is not None else lo_i)
            if lo_i > hi_i:
                raise BadRequest(f"{lo_key} {lo_i} exceeds {hi_key} {hi_i}")
            out[f"selection.n_{role}"] = [lo_i, hi_i]
    if "budget" in form:
        out["selection.budget"] = number(form, "budget", high=1e9)
    return out


def _regionalisation(form: Any, state: ScenarioState) -> dict[str, Any]:
    out: dict[str, Any] = {}
    table = form.get("table")
    if table:
        if not isinstance(table, str) or len(table) > 200:
            raise BadRequest("table: invalid")
        if table != state.current_scenario().get("table"):
            if find_entry(table) is None:
                raise BadRequest(f"table: {table!r} is not a registry id")
            out["table"] = table
    method = form.get("method")
    if method:
        if method not in METHODS:
            raise BadRequest(f"method must be one of {', '.join(METHODS)}")
        out["regionalization.method"] = method
    delta = number(form, "delta", high=1.0)
    if delta is not None:
        out["regionalization.delta"] = delta
    return out


def _robustness(form: Any) -> dict[str, Any]:
    draws = number(form, "draws", high=5000)
    return {} if draws is None else {"robustness.weight_draws": int(draws)}
