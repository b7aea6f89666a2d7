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
from dataclasses import dataclass, field
from typing import Any

from chainmap.errors import InputDataError, Issue

#: Standard final-use column names of :class:`provincial.ProvincialTable`.
FINAL_USE_COLUMNS: tuple[str, ...] = (
    "household_consumption_rural",
    "household_consumption_urban",
    "household_consumption",
    "government_consumption",
    "gross_fixed_capital_formation",
    "inventory_change",
    "exports",
    "outflows",
    "imports",
    "inflows",
    "net_outflows",
    "statistical_error",
    "gross_output",
)
#: Standard value-added rows.
VALUE_ADDED_ROWS: tuple[str, ...] = (
    "compensation",
    "production_taxes",
    "depreciation",
    "operating_surplus",
)

_CODE = re.compile(r"^0*(\d{1,3})(?:\.0+)?$")
_ALPHA_CODE = re.compile(
    r"^(TII|TIU|TVA|TI|TFU|GO|EX|IM|IF|OF|NOF|ERR|THC|TC|GCF|TCF|TM|TNM|"
    r"T\d|T3|VA\d{3}|FU\d{3})$"
)
_UNIT = re.compile(r"万元|yuan|单位|按当年|计算|Data are|Matrix", re.IGNORECASE)
_EMPTY_TEXT = {"", "-", "—", "－", "–", "…", "...", "/"}

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
    "TIU": "TIU",
    "TFU": "TFU",
    "GO": "gross_output",
    "FU101": "household_consumption_rural",
    "FU102": "household_consumption_urban",
    "FU103": "government_consumption",
    "FU201": "gross_fixed_capital_formation",
    "FU202": "inventory_change",
    "EX": "exports",
    "IM": "imports",
    "OF": "outflows",
    "IF": "inflows",
    "NOF": "net_outflows",
    "ERR": "statistical_error",
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


@dataclass
class Layout:
    """Positions (0-based) of the blocks of one sheet."""

    header_row: int
    codes: list[str]
    names: list[str]
    sector_rows: list[int]
    sector_cols: list[int]
    fu_cols: dict[str, list[int]] = field(default_factory=dict)
    fu_label: dict[str, str] = field(default_factory=dict)
    tiu_col: int | None = None
    tfu_col: int | None = None
    go_col: int | None = None
    tii_row: int | None = None
    tva_row: int | None = None
    ti_row: int | None = None
    va_rows: dict[str, int] = field(default_factory=dict)
    trade_memo: bool = False
    quirks: list[str] = field(default_factory=list)


