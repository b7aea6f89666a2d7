"""The shipped concordance CSVs are exactly what chainmap.io.concordance_build writes."""

from __future__ import annotations

import pytest
from conftest import need_data

from chainmap.io.concordance_build import FILES, OUTPUTS, main
from chainmap.io.registry import PROJECT_ROOT

pytestmark = pytest.mark.realdata


def test_regenerated_concordances_match_shipped(tmp_path, capsys):
    for rel in FILES.values():
        need_data(f"china-provinces/{rel}")
    base = need_data("china-nbs/china_2020_153.csv").parents[1]
    assert main([str(base), str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("wrote ") == len(OUTPUTS)
    shipped = PROJECT_ROOT / "io_tables" / "concordances"
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_usage_error(capsys):
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err
