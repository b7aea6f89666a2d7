"""Robustness of the selection to the criteria weights (权重敏感性).

Weight sensitivity draws criteria weights from a Dirichlet distribution centred on
the scenario's weights, re-ranks every draw with one matrix product and re-solves
the selection MILP once per distinct top-K set. The other robustness checks have
their own modules: data sensitivity (:mod:`chainmap.select.data_sensitivity`) and
parameter variants (:mod:`chainmap.select.variants`); their public names are
re-exported here.

Ranks are 1 for the best score; ties are broken by industry code (ascending).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from chainmap.errors import ScenarioError
from chainmap.select.data_sensitivity import DataSensitivity, calc_data_sensitivity, perturb_flows
from chainmap.select.inputs import SelectionInputs
from chainmap.select.model import build_problem
from chainmap.select.ranks import Progress, calc_ranks, rank_table
from chainmap.select.result import SelectionResult
from chainmap.select.solve import solve_problem
from chainmap.select.variants import (
    FAMILY_LABELS,
    ParameterSensitivity,
    Variant,
    summarise_variants,
)

__all__ = [
    "FAMILY_LABELS",
    "DataSensitivity",
    "ParameterSensitivity",
    "Variant",
    "WeightSensitivity",
    "calc_data_sensitivity",
    "calc_ranks",
    "calc_weight_sensitivity",
    "draw_weights",
    "perturb_flows",
    "summarise_variants",
]


def draw_weights(
    weights: pd.Series, n_draws: int, concentration: float, rng: np.random.Generator
) -> np.ndarray:
    """Draw criteria weights w ~ Dirichlet(κ · w₀ / Σ w₀), one row per draw.

    The mean of the draws is w₀ / Σ w₀ and each weight has variance
    w̄ (1 − w̄) / (κ + 1), so a larger concentration κ keeps draws closer to the
    scenario's weights. Criteria with zero weight stay at zero.

    Examples
    --------
    >>> w = draw_weights(pd.Series({"a": 3.0, "b": 1.0, "c": 0.0}), 4000, 50.0,
    ...                  np.random.default_rng(0))
    >>> bool(np.allclose(w.mean(axis=0), [0.75, 0.25, 0.0], atol=0.01)), w.shape
    (True, (4000, 3))
    """
    if not (math.isfinite(concentration) and concentration > 0):
        msg = f"concentration: expected a positive number, got {concentration!r}"
        raise ScenarioError(msg)
    if not isinstance(n_draws, int) or n_draws < 1:
        msg = f"n_draws: expected a positive integer, got {n_draws!r}"
        raise ScenarioError(msg)
    w0 = weights.to_numpy(dtype=float)
    if not (np.all(np.isfinite(w0)) and np.all(w0 >= 0) and w0.sum() > 0):
        msg = f"weights: expected non-negative weights with a positive sum, got {w0.tolist()}"
        raise ScenarioError(msg)
    positive = w0 > 0
    out = np.zeros((n_draws, w0.size))
    out[:, positive] = rng.dirichlet(concentration * w0[positive] / w0.sum(), size=n_draws)
    return out


@dataclass(frozen=True)
class WeightSensitivity:
    """Result of :func:`calc_weight_sensitivity`.

    Attributes
    ----------
    table : pd.DataFrame
        Per industry (index ``industry``, sorted by code): ``baseline_rank``,
        ``mean_rank``, ``rank_low`` / ``rank_high`` (the ``quantiles`` of the rank),
        ``top_k_frequency`` (share of draws ranked ≤ top_k), ``selected_frequency``
        and ``potential_frequency`` (share of resolved draws in which the MILP makes
        it leading / potential; NaN without re-solving).
    portfolios : pd.DataFrame
        One row per distinct top-K set: ``draws``, ``top_set``, and when solved
        ``leading``, ``potential``, ``objective``.
    n_draws, concentration, seed, top_k, quantiles : as passed.
    n_solves : int
        MILP solves made (the baseline top set reuses the baseline solution).
    resolved_share : float
        Share of draws whose top set got a MILP solution (1.0 unless ``max_solves`` cut it).
    """

    table: pd.DataFrame
    portfolios: pd.DataFrame
    n_draws: int
    concentration: float
    seed: int
    top_k: int
    quantiles: tuple[float, float]
    n_solves: int
    resolved_share: float


def _check_weighted_sum(inputs: SelectionInputs) -> tuple[np.ndarray, pd.Series]:
    if inputs.criteria is None or inputs.weights is None:
        msg = "weight sensitivity needs criteria and weights in the selection inputs"
        raise ScenarioError(msg)
    crit = inputs.criteria.to_numpy(dtype=float)
    w = inputs.weights / inputs.weights.sum()
    implied = crit @ w.to_numpy()
    diff = np.abs(implied - inputs.score.to_numpy())
    worst = int(np.argmax(diff))
    if diff[worst] > 1e-9 * (1.0 + float(np.abs(implied).max())):
        msg = (
            "weight sensitivity needs a weighted-sum score = criteria @ weights / Σ weights; "
            f"for {inputs.candidates[worst]} the score is {inputs.score.iloc[worst]:.6g} "
            f"but the weighted sum is {implied[worst]:.6g}"
        )
        raise ScenarioError(msg)
    return crit, inputs.weights


def calc_weight_sensitivity(
    inputs: SelectionInputs,
    *,
    n_draws: int = 1000,
    concentration: float = 50.0,
    seed: int = 0,
    top_k: int | None = None,
    quantiles: tuple[float, float] = (0.05, 0.95),
    resolve: bool = True,
    max_solves: int = 200,
    baseline: SelectionResult | None = None,
    solver: str = "cbc",
    time_limit: float = 60.0,
    progress: Progress | None = None,
) -> WeightSensitivity:
    """Monte Carlo sensitivity of ranks and of the MILP choice to the criteria weights.

    Draws W (D × m) with :func:`draw_weights`, scores all draws at once as
    S = C Wᵀ (n × D), ranks each column, and groups draws by their top-K set. The
    MILP is re-solved once per distinct top-K set (most frequent first, at most
    ``max_solves``), with that group's mean weights; every draw of the group is
    credited with that solution. This is the approximation that keeps 10⁴ draws
    cheap: within a group the choice can still differ, since other terms (links,
    costs, constraints) interact with the scores.

    Parameters
    ----------
    inputs : SelectionInputs
        Must carry ``criteria`` and ``weights`` with score = criteria @ w / Σ w.
    n_draws, concentration, seed : Monte Carlo settings (Dirichlet concentration κ).
    top_k : int, optional
        Size of the top set; default ``n_leading_max`` or the baseline's number of
        leading industries.
    quantiles : (float, float)
        Rank interval reported as ``rank_low``, ``rank_high``.
    resolve : bool
        Re-solve the MILP per top set; False gives ranks only.
    max_solves : int
        Cap on MILP solves.
    baseline : SelectionResult, optional
        The solved scenario (solved here when omitted and needed).
    solver, time_limit : passed to :func:`solve_problem`.
    progress : callable(done, total), optional
        Called after ranking and after each solve.

    Returns
    -------
    WeightSensitivity
    """
    crit, weights = _check_weighted_sum(inputs)
    codes = sorted(inputs.candidates)
    crit = crit[[inputs.candidates.index(c) for c in codes]]
    draws = draw_weights(weights, n_draws, concentration, np.random.default_rng(seed))
    ranks = calc_ranks(crit @ draws.T)
    base_ranks = calc_ranks((crit @ (weights / weights.sum()).to_numpy())[:, None])[:, 0]
    if (resolve or top_k is None) and baseline is None:
        baseline = solve_problem(build_problem(inputs), solver=solver, time_limit=time_limit)
    top_k = _top_k(inputs, top_k, baseline)
    table = rank_table(codes, ranks, base_ranks, top_k, quantiles)
    groups = _TopSets.of(ranks, top_k)
    base_key = np.packbits(base_ranks <= top_k).tobytes()
    total = min(len(groups.order), max_solves) if resolve else 0
    if progress is not None:
        progress(0, total)
    rows: list[dict[str, object]] = []
    solved, n_solves = np.zeros(len(groups.keys), dtype=bool), 0
    lead_hits, pot_hits = np.zeros(len(codes)), np.zeros(len(codes))
    for done, g in enumerate(groups.order):
        row: dict[str, object] = {
            "draws": int(groups.counts[g]),
            "top_set": groups.top_set(g, codes),
        }
        rows.append(row)
        if done >= total:
            continue
        assert baseline is not None
        if groups.keys[g].tobytes() == base_key:
            result = baseline
        else:  # the group's mean weights stand for every draw of the group
            w = pd.Series(draws[groups.inverse == g].mean(axis=0), index=weights.index)
            result = _solve_with_weights(inputs, crit, codes, w, solver, time_limit)
            n_solves += 1
        solved[g] = result.is_solved
        row.update(
            leading=" ".join(result.leading),
            potential=" ".join(result.potential),
            objective=result.objective,
        )
        lead_hits += groups.counts[g] * np.isin(codes, result.leading)
        pot_hits += groups.counts[g] * np.isin(codes, result.potential)
        if progress is not None:
            progress(done + 1, total)
    resolved = int(groups.counts[solved].sum())
    table["selected_frequency"] = lead_hits / resolved if resolved else np.nan
    table["potential_frequency"] = pot_hits / resolved if resolved else np.nan
    return WeightSensitivity(
        table=table,
        portfolios=pd.DataFrame(rows),
        n_draws=n_draws,
        concentration=concentration,
        seed=seed,
        top_k=top_k,
        quantiles=quantiles,
        n_solves=n_solves,
        resolved_share=resolved / n_draws,
    )


def _top_k(inputs: SelectionInputs, top_k: int | None, baseline: SelectionResult | None) -> int:
    """Size of the top set: as given, else ``n_leading_max``, else the baseline's count."""
    if top_k is None:
        assert baseline is not None
        top_k = inputs.n_leading_max if inputs.n_leading_max is not None else len(baseline.leading)
    if top_k < 1:
        msg = f"top_k: expected a positive integer, got {top_k}"
        raise ScenarioError(msg)
    return top_k


