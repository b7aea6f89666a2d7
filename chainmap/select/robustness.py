"""Robustness of the selection: criteria-weight, parameter and data sensitivity (稳健性分析).

Weight sensitivity draws criteria weights from a Dirichlet distribution centred on
the scenario's weights, re-ranks every draw with one matrix product and re-solves
the selection MILP once per distinct top-K set. Data sensitivity takes a callable
that scores a perturbed table (the runner builds it) and reports rank stability;
:func:`perturb_flows` is the perturbation on arrays.

Parameter sensitivity (:func:`summarise_variants`) counts how often the leading set
and each industry survive re-running the decision under other modelling choices
(regionalisation δ or method, stage thresholds, policy on/off); the runner builds the
variants and solves them.

Ranks are 1 for the best score; ties are broken by industry code (ascending).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from chainmap.errors import ScenarioError
from chainmap.select.inputs import SelectionInputs
from chainmap.select.model import build_problem
from chainmap.select.result import SelectionResult
from chainmap.select.solve import solve_problem

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

Progress = Callable[[int, int], None]


def calc_ranks(scores: np.ndarray) -> np.ndarray:
    """Rank every column of an (n × D) score matrix; 1 = highest, ties by row order.

    Examples
    --------
    >>> calc_ranks(np.array([[0.2, 0.9], [0.5, 0.1], [0.5, 0.3]])).tolist()
    [[3, 1], [1, 3], [2, 2]]
    """
    order = np.argsort(-scores, axis=0, kind="stable")
    ranks = np.empty(scores.shape, dtype=np.int64)
    positions = np.broadcast_to(np.arange(1, scores.shape[0] + 1)[:, None], scores.shape)
    np.put_along_axis(ranks, order, positions, axis=0)
    return ranks


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


def _rank_table(
    codes: Sequence[str],
    ranks: np.ndarray,
    baseline: np.ndarray,
    top_k: int,
    quantiles: tuple[float, float],
) -> pd.DataFrame:
    low, high = np.quantile(ranks, quantiles, axis=1, method="inverted_cdf")
    table = pd.DataFrame(
        {
            "baseline_rank": baseline,
            "mean_rank": ranks.mean(axis=1),
            "rank_low": low.astype(np.int64),
            "rank_high": high.astype(np.int64),
            "top_k_frequency": (ranks <= top_k).mean(axis=1),
        },
        index=pd.Index(list(codes), name="industry"),
    )
    return table


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
    pos = [inputs.candidates.index(c) for c in codes]
    crit = crit[pos]
    rng = np.random.default_rng(seed)
    draws = draw_weights(weights, n_draws, concentration, rng)
    ranks = calc_ranks(crit @ draws.T)
    base_ranks = calc_ranks((crit @ (weights / weights.sum()).to_numpy())[:, None])[:, 0]
    if (resolve or top_k is None) and baseline is None:
        baseline = solve_problem(build_problem(inputs), solver=solver, time_limit=time_limit)
    if top_k is None:
        assert baseline is not None
        top_k = inputs.n_leading_max if inputs.n_leading_max is not None else len(baseline.leading)
    if top_k < 1:
        msg = f"top_k: expected a positive integer, got {top_k}"
        raise ScenarioError(msg)
    table = _rank_table(codes, ranks, base_ranks, top_k, quantiles)
    keys, inverse, counts = np.unique(
        np.packbits(ranks <= top_k, axis=0).T, axis=0, return_inverse=True, return_counts=True
    )
    inverse = inverse.reshape(-1)
    order = sorted(range(len(keys)), key=lambda g: (-counts[g], keys[g].tobytes()))
    base_key = np.packbits(base_ranks <= top_k).tobytes()
    total = min(len(order), max_solves) if resolve else 0
    if progress is not None:
        progress(0, total)
    rows, solved, n_solves = [], np.zeros(len(keys), dtype=bool), 0
    lead_hits = np.zeros(len(codes))
    pot_hits = np.zeros(len(codes))
    for done, g in enumerate(order):
        top_set = tuple(
            c for c, bit in zip(codes, np.unpackbits(keys[g])[: len(codes)], strict=True) if bit
        )
        row: dict[str, object] = {"draws": int(counts[g]), "top_set": " ".join(top_set)}
        if resolve and done < max_solves:
            assert baseline is not None
            if keys[g].tobytes() == base_key:
                result = baseline
            else:
                w = pd.Series(draws[inverse == g].mean(axis=0), index=weights.index)
                score = pd.Series(crit @ w.to_numpy(), index=codes)
                problem = build_problem(inputs.with_scores(score, w))
                result = solve_problem(problem, solver=solver, time_limit=time_limit)
                n_solves += 1
            solved[g] = result.is_solved
            row.update(
                leading=" ".join(result.leading),
                potential=" ".join(result.potential),
                objective=result.objective,
            )
            lead_hits += counts[g] * np.isin(codes, result.leading)
            pot_hits += counts[g] * np.isin(codes, result.potential)
            if progress is not None:
                progress(done + 1, total)
        rows.append(row)
    resolved = int(counts[solved].sum())
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


def perturb_flows(flows: np.ndarray, relative_error: float, rng: np.random.Generator) -> np.ndarray:
    """Multiply every flow by mean-one lognormal noise with coefficient of variation e.

    Z̃_ij = Z_ij · exp(σ ε_ij − σ²/2), ε_ij ~ N(0, 1), σ² = ln(1 + e²), so
    E[Z̃_ij] = Z_ij and sd(Z̃_ij) = e · |Z_ij|. Zeros stay zero, signs are kept.

    Examples
    --------
    >>> z = np.array([[150.0, 500.0], [200.0, 0.0]])
    >>> out = perturb_flows(z, 0.1, np.random.default_rng(0))
    >>> bool(out[1, 1] == 0.0), bool(np.all(np.abs(out / np.where(z, z, 1) - 1)[z > 0] < 0.5))
    (True, True)
    """
    if not (math.isfinite(relative_error) and relative_error >= 0):
        msg = f"relative_error: expected a finite number ≥ 0, got {relative_error!r}"
        raise ScenarioError(msg)
    flows = np.asarray(flows, dtype=float)
    if not np.all(np.isfinite(flows)):
        msg = "flows: NaN or infinite values cannot be perturbed"
        raise ScenarioError(msg)
    sigma = math.sqrt(math.log1p(relative_error**2))
    return flows * np.exp(sigma * rng.standard_normal(flows.shape) - sigma**2 / 2)


@dataclass(frozen=True)
class DataSensitivity:
    """Result of :func:`calc_data_sensitivity`.

    Attributes
    ----------
    table : pd.DataFrame
        Per industry: ``baseline_rank``, ``mean_rank``, ``rank_low``, ``rank_high``,
        ``top_k_frequency``.
    draws : pd.DataFrame
        Per draw: ``kendall`` (τ-b) and ``spearman`` vs the baseline scores,
        ``top_k_overlap`` (share of the baseline top-K still in the top K).
    summary : dict
        Means and the ``quantiles`` of the three per-draw statistics.
    """

    table: pd.DataFrame
    draws: pd.DataFrame
    summary: dict[str, float]
    n_draws: int
    seed: int
    top_k: int


def calc_data_sensitivity(
    baseline: pd.Series,
    score_draw: Callable[[np.random.Generator], pd.Series],
    *,
    n_draws: int = 100,
    seed: int = 0,
    top_k: int = 5,
    quantiles: tuple[float, float] = (0.05, 0.95),
    progress: Progress | None = None,
) -> DataSensitivity:
    """Rank stability of the scores when the data are perturbed.

    Each draw d calls ``score_draw(rng_d)`` with an independent generator spawned
    from ``seed`` (the runner perturbs the table, e.g. with :func:`perturb_flows`,
    and recomputes the scores) and compares the result with ``baseline``.

    Parameters
    ----------
    baseline : pd.Series
        Unperturbed scores, indexed by industry code.
    score_draw : callable(Generator) -> pd.Series
        Scores of one perturbed table; same codes as ``baseline``.
    n_draws, seed, top_k, quantiles, progress : settings as in :func:`calc_weight_sensitivity`.

    Returns
    -------
    DataSensitivity

    Examples
    --------
    >>> base = pd.Series({"a": 3.0, "b": 2.0, "c": 1.0})
    >>> res = calc_data_sensitivity(base, lambda rng: base * 1.0, n_draws=3, top_k=1)
    >>> res.summary["kendall_mean"], res.table["top_k_frequency"].tolist()
    (1.0, [1.0, 0.0, 0.0])
    """
    if not isinstance(n_draws, int) or n_draws < 1 or not 1 <= top_k <= len(baseline):
        msg = f"n_draws/top_k: need n_draws ≥ 1 and 1 ≤ top_k ≤ {len(baseline)}"
        raise ScenarioError(msg)
    codes = sorted(str(c) for c in baseline.index)
    base = baseline.set_axis([str(c) for c in baseline.index]).reindex(codes).to_numpy(dtype=float)
    scores = np.empty((len(codes), n_draws))
    children = np.random.SeedSequence(seed).spawn(n_draws)
    for d, child in enumerate(children):
        s = score_draw(np.random.default_rng(child))
        s = s.set_axis([str(c) for c in s.index])
        if set(s.index) != set(codes) or not np.all(np.isfinite(s.to_numpy(dtype=float))):
            msg = f"score_draw: draw {d} returned scores with other codes or NaN values"
            raise ScenarioError(msg)
        scores[:, d] = s.reindex(codes).to_numpy(dtype=float)
        if progress is not None:
            progress(d + 1, n_draws)
    ranks = calc_ranks(scores)
    base_ranks = calc_ranks(base[:, None])[:, 0]
    table = _rank_table(codes, ranks, base_ranks, top_k, quantiles)
    base_top = base_ranks <= top_k
    per_draw = pd.DataFrame(
        {
            "kendall": [stats.kendalltau(base, scores[:, d]).statistic for d in range(n_draws)],
            "spearman": [stats.spearmanr(base, scores[:, d]).statistic for d in range(n_draws)],
            "top_k_overlap": ((ranks <= top_k) & base_top[:, None]).sum(axis=0) / top_k,
        }
    )
    summary: dict[str, float] = {}
    for col in per_draw.columns:
        lo, hi = np.quantile(per_draw[col], quantiles)
        summary.update(
            {
                f"{col}_mean": float(per_draw[col].mean()),
                f"{col}_low": float(lo),
                f"{col}_high": float(hi),
            }
        )
    return DataSensitivity(table, per_draw, summary, n_draws, seed, top_k)


#: Parameter families of :func:`summarise_variants`, in report order.
FAMILY_LABELS: dict[str, str] = {
    "regionalization": "regionalisation",
    "stages": "stage thresholds",
    "policy": "policy on/off",
}


@dataclass(frozen=True)
class Variant:
    """One re-run of the decision under another modelling choice.

    Attributes
    ----------
    family : str
        ``"regionalization"``, ``"stages"`` or ``"policy"`` (:data:`FAMILY_LABELS`).
    label : str
        What was changed, e.g. ``"FLQ δ = 0.5"``.
    leading, potential : tuple of str
        The chosen leading and potential industries (empty when not solved).
    solved : bool
        Whether the MILP found a portfolio.
    """

    family: str
    label: str
    leading: tuple[str, ...]
    potential: tuple[str, ...] = ()
    solved: bool = True


@dataclass(frozen=True)
class ParameterSensitivity:
    """Result of :func:`summarise_variants`.

    Attributes
    ----------
    variants : pd.DataFrame
        One row per variant: ``family``, ``variant``, ``leading``, ``potential``
        (space-separated codes), ``solved``, ``same_leading`` (leading set equal to the
        baseline's).
    table : pd.DataFrame
        Per industry (index ``industry``): ``chosen_share_<family>`` for every family
        present (share of that family's solved variants choosing it as leading),
        ``chosen_share_parameters`` (over all solved variants, each counted once),
        ``potential_share_parameters``, and ``chosen_share_overall``: the mean over the
        families present, the weight draws counting as one family when given
        (``chosen_share_weights`` = their ``selected_frequency``).
    summary : dict
        ``n_variants``, ``n_unchanged``, ``by_family`` ({family: {"variants",
        "unchanged"}}), ``baseline_leading``, ``chosen`` ({code: share over all
        variants} for the baseline's and the variants' leading industries) and
        ``text``, one line a report can show.
    """

    variants: pd.DataFrame
    table: pd.DataFrame
    summary: dict[str, object]


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def summarise_variants(
    baseline_leading: Sequence[str],
    variants: Sequence[Variant],
    codes: Sequence[str],
    *,
    weight_frequency: pd.Series | None = None,
) -> ParameterSensitivity:
    """Stability of the leading set over parameter variants (and weight draws).

    Parameters
    ----------
    baseline_leading : sequence of str
        The scenario's leading industries.
    variants : sequence of Variant
        The re-runs; unsolved variants count as "changed" but not in the shares.
    codes : sequence of str
        Industries of the table (rows of ``table``).
    weight_frequency : Series, optional
        ``selected_frequency`` of the weight draws (:class:`WeightSensitivity`).

    Examples
    --------
    >>> v = [Variant("stages", "x0.9", ("a", "b")), Variant("stages", "x1.1", ("a", "c")),
    ...      Variant("policy", "off", ("a", "b"))]
    >>> r = summarise_variants(["a", "b"], v, ["a", "b", "c"])
    >>> r.summary["n_unchanged"], r.summary["n_variants"], r.table["chosen_share_stages"].tolist()
    (2, 3, [1.0, 0.5, 0.5])
    >>> print(r.summary["text"].replace("; ", ";\\n"))
    leading set unchanged in 2 of 3 parameter variants (stage thresholds 1/2, policy on/off 1/1);
    chosen as leading: a 100 %, b 67 %, c 33 %
    """
    base = tuple(sorted(baseline_leading))
    codes = [str(c) for c in codes]
    rows = [
        {
            "family": v.family,
            "variant": v.label,
            "leading": " ".join(v.leading),
            "potential": " ".join(v.potential),
            "solved": v.solved,
            "same_leading": v.solved and tuple(sorted(v.leading)) == base,
        }
        for v in variants
    ]
    frame = pd.DataFrame(
        rows, columns=["family", "variant", "leading", "potential", "solved", "same_leading"]
    )
    families = [f for f in FAMILY_LABELS if f in set(frame["family"])]
    families += [f for f in dict.fromkeys(frame["family"]) if f not in families]
    table = pd.DataFrame(index=pd.Index(codes, name="industry"))
    solved = [v for v in variants if v.solved]

    def share(vs: Sequence[Variant], attr: str) -> pd.Series:
        if not vs:
            return pd.Series(np.nan, index=table.index)
        hits = [sum(c in getattr(v, attr) for v in vs) / len(vs) for c in codes]
        return pd.Series(hits, index=table.index)

    family_cols = []
    if weight_frequency is not None:
        table["chosen_share_weights"] = weight_frequency.reindex(codes).to_numpy(dtype=float)
        family_cols.append("chosen_share_weights")
    by_family: dict[str, dict[str, int]] = {}
    for fam in families:
        members = [v for v in solved if v.family == fam]
        table[f"chosen_share_{fam}"] = share(members, "leading")
        family_cols.append(f"chosen_share_{fam}")
        in_fam = frame[frame["family"] == fam]
        by_family[fam] = {
            "variants": len(in_fam),
            "unchanged": int(in_fam["same_leading"].sum()),
        }
    table["chosen_share_parameters"] = share(solved, "leading")
    table["potential_share_parameters"] = share(solved, "potential")
    table["chosen_share_overall"] = (
        table[family_cols].mean(axis=1, skipna=True) if family_cols else np.nan
    )
    n_unchanged = int(frame["same_leading"].sum()) if len(frame) else 0
    overall = table["chosen_share_parameters"]
    named = [c for c in codes if c in base or (overall.get(c, 0) or 0) > 0]
    value = {c: float(overall[c]) if pd.notna(overall[c]) else 0.0 for c in named}
    named.sort(key=lambda c: (-value[c], c))
    chosen = {c: float(overall[c]) for c in named if pd.notna(overall[c])}
    parts = ", ".join(
        f"{FAMILY_LABELS.get(f, f)} {by_family[f]['unchanged']}/{by_family[f]['variants']}"
        for f in families
    )
    text = f"leading set unchanged in {n_unchanged} of {len(frame)} parameter variants"
    if parts:
        text += f" ({parts})"
    if chosen:
        text += "; chosen as leading: " + ", ".join(f"{c} {_pct(x)}" for c, x in chosen.items())
    if weight_frequency is not None:
        wf = weight_frequency.reindex(list(base)).astype(float)
        text += "; under weight draws: " + ", ".join(
            f"{c} {_pct(float(x))}" for c, x in wf.items() if pd.notna(x)
        )
    summary: dict[str, object] = {
        "n_variants": len(frame),
        "n_unchanged": n_unchanged,
        "by_family": by_family,
        "baseline_leading": list(base),
        "chosen": chosen,
        "text": text,
    }
    return ParameterSensitivity(variants=frame, table=table, summary=summary)
