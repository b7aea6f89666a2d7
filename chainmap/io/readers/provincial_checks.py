"""Consistency checks of a provincial table against the workbook's own totals.

Gross failures (总产出 ≠ 总投入 or 中间投入合计 ≠ column sums by more than 1 %: a shifted
block) raise :class:`chainmap.errors.InputDataError` naming the cell; small differences,
empty sectors, negative operating surplus, input coefficients above 1 and transit trade
are reported as plain-language quirks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers.provincial_cells import VALUE_ADDED_ROWS, Layout, cell_name

__all__ = ["check_totals"]


def check_totals(
    lay: Layout,
    file: str,
    sheet: str,
    Z: np.ndarray,
    fu: pd.DataFrame,
    va: pd.DataFrame,
    totals: pd.DataFrame,
    x: np.ndarray,
    quirks: list[str],
) -> None:
    """Check the workbook's own totals; gross failures (shifted block) raise."""
    scale = max(float(np.nanmax(np.abs(x))) if np.isfinite(x).any() else 1.0, 1.0)
    _check_output_total(lay, file, sheet, totals, scale, quirks)
    _check_intermediate_totals(lay, file, sheet, Z, totals, scale, quirks)
    _check_value_added_total(va, totals, quirks)
    _check_row_identity(lay, Z, fu, x, scale, quirks)
    _note_empty_and_negative(lay, Z, fu, va, x, quirks)


def _check_output_total(
    lay: Layout, file: str, sheet: str, totals: pd.DataFrame, scale: float, quirks: list[str]
) -> None:
    """总产出 column against the 总投入 row: off by more than 1 % raises."""
    go, ti = totals["GO"].to_numpy(), totals["TI"].to_numpy()
    if not (np.isfinite(go).all() and np.isfinite(ti).all()):
        return
    d = np.abs(go - ti)
    k = int(np.argmax(d))
    if d[k] > max(0.01 * max(abs(go[k]), abs(ti[k])), 1e-4 * scale, 100.0):
        raise InputDataError(
            [
                Issue(
                    f"总产出 {go[k]:,.0f} (cell {cell_name(lay.sector_rows[k], lay.go_col or 0)}) "
                    f"≠ 总投入 {ti[k]:,.0f} (cell {cell_name(lay.ti_row or 0, lay.sector_cols[k])}) "  # noqa: E501
                    f"for sector {lay.codes[k]} {lay.names[k]}: rows or columns shifted?",
                    file=file,
                    sheet=sheet,
                    row=str((lay.ti_row or 0) + 1),
                    column=cell_name(lay.ti_row or 0, lay.sector_cols[k]),
                )
            ]
        )
    if d.max() > 0.5:
        quirks.append(
            f"GO column and TI row differ by up to {d.max():,.0f} 万元 "
            f"({lay.codes[k]} {lay.names[k]})"
        )


def _check_intermediate_totals(
    lay: Layout,
    file: str,
    sheet: str,
    Z: np.ndarray,
    totals: pd.DataFrame,
    scale: float,
    quirks: list[str],
) -> None:
    """中间投入合计 row against the column sums of Z (off by more than 1 % raises) and
    中间使用合计 column against its row sums."""
    colsum = Z.sum(axis=0)
    tii = totals["TII"].to_numpy()
    if np.isfinite(tii).all():
        d = np.abs(colsum - tii)
        k = int(np.argmax(d))
        if d[k] > max(0.01 * abs(tii[k]), 1e-4 * scale, 100.0):
            r = lay.tii_row or 0
            raise InputDataError(
                [
                    Issue(
                        f"中间投入合计 {tii[k]:,.0f} ≠ column sum {colsum[k]:,.0f} of the intermediate block "  # noqa: E501
                        f"for sector {lay.codes[k]} {lay.names[k]}: rows or columns shifted?",
                        file=file,
                        sheet=sheet,
                        row=str(r + 1),
                        column=cell_name(r, lay.sector_cols[k]),
                    )
                ]
            )
        if d.max() > 0.5:
            quirks.append(
                f"中间投入合计 row and column sums of Z differ by up to {d.max():,.0f} 万元"
            )
    tiu = totals["TIU"].to_numpy()
    if np.isfinite(tiu).all():
        d = np.abs(Z.sum(axis=1) - tiu)
        if d.max() > 0.5:
            quirks.append(
                f"中间使用合计 column and row sums of Z differ by up to {d.max():,.0f} 万元"
            )