def cell_name(i: int, j: int) -> str:
    """Excel-style address of 0-based (row, column): ``cell_name(11, 2) == 'C12'``."""
    letters, k = "", j + 1
    while k:
        k, rem = divmod(k - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{i + 1}"


def _text(v: Any) -> str:
    return re.sub(r"\s+", "", str(v)) if v is not None else ""


def as_code(v: Any) -> int | None:
    """Sector code 1…300 written as ``01``, ``1``, ``1.0`` or a float; else None."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        f = float(v)
        return int(f) if f.is_integer() and 1 <= f <= 300 else None
    m = _CODE.match(_text(v))
    return int(m.group(1)) if m else None


def _cell(rows: list[list[Any]], i: int, j: int) -> Any:
    r = rows[i] if 0 <= i < len(rows) else []
    return r[j] if 0 <= j < len(r) else ""


def number(rows: list[list[Any]], i: int, j: int, file: str, sheet: str) -> float:
    """Numeric value of a data cell; blanks and dashes are 0; text raises InputDataError."""
    v = _cell(rows, i, j)
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    s = _text(v)
    if s in _EMPTY_TEXT:
        return 0.0
    try:
        return float(s.replace(",", ""))
    except ValueError:
        raise InputDataError(
            [
                Issue(
                    f"text {str(v).strip()[:40]!r} where a number is expected (cell {cell_name(i, j)})",  # noqa: E501
                    file=file,
                    sheet=sheet,
                    row=str(i + 1),
                    column=cell_name(i, j),
                )
            ]
        ) from None


def _code_run(row: list[Any]) -> list[tuple[int, int]]:
    """Longest run of codes 1, 2, … in a row (other cells between them allowed)."""
    best: list[tuple[int, int]] = []
    for start, v in enumerate(row):
        if as_code(v) != 1:
            continue
        run, want = [(start, 1)], 2
        for j in range(start + 1, len(row)):
            k = as_code(row[j])
            if k == want:
                run.append((j, k))
                want += 1
            elif k is not None or _text(row[j]) in ("TIU", "中间使用合计"):
                break
        if len(run) > len(best):
            best = run
    return best


def _header_text(rows: list[list[Any]], h: int, j: int, last_only: bool = False) -> str:
    """Header text of column j: the texts of rows 0…h joined (or only the lowest one)."""
    parts = []
    for i in range(h + 1):
        t = _text(_cell(rows, i, j))
        if (
            t
            and not _UNIT.search(t)
            and as_code(t) is None
            and not _ALPHA_CODE.match(t)
            and not re.fullmatch(r"[\d.\-—－]+", t)
        ):
            parts.append(t)
    return (parts[-1] if parts else "") if last_only else "".join(parts)


def _row_name(rows: list[list[Any]], i: int, label_cols: range) -> str:
    for j in reversed(label_cols):
        t = _text(_cell(rows, i, j))
        if (
            len(t) >= 2
            and as_code(t) is None
            and not _ALPHA_CODE.match(t)
            and not re.fullmatch(r"[\d.\-—－]+", t)
        ):
            return t
    return ""


def _row_code(rows: list[list[Any]], i: int, label_cols: range) -> str:
    for j in label_cols:
        t = _text(_cell(rows, i, j))
        if _ALPHA_CODE.match(t):
            return t
    return ""


def find_layout(rows: list[list[Any]], file: str, sheet: str) -> Layout:
    """Locate header, sector rows/columns, final-use columns and total rows of a sheet."""
    quirks: list[str] = []
    scan = min(len(rows), 25)
    best: tuple[int, list[tuple[int, int]]] = (-1, [])
    for i in range(scan):
        run = _code_run(rows[i])
        if len(run) > len(best[1]):
            best = (i, run)
    h, run = best
    col_names: list[str]
    if len(run) >= 5:
        sector_cols = [j for j, _ in run]
        col_names = [_header_text(rows, h, j, last_only=True) for j in sector_cols]
        between = [j for j in range(sector_cols[0], sector_cols[-1]) if j not in sector_cols]
        if between:
            quirks.append(f"{len(between)} subtotal columns between the sector columns ignored")
    else:
        h = -1
        for i in range(scan):
            for j, v in enumerate(rows[i]):
                if _text(v) == "中间使用合计" and j > 1:
                    h, jt = i, j
                    break
            if h >= 0:
                break
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
        sector_cols = [j for j in range(1, jt) if _text(_cell(rows, h, j))]
        col_names = [_text(_cell(rows, h, j)) for j in sector_cols]
        quirks.append("no sector-code row: sectors matched by position and name")
    n = len(sector_cols)
    label_cols = range(sector_cols[0])
    # row code column
    code_col, hits = -1, 0
    for j in label_cols:
        c = sum(
            1
            for i in range(h + 1, len(rows))
            if (as_code(_cell(rows, i, j)) or 0) <= n and as_code(_cell(rows, i, j)) is not None
        )
        if c > hits:
            code_col, hits = j, c
    sector_rows: list[int] = []
    subtot = 0
    if code_col >= 0 and hits >= n // 2:
        where: dict[int, int] = {}
        for i in range(h + 1, len(rows)):
            k = as_code(_cell(rows, i, code_col))
            if k is not None and k <= n and k not in where:
                where[k] = i
            elif (
                k is None
                and re.search(r"合计|小计", _row_name(rows, i, label_cols))
                and not where.get(n)
            ):
                subtot += int(bool(where))
        missing = [k for k in range(1, n + 1) if k not in where]
        if missing:
            raise InputDataError(
                [
                    Issue(
                        f"sector code {missing[0]:02d} of the header row has no row with that code in "  # noqa: E501
                        f"column {cell_name(0, code_col)[:-1]}",
                        file=file,
                        sheet=sheet,
                        column=cell_name(h, code_col)[:-1],
                    )
                ]
            )
        sector_rows = [where[k] for k in range(1, n + 1)]
    else:
        quirks.append("no row-code column: sector rows matched by position")
        for i in range(h + 1, len(rows)):
            name = _row_name(rows, i, label_cols)
            if not name:
                continue
            if "中间投入合计" in name or _row_code(rows, i, label_cols) == "TII":
                break
            if re.search(r"合计|小计", name):
                subtot += 1
                continue
            sector_rows.append(i)
        if len(sector_rows) != n:
            raise InputDataError(
                [
                    Issue(
                        f"{len(sector_rows)} sector rows before 中间投入合计 but {n} sector columns in "  # noqa: E501
                        f"header row {h + 1}",
                        file=file,
                        sheet=sheet,
                        row=str(h + 1),
                    )
                ]
            )
    if subtot:
        quirks.append(f"{subtot} subtotal rows between the sector rows ignored")
    names = [
        _row_name(rows, i, label_cols) or cn for i, cn in zip(sector_rows, col_names, strict=False)
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


def _final_use(lay: Layout, rows: list[list[Any]], h: int) -> None:
    ncol = max(len(r) for r in rows)
    last = lay.sector_cols[-1]
    numbered: list[str] = []
    clash: list[str] = []
    for j in range(last + 1, ncol):
        label = _header_text(rows, h, j)
        code = _text(_cell(rows, h, j))
        key = ""
        for words, k in _FU_RULES:
            if any(w in label for w in words):
                key = k
                break
        if label == "最终使用":
            key = "TFU"
        by_code = _FU_CODES.get(code, "")
        if by_code and key and by_code != key and key != "ignore":
            clash.append(f"{cell_name(h, j)} {label}/{code}")
        key = by_code or key
        if not key:
            vals = [_cell(rows, i, j) for i in lay.sector_rows]
            if any(isinstance(v, (int, float)) and v != 0 for v in vals):
                lay.quirks.append(
                    f"unlabelled column {cell_name(h, j)[: -len(str(h + 1))]} "
                    "holds numbers; ignored"
                )
            elif as_code(_cell(rows, h, j)) is not None:
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
        name, code = _row_name(rows, i, label_cols), _row_code(rows, i, label_cols)
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
