"""The shipped learned-share coefficients are reproduced from the provincial tables."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import need_data

from chainmap.city.learned import fit_shipped, shipped_model

pytestmark = pytest.mark.realdata


def test_shipped_coefficients_reproduce() -> None:
    need_data("china-provinces/2017/11-浙江.xls")
    from chainmap.city.accuracy import load_cases

    path = Path(__file__).resolve().parents[2] / "chainmap" / "data" / "learned_share_model.json"
    shipped = json.loads(path.read_text(encoding="utf-8"))
    fitted = fit_shipped(load_cases())
    assert set(fitted) == set(shipped)
    for year, model in fitted.items():
        assert np.allclose(model["beta"], shipped[year]["beta"], atol=1e-8)


def test_no_look_ahead() -> None:
    cut, beta, fe = shipped_model(2016)
    assert cut == 2012 and len(beta) == 4
    assert all(k.startswith("2012-") for k in fe)
    assert shipped_model(2023)[0] == 2017
