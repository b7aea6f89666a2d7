"""Locate the blocks of an official Chinese input-output workbook sheet.

Used by :mod:`provincial`.  Works on the list-of-rows form of a sheet (python-calamine
``to_python``) and finds:

* the header row: the row holding sector codes 1, 2, …, n (written ``01``, ``1`` or
  ``1.0``; subtotal columns such as ``T1`` between them are skipped), or, for tables
  without codes, the row holding ``中间使用合计`` with sector names to its left;
* the sector rows: by the row code column when there is one, otherwise by position
  (the first n named rows below the header that are not subtotals);
* the final-use columns, classified by their (merged, multi-row) header text, with the
  column codes (``FU101``, ``EX``, ``IF``…) as a fallback;
* the total rows (中间投入合计, 增加值合计, 总投入) and value-added rows.
"""

from __future__ import annotations

import re
from typing import Any

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers._common import NBS_FINAL_USE_CODES
from chainmap.io.readers.provincial_cells import (
    FINAL_USE_COLUMNS,
    VALUE_ADDED_ROWS,
    Layout,
    as_code,
    cell_name,
    cell_text,
    cell_value,
    code_run,
    header_text,
    number,
    row_code,
    row_name,
)

# Re-exported: readers and checks import the sheet vocabulary from here.
__all__ = [
    "FINAL_USE_COLUMNS",
    "VALUE_ADDED_ROWS",
    "Layout",
    "as_code",
    "cell_name",
    "find_layout",
    "number",
]

#: Rows scanned for the header row.
_HEADER_SCAN = 25

# (keywords, key) in order of precedence, matched on the whitespace-free header text
_FU_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("代码", "部门名称"), "ignore"),
    (("中间使用合计",), "TIU"),
    (("最终使用合计",), "TFU"),
    (("净流出",), "net_outflows"),
    (("净出口",), "net_outflows"),
    (("城镇居民", "非农业居民"), "household_consumption_urban"),
    (("农村居民", "农业居民"), "household_consumption_rural"),
    (("固定资本形成", "固定资产形成"), "gross_fixed_capital_formation"),
    (("小计", "合计"), "subtotal"),
    (("居民",), "household_consumption"),
    (("政府消费", "社会总消费", "社会消费"), "government_consumption"),
    (("固定资本形成", "固定资产形成"), "gross_fixed_capital_formation"),
    (("存货", "库存"), "inventory_change"),
    (("出口",), "exports"),
    (("进口",), "imports"),
    (("流出", "调出"), "outflows"),
    (("流入", "调入"), "inflows"),
    (("误差", "其他"), "statistical_error"),
    (("总产出",), "gross_output"),
)
_FU_CODES = {
    **NBS_FINAL_USE_CODES,
    "TIU": "TIU",
    "TFU": "TFU",
    "GO": "gross_output",
    "OF": "outflows",
    "IF": "inflows",
    "NOF": "net_outflows",
    "FU302": "outflows",
    "FU304": "inflows",
    "FU301": "net_outflows",
    "THC": "subtotal",
    "TC": "subtotal",
    "GCF": "subtotal",
    "TCF": "subtotal",
}
_VA_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("劳动者报酬", "劳动报酬", "劳动者收入"), "compensation"),
    (("生产税净额",), "production_taxes"),
    (("固定资产折旧合计", "固定资产折旧"), "depreciation"),
    (("营业盈余",), "operating_surplus"),
)


def find_layout(rows: list[list[Any]], file: str, sheet: str) -> Layout:
    """Locate header, sector rows/columns, final-use columns and total rows of a sheet."""
    quirks: list[str] = []
    h, sector_cols, col_names = _find_header(rows, file, sheet, quirks)
    n = len(sector_cols)
    label_cols = range(sector_cols[0])
    code_col, hits = _row_code_column(rows, h, label_cols, n)
    if code_col >= 0 and hits >= n // 2:
        sector_rows, subtot = _sector_rows_by_code(rows, h, code_col, label_cols, n, file, sheet)
    else:
        quirks.append("no row-code column: sector rows matched by position")
        sector_rows, subtot = _sector_rows_by_position(rows, h, label_cols, n, file, sheet)
    if subtot:
        quirks.append(f"{subtot} subtotal rows between the sector rows ignored")
    names = _sector_names(rows, sector_rows, col_names, label_cols, quirks)
    codes = [f"{k:02d}" for k in range(1, n + 1)]
    lay = Layout(h, codes, names, sector_rows, sector_cols, quirks=quirks)
    _final_use(lay, rows, h)
    _total_rows(lay, rows, label_cols)
    if lay.go_col is None and lay.ti_row is None:
        raise InputDataError(
            [
                Issue(
                    "neither a 总产出 column nor a 总投入 row found",
                    file=file,
                    sheet=sheet,
                    row=str(h + 1),
                )
            ]
        )
    return lay


