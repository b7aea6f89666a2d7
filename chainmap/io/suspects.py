"""Suspicious patterns in a table: totals leaking into it and unit slips.

Used by :func:`chainmap.io.validate.check_table` (see its module docstring for the rules).

* Leaked totals: a code or name that is a total (TII, 合计...), a row of Z equal to the
  sum of the other rows, a column of Z or of final demand equal to the sum of the others,
  a final-demand column equal to Z's row sums (TIU) or to output (GO), a value-added row
  equal to the sum of the others (TVA). "Equal" means within 1e-9 relative in every cell.
* Unit slips, for a sector s whose row total exceeds its column total by ``gap``: a cell
  v entered 10^k too large adds ``v (1 − 10^−k)`` to the side it sits on, one entered
  10^k too small removes ``v (10^k − 1)``. Cells on the row side of s (Z row s, final
  demand row s) and on its column side (Z, imports, other inputs, value added in column
  s) are tried for k = 1..4; the best match within 1e-6 of the gap plus the balance
  allowance, and sharper than the next explanation, is the hint. Hints that share a row
  (or column) and factor are reported as that whole row (column).
"""

from __future__ import annotations

import re

import numpy as np

from chainmap.errors import Issue
from chainmap.io.table import IOTable
from chainmap.iomath import Array

_TOTAL_CODES = {"TII", "TIU", "TVA", "TI", "GO", "TFU", "TOT", "TOTAL", "SUM", "TTL_INT_FNL"}
_TOTAL_NAME = re.compile(r"(合计|总计|^total\b)", re.IGNORECASE)


def _sum_of_others(values: Array, axis: int) -> Array:
    """Boolean per row (axis=0) or column (axis=1): equals the sum of all the others."""
    if values.shape[axis] < 3 or not np.isfinite(values).all():
        return np.zeros(values.shape[axis], dtype=bool)
    total = values.sum(axis=axis, keepdims=True)
    scale = np.abs(values).sum(axis=axis, keepdims=True) + 1e-12
    close = np.abs(2 * values - total) <= 1e-9 * scale
    nonzero = np.abs(values).sum(axis=1 - axis) > 0
    return np.asarray(close.all(axis=1 - axis) & nonzero, dtype=bool)


def _close(a: Array, b: Array) -> bool:
    scale = np.abs(a) + np.abs(b) + 1e-12
    return bool(
        np.isfinite(a).all() and np.abs(b).sum() > 0 and (np.abs(a - b) <= 1e-9 * scale).all()
    )


def check_leaks(table: IOTable, Z: Array, F: Array, V: Array, source: str) -> list[Issue]:
    """Totals leaking into the table (see the module docstring), one issue each.

    ``Z``, ``F``, ``V`` are the finite float arrays of Z, final demand and value added.
    """
    issues: list[Issue] = []
    for code, name in zip(
        table.sectors.index, table.sectors.get("name", table.sectors.index), strict=False
    ):
        if str(code).upper() in _TOTAL_CODES or _TOTAL_NAME.search(str(name)):
            msg = f"sector {code!r} ({name}) looks like a total row/column, not an industry"
            issues.append(Issue(msg, source, "sectors", str(code)))
    codes = [str(c) for c in table.Z.index]
    for i in np.nonzero(_sum_of_others(Z, 0))[0].tolist():
        msg = "row equals the sum of the other rows: a total row (e.g. TII) leaked into Z"
        issues.append(Issue(msg, source, "Z", codes[i]))
    for j in np.nonzero(_sum_of_others(Z, 1))[0].tolist():
        msg = "column equals the sum of the other columns: a total column (e.g. TIU) leaked into Z"
        issues.append(Issue(msg, source, "Z", column=codes[j]))
    fd_cols = [str(c) for c in table.final_demand.columns]
    rowsum = Z.sum(axis=1)
    for k in np.nonzero(_sum_of_others(F, 1))[0].tolist():
        msg = "column equals the sum of the other final-demand columns: a total (e.g. TFU) leaked"
        issues.append(Issue(msg, source, "final_demand", column=fd_cols[k]))
    for j, col in enumerate(fd_cols):
        if _close(F[:, j], rowsum):
            msg = "column equals the row sums of Z: total intermediate use (TIU) leaked"
            issues.append(Issue(msg, source, "final_demand", column=col))
        elif _close(F[:, j], rowsum + F.sum(axis=1) - F[:, j]):
            msg = "column equals total output: gross output (GO) leaked into final demand"
            issues.append(Issue(msg, source, "final_demand", column=col))
    va_rows = [str(c) for c in table.value_added.index]
    for i in np.nonzero(_sum_of_others(V, 0))[0].tolist():
        msg = "row equals the sum of the other value-added rows: a total (e.g. TVA) leaked"
        issues.append(Issue(msg, source, "value_added", va_rows[i]))
    return issues


