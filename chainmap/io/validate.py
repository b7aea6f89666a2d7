"""Validation of input-output tables: find every problem, then raise once.

:func:`check_table` returns a list of :class:`~chainmap.errors.Issue` (block, row and
column of each problem); :func:`validate_table` applies the repairs named in ``repair``,
runs the checks and raises one :class:`~chainmap.errors.InputDataError` listing them all.
Readers call :func:`validate_table` before they return, adding their parse-level issues.

Rules
-----
* labels: Z square; row and column codes identical and in the same order; no duplicate
  codes; every block (sectors, final demand, value added, imports...) lists exactly the
  codes of Z, in the same order.
* numbers: no text in a number cell, no NaN or infinite value; no negative intermediate
  flow (Z and an n × n import block).
* balance: output by rows ``x = Z i + F i`` equals output by columns
  ``Z′i + imports′i + other_inputs′i + value_added′i`` within the relative tolerance
  ``meta.balance_tolerance`` (1e-6 by default; readers set the tolerance of their source:
  the OECD tables are rounded to 0.1 and balance only to ~2.5e-4, so their reader uses
  1e-3). The worst sectors are named with their gap.
* output: every sector has positive output; column sums of A are < 1 and the spectral
  radius of A is < 1 (computed only when the 1-norm bound ``max_j Σ_i |a_ij|`` is ≥ 1).
* meta: a unit is given; ``table_type`` is competitive or noncompetitive.
* leaked totals: a code or name that is a total (TII, 合计...), a row of Z equal to the
  sum of the other rows (a TII row), a column of Z or of final demand equal to the sum of
  the others (TIU, TFU), a final-demand column equal to Z's row sums or to output (TIU,
  GO), a value-added row equal to the sum of the others (TVA).
* unit slips, a hint attached to a balance failure: a sector whose row and column
  totals differ by a factor 10^k (k = 1..4, within 2 %), or one cell that, divided or
  multiplied by 10^k, closes the gap exactly: for a cell v entered 10^k too large the
  gap is ``v (1 − 10^−k)``; entered 10^k too small it is ``v (10^k − 1)``. A cell on the
  row side of sector s (Z row s, final-demand row s) with a row surplus, or on its column
  side (Z, imports, other inputs, value added in column s) with a column surplus, is too
  large; the other way round it is too small. The match must hold to 1e-6 of the gap
  plus the balance tolerance of output. Several such cells in one row (column) with the
  same factor are reported as that row (column). Details in :mod:`chainmap.io.suspects`.

Repairs (only when named): ``drop_zero_output`` removes sectors whose output is zero or
negative from every block; ``clip_negative`` sets negative intermediate flows to zero
(meant for rounding noise; the balance check runs afterwards). Each emits a
:class:`~chainmap.errors.DataWarning` listing what changed and adds a note to
``meta.notes``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from chainmap.errors import InputDataError, Issue, raise_if_issues
from chainmap.io.repairs import REPAIRS
from chainmap.io.suspects import check_leaks, side_cells, slip_hint, slip_issues
from chainmap.io.table import IOTable
from chainmap.io.table_repairs import clip_negative, drop_zero_output
from chainmap.iomath import Array

#: Cells listed per rule before "... and k more".
MAX_LISTED = 10
#: Worst unbalanced sectors named.
MAX_BALANCE = 5
#: Issues in one error before the rest are summarised.
MAX_ISSUES = 60
NAN_MESSAGE = "missing value (NaN)"


def _blocks(table: IOTable) -> list[tuple[str, pd.DataFrame]]:
    pairs = [("Z", table.Z), ("final_demand", table.final_demand)]
    pairs.append(("value_added", table.value_added))
    for name in ("imports", "imports_final_demand", "other_inputs", "satellites"):
        frame = getattr(table, name)
        if frame is not None:
            pairs.append((name, frame))
    return pairs


def _more(issues: list[Issue], found: int, what: str) -> None:
    if found > MAX_LISTED and issues:
        last = issues[-1]
        more = f" (and {found - MAX_LISTED} more {what})"
        issues[-1] = dataclasses.replace(last, message=last.message + more)


def _cell_numbers(frame: pd.DataFrame) -> tuple[Array, Array]:
    """Floats (NaN where not a number) and a mask of text cells, column by column."""
    values = np.full(frame.shape, np.nan)
    text = np.zeros(frame.shape, dtype=bool)
    for j in range(frame.shape[1]):
        col = frame.iloc[:, j]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            values[:, j] = col.to_numpy(dtype=float, na_value=np.nan)
            continue
        for i, v in enumerate(col.tolist()):
            if isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_):
                values[i, j] = float(v)
            elif v is not None and v is not pd.NA:
                text[i, j] = True
    return values, text


def _numbers(block: str, frame: pd.DataFrame, source: str) -> tuple[Array, list[Issue]]:
    """Frame as floats (NaN where a cell is not a number) and the issues found."""
    issues: list[Issue] = []
    if all(d.kind == "f" for d in frame.dtypes):  # the usual case: one float block
        values = frame.to_numpy(dtype=float, copy=True)
        text = np.zeros(frame.shape, dtype=bool)
    else:
        values, text = _cell_numbers(frame)
    for what, mask in (("text", text), ("missing", ~text & ~np.isfinite(values))):
        rows, cols = np.nonzero(mask)
        listed = len(issues)
        for i, j in list(zip(rows.tolist(), cols.tolist(), strict=True))[:MAX_LISTED]:
            if what == "text":
                msg = f"non-numeric value {frame.iat[i, j]!r} in a number cell"
            else:
                msg = NAN_MESSAGE if np.isnan(values[i, j]) else f"infinite value {values[i, j]}"
            issues.append(Issue(msg, source, block, str(frame.index[i]), str(frame.columns[j])))
        if len(issues) > listed:
            _more(issues, len(rows), f"{what} cells")
    return values, issues


def _check_axis(
    block: str, axis: str, labels: pd.Index, codes: list[str], source: str
) -> list[Issue]:
    issues: list[Issue] = []
    where = {"row": "", "column": ""}
    found = [str(c) for c in labels]
    seen: set[str] = set()
    for code in found:
        if code in seen:
            issues.append(Issue(f"duplicate code {code!r}", source, block, **{**where, axis: code}))
        seen.add(code)
    known = set(codes)
    unknown = [c for c in dict.fromkeys(found) if c not in known]
    missing = [c for c in codes if c not in seen]
    if unknown:
        msg = f"unknown code(s) {unknown[:MAX_LISTED]} (not a sector of Z)"
        issues.append(Issue(msg, source, block, **{**where, axis: unknown[0]}))
    if missing:
        msg = f"sector code(s) {missing[:MAX_LISTED]} of Z missing"
        issues.append(Issue(msg, source, block, **{**where, axis: missing[0]}))
    if not issues and found != codes:
        k = next(i for i, (a, b) in enumerate(zip(found, codes, strict=True)) if a != b)
        msg = (
            f"codes are in a different order from Z "
            f"(position {k + 1}: {found[k]!r}, Z has {codes[k]!r})"
        )
        issues.append(Issue(msg, source, block, **{**where, axis: found[k]}))
    return issues


def _check_labels(table: IOTable, source: str) -> list[Issue]:
    Z = table.Z
    issues: list[Issue] = []
    if Z.shape[0] != Z.shape[1]:
        msg = f"Z must be square; it has {Z.shape[0]} rows and {Z.shape[1]} columns"
        issues.append(Issue(msg, source, "Z"))
    codes = [str(c) for c in Z.index]
    issues += _check_axis("Z", "row", Z.index, list(dict.fromkeys(codes)), source)
    col_issues = _check_axis("Z", "column", Z.columns, list(dict.fromkeys(codes)), source)
    issues += [dataclasses.replace(i, message="Z is mislabelled: " + i.message) for i in col_issues]
    checks: list[tuple[str, str, pd.Index]] = [
        ("sectors", "row", table.sectors.index),
        ("final_demand", "row", table.final_demand.index),
        ("value_added", "column", table.value_added.columns),
    ]
    if table.imports is not None:
        checks.append(("imports", "column", table.imports.columns))
        if table.imports.shape[0] > 1:
            checks.append(("imports", "row", table.imports.index))
    if table.imports_final_demand is not None:
        checks.append(("imports_final_demand", "row", table.imports_final_demand.index))
    for name in ("other_inputs", "satellites"):
        frame = getattr(table, name)
        if frame is not None:
            checks.append((name, "column", frame.columns))
    for block, axis, labels in checks:
        issues += _check_axis(block, axis, labels, codes, source)
    for block, frame in _blocks(table):
        other = frame.index if block in ("value_added", "other_inputs", "satellites") else None
        other = frame.columns if block in ("final_demand", "imports_final_demand") else other
        if other is not None:
            for code in other[other.duplicated()].unique():
                axis = "row" if other is frame.index else "column"
                issues.append(
                    Issue(f"duplicate label {code!r}", source, block, **{axis: str(code)})
                )
    return issues


def _check_meta(table: IOTable, source: str) -> list[Issue]:
    issues: list[Issue] = []
    if not str(table.meta.unit).strip():
        msg = "missing unit: give the unit of the flows (e.g. 万元, USD million) in meta"
        issues.append(Issue(msg, source, "meta", "unit"))
    if table.meta.table_type not in ("competitive", "noncompetitive"):
        msg = f"table_type {table.meta.table_type!r} must be competitive or noncompetitive"
        issues.append(Issue(msg, source, "meta", "table_type"))
    return issues


def _check_negative(block: str, frame: pd.DataFrame, values: Array, source: str) -> list[Issue]:
    issues: list[Issue] = []
    rows, cols = np.nonzero(values < 0)
    for i, j in list(zip(rows.tolist(), cols.tolist(), strict=True))[:MAX_LISTED]:
        msg = f"negative intermediate flow {values[i, j]:.6g} (repair: clip_negative)"
        issues.append(Issue(msg, source, block, str(frame.index[i]), str(frame.columns[j])))
    _more(issues, len(rows), "negative flows")
    return issues


def _check_balance(
    table: IOTable, arrays: dict[str, Array | None], source: str, tol: float
) -> list[Issue]:
    Z, F, V = arrays["Z"], arrays["final_demand"], arrays["value_added"]
    assert Z is not None and F is not None and V is not None
    codes = [str(c) for c in table.Z.index]
    x_row = Z.sum(axis=1) + F.sum(axis=1)
    x_col = Z.sum(axis=0) + V.sum(axis=0)
    for name in ("imports", "other_inputs"):
        block = arrays.get(name)
        if block is not None:
            x_col = x_col + block.sum(axis=0)
    gap = x_row - x_col
    scale = np.maximum(np.abs(x_row), np.abs(x_col))
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = np.where(scale > 0, np.abs(gap) / scale, 0.0)
    bad = np.nonzero(np.isfinite(rel) & (rel > tol))[0]
    order = bad[np.argsort(-rel[bad], kind="stable")]
    issues: list[Issue] = []
    for rank, s in enumerate(order[:MAX_BALANCE].tolist()):
        msg = (
            f"row and column identities differ: output by rows (Z + final demand) "
            f"{x_row[s]:.10g}, by columns (Z + imports + other inputs + value added) "
            f"{x_col[s]:.10g}; gap {gap[s]:+.6g} = {rel[s]:.2e} of output (tolerance {tol:g})"
        )
        if rank == MAX_BALANCE - 1 and len(order) > MAX_BALANCE:
            msg += f"; {len(order) - MAX_BALANCE} more sectors out of balance"
        issues.append(Issue(msg, source, "balance", codes[s], codes[s]))
        ratio = x_row[s] / x_col[s] if x_col[s] else np.inf
        k = round(float(np.log10(abs(ratio)))) if np.isfinite(ratio) and ratio > 0 else 0
        if 1 <= abs(k) <= 4 and abs(ratio / 10.0**k - 1) < 0.02:
            side = "row" if k > 0 else "column"
            msg = (
                f"likely unit slip: the row total is {ratio:.4g} × the column total "
                f"(10^{k}); the {side} of this sector looks entered in the wrong unit"
            )
            issues.append(Issue(msg, source, "balance", codes[s], codes[s]))
    hints = []
    for s in order[: 2 * MAX_BALANCE].tolist():
        hint = slip_hint(float(gap[s]), side_cells(table, arrays, s), tol * float(scale[s]))
        if hint is not None:
            hints.append(hint)
    return issues + slip_issues(hints, source)


def _check_output(table: IOTable, Z: Array, F: Array, source: str) -> list[Issue]:
    codes = [str(c) for c in table.Z.index]
    x = Z.sum(axis=1) + F.sum(axis=1)
    issues: list[Issue] = []
    for s in np.nonzero(np.isfinite(x) & (x <= 0))[0].tolist():
        msg = (
            f"output is {x[s]:.6g} (zero or negative): coefficients are undefined "
            "(repair: drop_zero_output)"
        )
        issues.append(Issue(msg, source, "output", codes[s]))
    pos = np.isfinite(x) & (x > 0)
    if not pos.any() or not np.isfinite(Z[np.ix_(pos, pos)]).all():
        return issues
    A = Z[np.ix_(pos, pos)] / x[pos][np.newaxis, :]
    colsum = Z[:, pos].sum(axis=0) / x[pos]
    pos_codes = [c for c, p in zip(codes, pos.tolist(), strict=True) if p]
    for j in np.nonzero(colsum >= 1)[0].tolist():
        msg = f"column sum of A is {colsum[j]:.6f} ≥ 1: intermediate inputs exceed output"
        issues.append(Issue(msg, source, "A", column=pos_codes[j]))
    if np.abs(A).sum(axis=0).max() >= 1:
        rho = float(np.abs(np.linalg.eigvals(A)).max())
        if rho >= 1:
            msg = (
                f"spectral radius of A is {rho:.6f} ≥ 1: (I − A)⁻¹ is not a non-negative "
                "Leontief inverse"
            )
            issues.append(Issue(msg, source, "A"))
    return issues


def check_table(
    table: IOTable, *, source: str = "", balance_tolerance: float | None = None
) -> list[Issue]:
    """Every problem of ``table`` (empty list when it is valid); see the module rules.

    Each issue names the block as its ``sheet`` (``Z``, ``final_demand``, ``value_added``,
    ``imports``, ``sectors``, ``meta``; ``balance``, ``output`` and ``A`` for the derived
    checks) and the row and column codes.

    Parameters
    ----------
    table : IOTable
    source : str
        Name used as the ``file`` of each issue (default: ``meta.path``).
    balance_tolerance : float, optional
        Relative gap allowed between output by rows and by columns
        (default ``table.meta.balance_tolerance``).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> check_table(miller_blair_2x2())
    []
    >>> bad = miller_blair_2x2()
    >>> bad = bad.replace(Z=bad.Z.replace(150.0, -150.0))
    >>> [str(i) for i in check_table(bad)][0]
    'sheet Z, row 1, column 1: negative intermediate flow -150 (repair: clip_negative)'
    """
    source = source or table.meta.path
    tol = table.meta.balance_tolerance if balance_tolerance is None else balance_tolerance
    label_issues = _check_labels(table, source)
    issues = _check_meta(table, source) + label_issues
    arrays: dict[str, Array | None] = {}
    for block, frame in _blocks(table):
        arrays[block], found = _numbers(block, frame, source)
        issues += found
    Z, F, V = arrays["Z"], arrays["final_demand"], arrays["value_added"]
    assert Z is not None and F is not None and V is not None
    issues += _check_negative("Z", table.Z, Z, source)
    imports = arrays.get("imports")
    if imports is not None and table.imports is not None and imports.shape[0] > 1:
        issues += _check_negative("imports", table.imports, imports, source)
    if label_issues:
        return issues  # sums over misaligned blocks would only repeat the label problems
    # non-finite cells are reported above; the sums below skip the sectors they touch
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        issues += _check_output(table, Z, F, source)
        issues += _check_balance(table, arrays, source, tol)
        if all(np.isfinite(a).all() for a in (Z, F, V)):
            issues += check_leaks(table, Z, F, V, source)
    return issues


def validate_table(
    table: IOTable,
    *,
    source: str = "",
    repair: Sequence[str] = (),
    extra_issues: Sequence[Issue] = (),
    balance_tolerance: float | None = None,
) -> IOTable:
    """Return ``table`` (repaired as asked) if it passes every check, else raise once.

    Parameters
    ----------
    table : IOTable
    source : str
        File or id named in messages (default ``meta.path``).
    repair : sequence of str
        Names from :data:`REPAIRS`; each applied repair warns with what it changed.
    extra_issues : sequence of Issue
        Parse-level problems found by a reader; they are listed first, and a NaN they
        caused is not reported twice.
    balance_tolerance : float, optional
        Override of ``meta.balance_tolerance``.

    Returns
    -------
    IOTable

    Raises
    ------
    InputDataError
        Listing every problem with block, row and column.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> validate_table(miller_blair_2x2()).n
    2
    """
    source = source or table.meta.path or table.meta.table_id
    unknown = [r for r in repair if r not in REPAIRS]
    if unknown:
        msg = f"unknown repair(s) {unknown}; choose from {sorted(REPAIRS)}"
        raise InputDataError(msg, source)
    if "clip_negative" in repair:
        table = clip_negative(table, source)
    if "drop_zero_output" in repair:
        table = drop_zero_output(table, source)
    issues = check_table(table, source=source, balance_tolerance=balance_tolerance)
    if extra_issues:
        issues = list(extra_issues) + [i for i in issues if not i.message.startswith(NAN_MESSAGE)]
    if len(issues) > MAX_ISSUES:
        rest = len(issues) - MAX_ISSUES + 1
        issues = [*issues[: MAX_ISSUES - 1], Issue(f"... and {rest} more problems", source)]
    raise_if_issues(issues, source)
    return table


#: Alias named in :mod:`chainmap.io.table`'s docstring.
validated = validate_table
