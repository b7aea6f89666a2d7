"""Turn a scenario, its criteria scores and its gap diagnoses into selection inputs.

The MILP (:mod:`chainmap.select.model`) sees plain data only; this module is where the
scenario's words become that data:

* stage class per industry from the stage rule (method.md 1.4): 稳健增长期 → ``leading``,
  萌芽期/验证放量期 → ``potential``, 过热期/成熟期/衰退期 → ``excluded``; the scenario's
  ``strict_stages`` decides whether potential ones may also lead;
* link values ``w_ij = cost_share_ij × (1 − local_share_ij)`` for the 补链/强链 links of
  each diagnosed chain (:mod:`chainmap.scenario.link_values`), divided by the largest
  chain total ``max_j Σ_i w_ij`` so a fully filled chain is worth at most 1, the top of
  the score scale; ``selection.objective.link_weight`` (default 0.5) weighs them;
* costs, caps, diversity groups, required and excluded industries, synergy pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from chainmap.city.market import nbs_concordance
from chainmap.city.stages import stage_eligibility
from chainmap.criteria.scores import CriteriaResult
from chainmap.errors import ScenarioError, is_finite_number
from chainmap.graph.network import calc_communities
from chainmap.io.table import IOTable
from chainmap.scenario.link_values import LinkCache, link_values
from chainmap.scenario.schema import Scenario
from chainmap.scenario.settings import upper_count
from chainmap.select.inputs import ResourceCap, SelectionInputs

#: Industries whose chains are valued in the selection (at least this many).
MIN_SHORTLIST = 12

#: National-economy sections (门类) of the NBS 42-sector codes, for diversity limits.
SECTIONS_42: dict[str, tuple[str, str]] = {
    **{"01": ("A", "农林牧渔业")},
    **{f"{c:02d}": ("B", "采矿业") for c in range(2, 6)},
    **{f"{c:02d}": ("C", "制造业") for c in range(6, 24)},
    **{f"{c:02d}": ("D", "电力、热力、燃气及水生产和供应业") for c in range(24, 27)},
    **{"27": ("E", "建筑业")},
    **{f"{c:02d}": ("S", "服务业") for c in range(28, 43)},
}


def calc_sections(table: IOTable) -> pd.Series:
    """Section (门类 letter) of every industry of an NBS 42/149/153-sector table.

    Examples
    --------
    >>> from chainmap.io.illustrative import build_illustrative_table
    >>> calc_sections(build_illustrative_table()).value_counts().to_dict()
    {'C': 18, 'S': 15, 'B': 4, 'D': 3, 'A': 1, 'E': 1}
    """
    codes = [str(c) for c in table.codes]
    to42: pd.Series | None = None
    if all(c in SECTIONS_42 for c in codes):
        to42 = pd.Series(codes, index=codes)
    else:
        # 149- and 153-sector codes overlap with different meanings: pick the scheme
        # whose names match the table's (a city table may have dropped some sectors)
        names = table.sectors["name_zh"].astype(str)
        best = 0
        for scheme in ("nbs-153", "nbs-149"):
            conc = nbs_concordance(scheme)  # type: ignore[arg-type]
            if not all(c in conc.index for c in codes):
                continue
            hits = int((conc.loc[codes, "name_zh"].to_numpy() == names.to_numpy()).sum())
            if hits > best:
                best, to42 = hits, conc.loc[codes, "code_42"]
    if to42 is None:
        msg = (
            "selection.diversity.by 'section' needs an NBS 42, 149 or 153-sector table; "
            f"this one has {table.n} sectors"
        )
        raise ScenarioError(msg)
    return pd.Series([SECTIONS_42[str(to42.get(c, ""))][0] for c in table.codes], index=table.codes)


def stage_classes(stages: pd.Series) -> pd.Series:
    """``leading`` / ``potential`` / ``excluded`` per industry from its life-cycle stage."""
    out = {}
    for code, stage in stages.items():
        elig = stage_eligibility(str(stage), strict=True)
        out[code] = (
            "leading" if elig.can_lead else "potential" if elig.can_be_potential else "excluded"
        )
    return pd.Series(out, dtype=object)


def candidate_codes(scenario: Scenario, city: IOTable, covered: Sequence[str] | None) -> list[str]:
    """Industries that may be chosen (and suppliers that may be filled).

    With ``selection.candidates: covered`` (default) and partial city data, only the
    industries the city data report: the others' city figures are the fill rule's
    assumption, not observations, and must not drive the decision.
    """
    codes = [str(c) for c in city.codes]
    if scenario.get("selection.candidates") == "all" or covered is None:
        return codes
    if scenario.get("selection.candidates") != "covered":
        msg = (
            "selection.candidates: expected 'covered' or 'all', got "
            f"{scenario.get('selection.candidates')!r}"
        )
        raise ScenarioError(msg)
    keep = set(covered)
    return [c for c in codes if c in keep]


def shortlist(
    scenario: Scenario, criteria: CriteriaResult, codes: dict[str, Any], allowed: Sequence[str]
) -> list[str]:
    """Industries whose chains are diagnosed and valued.

    The best-scored industries that may lead or be cultivated (``4 × max leading`` of
    them, at least :data:`MIN_SHORTLIST`) plus every required industry and every industry
    named in ``gaps.candidates``.
    """

    classes = stage_classes(criteria.indicators["stage"])
    size = max(MIN_SHORTLIST, 4 * upper_count(scenario.get("selection.n_leading")))
    excluded = set(codes["selection.exclude"]) | (set(criteria.score.index) - set(allowed))
    order = criteria.score.sort_values(ascending=False, kind="stable")
    ranked = [
        str(c) for c in order.index if classes.get(c) != "excluded" and str(c) not in excluded
    ]
    chosen = ranked[:size]
    for code in (*codes["selection.require"], *codes["gaps.candidates"]):
        if code not in chosen:
            chosen.append(code)
    return chosen


def _costs(mapping: dict[str, float], default: float, index: list[str], key: str) -> pd.Series:
    out = pd.Series(float(default), index=index, dtype=float)
    for code, value in mapping.items():
        if not (is_finite_number(value) and value >= 0):
            msg = f"{key}.{code}: must be a number >= 0, got {value!r}"
            raise ScenarioError(msg)
        if code in out.index:
            out[code] = float(value)
    return out


def _caps(scenario: Scenario, city: IOTable) -> dict[str, Any]:
    caps: dict[str, Any] = {}
    for name, spec in scenario.get("selection.caps").items():
        where = f"selection.caps.{name}"
        if not isinstance(spec, dict) or "cap" not in spec:
            msg = f"{where}: needs 'cap' and 'coefficients' or 'satellite'"
            raise ScenarioError(msg)
        if "satellite" in spec:
            sat = spec["satellite"]
            if city.satellites is None or sat not in city.satellites.index:
                msg = f"{where}: the table has no satellite {sat!r}"
                raise ScenarioError(msg)
            coef = pd.Series(city.satellites.loc[sat], dtype=float)
        elif "coefficients" in spec:
            coef = pd.Series(spec["coefficients"], dtype=float).reindex(city.codes, fill_value=0.0)
        else:
            msg = f"{where}: needs 'coefficients' (code: value) or 'satellite'"
            raise ScenarioError(msg)
        caps[name] = ResourceCap(coef, float(spec["cap"]), str(spec.get("sense", "<=")))
    return caps


def _diversity(scenario: Scenario, city: IOTable) -> tuple[pd.Series | None, int | None]:
    by = scenario.get("selection.diversity.by")
    limit = scenario.get("selection.diversity.max_per_group")
    if by is None or limit is None:
        return None, None
    if by == "section":
        return calc_sections(city), int(limit)
    if by == "category":
        cat = city.sectors["category"].astype(str)
        if (cat == "").all():
            msg = "selection.diversity.by 'category': the table's sectors have no category"
            raise ScenarioError(msg)
        return cat, int(limit)
    if by == "cluster":
        labels, _ = calc_communities(city.z, seed=int(scenario.get("robustness.seed")))
        return pd.Series([f"cluster {k}" for k in labels], index=city.codes), int(limit)
    msg = f"selection.diversity.by: expected section, category or cluster, got {by!r}"
    raise ScenarioError(msg)


def _synergy(city: IOTable, codes: list[str]) -> pd.DataFrame:
    """σ_jk = a_jk + a_kj: how much two candidates buy from each other per unit output."""
    pos = [list(city.codes).index(c) for c in codes]
    a = city.a[np.ix_(pos, pos)]
    rows = [
        {"industry": codes[i], "partner": codes[k], "sigma": float(a[i, k] + a[k, i])}
        for i in range(len(codes))
        for k in range(i + 1, len(codes))
        if a[i, k] + a[k, i] > 0
    ]
    return pd.DataFrame(rows, columns=["industry", "partner", "sigma"])


def fixed_selection_terms(
    scenario: Scenario,
    city: IOTable,
    criteria: CriteriaResult,
    codes: dict[str, Any],
    candidates: list[str],
) -> dict[str, Any]:
    """Keyword arguments of :class:`SelectionInputs` that do not depend on the chains.

    Scores, stage classes, counts, entry costs, budget, caps, diversity, required and
    excluded industries and the objective weights: built once per decision and reused by
    every shortlist round (:func:`chain_selection_terms` adds the chains' links).
    """
    sel = scenario.get("selection")
    lead_lo, lead_hi = _count_range(sel["n_leading"])
    pot_lo, pot_hi = _count_range(sel["n_potential"])
    category, max_per = _diversity(scenario, city)
    objective = sel["objective"]
    return {
        "candidates": tuple(candidates),
        "score": criteria.score.reindex(candidates),
        "criteria": criteria.criteria.reindex(candidates),
        "weights": criteria.weights,
        "stage_class": stage_classes(criteria.indicators["stage"]).reindex(candidates),
        "strict": bool(sel["strict_stages"]),
        "entry_cost": _costs(
            codes["selection.entry_cost"],
            sel["default_entry_cost"],
            candidates,
            "selection.entry_cost",
        ),
        "budget": None if sel["budget"] is None else float(sel["budget"]),
        "n_leading_min": lead_lo,
        "n_leading_max": lead_hi,
        "n_potential_min": pot_lo,
        "n_potential_max": pot_hi,
        "max_links": sel["max_links"],
        "caps": _caps(scenario, city),
        "category": None if category is None else category.reindex(candidates),
        "max_per_category": max_per,
        "must_include": tuple(codes["selection.require"]),
        "exclude": tuple(c for c in codes["selection.exclude"] if c in set(candidates)),
        "score_weight": float(objective["score_weight"]),
        "link_weight": float(objective["link_weight"]),
        "cost_weight": float(objective["cost_weight"]),
        "potential_discount": float(sel["potential_discount"]),
        "leading_covers_links": bool(sel["leading_covers_links"]),
    }


def chain_selection_terms(
    scenario: Scenario,
    city: IOTable,
    gaps: dict[str, Any],
    codes: dict[str, Any],
    candidates: list[str],
    link_cache: LinkCache | None = None,
) -> dict[str, Any]:
    """Keyword arguments of :class:`SelectionInputs` from the diagnosed chains.

    The links to fill with their values, the suppliers' fill costs and, with a synergy
    weight, the synergy pairs among the diagnosed candidates.
    """
    sel = scenario.get("selection")
    allowed = set(candidates)
    chains = {j: d for j, d in gaps.items() if j in allowed}
    links = link_values(chains, candidates, link_cache)
    suppliers = sorted(set(links["supplier"])) if not links.empty else []
    synergy = None
    if float(sel["synergy_weight"]) > 0:
        synergy = _synergy(city, sorted(set(gaps) & set(candidates)))
    fill_cost = None
    if suppliers:
        fill_cost = _costs(
            codes["selection.fill_cost"], sel["default_fill_cost"], suppliers, "selection.fill_cost"
        )
    return {
        "links": links if not links.empty else None,
        "fill_cost": fill_cost,
        "synergy": synergy,
        "synergy_weight": float(sel["synergy_weight"]) if synergy is not None else 1.0,
    }


def build_selection_inputs(
    scenario: Scenario,
    city: IOTable,
    criteria: CriteriaResult,
    gaps: dict[str, Any],
    codes: dict[str, Any],
    candidates: list[str],
) -> SelectionInputs:
    """The :class:`chainmap.select.inputs.SelectionInputs` of a scenario."""
    return SelectionInputs(
        **fixed_selection_terms(scenario, city, criteria, codes, candidates),
        **chain_selection_terms(scenario, city, gaps, codes, candidates),
    )


def _count_range(value: Any) -> tuple[int, int]:
    """``(min, max)`` of a count setting: ``3`` or ``[2, 4]``."""
    low, high = (value[0], value[-1]) if isinstance(value, list) else (value, value)
    return int(low), int(high)
