"""Tiny tables shipped with the package, for doctests, tests and the offline demo."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from chainmap.errors import InputDataError
from chainmap.io.readers.native import write_native
from chainmap.io.registry import PROJECT_ROOT, REGISTRY_PATH, load_registry
from chainmap.io.table import INDUSTRY, IOTable, TableMeta


def miller_blair_2x2() -> IOTable:
    """Miller & Blair (2009) Table 2.3, the two-sector textbook economy.

    Z = [[150, 500], [200, 100]], f = [350, 1700], x = [1000, 2000]. Final demand is
    split into household consumption [100, 500] and exports [250, 1200]; value added
    [650, 1400] into compensation [200, 700] and operating surplus [450, 700]; the
    employment satellite is the book's labour input [300, 500] (coefficients 0.3 and
    0.25). Only Z, f and x are from the book; the splits are chosen for examples.

    Examples
    --------
    >>> t = miller_blair_2x2()
    >>> t.x
    array([1000., 2000.])
    >>> t.A.round(2).to_numpy().tolist()
    [[0.15, 0.25], [0.2, 0.05]]
    """
    codes = pd.Index(["1", "2"], name=INDUSTRY)
    sectors = pd.DataFrame(
        {
            "name": ["Sector 1", "Sector 2"],
            "name_zh": ["部门一", "部门二"],
            "name_en": ["Sector 1", "Sector 2"],
            "category": ["", ""],
        },
        index=codes,
    )
    Z = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=codes, columns=codes)
    final_demand = pd.DataFrame(
        {"household_consumption": [100.0, 500.0], "exports": [250.0, 1200.0]}, index=codes
    )
    value_added = pd.DataFrame(
        [[200.0, 700.0], [450.0, 700.0]],
        index=pd.Index(["compensation", "operating_surplus"], name="component"),
        columns=codes,
    )
    satellites = pd.DataFrame(
        [[300.0, 500.0]], index=pd.Index(["employment"], name="satellite"), columns=codes
    )
    meta = TableMeta(
        region="textbook",
        year=2009,
        unit="currency units",
        currency="",
        source="Miller & Blair (2009), Input-Output Analysis, 2nd ed., Table 2.3",
        table_type="competitive",
        table_id="example-miller-blair-2x2",
    )
    return IOTable(
        sectors=sectors,
        Z=Z,
        final_demand=final_demand,
        value_added=value_added,
        meta=meta,
        satellites=satellites,
        satellite_units={"employment": "persons"},
    )


def write_example_tables(root: str | Path | None = None) -> list[Path]:
    """(Re)write the example tables the project ships, in chainmap's format.

    Every registry entry with ``base: project`` whose id names a function of
    this module (``example-miller-blair-2x2`` → ``miller_blair_2x2()``) is
    written to its path under ``root`` (default: the project root). The CLI equivalent
    is ``chainmap tables write-examples``.

    Returns
    -------
    list of Path
        The folders written.
    """
    root = Path(root) if root is not None else PROJECT_ROOT
    written = []
    for entry in load_registry():
        if entry.base != "project" or not entry.id.startswith("example-"):
            continue
        build = getattr(
            sys.modules[__name__], entry.id.removeprefix("example-").replace("-", "_"), None
        )
        if build is None:
            msg = f"registry entry {entry.id} has no builder in chainmap.io.examples"
            raise InputDataError(msg, str(REGISTRY_PATH))
        written.append(write_native(build(), root / entry.path))
    return written
