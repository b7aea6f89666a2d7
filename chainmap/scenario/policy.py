"""Policy support per sector: plan documents, typed values, or the criterion off."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd

from chainmap.criteria import policy_text
from chainmap.criteria.scores import CriteriaOptions
from chainmap.errors import ScenarioError
from chainmap.io.table import IOTable
from chainmap.scenario.schema import Scenario
from chainmap.scenario.settings import criteria_options

#: Policy intensity per sector: a Series from the documents, typed values, or None (off).
PolicySupport = pd.Series | dict[str, float] | None


def policy_support(
    scenario: Scenario,
    city: IOTable,
    codes: dict[str, Any],
    inputs: dict[str, str],
    notes: list[str],
) -> tuple[PolicySupport, CriteriaOptions]:
    """Policy intensity per sector and the criteria options (policy off without any data).

    * ``policy_documents`` (a folder relative to the scenario file): the text score of
      :func:`chainmap.criteria.policy_text.score_policy_support` (keyword mentions per
      10 000 characters, log-damped, divided by the maximum: [0, 1]); the scenario's
      ``policy:`` values (also [0, 1]) override it per sector. Every document's sha256
      goes into the result's ``input_sha256``.
    * only ``policy:``: the typed values, others 0.
    * neither: the criterion is **off**; with manual weights its weight is redistributed
      over the other criteria in proportion to theirs (recorded in the notes), rather
      than scoring every industry 0 on it.
    """
    options = criteria_options(scenario)
    manual = dict(codes["policy"])
    if scenario.get("policy_documents"):
        scores = _policy_from_documents(scenario, city, manual, inputs, notes)
        return scores, options
    if manual:
        notes.append(f"policy support: {len(manual)} values typed in the scenario, others 0")
        return manual, options
    off = float(dict(options.weights).get("policy_support", 0))
    options = policy_off(options)
    if options.weighting == "manual" and off > 0:
        notes.append(
            f"policy support off: no policy_documents and no policy values; its weight {off:g} "
            "is redistributed over the other criteria in proportion to their weights"
        )
    return None, options


def _policy_from_documents(
    scenario: Scenario,
    city: IOTable,
    manual: dict[str, float],
    inputs: dict[str, str],
    notes: list[str],
) -> pd.Series:
    """The text score of the ``policy_documents`` folder, typed values overriding it."""
    folder = scenario.get("policy_documents")
    base = scenario.path.parent if scenario.path is not None else Path.cwd()
    path = Path(folder) if Path(folder).is_absolute() else base / folder
    documents = policy_text.read_policy_documents(path)
    kw_file = scenario.get("policy_keywords")
    kw_path = None if kw_file is None else scenario.resolve_path(kw_file)
    scheme = {153: "nbs-153", 42: "nbs-42"}.get(city.n if city.n in (42, 153) else -1)
    if scheme is None and kw_path is None:
        msg = (
            f"{scenario.path or scenario.name}: key 'policy_documents': the shipped "
            f"keywords cover the NBS 42 and 153-sector tables, not this {city.n}-sector "
            "table; set policy_keywords: to a keyword CSV for its codes"
        )
        raise ScenarioError(msg)
    keywords = policy_text.load_keywords(kw_path, scheme=scheme or "nbs-153")
    scores = policy_text.score_policy_support(documents, keywords, [str(c) for c in city.codes])
    scores = policy_text.apply_overrides(scores, manual)
    for doc in documents:
        inputs[str(path / doc.name)] = doc.sha256
    inputs[str(keywords.source)] = keywords.sha256
    top = scores["policy_support"].sort_values(ascending=False, kind="stable").head(5)
    listed = ", ".join(f"{c} {v:.2f}" for c, v in top.items())
    notes.append(
        f"policy support from {len(documents)} plan documents in {folder} (keyword "
        f"mentions, jieba); top: {listed}"
        + (f"; {len(manual)} typed values override the text score" if manual else "")
    )
    return scores["policy_support"].rename("policy_intensity")


def policy_off(options: CriteriaOptions) -> CriteriaOptions:
    """Options with the policy criterion off (manual weight 0: the others share it)."""
    weights = dict(options.weights)
    if options.weighting == "manual" and weights.get("policy_support", 0) > 0:
        weights["policy_support"] = 0.0
        return dataclasses.replace(options, weights=weights)
    return options