def _find_header(
    rows: list[list[Any]], file: str, sheet: str, quirks: list[str]
) -> tuple[int, list[int], list[str]]:
    """Header row, sector columns and their names: by the longest run of sector codes,
    else by the 中间使用合计 heading with the sector names to its left."""
    scan = min(len(rows), _HEADER_SCAN)
    best: tuple[int, list[tuple[int, int]]] = (-1, [])
    for i in range(scan):
        run = code_run(rows[i])
        if len(run) > len(best[1]):
            best = (i, run)
    h, run = best
    if len(run) >= 5:
        sector_cols = [j for j, _ in run]
        col_names = [header_text(rows, h, j, last_only=True) for j in sector_cols]
        between = [j for j in range(sector_cols[0], sector_cols[-1]) if j not in sector_cols]
        if between:
            quirks.append(f"{len(between)} subtotal columns between the sector columns ignored")
        return h, sector_cols, col_names
    h, jt = _total_use_heading(rows, scan)
    if h < 0:
        raise InputDataError(
            [
                Issue(
                    "no header row found: no row of sector codes (代码 01, 02, …) and no "
                    "中间使用合计 heading in the first 25 rows",
                    file=file,
                    sheet=sheet,
                    row=f"1-{scan}",
                )
            ]
        )
    sector_cols = [j for j in range(1, jt) if cell_text(cell_value(rows, h, j))]
    col_names = [cell_text(cell_value(rows, h, j)) for j in sector_cols]
    quirks.append("no sector-code row: sectors matched by position and name")
    return h, sector_cols, col_names


def _total_use_heading(rows: list[list[Any]], scan: int) -> tuple[int, int]:
    """(row, column) of the first 中间使用合计 heading right of column B, or (-1, -1)."""
    for i in range(scan):
        for j, v in enumerate(rows[i]):
            if cell_text(v) == "中间使用合计" and j > 1:
                return i, j
    return -1, -1


def _row_code_column(rows: list[list[Any]], h: int, label_cols: range, n: int) -> tuple[int, int]:
    """Label column holding the most sector codes 1…n below the header, and that count."""
    code_col, hits = -1, 0
    for j in label_cols:
        c = sum(
            1
            for i in range(h + 1, len(rows))
            if (as_code(cell_value(rows, i, j)) or 0) <= n
            and as_code(cell_value(rows, i, j)) is not None
        )
        if c > hits:
            code_col, hits = j, c
    return code_col, hits


def _sector_rows_by_code(
    rows: list[list[Any]],
    h: int,
    code_col: int,
    label_cols: range,
    n: int,
    file: str,
    sheet: str,
) -> tuple[list[int], int]:
    """Row of each sector code 1…n in the code column, and the subtotal rows between."""
    where: dict[int, int] = {}
    subtot = 0
    for i in range(h + 1, len(rows)):
        k = as_code(cell_value(rows, i, code_col))
        if k is not None and k <= n and k not in where:
            where[k] = i
        elif (
            k is None
            and re.search(r"合计|小计", row_name(rows, i, label_cols))
            and not where.get(n)
        ):
            subtot += int(bool(where))
    missing = [k for k in range(1, n + 1) if k not in where]
    if missing:
        raise InputDataError(
            [
                Issue(
                    f"sector code {missing[0]:02d} of the header row has no row with that code in "
                    f"column {cell_name(0, code_col)[:-1]}",
                    file=file,
                    sheet=sheet,
                    column=cell_name(h, code_col)[:-1],
                )
            ]
        )
    return [where[k] for k in range(1, n + 1)], subtot


def _sector_rows_by_position(
    rows: list[list[Any]], h: int, label_cols: range, n: int, file: str, sheet: str
) -> tuple[list[int], int]:
    """The named rows below the header up to 中间投入合计, without subtotals (must be n)."""
    sector_rows: list[int] = []
    subtot = 0
    for i in range(h + 1, len(rows)):
        name = row_name(rows, i, label_cols)
        if not name:
            continue
        if "中间投入合计" in name or row_code(rows, i, label_cols) == "TII":
            break
        if re.search(r"合计|小计", name):
            subtot += 1
            continue
        sector_rows.append(i)
    if len(sector_rows) != n:
        raise InputDataError(
            [
                Issue(
                    f"{len(sector_rows)} sector rows before 中间投入合计 but {n} sector columns in "
                    f"header row {h + 1}",
                    file=file,
                    sheet=sheet,
                    row=str(h + 1),
                )
            ]
        )
    return sector_rows, subtot


def _sector_names(
    rows: list[list[Any]],
    sector_rows: list[int],
    col_names: list[str],
    label_cols: range,
    quirks: list[str],
) -> list[str]:
    """Row names of the sectors (column names where a row has none); notes a mismatch."""
    names = [
        row_name(rows, i, label_cols) or cn for i, cn in zip(sector_rows, col_names, strict=False)
    ]
    if all(col_names):
        bad = [
            k
            for k, (a, b) in enumerate(zip(names, col_names, strict=False))
            if not (a.startswith(b[:4]) or b.startswith(a[:4]))
        ]
        if bad:
            quirks.append(
                f"row and column sector names differ at {len(bad)} positions "
                f"(e.g. {names[bad[0]]} / {col_names[bad[0]]})"
            )
    return names


