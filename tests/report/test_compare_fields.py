"""The candidate comparison's fields and the report's layout of them are named once."""

from __future__ import annotations

from chainmap.report import compare_candidates
from chainmap.scenario import compare
from chainmap.scenario.compare_columns import GAP_COLUMNS, IMPACT_COLUMNS, MEASURE_COLUMNS


def test_comparison_uses_the_shared_fields() -> None:
    assert compare.GAP_COLUMNS is GAP_COLUMNS
    assert compare.MEASURE_COLUMNS is MEASURE_COLUMNS
    assert MEASURE_COLUMNS[-len(IMPACT_COLUMNS) :] == IMPACT_COLUMNS


def test_report_groups_and_labels_every_gap_and_impact_field() -> None:
    groups = dict(compare_candidates._GROUPS)
    assert groups["cmp.group_chain"] == GAP_COLUMNS
    assert groups["cmp.group_impacts"] == IMPACT_COLUMNS
    for column in (*MEASURE_COLUMNS, *GAP_COLUMNS):
        assert column in compare_candidates._COMPARE_LABELS
