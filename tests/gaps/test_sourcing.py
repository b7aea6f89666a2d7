"""Where a link's supply comes from: other provinces and abroad from a provincial table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from conftest import provincial_table

from chainmap.city.observed import calc_local_share
from chainmap.gaps.sourcing import calc_link_sources, calc_province_sources, sources_at_codes


def test_province_shares_by_hand_and_consistent_with_the_local_share() -> None:
    # sector 1: use = 100 - 10 - 30 + 20 + 20 = 100 → other 0.2, abroad 0.2, local 0.6
    # sector 2: 50 - 60 < 0 (transit): use raised to m + n = 20 → other 1, abroad 0
    t = provincial_table([100.0, 50.0], e=[10, 0], o=[30, 60], m=[20, 0], n=[20, 20])
    s = calc_province_sources(t)
    assert np.allclose(s["other_provinces"], [0.2, 1.0])
    assert np.allclose(s["abroad"], [0.2, 0.0])
    local = calc_local_share(t).share.to_numpy()
    assert np.allclose(local + s["other_provinces"] + s["abroad"], 1.0)


def test_net_trade_only_gives_no_split() -> None:
    t = provincial_table([100.0, 100.0], e=None, o=None, m=None, n=None, net=[10.0, -10.0])
    assert calc_province_sources(t).isna().all().all()


def test_link_sources_never_exceed_what_is_bought_outside_the_city() -> None:
    rng = np.random.default_rng(12)
    local = rng.uniform(0, 1, 200)
    other = rng.uniform(0, 1, 200)
    abroad = rng.uniform(0, 1, 200) * (1 - other)
    o, a = calc_link_sources(local, other, abroad)
    assert (o >= 0).all() and (a >= 0).all()
    assert (local + o + a <= 1 + 1e-12).all()
    # where the city buys more outside than the province does, the province's split holds
    roomy = 1 - local >= other + abroad
    assert np.allclose(o[roomy], other[roomy]) and np.allclose(a[roomy], abroad[roomy])
    # otherwise it is scaled down in the province's proportions
    tight = ~roomy & (other + abroad > 0)
    assert np.allclose(
        (o / np.where(a > 0, a, 1))[tight & (a > 0)],
        (other / np.where(abroad > 0, abroad, 1))[tight & (abroad > 0)],
    )


def test_sources_at_finer_codes_follow_the_concordance() -> None:
    prov = pd.DataFrame({"other_provinces": [0.1, 0.5], "abroad": [0.2, 0.0]}, index=["01", "02"])
    conc = pd.Series({"001": "01", "002": "01", "094": "02"})
    at = sources_at_codes(prov, conc, ["094", "001", "999", "02"])
    assert at["other_provinces"].tolist()[:2] == [0.5, 0.1]
    assert np.isnan(at.loc["999", "abroad"]) and at.loc["02", "other_provinces"] == 0.5