def _column_key(label: str, code: str) -> tuple[str, bool]:
    """Final-use key of a column from its header text and column code; True when the
    two disagree (the code wins)."""
    key = next((k for words, k in _FU_RULES if any(w in label for w in words)), "")
    if label == "最终使用":
        key = "TFU"
    by_code = _FU_CODES.get(code, "")
    clash = bool(by_code and key and by_code != key and key != "ignore")
    return by_code or key, clash


def _final_use(lay: Layout, rows: list[list[Any]], h: int) -> None:
    """Classify the columns right of the sector block into final-use keys and totals."""
    ncol = max(len(r) for r in rows)
    numbered: list[str] = []
    clash: list[str] = []
    for j in range(lay.sector_cols[-1] + 1, ncol):
        label = header_text(rows, h, j)
        code = cell_text(cell_value(rows, h, j))
        key, disagree = _column_key(label, code)
        if disagree:
            clash.append(f"{cell_name(h, j)} {label}/{code}")
        if not key:
            vals = [cell_value(rows, i, j) for i in lay.sector_rows]
            if any(isinstance(v, (int, float)) and v != 0 for v in vals):
                lay.quirks.append(
                    f"unlabelled column {cell_name(h, j)[: -len(str(h + 1))]} "
                    "holds numbers; ignored"
                )
            elif as_code(cell_value(rows, h, j)) is not None:
                numbered.append(cell_name(h, j)[: -len(str(h + 1))])
            continue
        if key in ("ignore", "subtotal"):
            continue
        if key == "TIU":
            lay.tiu_col = lay.tiu_col if lay.tiu_col is not None else j
        elif key == "TFU":
            lay.tfu_col = lay.tfu_col if lay.tfu_col is not None else j
        elif key == "gross_output":
            lay.go_col = lay.go_col if lay.go_col is not None else j
        else:
            lay.fu_cols.setdefault(key, []).append(j)
            lay.fu_label.setdefault(key, label or code)
    _final_use_quirks(lay, clash, numbered)


def _final_use_quirks(lay: Layout, clash: list[str], numbered: list[str]) -> None:
    """Notes on the final-use columns; marks export columns that are memo items."""
    if clash:
        lay.quirks.append(
            f"header labels and column codes disagree in {len(clash)} columns "
            f"({', '.join(clash[:3])}…); the codes were used"
        )
    if numbered:
        lay.quirks.append(
            f"{len(numbered)} numbered empty columns ({numbered[0]}…) after the table ignored"
        )
    if "净出口" in lay.fu_label.get("net_outflows", ""):
        lay.quirks.append("净出口 (net exports) stored as net_outflows")
    if (
        lay.go_col is not None
        and "exports" in lay.fu_cols
        and "outflows" in lay.fu_cols
        and "调出" in lay.fu_label["outflows"]
        and lay.fu_cols["exports"][0] > lay.go_col
    ):
        lay.trade_memo = True
    if "outflows" in lay.fu_cols and "exports" not in lay.fu_cols:
        lay.quirks.append(
            f"{lay.fu_label['outflows']}/{lay.fu_label.get('inflows', '-')} include "
            "foreign exports/imports (no separate columns)"
        )


def _total_rows(lay: Layout, rows: list[list[Any]], label_cols: range) -> None:
    skip = set(lay.sector_rows)
    comp: list[str] = []
    for i in range(lay.sector_rows[0], len(rows)):
        if i in skip:
            continue
        name, code = row_name(rows, i, label_cols), row_code(rows, i, label_cols)
        if code == "TII" or "中间投入合计" in name:
            lay.tii_row = lay.tii_row if lay.tii_row is not None else i
        elif code == "TVA" or "增加值合计" in name or "最初投入合计" in name:
            lay.tva_row = lay.tva_row if lay.tva_row is not None else i
        elif code == "TI" or name.startswith("总投入"):
            lay.ti_row = lay.ti_row if lay.ti_row is not None else i
        elif lay.tii_row is not None and lay.tva_row is None and name:
            std = next((k for words, k in _VA_RULES if any(name.startswith(w) for w in words)), "")
            if name in ("基本折旧", "大修理折旧"):
                comp.append(name)
            elif std and (std not in lay.va_rows or name.endswith("合计")):
                lay.va_rows[std] = i
            elif not re.search(r"合计|小计", name):
                lay.va_rows[name] = i
    if comp:
        lay.quirks.append(
            f"depreciation components ({', '.join(comp)}) ignored; "
            "their total 固定资产折旧合计 used"
        )
    extra = [k for k in lay.va_rows if k not in VALUE_ADDED_ROWS]
    if extra:
        lay.quirks.append(
            "value-added rows outside the standard four kept under their own "
            "names: " + ", ".join(extra)
        )
