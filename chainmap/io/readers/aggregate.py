"""Sector concordances and aggregation of a table to coarser sectors.

A concordance maps every fine sector code to one coarse code. Aggregation with the
0/1 matrix S (coarse × fine, s_kj = 1 when fine j belongs to coarse k) is

    Z_c = S Z S′,  F_c = S F,  V_c = V S′,  (imports) M_c = S M S′ or m S′,
    other inputs and satellites · S′,

so output, value added and every column and row identity are preserved exactly (up to
float summation order).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers._common import Cells, is_empty, read_csv_rows
from chainmap.io.table import INDUSTRY, IOTable
from chainmap.io.validate import validate_table


def _official_rows(rows: list[list[object]], cells: Cells, line: str) -> pd.Series | None:
    """The NBS 42↔149 layout: 代码, 部门名称, 代码, 部门名称 with the coarse code filled down."""
    texts = [[str(v).strip() if v is not None else "" for v in r] for r in rows]
    head = next((k for k, r in enumerate(texts) if r.count("代码") >= 2), None)
    if head is None:
        return None
    fine: list[str] = []
    coarse: list[str] = []
    names: dict[str, str] = {}
    fine_names: dict[str, str] = {}
    current = ""
    for k in range(head + 1, len(texts)):
        row = texts[k] + [""] * (4 - len(texts[k]))
        if not any(row[:4]):
            continue
        if row[0]:
            current = row[0]
            names[current] = row[1]
        code = row[2]
        if not re.fullmatch(r"\d{5}", code):
            cells.add(f"fine code {code!r} is not the 5-digit NBS code", f"{line} {k + 1}")
            continue
        if not current:
            cells.add("fine code before any coarse code", f"{line} {k + 1}")
            continue
        # 5 digits = GB/T 4754 division (2) + the sequence number used as the table code (3)
        fine.append(code[2:])
        coarse.append(current)
        fine_names[code[2:]] = row[3]
    out = pd.Series(
        coarse, index=pd.Index(fine, name="fine", dtype=object), name="coarse", dtype=object
    )
    out.attrs["names"] = names
    out.attrs["fine_names"] = fine_names
    return out


def read_concordance(path: str | Path) -> pd.Series:
    """Read a sector concordance: fine code → coarse code.

    Accepts the official NBS layout (NBS_2017_sector_concordance_42_to_149.csv, or the
    ``部门对照`` sheet of the NBS workbook), where the 5-digit fine codes are reduced to
    their last three digits (the sequence numbers that label the 149-sector table), and
    a plain CSV with columns ``fine,coarse`` (optionally ``coarse_name``; without that
    header the first two columns are taken as fine and coarse).

    Parameters
    ----------
    path : CSV or .xlsx file.

    Returns
    -------
    pandas.Series
        Index = fine codes (str), values = coarse codes (str); ``attrs["names"]`` maps
        coarse codes to names where the file gives them, ``attrs["source"]`` is the path.

    Raises
    ------
    InputDataError
        Duplicate or empty fine codes, missing coarse codes, unreadable layout.
    """
    path = Path(path)
    if not path.exists():
        raise InputDataError([Issue("no such file", str(path))], str(path))
    cells = Cells(str(path))
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            found = None
            for sheet in book.worksheets:
                rows: list[list[object]] = [list(r) for r in sheet.iter_rows(values_only=True)]
                cells.sheet = sheet.title
                found = _official_rows(rows, cells, "row")
                if found is not None:
                    break
        finally:
            book.close()
        if found is None:
            cells.sheet = ""
            cells.add("no sheet with a concordance (a header row with 代码 twice)")
    else:
        rows = [list(r) for r in read_csv_rows(path)]
        found = _official_rows(rows, cells, "line")
        if found is None:
            found = _plain(rows, cells)
    if found is not None:
        dup = found.index[found.index.duplicated()].unique().tolist()
        if dup:
            cells.add(f"fine code(s) {dup[:10]} mapped more than once")
        if found.empty:
            cells.add("no mappings found")
    if cells.issues or found is None:
        raise InputDataError(cells.issues, str(path))
    found.attrs["source"] = str(path)
    return found


def _plain(rows: list[list[object]], cells: Cells) -> pd.Series:
    head = [str(v).strip().lower() for v in rows[0]] if rows else []
    has_header = "fine" in head and "coarse" in head
    fi, ci = (head.index("fine"), head.index("coarse")) if has_header else (0, 1)
    ni = head.index("coarse_name") if "coarse_name" in head else None
    fine: list[str] = []
    coarse: list[str] = []
    names: dict[str, str] = {}
    for k, row in enumerate(rows[1:] if has_header else rows, start=2 if has_header else 1):
        texts = [str(v).strip() for v in row]
        if not any(texts):
            continue
        if len(texts) <= max(fi, ci) or is_empty(texts[fi]) or is_empty(texts[ci]):
            cells.add("a row needs a fine and a coarse code", f"line {k}")
            continue
        fine.append(texts[fi])
        coarse.append(texts[ci])
        if ni is not None and ni < len(texts) and texts[ni]:
            names.setdefault(texts[ci], texts[ni])
    out = pd.Series(
        coarse, index=pd.Index(fine, name="fine", dtype=object), name="coarse", dtype=object
    )
    out.attrs["names"] = names
    return out


def aggregate_table(table: IOTable, concordance: pd.Series) -> IOTable:
    """Aggregate ``table`` to the coarse sectors of ``concordance`` (flows summed).

    Coarse sectors appear in the order of their first fine sector in the concordance.
    Names come from the concordance (``attrs["names"]``, set in ``name`` and
    ``name_zh`` when they contain CJK characters, else ``name_en``), else the coarse
    code; categories survive when all members share one. Units, metadata and
    satellites are kept; a note records the aggregation.

    Parameters
    ----------
    table : IOTable
    concordance : Series, fine code → coarse code (e.g. from :func:`read_concordance`).

    Returns
    -------
    IOTable
        Validated.

    Raises
    ------
    InputDataError
        A table code missing from the concordance, or a concordance code not in the
        table.

    Examples
    --------
    >>> import pandas as pd
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> one = aggregate_table(miller_blair_2x2(), pd.Series({"1": "all", "2": "all"}))
    >>> one.Z.to_numpy().tolist(), one.x.tolist()
    ([[950.0]], [3000.0])
    """
    source = str(concordance.attrs.get("source", "concordance"))
    mapping = {str(k): str(v) for k, v in concordance.items()}
    codes = [str(c) for c in table.codes]
    _check_codes(codes, mapping, source)
    coarse = list(dict.fromkeys(mapping[c] for c in concordance.index.astype(str)))
    k_of = {c: k for k, c in enumerate(coarse)}
    S = np.zeros((len(coarse), len(codes)))
    S[[k_of[mapping[c]] for c in codes], np.arange(len(codes))] = 1.0
    index = pd.Index(coarse, name=INDUSTRY, dtype=object)

    def rows(df: pd.DataFrame) -> pd.DataFrame:  # sectors on the rows
        return pd.DataFrame(S @ df.to_numpy(dtype=float), index=index, columns=df.columns)

    def cols(df: pd.DataFrame) -> pd.DataFrame:  # sectors on the columns
        out = df.to_numpy(dtype=float) @ S.T
        return pd.DataFrame(out, index=df.index, columns=index.rename(df.columns.name))

    Z = pd.DataFrame(S @ table.z @ S.T, index=index, columns=index.rename(table.Z.columns.name))
    names = {str(k): str(v) for k, v in concordance.attrs.get("names", {}).items()}
    changes: dict[str, object] = {
        "sectors": _coarse_sectors(table, codes, mapping, coarse, names),
        "Z": Z,
        "final_demand": rows(table.final_demand),
        "value_added": cols(table.value_added),
    }
    if table.imports is not None:
        m = cols(table.imports)
        if table.imports.shape[0] > 1:
            m = pd.DataFrame(
                S @ m.to_numpy(), index=index.rename(table.imports.index.name), columns=m.columns
            )
        changes["imports"] = m
    if table.imports_final_demand is not None:
        changes["imports_final_demand"] = rows(table.imports_final_demand)
    for block in ("other_inputs", "satellites"):
        frame = getattr(table, block)
        if frame is not None:
            changes[block] = cols(frame)
    origin = table.meta.table_id or table.meta.path or "table"
    note = f"aggregated {len(codes)} → {len(coarse)} sectors from {origin} with {source}"
    changes["meta"] = dataclasses.replace(table.meta, table_id="", notes=(*table.meta.notes, note))
    return validate_table(table.replace(**changes), source=f"{origin} aggregated")


def _check_codes(codes: list[str], mapping: dict[str, str], source: str) -> None:
    """Raise when a table code is not in the concordance or a concordance code not in
    the table."""
    issues = []
    missing = [c for c in codes if c not in mapping]
    extra = [c for c in mapping if c not in set(codes)]
    if missing:
        issues.append(Issue(f"table sector code(s) {missing[:20]} not in the concordance", source))
    if extra:
        issues.append(
            Issue(f"concordance code(s) {extra[:20]} are not sectors of the table", source)
        )
    if issues:
        raise InputDataError(issues, source)


def _coarse_sectors(
    table: IOTable,
    codes: list[str],
    mapping: dict[str, str],
    coarse: list[str],
    names: dict[str, str],
) -> pd.DataFrame:
    """The sectors block of the aggregate: names from the concordance (Chinese when
    they hold CJK characters), a category where all members share one."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    groups = {c: [f for f in codes if mapping[f] == c] for c in coarse}
    categories = []
    for c in coarse:
        cats = set(table.sectors["category"].reindex(groups[c]).fillna("").astype(str))
        categories.append(cats.pop() if len(cats) == 1 else "")
    name = [names.get(c, c) for c in coarse]
    return pd.DataFrame(
        {
            "name": name,
            "name_zh": [n if cjk.search(n) else "" for n in name],
            "name_en": [
                n if not cjk.search(n) and c in names else ""
                for c, n in zip(coarse, name, strict=True)
            ],
            "category": categories,
        },
        index=pd.Index(coarse, name=INDUSTRY, dtype=object),
        dtype=object,
    )
