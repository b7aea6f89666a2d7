"""Checks of the plain data a selection problem is built from (选择输入的校验).

Every ``check_*`` appends readable problems to ``issues`` and returns the value in its
normalised form (None when it is unusable), so that
:class:`~chainmap.select.inputs.SelectionInputs` can report every problem at once.
They run on numpy arrays and plain lists and build a message only for a bad value:
the workbench validates the inputs again after every weight change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from chainmap.errors import is_finite_number

__all__ = [
    "LINK_COLS",
    "STAGE_CLASSES",
    "SYN_COLS",
    "as_codes",
    "check_count",
    "check_criteria",
    "check_diversity",
    "check_links",
    "check_lists",
    "check_number",
    "check_series",
    "check_stage_class",
    "check_synergy",
    "code_index",
    "duplicates",
    "show",
    "table_rows",
    "text_values",
]

STAGE_CLASSES: tuple[str, ...] = ("leading", "potential", "excluded")
LINK_COLS: tuple[str, ...] = ("industry", "supplier", "value", "rpc")
SYN_COLS: tuple[str, ...] = ("industry", "partner", "sigma")


def as_codes(values: Any) -> tuple[str, ...]:
    """Industry codes as a tuple of str (None: none; a single str: one code)."""
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(str(v) for v in values)


def code_index(codes: Sequence[str]) -> pd.Index:
    """The index of every normalised Series: ``codes`` in order, unnamed."""
    return pd.Index(list(codes))


def table_rows(df: pd.DataFrame, cols: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of ``df[cols]`` as plain Python tuples (typed loops without itertuples)."""
    return list(zip(*(df[c].tolist() for c in cols), strict=True))


def text_values(values: pd.Index | pd.Series) -> list[str]:
    """The values as a list of str (codes may arrive as numbers)."""
    out = values.tolist()
    return out if all(type(v) is str for v in out) else [str(v) for v in out]


def show(value: Any) -> str:
    """A value for a message: numbers plainly (nan, inf, 1.5), anything else quoted."""
    return f"{float(value):g}" if isinstance(value, int | float) else repr(value)


