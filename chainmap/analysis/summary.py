"""One table in, every linkage and multiplier measure out: :func:`analyze_table`.

Everything comes from the table's one Leontief inverse ``table.l``: G is never
formed (Ghosh row sums and dispersion come from L and x), hypothetical extractions
use the closed forms of :mod:`chainmap.analysis.extraction`, and Type II multipliers a bordered
(Schur-complement) update of L. Beyond the inversion the cost is a handful of
passes over L (column sums, ``L x``, ``L 1``, two sums of squares and one ``C L``
product for the k coefficient rows).

The column contract (``chainmap analyze --format csv|json``) is
:data:`REQUIRED_COLUMNS`, then ``<satellite>_multiplier`` and
``<satellite>_multiplier_type1`` per satellite, then the extra columns of
:data:`COLUMN_DOCS`. :func:`describe_column` gives every column's English and
Chinese description.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from chainmap.analysis import extraction, linkages, multipliers
from chainmap.errors import InputDataError, Issue
from chainmap.io.table import IOTable

Technology = Literal["domestic", "total"]

#: Fixed leading columns of :func:`analyze_table`, in order (the CSV/JSON contract).
REQUIRED_COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "output",
    "output_multiplier",
    "bl",
    "fl_ghosh",
    "fl_leontief",
    "bl_direct",
    "fl_direct",
    "cv_backward",
    "cv_forward",
    "key_class",
    "hem_backward",
    "hem_forward",
    "hem_full",
    "hem_total",
    "va_multiplier",
    "va_multiplier_type1",
    "income_multiplier",
    "income_multiplier_type1",
    "tax_multiplier",
)

_SIMPLE = (
    "simple multiplier (c′L)_j, c = {what} per unit of output: {what} generated in the "
    "whole economy per unit of final demand for j"
)
_TYPE1 = "Type I multiplier (c′L)_j / c_j for {what} (total over direct; empty where c_j = 0)"
_TYPE2 = (
    "Type II multiplier for {what}: the Type I ratio in the model closed for households "
    "(compensation → household consumption)"
)
_INDUCED = "induced effect for {what}: Type II − Type I multiplier"
_ZH_SIMPLE = "{zh}乘数（单位最终需求引致的全经济{zh}，c′L）"
_ZH_TYPE1 = "{zh}I型乘数（完全/直接，(c′L)_j/c_j）"
_ZH_TYPE2 = "{zh}II型乘数（居民内生化：劳动者报酬→居民消费）"
_ZH_INDUCED = "{zh}引致效应（II型 − I型）"

_COMPONENTS: dict[str, tuple[str, str]] = {
    "va": ("gross value added (value_added rows only)", "增加值"),
    "income": ("compensation of employees (income)", "劳动者报酬（收入）"),
    "tax": ("net taxes on production", "生产税净额"),
    "import": ("imported intermediate inputs (non-competitive tables)", "进口中间投入"),
    "<satellite>": ("the satellite (e.g. employment, in its own unit)", "卫星账户指标（如就业）"),
}


def _component_docs(prefix: str, en: str, zh: str) -> dict[str, tuple[str, str]]:
    return {
        f"{prefix}_multiplier": (_SIMPLE.format(what=en), _ZH_SIMPLE.format(zh=zh)),
        f"{prefix}_multiplier_type1": (_TYPE1.format(what=en), _ZH_TYPE1.format(zh=zh)),
        f"{prefix}_multiplier_type2": (_TYPE2.format(what=en), _ZH_TYPE2.format(zh=zh)),
        f"{prefix}_induced": (_INDUCED.format(what=en), _ZH_INDUCED.format(zh=zh)),
    }


#: Every column: (English description, 中文说明). Satellite columns are documented
#: under the pattern names ``<satellite>_multiplier`` etc.
COLUMN_DOCS: dict[str, tuple[str, str]] = {
    "code": ("sector code", "部门代码"),
    "name": ("sector name", "部门名称"),
    "output": ("gross output x (table unit)", "总产出（表的计量单位）"),
    "output_multiplier": (
        "output multiplier (i′L)_j: total output per unit of final demand for j (downstreamness)",
        "产出乘数（完全需要系数列和）",
    ),
    "bl": (
        "backward linkage n(i′L)_j/(i′Li), normalised column sums of L (> 1: above average)",
        "影响力系数（列昂惕夫逆矩阵列和/平均值）",
    ),
    "fl_ghosh": (
        "forward linkage n(Gi)_i/(i′Gi), normalised row sums of the Ghosh inverse (recommended)",
        "感应度系数（Ghosh 完全分配系数行和，推荐口径）",
    ),
    "fl_leontief": (
        "forward linkage by the NBS / Rasmussen-original convention: normalised row sums of L",
        "感应度系数（国家统计局口径：列昂惕夫逆矩阵行和）",
    ),
    "bl_direct": (
        "direct backward linkage: normalised column sums of A",
        "直接后向关联（直接消耗系数列和）",
    ),
    "fl_direct": (
        "direct forward linkage: normalised row sums of B",
        "直接前向关联（直接分配系数行和）",
    ),
    "cv_backward": (
        "Rasmussen coefficient of variation of column j of L (low: pull spread evenly)",
        "影响力变异系数（越小带动越均匀）",
    ),
    "cv_forward": (
        "Rasmussen coefficient of variation of row i of G (low: supply spread evenly)",
        "感应度变异系数（Ghosh 行，越小越均匀）",
    ),
    "key_class": (
        "typology from bl and fl_ghosh: key (both > 1), backward, forward, weak",
        "部门类型：key 关键 / backward 后向型 / forward 前向型 / weak 弱关联",
    ),
    "hem_backward": (
        "backward hypothetical extraction: output loss when j buys nothing "
        "(column j of A = 0), final demand fixed",
        "后向假设抽取：j 不再购买中间投入时的总产出损失",
    ),
    "hem_forward": (
        "forward hypothetical extraction: output loss when j sells nothing "
        "(row j of B = 0), primary inputs fixed",
        "前向假设抽取：j 不再提供中间产品时的总产出损失",
    ),
    "hem_full": (
        "full extraction: output loss when sector j is removed, incl. its own output, "
        "final demand fixed",
        "完全抽取：移除部门 j（含自身产出）的总产出损失",
    ),
    "hem_total": (
        "Cella/Clements total linkage: loss when j's off-diagonal links are cut (a_jj kept)",
        "Cella 总关联：切断 j 与其他部门往来（保留 a_jj）的总产出损失",
    ),
    "upstreamness": (
        "upstreamness (Gi)_i = (Lx)_i/x_i, unnormalised Ghosh row sum "
        "(1 = sells only to final demand)",
        "上游度（Ghosh 行和，1 表示全部用于最终需求）",
    ),
    "output_multiplier_type2": (
        "Type II output multiplier: column sums of the closed inverse over the n industries",
        "II型产出乘数（居民内生化）",
    ),
    "output_induced": (
        "induced output: Type II − Type I output multiplier",
        "产出引致效应（II型 − I型）",
    ),
}
for _prefix, (_en, _zh) in _COMPONENTS.items():
    COLUMN_DOCS.update(_component_docs(_prefix, _en, _zh))


def describe_column(column: str, satellites: Sequence[str] = ()) -> tuple[str, str]:
    """English and Chinese description of an :func:`analyze_table` column.

    Examples
    --------
    >>> describe_column("bl")[1]
    '影响力系数（列昂惕夫逆矩阵列和/平均值）'
    >>> describe_column("employment_multiplier_type1", ["employment"])[0][:30]
    'Type I multiplier (c′L)_j / c_'
    """
    if column in COLUMN_DOCS:
        return COLUMN_DOCS[column]
    for sat in satellites:
        if column.startswith(f"{sat}_"):
            en, zh = COLUMN_DOCS["<satellite>" + column[len(sat) :]]
            return en.replace("the satellite", f"the satellite '{sat}'"), zh.replace(
                "卫星账户指标（如就业）", sat
            )
    msg = f"unknown analysis column {column!r}"
    raise KeyError(msg)


def analyze_table(table: IOTable, *, technology: Technology = "domestic") -> pd.DataFrame:
    """Every linkage, extraction and multiplier measure of a table, one row per sector.

    Final demand f (all final-demand columns, ``x = L f``) is held fixed in the
    extractions. Multipliers of a non-competitive table are domestic-technology ones
    (Z is the domestic block); ``technology="total"`` analyses
    :meth:`IOTable.total_technology` instead.

    Parameters
    ----------
    table : IOTable
    technology : "domestic" or "total"

    Returns
    -------
    DataFrame
        Index = sector codes; columns :data:`REQUIRED_COLUMNS`, then per satellite
        ``<sat>_multiplier`` and ``<sat>_multiplier_type1``, then extras (see
        :data:`COLUMN_DOCS`). ``df.attrs``: ``title``, ``unit``, ``table`` (meta dict),
        ``technology``, ``notes`` (list of str), ``satellite_units``.

    Raises
    ------
    InputDataError
        Type II closure not productive; satellite names clashing with built-ins;
        ``technology="total"`` on a non-competitive table without an n × n import block.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> df = analyze_table(miller_blair_2x2())
    >>> df[["bl", "fl_ghosh", "key_class"]].round(6).to_numpy().tolist()
    [[1.022222, 1.208333, 'key'], [0.977778, 0.791667, 'weak']]
    >>> df["hem_full"].round(4).tolist()
    [1210.5263, 2588.2353]
    """
    if technology not in ("domestic", "total"):
        msg = f"technology must be 'domestic' or 'total', not {technology!r}"
        raise ValueError(msg)
    t = table.total_technology() if technology == "total" else table
    notes: list[str] = []
    if technology == "domestic" and t.meta.table_type == "competitive":
        notes.append(
            "competitive table: Z includes imported inputs, so these are total-technology "
            "measures (a non-competitive table is needed for domestic technology)"
        )
    L = t.l  # the one inversion
    s = np.ones(t.n) @ L
    cols = _linkage_columns(t, L, s)
    cols.update(_multiplier_columns(t, L, s, notes))
    df = pd.DataFrame(cols, index=t.codes.copy())
    df.attrs = {
        "title": "Linkages, extractions and multipliers 产业关联、假设抽取与乘数",
        "unit": t.meta.unit,
        "table": t.meta.to_dict(),
        "technology": technology,
        "notes": notes,
        "satellite_units": dict(t.satellite_units),
    }
    return df


def _linkage_columns(t: IOTable, L: np.ndarray, s: np.ndarray) -> dict[str, Any]:
    """Names, output, linkages, dispersion, key classes and the four extractions."""
    x = t.x
    ones = np.ones(t.n)
    f = t.final_demand.to_numpy(dtype=float).sum(axis=1)
    lx = L @ x
    hem = extraction.calc_hem_all(L, x, f, np.diagonal(t.a), column_sums=s, l_times_x=lx)
    bl = linkages.normalise_by_mean(s)
    fl_ghosh = linkages.normalise_by_mean(lx / x)
    return {
        "code": t.codes.map(str).to_numpy(),
        "name": t.sectors["name"].reindex(t.codes).astype(str).to_numpy(),
        "output": x,
        "output_multiplier": s,
        "bl": bl,
        "fl_ghosh": fl_ghosh,
        "fl_leontief": linkages.normalise_by_mean(L @ ones),
        "bl_direct": linkages.normalise_by_mean(ones @ t.a),
        "fl_direct": linkages.normalise_by_mean((t.z @ ones) / x),
        "cv_backward": linkages.calc_dispersion_backward(L, column_sums=s),
        "cv_forward": linkages.calc_dispersion_forward_from_leontief(L, x, l_times_x=lx),
        "key_class": linkages.classify_key_sectors(bl, fl_ghosh),
        "hem_backward": hem.backward,
        "hem_forward": hem.forward,
        "hem_full": hem.full,
        "hem_total": hem.total,
    }


def _multiplier_columns(
    t: IOTable, L: np.ndarray, s: np.ndarray, notes: list[str]
) -> dict[str, Any]:
    """Type I (and, where households close the model, Type II) multipliers; upstreamness."""
    coef = multipliers.calc_coefficient_rows(t)
    notes.extend(coef.notes)
    names = list(coef.rows)
    C = np.vstack([coef.rows[k] for k in names])
    CL = C @ L
    simple = dict(zip(names, CL, strict=True))
    type1 = dict(zip(names, multipliers.ratio_to_direct(CL, C), strict=True))
    nan = np.full(t.n, np.nan)
    cols: dict[str, Any] = {
        "va_multiplier": simple["va"],
        "va_multiplier_type1": type1["va"],
        "income_multiplier": simple.get("income", nan),
        "income_multiplier_type1": type1.get("income", nan),
        "tax_multiplier": simple.get("tax", nan),
    }
    for sat in coef.satellites:
        cols[f"{sat}_multiplier"] = simple[sat]
        cols[f"{sat}_multiplier_type1"] = type1[sat]
    # ----- extras -----
    cols["upstreamness"] = (L @ t.x) / t.x
    if "tax" in simple:
        cols["tax_multiplier_type1"] = type1["tax"]
    if "import" in simple:
        cols["import_multiplier"] = simple["import"]
        cols["import_multiplier_type1"] = type1["import"]
    closure = _closure(t, L, coef.rows.get("income"), notes)
    if closure is not None:
        out2 = closure.output_multiplier(s)
        cols["output_multiplier_type2"] = out2
        cols["output_induced"] = out2 - s
        ratio2 = multipliers.ratio_to_direct(closure.total_effect(C, CL), C)
        for name, r2 in zip(names, ratio2, strict=True):
            cols[f"{name}_multiplier_type2"] = r2
            cols[f"{name}_induced"] = r2 - type1[name]
    return cols


def _closure(
    t: IOTable, L: np.ndarray, w: np.ndarray | None, notes: list[str]
) -> multipliers.HouseholdClosure | None:
    if w is None:
        notes.append("Type II multipliers are not available: no compensation row")
        return None
    hc, note = multipliers.household_consumption(t)
    if note:
        notes.append(note)
    if hc is None:
        return None
    income = float(w @ t.x)
    if not income > 0:
        msg = f"total compensation is {income:.6g}; the household closure needs it positive"
        raise InputDataError(
            [Issue(msg, file=t.meta.path, sheet="value_added", row="compensation")],
            t.meta.path,
        )
    return multipliers.calc_household_closure(L, w, hc / income, source=t.meta.path)


def _json_value(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def analysis_to_json(table: IOTable, df: pd.DataFrame) -> dict[str, Any]:
    """``{"table": meta, "sectors": [rows]}`` with JSON-safe values (NaN → null).

    ``table`` carries the analysed table's metadata plus ``technology`` and
    ``analysis_notes``.

    Examples
    --------
    >>> import json
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> doc = analysis_to_json(t, analyze_table(t))
    >>> doc["sectors"][0]["key_class"], len(json.dumps(doc)) > 0
    ('key', True)
    """
    meta = dict(df.attrs.get("table") or table.meta.to_dict())
    meta["technology"] = df.attrs.get("technology", "domestic")
    meta["analysis_notes"] = list(df.attrs.get("notes", []))
    rows = [
        {str(k): _json_value(v) for k, v in zip(df.columns, rec, strict=True)}
        for rec in df.itertuples(index=False, name=None)
    ]
    return {"table": meta, "sectors": rows}
