"""The repairs :func:`chainmap.io.validate.validate_table` applies when they are named.

Each changes the table only as :data:`chainmap.io.repairs.REPAIRS` says, emits a
:class:`~chainmap.errors.DataWarning` listing what changed (``stacklevel`` points at the
caller of ``validate_table``) and adds a note to ``meta.notes``.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd

from chainmap.errors import DataWarning
from chainmap.io.table import IOTable

__all__ = ["clip_negative", "drop_zero_output"]


def _numeric_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every cell a number (NaN where it is not)."""
    return frame.apply(pd.to_numeric, errors="coerce")


def drop_zero_output(table: IOTable, source: str) -> IOTable:
    """``table`` without its sectors of zero or negative output (warns, notes in meta);
    what they supplied to the kept sectors becomes rows of ``other_inputs``."""
    x = _numeric_frame(table.Z).sum(axis=1) + _numeric_frame(table.final_demand).sum(axis=1)
    drop = [c for c, v in zip(table.Z.index, x.tolist(), strict=True) if v <= 0]
    if not drop:
        return table
    keep = [c for c in table.Z.index if c not in set(drop)]
    names = [f"{c} ({table.sectors['name'].get(c, '')})" for c in drop]
    warnings.warn(
        f"{source}: repair drop_zero_output removed {len(drop)} sector(s) with zero or "
        f"negative output: {', '.join(names)}",
        DataWarning,
        stacklevel=3,
    )
    changes: dict[str, object] = {
        "Z": table.Z.loc[keep, keep],
        "final_demand": table.final_demand.loc[keep],
        "value_added": table.value_added.loc[:, keep],
        "sectors": table.sectors.loc[keep],
    }
    # inputs the kept sectors bought from the removed ones stay inputs (rows of other_inputs),
    # so every kept column still balances: no new problem, no false unit-slip warning
    moved: dict[str, pd.Series] = {}
    domestic = _numeric_frame(table.Z).loc[drop, keep].sum(axis=0)
    if domestic.abs().sum() > 0:
        moved["inputs_from_removed_sectors"] = domestic
    if table.imports is not None:
        if table.imports.shape[0] > 1:
            imported = _numeric_frame(table.imports).loc[drop, keep].sum(axis=0)
            if imported.abs().sum() > 0:
                moved["imports_of_removed_sectors"] = imported
            changes["imports"] = table.imports.loc[keep, keep]
        else:
            changes["imports"] = table.imports.loc[:, keep]
    if table.imports_final_demand is not None:
        changes["imports_final_demand"] = table.imports_final_demand.loc[keep]
    for name in ("other_inputs", "satellites"):
        frame = getattr(table, name)
        if frame is not None:
            changes[name] = frame.loc[:, keep]
    if moved:
        rows = pd.DataFrame(moved).T.reindex(columns=keep).astype(float)
        rows.columns = table.Z.columns[table.Z.columns.isin(keep)]
        base = changes.get("other_inputs")
        if isinstance(base, pd.DataFrame):
            rows.index.name = base.index.name
            changes["other_inputs"] = pd.concat([_numeric_frame(base), rows])
        else:
            changes["other_inputs"] = rows
    note = f"repair drop_zero_output: removed {', '.join(map(str, drop))}"
    if moved:
        note += (
            "; their supplies to the kept sectors moved to other_inputs (" + ", ".join(moved) + ")"
        )
    changes["meta"] = dataclasses.replace(table.meta, notes=(*table.meta.notes, note))
    return table.replace(**changes)


def clip_negative(table: IOTable, source: str) -> IOTable:
    """``table`` with negative intermediate flows (Z, n × n imports) set to zero (warns,
    lists the cells, notes in meta)."""
    changes: dict[str, object] = {}
    listed: list[str] = []
    for name in ("Z", "imports"):
        frame = getattr(table, name)
        if frame is None or (name == "imports" and frame.shape[0] == 1):
            continue
        values = _numeric_frame(frame)
        mask = values.lt(0)
        if mask.to_numpy().any():
            raw = values.to_numpy(dtype=float)
            rows, cols = np.nonzero(mask.to_numpy())
            listed += [
                f"{name}[{frame.index[i]!s}, {frame.columns[j]!s}] = {raw[i, j]:.6g}"
                for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
            ]
            changes[name] = values.mask(mask, 0.0)
    if not listed:
        return table
    warnings.warn(
        f"{source}: repair clip_negative set {len(listed)} negative intermediate flow(s) to "
        f"zero: {'; '.join(listed[:50])}" + (" ..." if len(listed) > 50 else ""),
        DataWarning,
        stacklevel=3,
    )
    note = f"repair clip_negative: {len(listed)} negative flows set to zero"
    changes["meta"] = dataclasses.replace(table.meta, notes=(*table.meta.notes, note))
    return table.replace(**changes)
