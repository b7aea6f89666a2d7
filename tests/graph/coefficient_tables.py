"""Small balanced tables built from input coefficients, for the graph and chain tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from chainmap.io.table import INDUSTRY, IOTable


def table_from_coefficients(
    A: np.ndarray,
    f: np.ndarray,
    codes: Sequence[str],
    *,
    names_zh: Sequence[str] | None = None,
    names_en: Sequence[str] | None = None,
    value_added_shares: tuple[float, float] = (0.5, 0.5),
) -> IOTable:
    """The table with coefficients A and final demand f: x = (I − A)⁻¹ f, Z = A x̂.

    Final demand is split evenly into household consumption and exports; value added
    x − Z′i into compensation and operating surplus by ``value_added_shares``. Names
    default to the codes.
    """
    x = np.linalg.solve(np.eye(len(f)) - A, f)
    index = pd.Index(list(codes), name=INDUSTRY)
    zh = list(names_zh) if names_zh is not None else index
    en = list(names_en) if names_en is not None else index
    va = x - (A * x).sum(axis=0)
    return IOTable(
        sectors=pd.DataFrame(
            {"name": zh, "name_zh": zh, "name_en": en, "category": ""}, index=index
        ),
        Z=pd.DataFrame(A * x[None, :], index=index, columns=index),
        final_demand=pd.DataFrame(
            {"household_consumption": 0.5 * f, "exports": 0.5 * f}, index=index
        ),
        value_added=pd.DataFrame(
            [value_added_shares[0] * va, value_added_shares[1] * va],
            index=pd.Index(["compensation", "operating_surplus"], name="component"),
            columns=index,
        ),
    )
