"""The scenario's settings as the option objects of the stages it runs."""

from __future__ import annotations

from typing import Any

from chainmap.criteria.scores import CriteriaOptions
from chainmap.gaps.diagnosis import GapThresholds
from chainmap.scenario.schema import Scenario


def upper_count(value: Any) -> int:
    """The upper end of a count setting: ``3`` or ``[2, 4]`` (its maximum)."""
    return int(value[-1]) if isinstance(value, list) else int(value)


def criteria_options(scenario: Scenario) -> CriteriaOptions:
    """``criteria`` section plus ``selection.strict_stages`` and the leading count."""
    section = dict(scenario.get("criteria"))
    section["strict_stages"] = scenario.get("selection.strict_stages")
    roles = dict(section.pop("roles") or {})
    roles.setdefault("n_leading", upper_count(scenario.get("selection.n_leading")))
    section["roles"] = roles
    return CriteriaOptions.from_mapping(section)


def gap_thresholds(scenario: Scenario) -> GapThresholds:
    """The gap thresholds a scenario sets (``gaps.key_share``, ``gaps.target_local_share``)."""
    return GapThresholds(
        key_share=float(scenario.get("gaps.key_share")),
        fill_target=float(scenario.get("gaps.target_local_share")),
    )