def _check_value_added_total(va: pd.DataFrame, totals: pd.DataFrame, quirks: list[str]) -> None:
    """增加值合计 against the sum of the value-added rows (standard rows only where read)."""
    std = [r for r in VALUE_ADDED_ROWS if np.isfinite(va.loc[r].to_numpy()).all()]
    vsum = (
        va.loc[[r for r in va.index if r in std or r not in VALUE_ADDED_ROWS]]
        .to_numpy()
        .sum(axis=0)
    )
    tva = totals["TVA"].to_numpy()
    if np.isfinite(tva).all() and len(va.index):
        d = np.abs(vsum - tva)
        if d.max() > 0.5:
            quirks.append(
                f"增加值合计 and the sum of value-added rows differ by up to {d.max():,.0f} 万元"
            )


def _check_row_identity(
    lay: Layout, Z: np.ndarray, fu: pd.DataFrame, x: np.ndarray, scale: float, quirks: list[str]
) -> None:
    """Row identity x = TIU + final use + exports + outflows − imports − inflows + error."""
    parts = fu.drop(
        columns=["gross_output", "household_consumption_rural", "household_consumption_urban"]
    ).fillna(0.0)
    uses = parts.drop(columns=["imports", "inflows"]).sum(axis=1).to_numpy()
    res = Z.sum(axis=1) + uses - parts["imports"].to_numpy() - parts["inflows"].to_numpy() - x
    if np.abs(res).max() > max(1e-3 * scale, 1.0):
        k = int(np.argmax(np.abs(res)))
        quirks.append(
            f"row identity (use = output) off by up to {abs(res[k]):,.0f} 万元 "
            f"({lay.codes[k]} {lay.names[k]})"
        )


#: Final-use columns expected to be non-negative (imports and inflows are stored positive).
_NONNEGATIVE_FINAL_USE: tuple[str, ...] = (
    "household_consumption_rural",
    "household_consumption_urban",
    "household_consumption",
    "government_consumption",
    "gross_fixed_capital_formation",
    "exports",
    "outflows",
    "imports",
    "inflows",
)


def _note_empty_and_negative(
    lay: Layout,
    Z: np.ndarray,
    fu: pd.DataFrame,
    va: pd.DataFrame,
    x: np.ndarray,
    quirks: list[str],
) -> None:
    """Notes on empty sectors, negative surplus, coefficients above 1, transit trade
    and negative final use."""
    codes, names = lay.codes, lay.names
    empty = [f"{c} {nm}" for c, nm, xv in zip(codes, names, x, strict=False) if abs(xv) < 0.5]
    if empty:
        quirks.append(
            f"{len(empty)} empty sector{'s' if len(empty) > 1 else ''} (output 0): "
            + ", ".join(empty)
        )
    if "operating_surplus" in va.index:
        neg = [
            f"{c} {nm}"
            for c, nm, v in zip(codes, names, va.loc["operating_surplus"], strict=False)
            if v < 0
        ]
        if neg:
            quirks.append(
                f"negative operating surplus in {len(neg)} sector"
                f"{'s' if len(neg) > 1 else ''}: " + ", ".join(neg)
            )
    with np.errstate(divide="ignore", invalid="ignore"):
        csum = np.where(x > 0, Z.sum(axis=0) / x, 0.0)
    over = [
        f"{c} {nm} ({s:.2f})"
        for c, nm, s in zip(codes, names, csum, strict=False)
        if s > 1.0 + 1e-9
    ]
    if over:
        quirks.append("input coefficients sum above 1 (negative value added) in " + ", ".join(over))
    out_ = (fu["exports"].fillna(0) + fu["outflows"].fillna(0)).to_numpy()
    transit = [f"{c}" for c, xv, o in zip(codes, x, out_, strict=False) if xv - o < -0.5]
    if transit:
        quirks.append(
            f"inflows+imports exceed use for {len(transit)} sectors (transit trade; "
            f"exports+outflows > output): {', '.join(transit)}"
        )
    negf = [c for c in _NONNEGATIVE_FINAL_USE if (fu[c].fillna(0) < -0.5).any()]
    if negf:
        quirks.append("negative entries in " + ", ".join(negf))
