"""The 2002 and 2005 national tables run as parents (μ capped with a warning)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import data_dir

from chainmap.errors import DataWarning, ScenarioError
from chainmap.io.readers import read_table
from chainmap.scenario.runner import run_scenario
from chainmap.scenario.schema import load_scenario

SCENARIO = """\
name: old_table
illustrative: true
table: {table}
market:
  tables: {market}
city:
  name: 测试
  data: city.csv
  column: value
  fill: parent_share
selection:
  n_leading: [1, 2]
  alternatives: 0
  candidates: all
robustness:
  weight_draws: 0
"""


def _scenario(tmp: Path, table: str, market: str = "[]") -> Path:
    if data_dir() is None:
        pytest.skip("official tables not available")
    parent = read_table(table)
    x = parent.output
    top = x.sort_values().index[-6:]
    pd.DataFrame({"code": list(top), "value": (x[top] * 0.01).round(3).to_numpy()}).to_csv(
        tmp / "city.csv", index=False
    )
    path = tmp / "s.yaml"
    path.write_text(SCENARIO.format(table=table, market=market), encoding="utf-8")
    return path


@pytest.mark.parametrize("table", ["cn-nbs-2002-122", "cn-nbs-2005-42"])
def test_old_table_runs_with_capped_import_share(tmp_path: Path, table: str) -> None:
    with pytest.warns(DataWarning, match=r"capped to \[0, 1\]"):
        result = run_scenario(load_scenario(_scenario(tmp_path, table)))
    assert result.selection.leading


def test_market_tables_of_another_classification_named(tmp_path: Path) -> None:
    path = _scenario(tmp_path, "cn-nbs-2005-42", "[cn-nbs-2002-122, cn-nbs-2005-42]")
    with (
        pytest.warns(DataWarning),
        pytest.raises(ScenarioError, match="cn-nbs-2002-122: 122, cn-nbs-2005-42: 42 sectors"),
    ):
        run_scenario(load_scenario(path))
