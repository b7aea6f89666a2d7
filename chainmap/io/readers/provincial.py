"""Reader of the official Chinese provincial and national input-output workbooks.

Reads the 42-sector provincial tables (《中国地区投入产出表》, 1997–2017) and the
national tables in the same or older layouts (1990–2012), ``.xls`` or ``.xlsx``, with
python-calamine.  Layout differences handled: title rows, merged (multi-row) header
labels, codes written ``01`` or ``1.0``, no code column (rows then matched by position
and name), subtotal rows and columns, extra or empty sheets, numbered or unlabelled
columns, and the different names of the trade columns (调入/调出, 流入/流出,
国内省外流入/流出, 进口/出口, net 净流出).  Everything is in 万元 (10 000 yuan).

Accounting identity checked for every sector *i* (imports and inflows are stored as
positive numbers whatever sign the workbook used):

    x_i = Σ_j z_ij + f_i + e_i + o_i − m_i − n_i + ε_i

with final domestic use f, exports e, outflows to other provinces o, imports m,
inflows n, statistical error ε; and column-wise  x_j = Σ_i z_ij + Σ_k v_kj.

A workbook that cannot be read (not a workbook, truncated, no header row, text in a
number cell, shifted columns) raises :class:`chainmap.errors.InputDataError` with one
issue naming file, sheet and cell.  No other exception type escapes for bad input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.errors import InputDataError, Issue
from chainmap.io.provincial_files import (
    PROVINCE_PINYIN,
    ProvincialFile,
    list_provincial_files,
    province_from_name,
    year_from,
)
from chainmap.io.readers.provincial_checks import (
    check_totals,  # sibling modules; relative imports when moved
)
from chainmap.io.readers.provincial_layout import (
    FINAL_USE_COLUMNS,
    VALUE_ADDED_ROWS,
    Layout,
    find_layout,
    number,
)

__all__ = [
    "FINAL_USE_COLUMNS",
    "PROVINCE_PINYIN",
    "VALUE_ADDED_ROWS",
    "ProvincialFile",
    "ProvincialTable",
    "list_provincial_files",
    "read_provincial_table",
]

_COEFF_SHEET = re.compile(r"系数|消耗|直耗|完耗")


@dataclass
class ProvincialTable:
    """One provincial (or national) competitive-import input-output table, in 万元.

    Attributes
    ----------
    province : str
        Chinese short name (``浙江``); ``中国`` for a national table.
    year : int
        Table year.
    source : str
        Path of the workbook read.
    sheet : str
        Sheet the table was read from.
    codes, names : list of str
        Sector codes (two-digit strings ``'01'``…, numbered as in the file; the 1997
        provincial files have no code column and are numbered by position) and names.
    Z : DataFrame
        Intermediate flows z_ij, sector × sector (rows supply, columns use).
    final_use : DataFrame
        Sector × :data:`FINAL_USE_COLUMNS`.  Columns the workbook does not report are
        NaN and listed in :attr:`not_reported`.  ``imports`` and ``inflows`` are
        positive numbers.  Where the workbook gives only a net figure (2002 净流出,
        1990–1997 national 净出口, some 1997 provinces) it is in ``net_outflows`` and
        the gross trade columns are NaN.  Where 流出/调出 include foreign exports and
        no separate export column exists (1997, 2007 provinces) they are in
        ``outflows``/``inflows`` and ``exports``/``imports`` are NaN.
    value_added : DataFrame
        Rows :data:`VALUE_ADDED_ROWS` (compensation, production_taxes, depreciation,
        operating_surplus; other rows of old tables under their Chinese label),
        columns = sector codes.
    x : Series
        Gross output by sector (the 总产出 column; the 总投入 row if absent).
    totals : DataFrame
        The workbook's own totals by sector: ``TII`` (中间投入合计), ``TIU``
        (中间使用合计), ``TVA``, ``TI`` (总投入), ``GO`` (总产出); NaN where absent.
    quirks : list of str
        Plain-language notes on what is unusual in this workbook.
    trade_form : str
        ``"gross"`` (inflows/outflows or imports/exports given separately),
        ``"net"`` (only net outflows) or ``"none"``.
    """

    province: str
    year: int
    source: str
    sheet: str
    codes: list[str]
    names: list[str]
    Z: pd.DataFrame
    final_use: pd.DataFrame
    value_added: pd.DataFrame
    x: pd.Series
    totals: pd.DataFrame
    quirks: list[str] = field(default_factory=list)
    trade_form: str = "gross"
    not_reported: list[str] = field(default_factory=list)
    unit: str = "万元"

    @property
    def n(self) -> int:
        """Number of sectors."""
        return len(self.codes)

    @property
    def is_national(self) -> bool:
        """True for a national table (province ``中国``)."""
        return self.province == "中国"


def _open(path: Path) -> tuple[list[str], dict[str, list[list[Any]]]]:
    """Read every sheet as a list of rows; any failure → InputDataError."""
    from python_calamine import CalamineWorkbook

    file = str(path)
    if not path.is_file():
        raise InputDataError([Issue("file not found", file=file)])
    try:
        wb = CalamineWorkbook.from_path(file)
        names = list(wb.sheet_names)
        sheets = {sn: wb.get_sheet_by_name(sn).to_python(skip_empty_area=False) for sn in names}
    except InputDataError:
        raise
    except Exception as exc:
        msg = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise InputDataError([Issue(f"not a readable Excel workbook ({msg})", file=file)]) from None
    return names, sheets


def _sheet_order(names: list[str], sheets: dict[str, list[list[Any]]], prov: str) -> list[str]:
    """Candidate sheets: flow tables first (sheet named after the province first)."""
    cand = [s for s in names if sheets[s] and not _COEFF_SHEET.search(s)]
    if not cand:
        cand = [s for s in names if sheets[s]]
    exact = [s for s in cand if s.strip() == prov]
    return exact + [s for s in cand if s not in exact]


def read_provincial_table(
    path: str | Path,
    *,
    province: str | None = None,
    year: int | None = None,
    sheet: str | None = None,
) -> ProvincialTable:
    """Read one official provincial or national input-output workbook.

    Parameters
    ----------
    path : path
        ``.xls`` or ``.xlsx`` workbook in the official layout.
    province, year : optional
        Override the province (Chinese name) and year taken from the file name, the
        folder name or the title cell.
    sheet : str, optional
        Sheet to read; default: the flow-table sheet (a sheet named after the
        province first, then the others in order; coefficient sheets are skipped).

    Returns
    -------
    ProvincialTable

    Raises
    ------
    chainmap.errors.InputDataError
        With one :class:`~chainmap.errors.Issue` naming file, sheet and cell.
    """
    p = Path(path)
    file = str(p)
    names, sheets = _open(p)
    prov = province or province_from_name(p.stem)
    order = [sheet] if sheet is not None else _sheet_order(names, sheets, prov)
    if sheet is not None and sheet not in sheets:
        raise InputDataError(
            [Issue(f"no sheet named {sheet!r} (sheets: {', '.join(names)})", file=file)]
        )
    if not order:
        raise InputDataError([Issue("workbook has no non-empty sheet", file=file)])
    first_error: InputDataError | None = None
    for sn in order:
        try:
            lay = find_layout(sheets[sn], file, sn)
        except InputDataError as exc:
            first_error = first_error or exc
            continue
        yr = year or year_from(p, sheets[sn])
        if yr is None:
            raise InputDataError(
                [
                    Issue(
                        "cannot tell the table year from file, folder or title", file=file, sheet=sn
                    )
                ]
            )
        table = _build(lay, sheets[sn], file, sn, prov, yr)
        others = [s for s in names if s != sn]
        if others:
            table.quirks.insert(
                0,
                f"{len(names)} sheets; read {sn!r}, ignored "
                + ", ".join(repr(s) + ("" if sheets[s] else " (empty)") for s in others),
            )
        return table
    assert first_error is not None
    raise first_error


def _build(
    lay: Layout, rows: list[list[Any]], file: str, sheet: str, prov: str, year: int
) -> ProvincialTable:
    """Turn a located layout into a :class:`ProvincialTable` and check the totals."""
    quirks = list(lay.quirks)
    codes = lay.codes

    def block(rr: list[int], cc: list[int]) -> np.ndarray:
        return np.array(
            [[number(rows, i, j, file, sheet) for j in cc] for i in rr], dtype=float
        ).reshape(len(rr), len(cc))

    Z = block(lay.sector_rows, lay.sector_cols)
    fu = _final_use(lay, block, quirks)
    tot = _totals(lay, block)
    va = _value_added(lay, block)
    _net_trade(lay, fu, quirks)
    x = tot["GO"] if lay.go_col is not None else tot["TI"]
    if lay.go_col is None:
        quirks.append("no 总产出 column; gross output taken from the 总投入 row")
    fu["gross_output"] = x
    not_reported = [c for c in FINAL_USE_COLUMNS if fu[c].isna().all()]
    gross = any(c not in not_reported for c in ("inflows", "imports", "outflows", "exports"))
    trade_form = "gross" if gross else ("net" if "net_outflows" not in not_reported else "none")
    if trade_form == "net":
        quirks.append(
            "only net outflows are given (no gross inflows/outflows): local shares "
            "can only be bounded under a no-cross-hauling assumption"
        )

    totals = pd.DataFrame(tot, index=codes)[["TII", "TIU", "TVA", "TI", "GO", "TFU"]]
    check_totals(lay, file, sheet, Z, fu, va, totals, x, quirks)
    return ProvincialTable(
        province=prov,
        year=year,
        source=file,
        sheet=sheet,
        codes=codes,
        names=lay.names,
        Z=pd.DataFrame(Z, index=codes, columns=codes),
        final_use=fu,
        value_added=va,
        x=pd.Series(x, index=codes, name="gross_output"),
        totals=totals,
        quirks=quirks,
        trade_form=trade_form,
        not_reported=not_reported,
    )


#: Reads the numbers of rows × columns of the sheet (0-based positions).
_Block = Callable[[list[int], list[int]], np.ndarray]


def _final_use(lay: Layout, block: _Block, quirks: list[str]) -> pd.DataFrame:
    """Sector × :data:`FINAL_USE_COLUMNS` (NaN where not reported); a column spread
    over several sheet columns is summed, negative imports and inflows made positive."""
    fu = pd.DataFrame(np.nan, index=lay.codes, columns=list(FINAL_USE_COLUMNS))
    for key, cols in lay.fu_cols.items():
        v = block(lay.sector_rows, cols).sum(axis=1)
        if key in ("imports", "inflows") and np.nansum(v) < 0:
            quirks.append(f"{lay.fu_label[key]} entered as negative numbers; stored positive")
            v = -v
        fu[key] = v
    return fu


def _totals(lay: Layout, block: _Block) -> dict[str, np.ndarray]:
    """The workbook's own totals by sector (TIU, TFU, GO columns; TII, TVA, TI rows)."""
    n = len(lay.codes)
    tot = {
        k: (block(lay.sector_rows, [c])[:, 0] if c is not None else np.full(n, np.nan))
        for k, c in (("TIU", lay.tiu_col), ("TFU", lay.tfu_col), ("GO", lay.go_col))
    }
    for k, r in (("TII", lay.tii_row), ("TVA", lay.tva_row), ("TI", lay.ti_row)):
        tot[k] = block([r], lay.sector_cols)[0] if r is not None else np.full(n, np.nan)
    return tot


