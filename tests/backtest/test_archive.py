"""Common-scheme tables: a sector whose output is rounding residue is empty.

江西 2002: the workbook's 总产出 of oil and gas extraction is 5.8e-11 万元 (a spreadsheet
sum that should be 0). Kept as a sector, its column of A = Z x̂⁻¹ is 0/0, the Leontief
inverse is NaN everywhere and the side-effect composite could not be scaled.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from bt_synthetic import region_year

from chainmap.analysis.summary import analyze_table
from chainmap.graph.side_effects import score_side_effects


def test_residue_output_sector_is_dropped_and_side_effects_finite() -> None:
    base = region_year("甲", 2002, seed=7)
    x = base.x.copy()
    z = base.Z.copy()
    x[2] = 5.820766e-11  # the 江西 2002 residue
    z[2, :] = 0.0
    z[:, 2] = 0.0
    domestic = base.domestic_final.copy()
    imports = base.imports.copy()
    domestic[2], imports[2] = 47119.67, 47119.67  # used and imported, not produced
    table = dataclasses.replace(base, x=x, Z=z, domestic_final=domestic, imports=imports)

    io = table.to_iotable()
    assert "C03" not in io.codes and io.n == 5
    measures = analyze_table(io)
    assert np.isfinite(measures[["cv_backward", "cv_forward"]].to_numpy()).all()
    side = score_side_effects(io)
    assert side["side_effect"].notna().all()
    assert side["side_effect"].between(0, 1).all()

    kept = table.to_iotable(positive_only=False)
    assert "C03" in kept.codes  # only the positive_only filter drops it