def _solve_with_weights(
    inputs: SelectionInputs,
    crit: np.ndarray,
    codes: list[str],
    weights: pd.Series,
    solver: str,
    time_limit: float,
) -> SelectionResult:
    """The selection re-solved with scores ``crit @ weights`` (``crit`` rows in ``codes`` order)."""
    score = pd.Series(crit @ weights.to_numpy(), index=codes)
    problem = build_problem(inputs.with_scores(score, weights))
    return solve_problem(problem, solver=solver, time_limit=time_limit)


@dataclass(frozen=True)
class _TopSets:
    """Draws grouped by their top-K set (the industries ranked ≤ K), most frequent first."""

    keys: np.ndarray  # one row per group: membership bits of the set, packed
    inverse: np.ndarray  # group of every draw
    counts: np.ndarray  # draws per group
    order: list[int]  # groups by descending count, ties by key

    @classmethod
    def of(cls, ranks: np.ndarray, top_k: int) -> _TopSets:
        keys, inverse, counts = np.unique(
            np.packbits(ranks <= top_k, axis=0).T, axis=0, return_inverse=True, return_counts=True
        )
        order = sorted(range(len(keys)), key=lambda g: (-counts[g], keys[g].tobytes()))
        return cls(keys, inverse.reshape(-1), counts, order)

    def top_set(self, group: int, codes: list[str]) -> str:
        """The group's industries, space-separated in ``codes`` order."""
        bits = np.unpackbits(self.keys[group])[: len(codes)]
        return " ".join(c for c, bit in zip(codes, bits, strict=True) if bit)