def _value_added(lay: Layout, block: _Block) -> pd.DataFrame:
    """Value-added rows: the standard four first (NaN where absent), then the others."""
    va = pd.DataFrame(
        {lab: block([r], lay.sector_cols)[0] for lab, r in lay.va_rows.items()}, index=lay.codes
    ).T
    for lab in VALUE_ADDED_ROWS:
        if lab not in va.index:
            va.loc[lab] = np.nan
    return va.loc[[*VALUE_ADDED_ROWS, *[i for i in va.index if i not in VALUE_ADDED_ROWS]]]


def _net_trade(lay: Layout, fu: pd.DataFrame, quirks: list[str]) -> None:
    """Fix trade columns that are not what their labels say; households summed when
    only the rural and urban columns are given."""
    # 1997 provinces that give 调入 as all zeros and a signed 调出: that column is net.
    if (
        "outflows" in lay.fu_cols
        and "inflows" in lay.fu_cols
        and "exports" not in lay.fu_cols
        and np.allclose(fu["inflows"], 0)
        and (fu["outflows"] < 0).any()
    ):
        fu["net_outflows"] = fu["outflows"]
        fu["outflows"] = np.nan
        fu["inflows"] = np.nan
        quirks.append(
            f"{lay.fu_label['inflows']} column is all zero and {lay.fu_label['outflows']} "
            "has negative entries: read as net outflows"
        )
    # memo export/import columns that are part of 调出/调入 (1997 上海, 天津, 宁夏, 广西)
    if lay.trade_memo and "outflows" in lay.fu_cols:
        fu["outflows"] = fu["outflows"] - fu["exports"].fillna(0)
        if not fu["inflows"].isna().all():
            fu["inflows"] = fu["inflows"] - fu["imports"].fillna(0)
        quirks.append(
            "出口/进口 are given after 总产出 as parts of 调出/调入; outflows and inflows "
            "are stored net of them"
        )
    if (
        fu["household_consumption"].isna().all()
        and not fu["household_consumption_rural"].isna().all()
    ):
        fu["household_consumption"] = fu["household_consumption_rural"].fillna(0) + fu[
            "household_consumption_urban"
        ].fillna(0)
