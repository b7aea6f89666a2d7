"""Scoring the indicators: normalise, average into criteria, weight, total, rank, roles.

A criterion score is the weighted mean of its normalised indicators that are available
for the industry (an indicator missing for every industry, or equal for all, carries no
information and is not scored; both cases are noted); the criterion weights are manual,
entropy (on the min–max-scaled criterion scores) or AHP; the total is the weighted sum
(or TOPSIS closeness) of the criterion scores, split exactly into the five criteria by
:attr:`CriteriaResult.contributions`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from chainmap.criteria.ahp import AHPResult, ahp_weights
from chainmap.criteria.normalisation import normalise, normalise_minmax
from chainmap.criteria.options import CRITERIA, INDICATORS, CriteriaOptions, Indicator
from chainmap.criteria.roles import classify_roles, ordered_by_score
from chainmap.criteria.weighting import check_weights, entropy_weights, score_topsis
from chainmap.errors import InputDataError


@dataclass(frozen=True)
class CriteriaResult:
    """Scores of every industry on the five criteria, with their explanation.

    Attributes
    ----------
    indicators : DataFrame
        Raw indicators, one visible column each (:data:`INDICATORS`), plus ``name``,
        the stage columns, market/growth provenance and ``intermediate_share``.
    normalised : DataFrame
        The scored indicators after normalisation (NaN where not available).
    criteria : DataFrame
        The five criterion scores (weighted mean of available normalised indicators).
    weights : Series
        Criterion weights used (sum 1).
    indicator_weights : Series
        Weight of each scored indicator within its criterion.
    contributions : DataFrame
        Per-industry contribution of each criterion; rows sum to ``score``.
    score : Series
        Total score (weighted sum, or TOPSIS closeness).
    rank : Series
        1 = best; ties by code.
    roles : DataFrame
        Role per industry (:func:`chainmap.criteria.roles.classify_roles`).
    options : CriteriaOptions
    ahp : AHPResult or None
        The AHP weights and consistency when ``weighting="ahp"``.
    notes : tuple of str
        Missing indicators, assumed stages, excluded criteria and other caveats.
    """

    indicators: pd.DataFrame
    normalised: pd.DataFrame
    criteria: pd.DataFrame
    weights: pd.Series
    indicator_weights: pd.Series
    contributions: pd.DataFrame
    score: pd.Series
    rank: pd.Series
    roles: pd.DataFrame
    options: CriteriaOptions
    ahp: AHPResult | None = None
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One table for reports: indicators, criterion scores, contributions, score, role."""
        contrib = self.contributions.add_prefix("contribution_")
        crit = self.criteria.add_prefix("score_")
        out = pd.concat(
            [self.indicators, crit, contrib, self.score.rename("score"), self.rank.rename("rank")],
            axis=1,
        )
        out = pd.concat([out, self.roles], axis=1).sort_values("rank", kind="stable")
        out.attrs["title"] = "Five-criteria scores 主导产业五项标准评分"
        out.attrs["weights"] = self.weights.to_dict()
        out.attrs["notes"] = list(self.notes)
        return out


def aggregate_criteria(
    indicators: pd.DataFrame, opts: CriteriaOptions, notes: list[str]
) -> CriteriaResult:
    """Score raw indicators by ``opts`` (module docstring); ``notes`` are kept and extended.

    Raises
    ------
    InputDataError
        Infinite indicator values, or an industry with no available indicator for a
        criterion that has informative ones.
    ScenarioError
        Invalid weights or AHP matrix (from :mod:`chainmap.criteria.weighting`).
    """
    codes = indicators.index
    sub_w = {i.name: opts.indicator_weight(i.name) for i in INDICATORS}
    avail, raw = _informative(indicators, sub_w, notes)
    norm = normalise(
        pd.DataFrame(raw, index=codes, columns=[i.name for i in avail]),
        opts.normalisation,
        benefit={i.name: i.benefit for i in avail},
    )
    crit = _criterion_scores(norm, avail, sub_w, notes)
    w_crit, ahp = _criterion_weights(crit, opts)
    if opts.aggregation == "topsis":
        top = score_topsis(crit, w_crit)
        contributions = top.contributions
        score = top.closeness
    else:
        contributions = crit * w_crit
        score = contributions.sum(axis=1)
    score = score.rename("score")
    order = ordered_by_score(score)
    rank = pd.Series(range(1, len(order) + 1), index=order, name="rank").reindex(codes)
    roles = classify_roles(
        score,
        indicators["stage"],
        indicators["forward_linkage"],
        indicators["intermediate_share"],
        strict=opts.strict_stages,
        rules=opts.roles,
    )
    return CriteriaResult(
        indicators=indicators,
        normalised=norm,
        criteria=crit,
        weights=w_crit,
        indicator_weights=pd.Series({i.name: sub_w[i.name] for i in avail}, name="weight"),
        contributions=contributions,
        score=score,
        rank=rank,
        roles=roles,
        options=opts,
        ahp=ahp,
        notes=tuple(notes),
    )


