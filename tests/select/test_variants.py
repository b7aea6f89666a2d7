"""Tests of the parameter-variant summary."""

from __future__ import annotations

import pandas as pd
import pytest

from chainmap.select.variants import Variant, summarise_variants


def test_parameter_summary_counts_on_a_tiny_instance() -> None:
    variants = [
        Variant("regionalization", "δ 0.2", ("a", "b")),
        Variant("regionalization", "δ 0.4", ("a", "c")),
        Variant("stages", "× 0.9", ("b", "a")),  # order does not matter
        Variant("policy", "off", ("c", "d")),
        Variant("stages", "× 1.1", (), solved=False),  # unsolved: changed, not in shares
    ]
    weights = pd.Series({"a": 1.0, "b": 0.8, "c": 0.2, "d": 0.0})
    r = summarise_variants(["a", "b"], variants, ["a", "b", "c", "d"], weight_frequency=weights)
    assert r.summary["n_variants"] == 5
    assert r.summary["n_unchanged"] == 2
    assert r.summary["by_family"] == {
        "regionalization": {"variants": 2, "unchanged": 1},
        "stages": {"variants": 2, "unchanged": 1},
        "policy": {"variants": 1, "unchanged": 0},
    }
    t = r.table
    assert t["chosen_share_regionalization"].tolist() == [1.0, 0.5, 0.5, 0.0]
    assert t["chosen_share_stages"].tolist() == [1.0, 1.0, 0.0, 0.0]
    assert t["chosen_share_policy"].tolist() == [0.0, 0.0, 1.0, 1.0]
    assert t["chosen_share_parameters"].tolist() == [0.75, 0.5, 0.5, 0.25]
    # overall: mean over the families weights, regionalisation, stages, policy
    assert t.loc["a", "chosen_share_overall"] == pytest.approx((1.0 + 1.0 + 1.0 + 0.0) / 4)
    assert r.summary["text"].startswith(
        "leading set unchanged in 2 of 5 parameter variants (regionalisation 1/2, "
        "stage thresholds 1/2, policy on/off 0/1); chosen as leading: a 75 %, b 50 %, c 50 %"
    )
    assert r.variants["same_leading"].tolist() == [True, False, True, False, False]


def test_unknown_families_follow_the_known_ones_and_no_variants_is_a_summary() -> None:
    variants = [Variant("custom", "x", ("a",)), Variant("policy", "off", ("a",))]
    r = summarise_variants(["a"], variants, ["a", "b"])
    assert list(r.summary["by_family"]) == ["policy", "custom"]  # type: ignore[call-overload]
    assert r.table.columns.tolist()[:2] == ["chosen_share_policy", "chosen_share_custom"]
    empty = summarise_variants(["a"], [], ["a", "b"])
    assert empty.summary["text"] == "leading set unchanged in 0 of 0 parameter variants"
    assert empty.table["chosen_share_parameters"].isna().all()
