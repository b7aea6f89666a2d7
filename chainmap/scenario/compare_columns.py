"""The fields of a candidate comparison (:func:`chainmap.scenario.compare.compare_industries`).

Apart from :mod:`~chainmap.scenario.compare` so that the report, which lays these fields
out in groups, can name them without importing the runner behind the comparison (that
import would add about a second to ``chainmap report``).
"""

from __future__ import annotations

__all__ = ["CRITERIA_COLUMNS", "GAP_COLUMNS", "IMPACT_COLUMNS", "MEASURE_COLUMNS"]

#: Impact measures (multipliers and the full extraction loss), in this order.
IMPACT_COLUMNS: tuple[str, ...] = (
    "output_multiplier",
    "va_multiplier",
    "income_multiplier",
    "tax_multiplier",
    "employment_multiplier",
    "hem_full",
)

#: Measures copied from the analysis table (if present), in this order.
MEASURE_COLUMNS: tuple[str, ...] = (
    "output",
    "bl",
    "fl_ghosh",
    "fl_leontief",
    "key_class",
    *IMPACT_COLUMNS,
)

#: Criterion columns copied from the criteria table.
CRITERIA_COLUMNS: tuple[str, ...] = (
    "score",
    "rank",
    "role",
    "role_zh",
    "stage",
    "stage_zh",
    "score_driving_effect",
    "score_industrial_base",
    "score_development_stage",
    "score_market_size",
    "score_policy_support",
    "location_quotient",
    "output_share",
    "market_growth",
)

#: Chain-gap summary fields copied per industry.
GAP_COLUMNS: tuple[str, ...] = (
    "local_supporting_rate",
    "chain_completeness",
    "n_break",
    "n_weak",
    "n_choke",
    "extension_opportunities",
    "joint_fill_value_added_gain",
)
