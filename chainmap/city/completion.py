"""Completing city output: every parent sector gets a city output, by a stated fill rule.

Partial data is normal. :func:`complete_city_output` makes the rule for the uncovered
sectors explicit (``fill``) and records which sectors were filled:

* ``"parent_share"`` (default): each uncovered sector at the city's share of the parent in
  the covered sectors, ``x_k^R = x_k^N · Σ_cov x^R / Σ_cov x^N`` (its SLQ is then 1 when
  the city data covers everything else);
* ``"parent_structure"``: the parent's output structure of the uncovered sectors scaled to a
  stated city total ``fill_total`` (parent units);
* ``"zero"``: the city makes none of them (they leave the city table, their products are
  imported);
* ``"exclude"``: as ``"zero"``, and the location quotients are computed within the covered
  sectors only (both totals over the covered sectors).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from chainmap.city.reading import CityData, match_key, parent_measure
from chainmap.city.units import unit_factor
from chainmap.errors import InputDataError, ScenarioError
from chainmap.io.table import IOTable

logger = logging.getLogger(__name__)

FillRule = Literal["parent_share", "parent_structure", "zero", "exclude"]
FILL_RULES: tuple[str, ...] = ("parent_share", "parent_structure", "zero", "exclude")

#: A city's output below this share of its parent's is almost surely a unit slip.
MIN_PLAUSIBLE_SHARE = 1e-4


@dataclass(frozen=True)
class CityOutput:
    """City gross output at every parent code, after the fill rule.

    ``covered`` are the codes the data reported, ``filled`` those set by the fill rule,
    ``absent`` those with zero output (not in the city table) and ``lq_codes`` the codes
    whose totals enter the location quotients.
    """

    output: pd.Series
    covered: tuple[str, ...]
    filled: tuple[str, ...]
    absent: tuple[str, ...]
    lq_codes: tuple[str, ...]
    fill: str
    region: str = ""
    year: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def complete_city_output(
    local: CityData,
    parent: IOTable,
    *,
    fill: FillRule = "parent_share",
    fill_total: float | None = None,
) -> CityOutput:
    """City gross output at every parent code: convert the measure, then apply ``fill``.

    Output data are used as they are (after unit conversion); value added is turned
    into output with the parent's value-added ratio, employment with the parent's output
    per employee (same technology and productivity as the parent).

    Raises
    ------
    InputDataError
        Codes that are not the parent's, no covered sector, a city figure above the
        parent's (usually a unit error), a parent figure of zero needed for conversion.
    ScenarioError
        Unknown fill rule, or ``parent_structure`` without a positive ``fill_total``.

    Examples
    --------
    >>> import pandas as pd
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> out = complete_city_output(CityData(pd.Series([50.0], index=["1"])),
    ...                            miller_blair_2x2())
    >>> out.output.tolist(), out.filled
    ([50.0, 100.0], ('2',))
    """
    if fill not in FILL_RULES:
        msg = f"unknown fill rule {fill!r}; choose one of {', '.join(FILL_RULES)}"
        raise ScenarioError(msg)
    src = local.source or "city data"
    notes: list[str] = list(local.notes)
    vals = _at_parent_codes(local, parent, src)
    vals, target_unit = _as_output(vals, local, parent, src, notes)
    _check_plausible(vals, local, parent, target_unit, src, notes)
    is_cov = parent.codes.isin(vals.index)
    covered = [str(c) for c in parent.codes[is_cov]]
    uncovered = [str(c) for c in parent.codes[~is_cov]]
    out_arr = np.zeros(parent.n)
    out_arr[is_cov] = vals.reindex(parent.codes[is_cov]).to_numpy(dtype=float)
    rule = _fill_uncovered(out_arr, parent.x, is_cov, fill, fill_total, src)
    out = pd.Series(out_arr, index=parent.codes, name="city_output")
    filled = uncovered if fill in ("parent_share", "parent_structure") else []
    absent = [str(c) for c in parent.codes[out_arr <= 0]]
    lq_codes = covered if fill == "exclude" else list(parent.codes)
    if filled:
        notes.append(f"filled sectors ({rule}, {len(filled)}): {', '.join(filled)}")
    elif uncovered:
        notes.append(f"uncovered sectors ({rule}, {len(uncovered)}): {', '.join(uncovered)}")
    if absent:
        notes.append(
            f"absent sectors (zero city output, {len(absent)}; their products are imported): "
            + ", ".join(absent)
        )
    return CityOutput(
        output=out,
        covered=tuple(covered),
        filled=tuple(filled),
        absent=tuple(absent),
        lq_codes=tuple(lq_codes),
        fill=fill,
        region=local.region,
        year=local.year,
        notes=tuple(notes),
    )


def _at_parent_codes(local: CityData, parent: IOTable, src: str) -> pd.Series:
    """The reported city figures keyed by parent code (codes or names accepted)."""
    vals = local.values.dropna()
    keys = [str(k).strip() for k in vals.index]
    matched = [match_key(k, parent) for k in keys]
    vals.index = pd.Index([m or k for m, k in zip(matched, keys, strict=True)], dtype=object)
    dup = sorted({c for c in vals.index if list(vals.index).count(c) > 1})
    if dup:
        msg = f"city sectors {', '.join(dup)} are given twice (by code and by name)"
        raise InputDataError(msg, src)
    unknown = [c for c in vals.index if c not in parent.codes]
    if unknown:
        msg = (
            f"city sectors {', '.join(unknown[:10])} are not codes of the parent table; "
            "map the data with a concordance"
        )
        raise InputDataError(msg, src)
    if vals.empty:
        msg = "the city data cover no sector of the parent table"
        raise InputDataError(msg, src)
    return vals


def _as_output(
    vals: pd.Series, local: CityData, parent: IOTable, src: str, notes: list[str]
) -> tuple[pd.Series, str]:
    """``(city output in the parent's unit, the unit the figures were converted to)``.

    Value added and employment become output at the parent's ratios (same technology
    and productivity as the parent); each conversion is noted.
    """
    target_unit = (
        parent.satellite_units.get("employment", "")
        if local.measure == "employment"
        else parent.meta.unit
    )
    factor = unit_factor(local.unit, target_unit)
    if factor != 1.0:
        notes.append(f"city figures converted from {local.unit} to {target_unit} (x {factor:g})")
    vals = vals * factor
    if local.measure != "output":
        base = parent_measure(parent, local.measure).reindex(vals.index)
        zero = list(vals.index[((base <= 0) & (vals > 0)).to_numpy()])
        if zero:
            msg = f"parent {local.measure} is zero for {', '.join(zero)}; cannot convert"
            raise InputDataError(msg, src)
        ratio = parent.output.reindex(vals.index) / base.where(base > 0, 1.0)
        vals = vals * ratio
        notes.append(f"city {local.measure} converted to output with the parent's ratios")
    return vals, target_unit


def _check_plausible(
    vals: pd.Series,
    local: CityData,
    parent: IOTable,
    target_unit: str,
    src: str,
    notes: list[str],
) -> None:
    """Refuse city output above the parent's; warn (and note) when it is implausibly small.

    Both are the usual signs of a wrong unit.
    """
    xn = parent.output
    too_big = list(vals.index[(vals > xn.reindex(vals.index) * (1 + 1e-9)).to_numpy()])
    if too_big:
        c = too_big[0]
        msg = (
            f"city output of {c} ({vals[c]:.6g}) exceeds the parent's ({xn[c]:.6g}) in "
            f"{len(too_big)} sectors; check the unit of the city data"
        )
        raise InputDataError(msg, src)
    share_of_parent = float(vals.sum() / xn.sum()) if xn.sum() > 0 else 0.0
    if 0 < share_of_parent < MIN_PLAUSIBLE_SHARE:
        warning = (
            f"warning: the city's output is {share_of_parent:.3g} of the parent's (below "
            f"{MIN_PLAUSIBLE_SHARE:g}); check the unit of the city data "
            f"(given: {local.unit or 'the parent unit ' + target_unit})"
        )
        logger.warning("%s: %s", src, warning)
        notes.append(warning)


def _fill_uncovered(
    out_arr: np.ndarray,
    xn_arr: np.ndarray,
    is_cov: np.ndarray,
    fill: str,
    fill_total: float | None,
    src: str,
) -> str:
    """Set the uncovered entries of ``out_arr`` by the fill rule; returns the rule as text."""
    if fill == "parent_share":
        share = out_arr[is_cov].sum() / xn_arr[is_cov].sum()
        if share <= 0:
            msg = "covered city output is zero; the parent_share fill needs a positive share"
            raise InputDataError(msg, src)
        out_arr[~is_cov] = xn_arr[~is_cov] * share
        return f"parent_share (city share of the parent in covered sectors = {share:.6g})"
    if fill == "parent_structure":
        uncovered = bool((~is_cov).any())
        if uncovered and (fill_total is None or not fill_total > 0):
            msg = (
                "fill 'parent_structure' needs a positive fill_total (city output of the "
                "uncovered sectors, parent units)"
            )
            raise ScenarioError(msg)
        if uncovered:
            assert fill_total is not None
            out_arr[~is_cov] = xn_arr[~is_cov] / xn_arr[~is_cov].sum() * fill_total
        return f"parent_structure scaled to a city total of {fill_total:g}"
    return fill
