"""The scenario schema: every key with its default, and the types of keys that vary.

A key not present in :data:`DEFAULTS` is an error naming the key and the file, and so is
a value whose type differs from the default's type (``None`` defaults accept any value of
the documented type in :data:`TYPES`); see :mod:`chainmap.scenario.schema`.
"""

from __future__ import annotations

from typing import Any

from chainmap.criteria.options import DEFAULT_WEIGHTS

#: Code defaults; also the schema (every allowed key appears here).
DEFAULTS: dict[str, Any] = {
    "name": "",
    "description": "",
    "extends": None,
    "illustrative": False,
    # the scenario's year T: no table dated after T and no city column yYYYY with YYYY > T
    # is read (no look-ahead). Default: the year of city.column (yYYYY), else the parent's.
    "year": None,
    # parent table: registry id or path (relative to the scenario's repository root)
    "table": "cn-nbs-2020-153",
    "technology": "domestic",
    "repair": [],  # explicit repairs of the tables read (drop_zero_output, clip_negative)
    "city": {
        "name": "",
        "name_en": "",
        "data": None,  # CSV of city sector data (other yYYYY columns give the series)
        "column": None,  # column of the CSV holding the values
        "key_column": None,  # column identifying the sector (default: code)
        "measure": "output",  # output | employment | value_added
        "unit": "",  # unit of the CSV values (e.g. 亿元); "" = the parent's unit
        "concordance": None,  # CSV mapping the city classification to the parent codes
        "unreported": "missing",  # concordance sources the CSV leaves empty: missing | zero
        "fill": "parent_share",  # parent_share | parent_structure | zero | exclude
        "fill_total": None,  # city total of the filled sectors (parent unit)
    },
    # province: registry id of the city's own provincial table (cn-prov-2017-浙江); its
    # observed local shares, scaled to the city, replace the location quotients
    "regionalization": {
        "method": "learned",  # learned | flq | aflq | slq | cilq
        "delta": 0.3,
        "ras": False,
        "province": None,
        "note": None,  # a data note for the report (e.g. why no provincial table)
    },
    # the section is chainmap.criteria.options.CriteriaOptions (same keys and meaning)
    "criteria": {
        "weights": dict(DEFAULT_WEIGHTS),
        "weighting": "manual",  # manual | entropy | ahp
        "ahp_matrix": None,
        "normalisation": "minmax",  # minmax | zscore | rank
        "aggregation": "weighted_sum",  # weighted_sum | topsis
        "indicator_weights": {},
        "stage_scores": {},
        "default_stage": "steady_growth",
        "stage_rules": {},
        "roles": {},
        "side_effect_weights": None,
        "market_basis": "total",  # total (intermediate + final home demand) | final
    },
    "stages": {},  # code -> stage name (Chinese or English); others inferred/assumed
    "policy": {},  # code -> intensity in [0, 1]; overrides the text score of that sector
    # folder of .txt/.docx plan documents (relative to the scenario file): text policy score
    "policy_documents": None,
    "policy_keywords": None,  # keyword CSV replacing the shipped io_tables/policy_keywords.csv
    "market": {
        "tables": ["cn-nbs-2017-42", "cn-nbs-2020-42"],
        "forecasts": {},  # code -> forecast market size replacing the table-based one
    },
    "gaps": {
        "key_share": 0.8,
        "target_local_share": 0.6,
        "candidates": [],  # extra industries to diagnose besides the chosen ones
    },
    "selection": {
        # covered: only industries (and supplier links) the city data report; all: every one
        "candidates": "covered",
        "n_leading": [2, 4],
        "n_potential": [0, 2],
        "budget": None,
        "entry_cost": {},  # code -> cost; missing = default_entry_cost
        "default_entry_cost": 1.0,
        "fill_cost": {},  # supplier code -> cost; missing = default_fill_cost
        "default_fill_cost": 0.5,
        "max_links": None,
        "caps": {},  # name -> {coefficients: {code: v} | satellite: name, cap: v, sense: "<="}
        "diversity": {"by": None, "max_per_group": None},
        "require": [],
        "exclude": [],
        "strict_stages": False,
        "synergy_weight": 0.0,
        "leading_covers_links": False,
        # link values are scaled so the best chain fully filled is worth 1 (score scale);
        # link_weight 0.5: filling links can add at most half the best possible score
        "objective": {"score_weight": 1.0, "link_weight": 0.5, "cost_weight": 0.1},
        "potential_discount": 0.5,
        "alternatives": 3,
        "solver": "cbc",
        "time_limit": 60.0,
    },
    "robustness": {
        "weight_draws": 1000,
        "concentration": 50.0,
        "data_draws": 0,
        "data_error": 0.05,
        "max_solves": 40,
        # re-runs of the decision under other regionalisation δ, stage thresholds,
        # policy on/off and market growth window (at most this many; 0 = off); see
        # robustness.csv chosen_share_*
        "parameter_draws": 9,
        "seed": 20251123,
    },
    "report": {"lang": "zh", "formats": ["html", "xlsx", "md"]},
}

#: Types of keys whose default is None or whose values may take several types.
TYPES: dict[str, tuple[type, ...]] = {
    "extends": (str,),
    "year": (int,),
    "policy_documents": (str,),
    "policy_keywords": (str,),
    "city.data": (str,),
    "city.column": (str,),
    "city.key_column": (str,),
    "city.concordance": (str,),
    "city.fill_total": (int, float),
    "regionalization.delta": (int, float),
    "regionalization.province": (str,),
    "regionalization.note": (str,),
    "criteria.ahp_matrix": (list,),
    "criteria.side_effect_weights": (dict,),
    "criteria.default_stage": (str,),
    "selection.n_leading": (int, list),
    "selection.n_potential": (int, list),
    "selection.budget": (int, float),
    "selection.default_entry_cost": (int, float),
    "selection.default_fill_cost": (int, float),
    "selection.max_links": (int,),
    "selection.synergy_weight": (int, float),
    "selection.potential_discount": (int, float),
    "selection.time_limit": (int, float),
    "selection.diversity.by": (str,),
    "selection.diversity.max_per_group": (int,),
    "selection.objective.score_weight": (int, float),
    "selection.objective.link_weight": (int, float),
    "selection.objective.cost_weight": (int, float),
    "robustness.concentration": (int, float),
    "robustness.data_error": (int, float),
    "gaps.key_share": (int, float),
    "gaps.target_local_share": (int, float),
    "criteria.weights.driving_effect": (int, float),
    "criteria.weights.industrial_base": (int, float),
    "criteria.weights.development_stage": (int, float),
    "criteria.weights.market_size": (int, float),
    "criteria.weights.policy_support": (int, float),
}

#: Mappings whose keys are free (sector codes, names), not schema keys.
FREE_MAPPINGS: frozenset[str] = frozenset(
    {
        "stages",
        "policy",
        "market.forecasts",
        "selection.entry_cost",
        "selection.fill_cost",
        "selection.caps",
        "criteria.side_effect_weights",
        "criteria.indicator_weights",
        "criteria.stage_scores",
        "criteria.stage_rules",
        "criteria.roles",
    }
)
