"""The split city and criteria modules: the old import paths keep every public name.

Other stages (scenario, gaps, report, web, cli, backtest) import these names from the
facade modules; each must be the very object its owning module defines. The criteria
facades are checked here too, beside the city ones.
"""

from __future__ import annotations

import importlib

import pytest

#: facade module -> the modules it gathers
FACADES: dict[str, tuple[str, ...]] = {
    "chainmap.city.citydata": (
        "chainmap.city.reading",
        "chainmap.city.units",
        "chainmap.city.concordance",
        "chainmap.city.completion",
    ),
    "chainmap.city.regional": ("chainmap.city.lq", "chainmap.city.technology"),
    "chainmap.city.stages": ("chainmap.city.lifecycle", "chainmap.city.stage_inference"),
    "chainmap.criteria.scores": (
        "chainmap.criteria.indicators",
        "chainmap.criteria.aggregation",
        "chainmap.criteria.options",
    ),
    "chainmap.criteria.policy_text": (
        "chainmap.criteria.policy_documents",
        "chainmap.criteria.policy_keywords",
    ),
    "chainmap.criteria.weighting": ("chainmap.criteria.normalisation", "chainmap.criteria.ahp"),
}

#: names other packages import from the facades today (grep of chainmap/, tests/, benchmarks/)
IMPORTED_ELSEWHERE: dict[str, tuple[str, ...]] = {
    "chainmap.city.citydata": (
        "CityData", "CityOutput", "FillRule", "codes_for_source", "column_year",
        "columns_sha256", "complete_city_output", "map_to_parent", "match_key",
        "read_city_data", "read_concordance", "unit_factor", "year_columns",
    ),
    "chainmap.city.regional": (
        "ABSENT_PREFIX", "FINAL_DEMAND_COLUMN", "calc_aflq", "calc_cilq", "calc_flq",
        "calc_import_share", "calc_lambda_star", "calc_lq", "calc_regional_coefficients",
        "calc_slq", "parent_technology", "regionalize",
    ),
    "chainmap.city.stages": (
        "STAGES", "StageRules", "infer_stage", "infer_stages", "parse_stage",
        "resolve_stages", "series_indicators", "stage_eligibility",
    ),
    "chainmap.criteria.scores": (
        "CRITERIA", "CriteriaOptions", "CriteriaResult", "DEFAULT_STAGE_SCORES", "INDICATORS",
        "calc_driving_indicators", "calc_location_quotient", "rescore_criteria",
        "score_criteria",
    ),
    "chainmap.criteria.policy_text": (
        "DEFAULT_KEYWORDS", "Document", "GENERIC_WORDS", "KeywordList", "_base_tokenizer",
        "_tokenizer", "apply_overrides", "load_keywords", "read_policy_documents",
        "score_policy_support",
    ),
    "chainmap.criteria.weighting": (
        "AHPResult", "NORMALISATIONS", "SAATY_RI", "ahp_weights", "check_weights",
        "entropy_weights", "normalise", "normalise_minmax", "normalise_rank",
        "normalise_zscore", "score_topsis",
    ),
}  # fmt: skip


@pytest.mark.parametrize("facade", sorted(IMPORTED_ELSEWHERE))
def test_names_imported_elsewhere_still_resolve(facade: str) -> None:
    module = importlib.import_module(facade)
    missing = [n for n in IMPORTED_ELSEWHERE[facade] if not hasattr(module, n)]
    assert missing == []


@pytest.mark.parametrize("facade", sorted(FACADES))
def test_facade_reexports_the_owners_objects(facade: str) -> None:
    module = importlib.import_module(facade)
    exported = list(getattr(module, "__all__", []))
    assert exported, f"{facade} declares no __all__"
    owners = [importlib.import_module(m) for m in FACADES[facade]]
    for name in exported:
        value = getattr(module, name)
        defined_here = getattr(value, "__module__", facade) == facade
        from_owner = any(getattr(o, name, None) is value for o in owners)
        assert defined_here or from_owner, f"{facade}.{name}: not its own, not an owner's"
