"""The result carries the shipped out-of-sample evidence, and says when weights differ."""

from __future__ import annotations

import json

from chainmap.criteria.options import DEFAULT_WEIGHTS
from chainmap.scenario.results import BACKTEST_SUMMARY, backtest_evidence


def test_default_weights_are_the_backtested_ones() -> None:
    evidence = backtest_evidence(dict(DEFAULT_WEIGHTS))
    assert evidence is not None
    assert evidence["same_weights"] is True
    shipped = json.loads(BACKTEST_SUMMARY.read_text(encoding="utf-8"))
    assert evidence["method_out_of_sample"] == shipped["rankers"]["method_lopo"]
    assert evidence["output_at_T"] == shipped["rankers"]["output"]
    assert evidence["method_beats_output"] is shipped["method_beats_output"]


def test_other_weights_are_flagged() -> None:
    weights = dict(DEFAULT_WEIGHTS)
    weights["driving_effect"], weights["industrial_base"] = 0.3, weights["industrial_base"] - 0.3
    evidence = backtest_evidence(weights)
    assert evidence is not None and evidence["same_weights"] is False