Hint = tuple[str, str, str, float, float, bool]  # block, row, column, value, 10^k, too large


def slip_hint(
    gap: float, cells: list[tuple[str, str, str, float, bool]], allowance: float
) -> Hint | None:
    """Best single-cell 10^k explanation of one sector's gap (see module docstring)."""
    best: tuple[float, Hint] | None = None
    for block, row, col, v, row_side in cells:
        if v == 0 or not np.isfinite(v):
            continue
        too_large = (gap > 0) == row_side
        for k in range(1, 5):
            f = 10.0**k
            implied = abs(v) * ((1 - 1 / f) if too_large else (f - 1))
            err = abs(implied - abs(gap))
            # the match must also beat the next explanation (another k, or a cell that
            # should be zero), which differs by about |v| 10^-k (too large) or |v| (too small)
            sharp = 0.1 * abs(v) / (f if too_large else 1.0)
            if err <= min(1e-6 * abs(gap) + allowance, sharp) and (best is None or err < best[0]):
                best = (err, (block, row, col, v, f, too_large))
    return best[1] if best else None


def slip_issues(hints: list[Hint], source: str) -> list[Issue]:
    """One issue per suspicious cell; cells sharing a row (or column) and factor merge."""
    hints = list(dict.fromkeys(hints))
    issues: list[Issue] = []
    used: set[Hint] = set()
    for axis in (1, 2):  # a whole row, then a whole column entered in another unit
        groups: dict[tuple[object, ...], list[Hint]] = {}
        for h in hints:
            groups.setdefault((h[0], h[axis], h[4], h[5]), []).append(h)
        for (block, label, f, large), group in groups.items():
            if len(group) < 2 or used & set(group):
                continue
            used |= set(group)
            cells = ", ".join(f"{block}[{h[1]}, {h[2]}]" for h in group)
            way = "large" if large else "small"
            what = "row" if axis == 1 else "column"
            msg = (
                f"likely unit slip: {what} {label} of {block} looks {f:g} times too {way} "
                f"({cells} each close a gap when divided/multiplied by {f:g})"
            )
            where = {"row": str(label)} if axis == 1 else {"column": str(label)}
            issues.append(Issue(msg, source, str(block), **where))
    for block, row, col, v, f, large in hints:
        if (block, row, col, v, f, large) in used:
            continue
        msg = (
            f"likely unit slip: {block}[{row}, {col}] = {v:.6g} looks {f:g} times too "
            f"{'large' if large else 'small'} (a ×{f:g} unit slip closes the gap)"
        )
        issues.append(Issue(msg, source, block, row, col))
    return issues


def side_cells(
    table: IOTable, arrays: dict[str, Array | None], s: int
) -> list[tuple[str, str, str, float, bool]]:
    """Cells on the row side (True) and column side (False) of sector ``s``."""
    codes = [str(c) for c in table.Z.index]
    Z, F = arrays["Z"], arrays["final_demand"]
    assert Z is not None and F is not None
    cells = [("Z", codes[s], codes[j], float(Z[s, j]), True) for j in range(len(codes)) if j != s]
    cells += [("Z", codes[i], codes[s], float(Z[i, s]), False) for i in range(len(codes)) if i != s]
    fd_cols = [str(c) for c in table.final_demand.columns]
    cells += [("final_demand", codes[s], c, float(F[s, j]), True) for j, c in enumerate(fd_cols)]
    for name in ("imports", "other_inputs", "value_added"):
        block, frame = arrays.get(name), getattr(table, name)
        if block is not None and frame is not None:
            labels = [str(r) for r in frame.index]
            cells += [(name, r, codes[s], float(block[i, s]), False) for i, r in enumerate(labels)]
    return cells
