"""A development stage inferred from an output series, by the tool's own rules.

The source report gives **no indicator or threshold** for assigning a stage; the rules of
:func:`infer_stage` are **this tool's rules**, with every threshold a parameter of
:class:`StageRules`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Literal

import numpy as np
import pandas as pd

from chainmap.city.lifecycle import stage_info
from chainmap.errors import (
    InputDataError,
    ScenarioError,
    reject_unknown_keys,
    require_finite_number,
)


@dataclass(frozen=True)
class StageRules:
    """Thresholds of the stage-inference rules (the tool's own; see :func:`infer_stage`).

    Rates are annual and nominal when the series is (Chinese output data usually are:
    the thresholds then include inflation of a few per cent).

    Attributes
    ----------
    decline_growth : float
        Growth below this → 衰退期 (default 0: output shrinking).
    mature_growth : float
        Growth below this (and ≥ decline_growth) → 成熟期 (default 0.05).
    share_loss : float
        Annual change of the share of total output below this → 成熟期 even when
        output still grows (default −0.03: losing ground to the economy).
    emergence_share : float
        Latest share of total output below this → 萌芽期 when the series also grows
        fast and gains share (default 0.002 = 0.2 %, about the 10th percentile 0.0016
        of sector shares in the provincial series).
    emergence_growth : float
        Growth needed besides a small share for 萌芽期 (default 0.15, the median
        nominal CAGR 0.147 of the 1 051 provincial series 2002–2017): a tiny sector
        growing no faster than the typical one is a small niche, not an emerging
        industry (``benchmarks/calibrate_stages.py``).
    emergence_share_trend : float
        Annual change of the share needed for 萌芽期, strictly above this (default 0:
        a rising share). A tiny, flat or declining mining division is not 萌芽.
    hot_growth : float
        Growth at or above this → 过热期 (default 0.30, above the 95th percentile 0.25
        of nominal CAGR over 1 051 province × sector series 2002–2017).
    hot_volatility : float
        Standard deviation of the annual growth rates at or above this → 过热期 when
        growth is also at least ``hot_volatility_growth`` (default 0.25, the 95th
        percentile of that volatility in the provincial series; the median is 0.08).
    hot_volatility_growth : float
        Growth needed besides high volatility for 过热期 (default 0.20, about the 85th
        percentile): a volatile but slow basic industry (textiles, cement, power) is not
        in a boom. Measured by ``benchmarks/calibrate_stages.py``.
    ramp_acceleration : float
        Acceleration (later minus earlier mean growth) at or above this → 验证放量期
        (default 0.05).
    min_observations : int
        Fewest positive observations needed (default 3; 2 gives growth only).
    """

    decline_growth: float = 0.0
    mature_growth: float = 0.05
    share_loss: float = -0.03
    emergence_share: float = 0.002
    emergence_growth: float = 0.15
    emergence_share_trend: float = 0.0
    hot_growth: float = 0.30
    hot_volatility: float = 0.25
    hot_volatility_growth: float = 0.20
    ramp_acceleration: float = 0.05
    min_observations: int = 3

    def __post_init__(self) -> None:
        for f in fields(self):
            require_finite_number(getattr(self, f.name), f"stage rules: {f.name}")
        if not self.decline_growth <= self.mature_growth < self.hot_growth:
            msg = (
                "stage rules: need decline_growth <= mature_growth < hot_growth, got "
                f"{self.decline_growth}, {self.mature_growth}, {self.hot_growth}"
            )
            raise ScenarioError(msg)
        if self.min_observations < 2 or self.hot_volatility <= 0 or self.emergence_share < 0:
            msg = (
                "stage rules: need min_observations >= 2, hot_volatility > 0 and "
                f"emergence_share >= 0, got {self.min_observations}, {self.hot_volatility}, "
                f"{self.emergence_share}"
            )
            raise ScenarioError(msg)

    @classmethod
    def from_mapping(cls, values: Mapping[str, float], *, where: str = "stage_rules") -> StageRules:
        """Build from a plain dict, rejecting unknown keys (named in the error)."""
        reject_unknown_keys(values, sorted(f.name for f in fields(cls)), where)
        return cls(**dict(values))  # type: ignore[arg-type]


def _years(columns: pd.Index, where: str) -> list[int]:
    years = []
    for c in columns:
        text = str(c).strip().lstrip("yY")
        if not text.isdigit():
            msg = f"{where}: column {c!r} is not a year (expected e.g. 2020 or 'y2020')"
            raise InputDataError(msg)
        years.append(int(text))
    if len(set(years)) != len(years):
        msg = f"{where}: duplicate years {sorted(years)}"
        raise InputDataError(msg)
    return years


def series_indicators(
    values: pd.Series, total: pd.Series | None = None, *, where: str = "output series"
) -> dict[str, float]:
    """Growth indicators of one output series indexed by year.

    Only positive observations are used (missing or zero years are skipped). With
    years t_0 < … < t_k and values x_0 … x_k:

    * ``growth`` = (x_k / x_0)^(1 / (t_k − t_0)) − 1 (compound annual rate);
    * annual rates per interval r_i = (x_i / x_{i−1})^(1 / (t_i − t_{i−1})) − 1;
    * ``acceleration`` = mean of the later half of the r_i minus mean of the earlier
      half (h = ⌊k/2⌋ rates each; NaN with one interval);
    * ``volatility`` = population standard deviation of the r_i (NaN with one);
    * ``share`` = x_k / total_k and ``share_trend`` = (1 + growth) / (1 + g_total) − 1,
      the annual change of the share, over the same years (NaN without a total).

    Examples
    --------
    >>> s = pd.Series([100.0, 110.0, 121.0], index=[2018, 2019, 2020])
    >>> {k: round(v, 6) for k, v in series_indicators(s).items() if k != "share"}
    {'observations': 3.0, 'growth': 0.1, 'acceleration': 0.0, 'volatility': 0.0, \
'share_trend': nan}
    """
    key = (
        tuple(map(str, values.index)),
        values.to_numpy(dtype=float).tobytes(),
        None if total is None else (tuple(map(str, total.index)), total.to_numpy(float).tobytes()),
    )
    hit = _INDICATOR_CACHE.get(key)
    if hit is not None:
        return dict(hit)
    out = _series_indicators(values, total, where)
    if len(_INDICATOR_CACHE) >= 4096:
        _INDICATOR_CACHE.clear()
    _INDICATOR_CACHE[key] = dict(out)
    return out


#: Indicators of series already measured (the robustness variants re-score the same
#: series under other thresholds); keyed by years, values and total.
_INDICATOR_CACHE: dict[tuple[object, ...], dict[str, float]] = {}


def _series_indicators(values: pd.Series, total: pd.Series | None, where: str) -> dict[str, float]:
    years = _years(values.index, where)
    s = pd.Series(values.to_numpy(dtype=float), index=years).sort_index()
    if (s < 0).any():
        msg = f"{where}: negative output {s[s < 0].to_dict()}"
        raise InputDataError(msg)
    s = s[s > 0]
    out = {
        "observations": float(len(s)),
        "growth": math.nan,
        "acceleration": math.nan,
        "volatility": math.nan,
        "share": math.nan,
        "share_trend": math.nan,
    }
    if len(s) < 2:
        return out
    t = np.asarray(s.index, dtype=float)
    x = s.to_numpy()
    out["growth"] = float((x[-1] / x[0]) ** (1.0 / (t[-1] - t[0])) - 1.0)
    rates = (x[1:] / x[:-1]) ** (1.0 / np.diff(t)) - 1.0
    if len(rates) >= 2:
        h = len(rates) // 2
        out["acceleration"] = float(rates[-h:].mean() - rates[:h].mean())
        out["volatility"] = float(rates.std(ddof=0))
    if total is not None:
        tot = pd.Series(total.to_numpy(dtype=float), index=_years(total.index, where))
        first, last = int(t[0]), int(t[-1])
        if first not in tot.index or last not in tot.index or tot[first] <= 0 or tot[last] <= 0:
            msg = f"{where}: total output missing or not positive in {first} or {last}"
            raise InputDataError(msg)
        out["share"] = float(x[-1] / tot[last])
        g_total = (tot[last] / tot[first]) ** (1.0 / (t[-1] - t[0])) - 1.0
        out["share_trend"] = float((1.0 + out["growth"]) / (1.0 + g_total) - 1.0)
    return out


def infer_stage(
    indicators: Mapping[str, float], rules: StageRules = StageRules()
) -> tuple[str, str]:
    """Stage from growth indicators by the tool's rules, first match wins.

    1. growth < ``decline_growth`` → 衰退期 (decline)
    2. growth < ``mature_growth`` → 成熟期 (maturity)
    3. share_trend < ``share_loss`` → 成熟期 (growing, but losing share of the economy)
    4. share < ``emergence_share`` with growth ≥ ``emergence_growth`` and share_trend >
       ``emergence_share_trend`` → 萌芽期 (a tiny base growing fast and gaining share;
       a tiny sector that does not goes on to the next rules)
    5. growth ≥ ``hot_growth``, or volatility ≥ ``hot_volatility`` with growth ≥
       ``hot_volatility_growth`` → 过热期 (hype)
    6. acceleration ≥ ``ramp_acceleration`` → 验证放量期 (growth picking up)
    7. otherwise → 稳健增长期 (steady growth)

    Rules whose indicator is NaN (no total series, too few years) do not fire.

    Returns
    -------
    (stage key, the rule that fired as text)

    Raises
    ------
    InputDataError
        Fewer than ``rules.min_observations`` positive observations.

    Examples
    --------
    >>> infer_stage({"observations": 3, "growth": 0.1, "acceleration": 0.0, "volatility": 0.0})
    ('steady_growth', 'rule 7: 0.05 <= growth 0.100 < 0.3, stable')
    """
    n_obs = indicators.get("observations", math.nan)
    if not n_obs >= rules.min_observations:
        msg = f"{n_obs:g} positive observations; stage inference needs {rules.min_observations}"
        raise InputDataError(msg)
    g = indicators["growth"]
    acc = indicators.get("acceleration", math.nan)
    vol = indicators.get("volatility", math.nan)
    share = indicators.get("share", math.nan)
    trend = indicators.get("share_trend", math.nan)
    r = rules
    if g < r.decline_growth:
        return "decline", f"rule 1: growth {g:.3f} < {r.decline_growth:g}"
    if g < r.mature_growth:
        return "maturity", f"rule 2: growth {g:.3f} < {r.mature_growth:g}"
    if trend < r.share_loss:
        return "maturity", f"rule 3: share trend {trend:.3f} < {r.share_loss:g}"
    if share < r.emergence_share and g >= r.emergence_growth and trend > r.emergence_share_trend:
        return (
            "emergence",
            f"rule 4: share {share:.4f} < {r.emergence_share:g}, growth {g:.3f} >= "
            f"{r.emergence_growth:g}, share trend {trend:.3f} > {r.emergence_share_trend:g}",
        )
    if g >= r.hot_growth:
        return "overheating", f"rule 5: growth {g:.3f} >= {r.hot_growth:g}"
    if vol >= r.hot_volatility and g >= r.hot_volatility_growth:
        return (
            "overheating",
            f"rule 5: volatility {vol:.3f} >= {r.hot_volatility:g} with growth {g:.3f} >= "
            f"{r.hot_volatility_growth:g}",
        )
    if acc >= r.ramp_acceleration:
        return "validation", f"rule 6: acceleration {acc:.3f} >= {r.ramp_acceleration:g}"
    return (
        "steady_growth",
        f"rule 7: {r.mature_growth:g} <= growth {g:.3f} < {r.hot_growth:g}, stable",
    )


def infer_stages(
    series: pd.DataFrame,
    *,
    total: pd.Series | None = None,
    rules: StageRules = StageRules(),
    on_short: Literal["raise", "skip"] = "raise",
    where: str = "output series",
) -> pd.DataFrame:
    """Infer the stage of every industry of an output series table.

    Parameters
    ----------
    series : DataFrame
        Index = industry codes, columns = years (``2020`` or ``"y2020"``); output
        (or value added) per year, NaN where not reported.
    total : Series, optional
        Total output of the whole economy by year (enables the share rules 3–4).
    rules : StageRules
    on_short : {"raise", "skip"}
        What to do with an industry that has too few positive observations: raise
        (default), or leave it out of the result (the caller reports it).

    Returns
    -------
    DataFrame indexed like ``series`` with columns ``stage``, ``stage_zh``,
    ``stage_en``, ``rule``, ``observations``, ``growth``, ``acceleration``,
    ``volatility``, ``share``, ``share_trend``.

    Raises
    ------
    InputDataError
        A non-year column, negative output, or (``on_short="raise"``) an industry
        with too few positive observations (every such industry is listed).
    """
    rows: dict[str, dict[str, object]] = {}
    short: list[str] = []
    for code, values in series.iterrows():
        ind = series_indicators(values, total, where=f"{where}, industry {code}")
        if not ind["observations"] >= rules.min_observations:
            short.append(f"{code} ({ind['observations']:g})")
            continue
        key, rule = infer_stage(ind, rules)
        info = stage_info(key)
        rows[str(code)] = {"stage": key, "stage_zh": info.zh, "stage_en": info.en, "rule": rule}
        rows[str(code)].update(ind)
    if short and on_short == "raise":
        msg = (
            f"{where}: stage inference needs {rules.min_observations} positive observations; "
            f"too few for {', '.join(short)}"
        )
        raise InputDataError(msg)
    columns = ["stage", "stage_zh", "stage_en", "rule", *_INDICATORS]
    done: list[str] = list(rows.keys())
    out = pd.DataFrame([rows[c] for c in done], columns=columns).set_axis(done, axis=0)
    out.index.name = series.index.name or "industry"
    return out


_INDICATORS = ("observations", "growth", "acceleration", "volatility", "share", "share_trend")
