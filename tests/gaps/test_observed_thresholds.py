"""Gap classes from observed local shares: large local output is never a 断点."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import need_data

from chainmap.gaps.classes import GapThresholds, classify_links

ROOT = Path(__file__).resolve().parents[2]


def test_large_supplier_is_never_a_break() -> None:
    t = GapThresholds()
    classes = classify_links(
        np.array([0.2, 0.2, 0.2]),
        np.array([0.01, 0.01, 0.3]),
        np.array([0.0, 0.0, 0.0]),
        t,
        np.array([False, True, False]),
    )
    assert classes == ["break", "weak", "weak"]


def test_thresholds_from_observed_shares() -> None:
    t = GapThresholds()
    assert (t.break_share, t.sound_share, t.large_lq, t.large_output_share) == (
        0.15,
        0.40,
        1.0,
        0.005,
    )


@pytest.mark.parametrize(
    "name", ["hangzhou_2023", "hefei_style_appliances", "changzhou_style_new_energy"]
)
def test_no_break_with_large_local_output(name: str) -> None:
    need_data("china-provinces/2017/11-浙江.xls")
    from chainmap.scenario.runner import run_scenario
    from chainmap.scenario.schema import load_scenario

    extra = ['gaps.candidates=["064", "065", "090"]'] if name == "hangzhou_2023" else []
    sc = load_scenario(ROOT / "scenarios" / f"{name}.yaml", ["robustness.weight_draws=0", *extra])
    r = run_scenario(sc)
    assert r.gaps
    x = r.city.x
    share = dict(zip(r.city.codes, x / x.sum(), strict=True))
    for diag in r.gaps.values():
        links = diag.links
        breaks = links[links["gap_class"] == "break"]
        assert not (breaks["slq"] >= 1).any(), (name, list(breaks.index))
        assert all(share.get(c, 0.0) < 0.005 for c in breaks.index)
    if name == "hangzhou_2023":
        assert r.regionalisation["method"] == "province"
        assert r.regionalisation["province_table"] == "cn-prov-2017-浙江"
        assert {"064", "065"} <= set(r.gaps)
        for diag in r.gaps.values():
            for code in ("064", "065"):
                if code in diag.links.index:
                    assert diag.links.loc[code, "gap_class"] != "break"
    if name == "changzhou_style_new_energy":
        assert r.regionalisation["method"] == "learned"
        assert r.regionalisation["province_table"] is None
