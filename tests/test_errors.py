"""The shared checks of chainmap.errors and the callers that rely on them."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from chainmap.city.market import calc_market_size
from chainmap.city.stage_inference import StageRules
from chainmap.criteria.indicators import policy_intensity
from chainmap.criteria.options import CriteriaOptions
from chainmap.criteria.policy_text import apply_overrides
from chainmap.criteria.roles import RoleRules
from chainmap.criteria.weighting import check_weights
from chainmap.errors import (
    InputDataError,
    Issue,
    ScenarioError,
    is_finite_number,
    one_line_message,
    require_finite_number,
)
from chainmap.graph.side_effects import _checked_weights
from chainmap.io.examples import miller_blair_2x2
from chainmap.scenario.selection_setup import _costs
from chainmap.select.checks import check_number

NUMBERS = [0, 1, 0.5, -2.5, np.float64(0.5), np.float32(0.5), np.int64(1), np.uint8(1)]
NUMBERS += [Fraction(1, 2)]
NOT_NUMBERS = [True, False, np.bool_(True), "1", None, [1], 1j, np.complex128(1)]
NOT_FINITE = [math.nan, math.inf, -math.inf, np.float64("nan"), np.float32("inf"), 10**400]


@pytest.mark.parametrize("value", NUMBERS, ids=repr)
def test_python_and_numpy_reals_are_numbers(value: object) -> None:
    assert is_finite_number(value)
    assert require_finite_number(value, "x") == float(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", NOT_NUMBERS, ids=repr)
def test_bools_text_and_complex_are_not_numbers(value: object) -> None:
    assert not is_finite_number(value)
    with pytest.raises(ScenarioError, match=r"^w\.a: weight must be a number, got "):
        require_finite_number(value, "w.a: weight")


@pytest.mark.parametrize("value", NOT_FINITE, ids=repr)
def test_nan_and_inf_are_numbers_but_not_finite(value: object) -> None:
    assert not is_finite_number(value)
    with pytest.raises(ScenarioError, match=r"^stage rules: x must be finite, got "):
        require_finite_number(value, "stage rules: x")


def test_one_line_message_joins_lines_and_names_an_empty_error() -> None:
    err = InputDataError([Issue("bad", file="t.csv"), Issue("worse")])
    assert one_line_message(err) == "2 problems: | * t.csv: bad | * worse"
    assert one_line_message(ScenarioError("  first\n   second  \n")) == "first | second"
    assert one_line_message(ScenarioError("  one  ")) == "one"
    assert one_line_message(OSError()) == "OSError"
    assert one_line_message(ScenarioError("\n\n")) == "ScenarioError"


# Every caller of the shared check: numpy numbers pass, bools, NaN and inf do not.
_TABLE = miller_blair_2x2()
_SCORES = pd.DataFrame({"policy_support": [1.0, 0.5]}, index=pd.Index(["079", "128"]))
CALLERS: dict[str, Callable[[object], object]] = {
    "stage rules": lambda v: StageRules(hot_growth=v),  # type: ignore[arg-type]
    "indicator weights": lambda v: CriteriaOptions(indicator_weights={"side_effect": v}),  # type: ignore[dict-item]
    "stage scores": lambda v: CriteriaOptions(stage_scores={"maturity": v}),  # type: ignore[dict-item]
    "manual weights": lambda v: check_weights({"a": v}, ["a", "b"]),  # type: ignore[dict-item]
    "policy intensity": lambda v: policy_intensity(_TABLE, {"1": v}),  # type: ignore[dict-item]
    "policy overrides": lambda v: apply_overrides(_SCORES, {"128": v}),  # type: ignore[dict-item]
    "role quantile": lambda v: RoleRules(potential_quantile=v),  # type: ignore[arg-type]
    "role linkage": lambda v: RoleRules(basic_forward_linkage=v),  # type: ignore[arg-type]
    "market forecast": lambda v: calc_market_size(_TABLE, forecasts={"2": v}),  # type: ignore[dict-item]
    "side-effect weights": lambda v: _checked_weights({"tax": v}, "pagerank"),  # type: ignore[dict-item]
    "entry costs": lambda v: _costs({"1": v}, 1.0, ["1", "2"], "selection.entry_cost"),  # type: ignore[dict-item]
}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("value", [np.float32(0.25), np.int64(1), np.float64(0.5)], ids=repr)
def test_every_caller_takes_numpy_numbers(caller: str, value: object) -> None:
    CALLERS[caller](value)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("value", [True, np.bool_(False), math.nan, math.inf, "0.5"], ids=repr)
def test_every_caller_rejects_bools_nan_inf_and_text(caller: str, value: object) -> None:
    with pytest.raises(ScenarioError):
        CALLERS[caller](value)


@pytest.mark.parametrize(
    ("caller", "value", "message"),
    [
        ("stage rules", "x", "stage rules: hot_growth must be a number, got 'x'"),
        ("stage rules", math.inf, "stage rules: hot_growth must be finite, got inf"),
        ("stage scores", True, "criteria.stage_scores.maturity: must be a number, got True"),
        ("stage scores", math.nan, "criteria.stage_scores.maturity: must be finite, got nan"),
        ("manual weights", -1, "weights.a: weight must be finite and >= 0, got -1"),
        ("manual weights", "1", "weights.a: weight must be a number, got '1'"),
        ("market forecast", -1.0, "market.forecasts.2: forecast must be a number >= 0, got -1.0"),
        ("market forecast", math.inf, "market.forecasts.2: forecast must be finite, got inf"),
        ("role linkage", True, "roles.basic_forward_linkage: must be a finite number, got True"),
    ],
)
def test_callers_keep_their_messages(caller: str, value: object, message: str) -> None:
    with pytest.raises(ScenarioError) as err:
        CALLERS[caller](value)
    assert str(err.value) == message


@pytest.mark.parametrize("value", [True, math.nan, "1", np.bool_(True)], ids=repr)
def test_selection_checks_list_non_numbers(value: object) -> None:
    issues: list[str] = []
    check_number(issues, "budget", value)
    assert issues == [f"budget: expected a finite number, got {value!r}"]


def test_selection_checks_take_numpy_numbers() -> None:
    issues: list[str] = []
    check_number(issues, "budget", np.float32(2.0))
    check_number(issues, "budget", None)
    assert issues == []