def _informative(
    indicators: pd.DataFrame, sub_w: dict[str, float], notes: list[str]
) -> tuple[list[Indicator], np.ndarray]:
    """The scored indicators that vary across industries, and their raw values."""
    scored = [i for i in INDICATORS if sub_w[i.name] > 0]
    raw = indicators[[i.name for i in scored]].to_numpy(dtype=float)
    if np.isinf(raw).any():
        bad = [i.name for i, inf in zip(scored, np.isinf(raw).any(axis=0), strict=True) if inf]
        msg = f"indicators {bad} have infinite values"
        raise InputDataError(msg)
    avail: list[Indicator] = []
    for k, ind in enumerate(scored):
        present = raw[~np.isnan(raw[:, k]), k]
        if present.size == 0:
            notes.append(f"indicator {ind.name} not available for any industry: not scored")
        elif present.min() == present.max():
            notes.append(f"indicator {ind.name} is the same for every industry: not scored")
        else:
            avail.append(ind)
    keep = [scored.index(i) for i in avail]
    return avail, raw[:, keep]


def _criterion_scores(
    norm: pd.DataFrame, avail: list[Indicator], sub_w: dict[str, float], notes: list[str]
) -> pd.DataFrame:
    """Each criterion: the weighted mean of its indicators available for the industry."""
    codes = norm.index
    values = norm.to_numpy(dtype=float)
    crit_values = np.zeros((len(codes), len(CRITERIA)))
    for j, c in enumerate(CRITERIA):
        cols = [k for k, i in enumerate(avail) if i.criterion == c]
        if not cols:
            notes.append(f"criterion {c} has no informative indicator: 0 for every industry")
            continue
        w = np.array([sub_w[avail[k].name] for k in cols])
        vals = values[:, cols]
        have = ~np.isnan(vals)
        den = (have * w).sum(axis=1)
        if (den == 0).any():
            lost = [str(k) for k, d in zip(codes, den, strict=True) if d == 0]
            msg = f"criterion {c}: no indicator available for industries {lost[:10]}"
            raise InputDataError(msg)
        crit_values[:, j] = (np.where(have, vals, 0.0) * w).sum(axis=1) / den
        for k, n_missing in zip(cols, (~have).sum(axis=0), strict=True):
            if n_missing:
                notes.append(
                    f"indicator {avail[k].name} missing for {n_missing} industries: their {c} "
                    "score averages the other indicators"
                )
    return pd.DataFrame(crit_values, index=codes, columns=list(CRITERIA))


def _criterion_weights(
    crit: pd.DataFrame, opts: CriteriaOptions
) -> tuple[pd.Series, AHPResult | None]:
    """Criterion weights (manual, AHP or entropy) scaled to sum 1, and the AHP result."""
    ahp = None
    if opts.weighting == "manual":
        w_crit = check_weights(opts.weights, CRITERIA, name="criteria.weights")
    elif opts.weighting == "ahp":
        ahp = ahp_weights(opts.ahp_matrix or [], CRITERIA, name="criteria.ahp_matrix")
        w_crit = ahp.weights
    else:
        scaled = pd.DataFrame({c: normalise_minmax(crit[c]) for c in CRITERIA})
        w_crit = entropy_weights(scaled)
    return (w_crit.reindex(list(CRITERIA)) / w_crit.sum()).rename("weight"), ahp
