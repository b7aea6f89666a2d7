"""A city regionalised from its own province: observed provincial local shares, scaled.

The technology stays the finest available (e.g. the national 153-sector coefficients of
the parent table); only the *local shares* come from the province:

1. **Observed** (:mod:`chainmap.city.observed`): the province's local share s^P_k of each
   of its 42 products, from its own table (inflows and imports removed under the
   proportionality assumption).
2. **Carried** to the parent's sectors through the official 42 → 153 concordance
   (``io_tables/concordances/nbs42_2017_to_153.csv``): every 153-sector product takes
   the share of its 42-sector product (the province is not observed at finer detail).
3. **Scaled to the city (modelled)** with the learned share model of
   :mod:`chainmap.city.learned`, anchored at the observed share: in logits

       logit ŝ^C_k = logit s^P_k + f(ln SLQ^C_k, ln z^C) − f(ln SLQ^P_k, ln z^P)

   where f(ls, lz) = β1·ls + β2·ls² + β3·lz + β4·ls·lz are the shipped slopes (the sector
   effects cancel), SLQ are location quotients against the nation, z = region output ÷
   national output, and ln SLQ^C_k − ln SLQ^P_k is the city's location quotient relative
   to the province (42-sector outputs). **Assumption:** the relation between local share,
   specialisation and size estimated across provinces (validated leave-one-province-out,
   see the README) also holds between a province and its cities; no city table exists to
   test it.  Shares are clipped to [0.01, 0.99] in logits as when fitting; a product the
   city does not make has share 0.

The city's local coefficients are then r_ij = ŝ^C_i · a_ij with a the parent's *total*
(domestic + imported) coefficients, since the observed shares already remove inflows
and imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.city.accuracy import national_2017
from chainmap.city.learned import shipped_model
from chainmap.city.observed import calc_local_share
from chainmap.io.readers.provincial import ProvincialTable
from chainmap.io.registry import data_dir as env_data_dir

__all__ = [
    "ProvinceShares",
    "city_shares_from_province",
    "city_shares_learned",
    "read_concordance_42_153",
]

CONCORDANCE = (
    Path(__file__).resolve().parents[2] / "io_tables" / "concordances" / "nbs42_2017_to_153.csv"
)
_EPS = 0.01


@dataclass(frozen=True)
class ProvinceShares:
    """Local shares for a city from its province, at the parent's codes.

    ``city`` are the modelled city shares, ``province`` the observed provincial shares
    carried to the parent's codes, ``province_42`` the observed 42-sector shares,
    ``observed`` the provincial table they were observed in (None for the learned model):
    its trade flows also tell where the rest is bought (:mod:`chainmap.gaps.sourcing`).
    """

    city: pd.Series
    province: pd.Series
    province_42: pd.Series
    notes: tuple[str, ...] = field(default_factory=tuple)
    observed: ProvincialTable | None = None


def read_concordance_42_153(path: str | Path = CONCORDANCE) -> pd.Series:
    """code_153 → code_42 (strings) of the official 2017 concordance."""
    c = pd.read_csv(path, dtype=str)
    return c.set_index("code_153")["code_42"]


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, _EPS, 1 - _EPS)
    return np.log(q / (1 - q))


def city_shares_from_province(
    province: ProvincialTable,
    city_output: pd.Series,
    *,
    run_year: int | None = None,
    national_42: tuple[pd.Series, float] | None = None,
    data_dir: str | Path | None = None,
) -> ProvinceShares:
    """City local shares at the codes of ``city_output`` (a 153-sector parent's codes).

    Parameters
    ----------
    province : the province's own table (42 sectors, 2017 classification).
    city_output : city gross output at the parent's codes, in the province's unit (万元).
    run_year : year of the run; the shipped model fitted on tables dated ≤ it is used.
    national_42 : national 42-sector output and its total for the province's year
        (default: the NBS 2017 42-sector table under the data directory).
    """
    conc = read_concordance_42_153()
    codes = [str(c) for c in city_output.index]
    missing = [c for c in codes if c not in conc.index]
    if missing:
        msg = f"no 42-sector product for parent codes {missing[:5]}: not a 153-sector parent"
        raise ValueError(msg)
    sh = calc_local_share(province)
    s42 = pd.Series(sh.share.to_numpy(float), index=[str(c) for c in province.codes])
    x_p = pd.Series(province.x.to_numpy(float), index=s42.index).clip(lower=0.0)
    x_n, total_n = national_42 if national_42 is not None else _national_42(data_dir)
    x_c = city_output.groupby(conc.reindex(codes).to_numpy()).sum().reindex(s42.index)
    x_c = x_c.fillna(0.0)
    cut, beta, _ = shipped_model(run_year)
    s_city42 = _scale_to_city(s42, x_p, x_c, x_n.reindex(s42.index) / total_n, total_n, beta)
    # a product the province does not make but the city does: no observed anchor; keep 0
    # local share from the province (the province imports all of it) unless the city
    # makes it, then the learned model's own effect is unknown here: use the province's
    # average share weighted by output as a neutral anchor.
    orphan = (x_p <= 0) & (x_c > 0)
    orphan_note: list[str] = []
    if orphan.any():
        avg = float((s42 * x_p).sum() / x_p.sum())
        s_city42[orphan] = avg
        orphan_note.append(
            "products the province does not make but the city does get the province's "
            f"output-weighted mean share {avg:.2f}: {', '.join(s42.index[orphan])}"
        )
    city = pd.Series(s_city42.reindex(conc.reindex(codes).to_numpy()).to_numpy(), index=codes)
    city[city_output.reindex(codes).to_numpy(float) <= 0] = 0.0
    prov153 = pd.Series(s42.reindex(conc.reindex(codes).to_numpy()).to_numpy(), index=codes)
    notes = (
        f"local shares: observed in {province.province} {province.year} "
        f"({Path(province.source).name}), carried 42 → {len(codes)} sectors by the official "
        "concordance, scaled to the city by the learned share model (shipped coefficients "
        f"fitted on provincial tables dated ≤ {cut}) with the city's location quotients "
        "relative to the province",
        "observed: provincial local shares (42 products, proportionality assumption); "
        "modelled: their scaling to the city and the 153-sector technology (parent table)",
        *sh.quirks,
        *orphan_note,
    )
    return ProvinceShares(
        city=city, province=prov153, province_42=s42, notes=notes, observed=province
    )


def _national_42(data_dir: str | Path | None) -> tuple[pd.Series, float]:
    """National 42-sector output and its total: the NBS 2017 table under the data directory."""
    base = Path(data_dir) if data_dir is not None else env_data_dir()
    if base is None:
        raise ValueError("CHAINMAP_DATA_DIR is not set: no national 42-sector table")
    _, xn = national_2017(base / "china-nbs" / "china_2017_42.csv")
    return pd.Series(xn, index=[f"{k:02d}" for k in range(1, 43)]), float(xn.sum())


def _slope_terms(beta: np.ndarray, ls: np.ndarray, lz: float) -> np.ndarray:
    """The learned model's f(ls, lz) = β1·ls + β2·ls² + β3·lz + β4·ls·lz (module docstring)."""
    return np.asarray(beta[0] * ls + beta[1] * ls**2 + beta[2] * lz + beta[3] * ls * lz)


def _scale_to_city(
    s42: pd.Series,
    x_p: pd.Series,
    x_c: pd.Series,
    national_share: pd.Series,
    total_n: float,
    beta: np.ndarray,
) -> pd.Series:
    """Observed provincial shares moved to the city in logits (module docstring, step 3).

    ``national_share`` is each product's share of national output; products either region
    does not make get share 0.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        slq_p = (x_p / x_p.sum()) / national_share
        slq_c = (x_c / x_c.sum()) / national_share
    ok = (x_p > 0) & (x_c > 0) & np.isfinite(slq_p) & np.isfinite(slq_c)
    ls_p = np.log(np.where(ok, slq_p, 1.0))
    ls_c = np.log(np.where(ok, slq_c, 1.0))
    lz_p = np.log(x_p.sum() / total_n)
    lz_c = np.log(x_c.sum() / total_n)
    z = (
        _logit(s42.to_numpy(float))
        + _slope_terms(beta, ls_c, lz_c)
        - _slope_terms(beta, ls_p, lz_p)
    )
    return pd.Series(np.where(ok, 1 / (1 + np.exp(-z)), 0.0), index=s42.index)


def city_shares_learned(
    parent_output: pd.Series,
    city_output: pd.Series,
    *,
    run_year: int | None = None,
    parent_name: str = "the parent table",
) -> ProvinceShares | None:
    """City local shares from the national table with the learned share model, or None.

    The default regionalisation of a city with no provincial table
    (``regionalization.method: learned``): the shipped model of
    :mod:`chainmap.city.learned` (cutoff ≤ ``run_year``) predicts

        logit ŝ_k = f(ln SLQ^C_k, ln z^C) + γ_k

    for each 42-sector product k (SLQ and z = city output ÷ national output against the
    parent's own output aggregated to 42 sectors by the official concordance) and every
    153-sector product takes its 42-sector share; a product the city does not make has
    share 0.  Out of sample (leave one province out, national → province) it errs less
    than FLQ at any single δ (multiplier MAPE .154 against .183 at the best δ and .241
    at δ = 0.3; README).  Returns None when the parent's codes are not the 2017–2020
    153-sector classification (the caller falls back to FLQ).
    """
    conc = read_concordance_42_153()
    codes = [str(c) for c in city_output.index]
    if any(c not in conc.index for c in codes) or list(map(str, parent_output.index)) != codes:
        return None
    cut, beta, effects = shipped_model(run_year)
    k42 = conc.reindex(codes).to_numpy()
    x_n = pd.Series(parent_output.to_numpy(float), index=codes).clip(lower=0.0).groupby(k42).sum()
    x_c = pd.Series(city_output.to_numpy(float), index=codes).clip(lower=0.0).groupby(k42).sum()
    x_c = x_c.reindex(x_n.index).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        slq = (x_c / x_c.sum()) / (x_n / x_n.sum())
    ok = (x_c > 0) & (x_n > 0) & np.isfinite(slq)
    ls = np.log(np.where(ok, slq, 1.0))
    lz = float(np.log(x_c.sum() / x_n.sum()))
    gamma = np.array([effects.get(f"{cut}-{k}", np.nan) for k in x_n.index], dtype=float)
    if np.isnan(gamma[ok.to_numpy()]).any():
        return None
    z = _slope_terms(beta, ls, lz) + np.nan_to_num(gamma)
    s42 = pd.Series(np.where(ok, 1 / (1 + np.exp(-z)), 0.0), index=x_n.index)
    city = pd.Series(s42.reindex(k42).to_numpy(), index=codes)
    city[city_output.reindex(codes).to_numpy(float) <= 0] = 0.0
    notes = (
        f"local shares: learned share model (shipped coefficients fitted on the provincial "
        f"tables dated ≤ {cut}) applied to the city's location quotients and size against "
        f"{parent_name} (42 products, official concordance); technology: the parent's "
        f"{len(codes)}-sector total coefficients",
        "observed: none of the local shares (no provincial table for this city); modelled: "
        "local shares (learned model) and technology (parent table)",
    )
    return ProvinceShares(city=city, province=city * np.nan, province_42=s42, notes=notes)