def duplicates(labels: Sequence[str]) -> list[str]:
    """Labels that occur more than once, sorted."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for c in labels:
        (repeated if c in seen else seen).add(c)
    return sorted(repeated)


def check_number(issues: list[str], name: str, value: Any, *, lo: float | None = 0.0) -> None:
    """A finite number ≥ ``lo`` (None passes: the limit is not set)."""
    if value is None:
        return
    if not is_finite_number(value):
        issues.append(f"{name}: expected a finite number, got {value!r}")
    elif lo is not None and value < lo:
        issues.append(f"{name}: must be ≥ {lo:g}, got {value:g}")


def check_count(issues: list[str], name: str, value: Any) -> None:
    """A non-negative integer (None passes: the limit is not set)."""
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        issues.append(f"{name}: expected a non-negative integer, got {value!r}")


def _check_labels(
    issues: list[str], name: str, labels: list[str], codes: Sequence[str], allow_extra: bool
) -> dict[str, int] | None:
    """Position of every label, or None after reporting duplicates, gaps or strangers."""
    n_before = len(issues)
    position = {c: k for k, c in enumerate(labels)}
    if len(position) < len(labels):
        issues.append(f"{name}: duplicate codes {duplicates(labels)[:5]}")
    missing = [c for c in codes if c not in position]
    if missing:
        issues.append(f"{name}: no value for code(s) {missing[:5]}")
    if not allow_extra:
        known = set(codes)
        extra = [c for c in labels if c not in known]
        if extra:
            issues.append(
                f"{name}: unknown label(s) {extra[:5]} (expected only {list(codes)[:5]}...)"
            )
    return None if len(issues) > n_before else position


def check_series(
    issues: list[str],
    name: str,
    series: Any,
    codes: Sequence[str],
    *,
    index: pd.Index | None = None,
    nonneg: bool = False,
    numeric: bool = True,
    allow_extra: bool = False,
) -> pd.Series | None:
    """A code-indexed Series in ``codes`` order: float, or text with ``numeric=False``.

    ``index`` is the index to give the result (a view of it; ``code_index(codes)`` when
    omitted): building one index per problem instead of one per Series saves most of
    the check's time. None when ``series`` is not usable; the reasons are in ``issues``.
    """
    if not isinstance(series, pd.Series):
        issues.append(
            f"{name}: expected a pandas Series indexed by code, got {type(series).__name__}"
        )
        return None
    labels = text_values(series.index)
    position = _check_labels(issues, name, labels, codes, allow_extra)
    if position is None:
        return None
    raw = series.to_numpy()
    if labels != list(codes):
        raw = raw[[position[c] for c in codes]]
    # a view per Series: one Series renaming its index must not rename the others'
    index = code_index(codes) if index is None else index.view()
    if not numeric:
        bad = [c for c, v in zip(codes, raw, strict=True) if not isinstance(v, str)]
        if bad:
            issues.append(f"{name}: missing or non-text value for code(s) {bad[:5]}")
            return None
        return pd.Series(raw, index=index, name=series.name, dtype=object)
    values = _as_float(raw)
    finite = np.isfinite(values)
    if not finite.all():
        bad = [f"{codes[k]}={show(raw[k])}" for k in np.flatnonzero(~finite).tolist()]
        issues.append(f"{name}: NaN, infinite or non-numeric value at {bad[:5]}")
        return None
    if nonneg and (values < 0).any():
        neg = [f"{codes[k]}={values[k]:g}" for k in np.flatnonzero(values < 0).tolist()]
        issues.append(f"{name}: negative value at {neg[:5]}")
        return None
    return pd.Series(values, index=index, name=series.name)


def _as_float(raw: np.ndarray) -> np.ndarray:
    """Float values; what is not a number becomes NaN (as ``pd.to_numeric(errors="coerce")``)."""
    if raw.dtype.kind in "biuf":
        return raw.astype(float)
    return np.asarray(pd.to_numeric(raw, errors="coerce"), dtype=float)


# ---------------------------------------------------------------- constraint families
def check_stage_class(
    issues: list[str], stage_class: Any, codes: Sequence[str], index: pd.Index
) -> pd.Series | None:
    """Stage class per candidate, one of :data:`STAGE_CLASSES`."""
    out = check_series(issues, "stage_class", stage_class, codes, index=index, numeric=False)
    if out is not None:
        allowed = set(STAGE_CLASSES)
        bad = [f"{c}={v!r}" for c, v in zip(codes, out.tolist(), strict=True) if v not in allowed]
        if bad:
            issues.append(f"stage_class: expected one of {STAGE_CLASSES}, got {bad[:5]}")
    return out


def check_criteria(
    issues: list[str], criteria: Any, weights: Any, codes: Sequence[str], index: pd.Index
) -> dict[str, Any]:
    """Per-criterion scores (candidates × criteria) and their weights: both or neither."""
    if (criteria is None) != (weights is None):
        issues.append("criteria/weights: give both or neither")
        return {}
    if criteria is None:
        return {}
    if not isinstance(criteria, pd.DataFrame):
        issues.append(f"criteria: expected a DataFrame, got {type(criteria).__name__}")
        return {}
    cols = [str(c) for c in criteria.columns]
    w = check_series(issues, "weights", weights, cols, nonneg=True)
    if w is not None and w.sum() <= 0:
        issues.append("weights: all weights are zero")
        w = None
    checked = {
        col: check_series(issues, f"criteria[{col}]", criteria[orig], codes, index=index)
        for col, orig in zip(cols, criteria.columns, strict=True)
    }
    if w is None or any(v is None for v in checked.values()):
        return {}
    values = np.column_stack([v.to_numpy() for v in checked.values() if v is not None])
    return {"criteria": pd.DataFrame(values, index=index.view(), columns=cols), "weights": w}


def _link_row_issues(
    industry: list[str], supplier: list[str], value: np.ndarray, rpc: np.ndarray, known: set[str]
) -> list[str]:
    """Unknown industries, negative or non-finite values and shares outside [0, 1], by row."""
    unknown = np.array([c not in known for c in industry], dtype=bool)
    with np.errstate(invalid="ignore"):
        bad_value = ~(np.isfinite(value) & (value >= 0))
        bad_rpc = ~((rpc >= 0.0) & (rpc <= 1.0))
    issues: list[str] = []
    for row in np.flatnonzero(unknown | bad_value | bad_rpc).tolist():
        where = f"links row {row} ({supplier[row]}→{industry[row]})"
        if unknown[row]:
            issues.append(f"{where}: unknown industry code {industry[row]!r}")
        if bad_value[row]:
            issues.append(f"{where}: value must be finite and ≥ 0, got {float(value[row])}")
        if bad_rpc[row]:
            issues.append(f"{where}: rpc must be in [0, 1], got {float(rpc[row])}")
    return issues


def _link_table_issues(industry: list[str], supplier: list[str], rpc: np.ndarray) -> list[str]:
    """A link given twice, and suppliers with more than one local share."""
    issues: list[str] = []
    pairs: set[tuple[str, str]] = set()
    for pair in zip(industry, supplier, strict=True):
        if pair in pairs:
            issues.append(f"links: duplicate link {pair[1]}→{pair[0]}")
            break
        pairs.add(pair)
    shares: dict[str, list[float]] = {}
    for sup, share in zip(supplier, rpc.tolist(), strict=True):
        if not math.isnan(share):  # a missing share is reported by row
            shares.setdefault(sup, []).append(share)
    for sup in sorted(shares):
        if max(shares[sup]) - min(shares[sup]) > 1e-12:
            issues.append(f"links: supplier {sup} has different rpc values (one per supplier)")
    return issues


def check_links(
    issues: list[str], links: Any, fill_cost: Any, codes: Sequence[str]
) -> dict[str, Any]:
    """Chain links (industry, supplier, value w_ij ≥ 0, rpc ∈ [0, 1]) and fill costs.

    Returns the links sorted by industry and supplier, and the fill cost of every
    linked supplier (0 when none is given; extra codes are ignored).
    """
    cols = list(LINK_COLS)
    if links is None:
        links = pd.DataFrame({c: [] for c in cols})
    if not isinstance(links, pd.DataFrame) or not set(cols) <= set(links.columns):
        issues.append(f"links: expected a DataFrame with columns {cols}")
        return {}
    industry, supplier = text_values(links["industry"]), text_values(links["supplier"])
    value, rpc = _as_float(links["value"].to_numpy()), _as_float(links["rpc"].to_numpy())
    n_before = len(issues)
    issues += _link_row_issues(industry, supplier, value, rpc, set(codes))
    issues += _link_table_issues(industry, supplier, rpc)
    suppliers = sorted(set(supplier))
    fill = pd.Series(0.0, index=suppliers)
    if suppliers and fill_cost is not None:
        checked = check_series(
            issues, "fill_cost", fill_cost, suppliers, nonneg=True, allow_extra=True
        )
        fill = fill if checked is None else checked
    if len(issues) > n_before:
        return {}
    order = sorted(range(len(industry)), key=lambda k: (industry[k], supplier[k]))
    table = {
        "industry": pd.array([industry[k] for k in order], dtype=str),
        "supplier": pd.array([supplier[k] for k in order], dtype=str),
        "value": value[order],
        "rpc": rpc[order],
    }
    return {"links": pd.DataFrame(table), "fill_cost": fill}


def check_diversity(
    issues: list[str], category: Any, max_per_category: Any, codes: Sequence[str], index: pd.Index
) -> dict[str, Any]:
    """Category per candidate and the most chosen per category (an int or per category)."""
    if (category is None) != (max_per_category is None):
        issues.append("category/max_per_category: give both or neither")
        return {}
    if category is None:
        return {}
    cat = check_series(issues, "category", category, codes, index=index, numeric=False)
    if cat is None:
        return {}
    groups = sorted(set(cat))
    m = max_per_category
    limits = dict.fromkeys(groups, m) if isinstance(m, int) else {str(k): v for k, v in m.items()}
    unknown = sorted(set(limits) - set(groups))
    if unknown:
        issues.append(f"max_per_category: unknown categories {unknown[:5]}")
    for g, v in limits.items():
        if v is None:  # a limit per category must be given, unlike the optional limits
            issues.append(f"max_per_category[{g}]: expected a non-negative integer, got None")
        check_count(issues, f"max_per_category[{g}]", v)
    return {"category": cat, "max_per_category": {g: limits[g] for g in groups if g in limits}}


def check_lists(
    issues: list[str], must_include: Any, exclude: Any, codes: Sequence[str]
) -> dict[str, Any]:
    """Must-include and exclude lists: known codes, in one list at most; sorted, unique."""
    must, excl = as_codes(must_include), as_codes(exclude)
    known = set(codes)
    for name, lst in (("must_include", must), ("exclude", excl)):
        unknown = [c for c in lst if c not in known]
        if unknown:
            issues.append(f"{name}: unknown code(s) {unknown[:5]}")
    both = sorted(set(must) & set(excl))
    if both:
        issues.append(f"must_include/exclude: code(s) {both} are in both lists")
    return {"must_include": tuple(sorted(set(must))), "exclude": tuple(sorted(set(excl)))}


def check_synergy(issues: list[str], synergy: Any, codes: Sequence[str]) -> pd.DataFrame | None:
    """Synergy pairs of known, distinct codes, each once; stored as (min, max) code order."""
    if not isinstance(synergy, pd.DataFrame) or not set(SYN_COLS) <= set(synergy.columns):
        issues.append("synergy: expected a DataFrame with columns industry, partner, sigma")
        return None
    industry, partner = text_values(synergy["industry"]), text_values(synergy["partner"])
    sigma = _as_float(synergy["sigma"].to_numpy())
    known, seen = set(codes), set()
    for row, (ind, par, value) in enumerate(zip(industry, partner, sigma.tolist(), strict=True)):
        pair = tuple(sorted((ind, par)))
        if ind not in known or par not in known:
            issues.append(f"synergy row {row}: unknown code in pair {pair}")
        if ind == par or pair in seen:
            issues.append(f"synergy row {row}: self or duplicate pair {pair}")
        if not math.isfinite(value):
            issues.append(f"synergy row {row}: sigma must be finite, got {value}")
        seen.add(pair)
    pairs = [(min(a, b), max(a, b)) for a, b in zip(industry, partner, strict=True)]
    order = sorted(range(len(pairs)), key=pairs.__getitem__)
    table = {
        "industry": pd.array([pairs[k][0] for k in order], dtype=str),
        "partner": pd.array([pairs[k][1] for k in order], dtype=str),
        "sigma": sigma[order],
    }
    return pd.DataFrame(table)
