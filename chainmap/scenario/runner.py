"""Run a scenario end to end: table → city table → criteria → gaps → selection.

This is the only orchestration module. Each step calls the pure functions of its own
module; the runner only turns scenario settings into their arguments, times the steps
and collects everything into a :class:`ScenarioResult` that :mod:`chainmap.scenario.results`
writes and :mod:`chainmap.report.files` renders.

Modelling choices made here (documented in every result's ``notes``):

* Chain links enter the selection for a **shortlist** of industries: the best-scored
  ones that may lead or be cultivated (``4 × max leading`` of them, at least 12) plus
  every required industry and every industry named in ``gaps.candidates``. An industry
  outside the shortlist that the optimum chooses joins it and the problem is solved
  again, so every chosen industry's chain is valued.
* The value of covering link (i, j) is ``cost_share_ij × (1 − local_share_ij)``: the
  share of j's intermediate requirements that leaks out of the city through supplier i,
  counted only for links the gap diagnosis marks 补链/强链 (break, weak or choke points),
  divided by the largest chain total so the best chain fully filled is worth 1, like
  the best criterion score; ``selection.objective.link_weight`` (default 0.5, recorded
  in the notes) is the stated weight of the link term against the scores.
* The exact group effect of the chosen leading industries is their joint hypothetical
  extraction (full), reported beside the sum of their single-sector extractions.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.__about__ import __version__
from chainmap.analysis.extraction import calc_group_extraction
from chainmap.analysis.summary import analyze_table
from chainmap.city.citydata import (
    column_year,
    columns_sha256,
    complete_city_output,
    map_to_parent,
    read_city_data,
    read_concordance,
    year_columns,
)
from chainmap.city.market import (
    calc_market_growth,
    calc_market_size,
    combine_growth,
    nbs_concordance,
)
from chainmap.city.regional import regionalize
from chainmap.city.stages import StageRules
from chainmap.criteria.roles import apply_decision
from chainmap.criteria.scores import (
    CriteriaOptions,
    CriteriaResult,
    rescore_criteria,
    score_criteria,
)
from chainmap.errors import InputDataError, Issue, ScenarioError
from chainmap.gaps.diagnosis import GapDiagnosis, GapThresholds, diagnose_gaps
from chainmap.io.illustrative import is_illustrative
from chainmap.io.readers import read_table
from chainmap.io.registry import find_entry
from chainmap.io.sectors import resolve_sector
from chainmap.io.table import IOTable
from chainmap.scenario.schema import Scenario, assumption_notes, check_codes
from chainmap.scenario.selection_setup import (
    build_selection_inputs,
    calc_sections,
    candidate_codes,
    shortlist,
)
from chainmap.select.alternatives import Alternative, solve_k_best
from chainmap.select.diagnosis import InfeasibilityDiagnosis, diagnose_infeasibility
from chainmap.select.inputs import SelectionInputs
from chainmap.select.model import build_problem
from chainmap.select.problem import SelectionProblem
from chainmap.select.result import SelectionResult, SelectionStatus
from chainmap.select.robustness import (
    ParameterSensitivity,
    Variant,
    WeightSensitivity,
    calc_weight_sensitivity,
    summarise_variants,
)
from chainmap.select.solve import solve_problem

logger = logging.getLogger(__name__)

#: ``again(delta, use_province)``: the city table regionalised with another δ / without
#: the provincial shares (see :func:`_city_table`).
Regionaliser = Callable[[float | None, bool], IOTable]

#: Rounds of "add chosen industries outside the shortlist, solve again".
MAX_SHORTLIST_ROUNDS = 4


@dataclass
class ScenarioResult:
    """Everything a scenario run produced (see :func:`~chainmap.scenario.results.write_results`)."""

    scenario: Scenario
    parent: IOTable
    city: IOTable
    measures: pd.DataFrame
    criteria: CriteriaResult
    gaps: dict[str, GapDiagnosis]  # candidate code -> its chain-gap diagnosis
    selection_inputs: SelectionInputs
    selection: SelectionResult
    alternatives: list[Alternative] = field(default_factory=list)
    infeasibility: InfeasibilityDiagnosis | None = None
    group_effect: dict[str, Any] = field(default_factory=dict)
    robustness: WeightSensitivity | Any = None  # ``.parameters`` when parameter variants ran
    city_output: pd.Series | None = None
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # file -> sha256
    #: regionalisation provenance: method, parent/province tables, observed vs modelled
    regionalisation: dict[str, Any] = field(default_factory=dict)

    @property
    def illustrative(self) -> bool:
        """True when the data are the shipped illustrative economy, not statistics."""
        return bool(self.scenario.get("illustrative")) or is_illustrative(self.city)

    def provenance(self, *, timings: bool = True) -> dict[str, Any]:
        """Version, scenario with overrides, input hashes, solver and status, timings."""
        out: dict[str, Any] = {
            "chainmap_version": __version__,
            "scenario": self.scenario.to_dict(),
            "input_sha256": dict(sorted(self.inputs.items())),
            "parent_table": self.parent.meta.to_dict(),
            "solver": self.selection.solver if self.selection is not None else None,
            "status": str(self.selection.status) if self.selection is not None else None,
            "illustrative": self.illustrative,
            "regionalisation": self.regionalisation,
        }
        if timings:
            out["timings_s"] = {k: round(v, 4) for k, v in self.timings.items()}
        return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - start
        logger.info("%s: %.3f s", name, self.timings[name])


def _repair_hint(err: InputDataError, scenario: Scenario, asked: Sequence[str]) -> InputDataError:
    """Say how a scenario user applies the repair an error suggests (key ``repair``)."""
    from chainmap.io.repairs import REPAIRS

    text = str(err)
    needed = [r for r in REPAIRS if f"repair: {r}" in text and r not in asked]
    if not needed:
        return err
    where = scenario.path or scenario.name
    hint = Issue(
        f"to apply it in this scenario add `repair: [{', '.join(needed)}]` to {where}, or "
        f"run `chainmap run {where} {' '.join('--repair ' + r for r in needed)}`"
    )
    return InputDataError([*err.issues, hint], err.source)


def _read(
    source: str,
    scenario: Scenario,
    inputs: dict[str, str],
    *,
    year: int | None = None,
    key: str = "",
) -> IOTable:
    asked = tuple(scenario.get("repair"))
    registered = find_entry(source)
    try:
        if registered is None:  # not a registry id: a path written in the scenario
            path = scenario.resolve_path(source)
            table = read_table(path, repair=asked)
        else:
            known = tuple(getattr(registered, "repair", ()) or ())
            table = read_table(source, repair=tuple(dict.fromkeys((*known, *asked))))
    except InputDataError as err:
        raise _repair_hint(err, scenario, asked) from None
    check_not_after(table, year, key or "table", scenario)
    if table.meta.path:
        inputs[table.meta.path] = table.meta.sha256
    return table


def scenario_year(scenario: Scenario, parent_year: int | None = None) -> int | None:
    """The year T of a scenario: ``year``, else the year of ``city.column``, else the parent's.

    Nothing dated after T is read by a T-dated run (:func:`check_not_after`,
    :func:`_output_series`).
    """
    year = scenario.get("year")
    if year is not None:
        return int(year)
    col_year = column_year(scenario.get("city.column"))
    return col_year if col_year is not None else parent_year


def check_not_after(table: IOTable, year: int | None, key: str, scenario: Scenario) -> None:
    """Refuse a table dated after the scenario year (no look-ahead)."""
    if year is not None and table.meta.year is not None and int(table.meta.year) > year:
        msg = (
            f"{scenario.path or scenario.name}: key '{key}': table "
            f"{table.meta.table_id or table.meta.path} is dated {table.meta.year}, after the "
            f"scenario year {year}; a run dated {year} may only use data up to {year} "
            "(set 'year:' or choose an earlier table)"
        )
        raise ScenarioError(msg)


def _city_table(
    scenario: Scenario,
    parent: IOTable,
    inputs: dict[str, str],
    notes: list[str],
    info: dict[str, Any],
    year: int | None = None,
) -> tuple[IOTable, Any, pd.DataFrame | None, dict[str, str] | None, Regionaliser | None]:
    """Regionalise the parent with the scenario's city data (or use the parent itself).

    ``info`` receives the regionalisation's provenance: method, parent and province
    tables, and which local figures are observed and which modelled. The last element
    regionalises again with another δ or without the provincial (or learned) shares
    (``again(delta, use_shares)``), for the parameter variants of the robustness
    analysis; None without city data.
    """
    city = scenario.get("city")
    if not city["data"]:
        info.update({"method": "none", "parent_table": parent.meta.table_id or ""})
        notes.append("no city data: the parent table itself is analysed as the region")
        return parent, None, None, None, None
    col_year = column_year(city["column"])
    if year is not None and col_year is not None and col_year > year:
        msg = (
            f"{scenario.path or scenario.name}: key 'city.column': {city['column']} is dated "
            f"after the scenario year {year} (no look-ahead)"
        )
        raise ScenarioError(msg)
    data_path = scenario.resolve_path(city["data"])
    key_column = city.get("key_column")
    if data_path.exists():
        # hash of the columns read (key, value, year columns <= T), not of the whole file
        used = [key_column or "code", city["column"] or "value"]
        used += [c for c in year_columns(data_path, up_to=year) if c not in used]
        inputs[f"{data_path} [{', '.join(used)}]"] = columns_sha256(data_path, used)
    else:
        inputs[str(data_path)] = ""
    local = read_city_data(
        data_path,
        value_column=city["column"],
        key_column=key_column,
        measure=city["measure"],
        unit=city.get("unit") or "",
        region=city["name"],
        require_unit=True,
    )
    series = None
    if city["concordance"]:
        conc_path = scenario.resolve_path(city["concordance"])
        inputs[str(conc_path)] = _sha256(conc_path)
        conc = read_concordance(conc_path)
        local = map_to_parent(local, conc, parent, unreported=city["unreported"])
    else:
        conc = None
    series = _output_series(scenario, data_path, parent, conc, year)
    method = str(scenario.get("regionalization.method"))
    completed = complete_city_output(
        local, parent, fill=city["fill"], fill_total=city["fill_total"]
    )
    shares = _province_shares(scenario, parent, completed.output, inputs)
    parent_id = parent.meta.table_id or parent.meta.path or "parent"
    province = scenario.get("regionalization.province")
    if shares is None and method == "learned":
        from chainmap.city.from_province import city_shares_learned

        shares = city_shares_learned(
            pd.Series(parent.x, index=list(parent.codes)),
            completed.output.reindex(list(parent.codes)).fillna(0.0),
            run_year=year if year is not None else parent.meta.year,
            parent_name=str(parent_id),
        )
        if shares is None:
            notes.append(
                "regionalization.method learned needs a 153-sector parent of the 2017–2020 "
                "classification: FLQ used instead"
            )
            method = "flq"
    used_method = "province" if province else method
    info.update(
        {
            "method": used_method,
            "parent_table": str(parent_id),
            "province_table": str(province) if province else None,
            "delta": float(scenario.get("regionalization.delta"))
            if used_method in ("flq", "aflq")
            else None,
            "observed": (
                ["provincial local shares (42 products, proportionality assumption)"]
                if province
                else []
            )
            + ["city output by sector (city data)"],
            "modelled": (
                ["scaling of the provincial shares to the city (learned model)"]
                if province
                else ["local shares (learned share model)"]
                if used_method == "learned"
                else [f"local shares ({used_method.upper()} location quotients)"]
            )
            + [f"technology (coefficients of {parent_id})", "sectors filled by the fill rule"],
        }
    )
    base_method = method

    def again(delta: float | None = None, use_shares: bool = True) -> IOTable:
        use = shares if use_shares else None
        m = base_method
        if m == "learned" or (delta is not None and m not in ("flq", "aflq")):
            m = "flq"
        return regionalize(
            parent,
            local,
            method=m,  # type: ignore[arg-type]
            delta=float(scenario.get("regionalization.delta")) if delta is None else delta,
            fill=city["fill"],
            fill_total=city["fill_total"],
            local_share=use.city if use is not None else None,
            share_notes=use.notes if use is not None else (),
        )

    table = again()
    notes.extend(table.meta.notes)
    groups = concordance_groups(conc, list(table.codes)) if conc is not None else None
    if series is not None:
        # total of the reported output by year, before sectors leave the table: the share
        # rules of the stage inference (萌芽期, share-loss 成熟期) compare with it
        series.attrs["total"] = series.sum(axis=0, min_count=1)
        total = series.attrs["total"]
        # sectors the city does not have leave the city table (fill "zero"/"exclude")
        series = series.loc[series.index.isin(table.codes)].reindex(table.codes)
        series.attrs["total"] = total
    return table, completed, series, groups, again


def concordance_groups(conc: pd.DataFrame, codes: list[str]) -> dict[str, str]:
    """``parent code -> group`` for sectors that share city figures through a concordance.

    A city division mapped to several IO sectors is split by national shares; the
    sectors it maps to (joined transitively when a sector receives several divisions)
    form one group, labelled ``"div " + source codes``. Sectors outside the concordance
    are their own group.

    Examples
    --------
    >>> k = pd.DataFrame({"source_code": ["39", "39", "40"], "target_code": ["090", "091", "096"]})
    >>> concordance_groups(k, ["090", "091", "096", "127"])
    {'090': 'div 39', '091': 'div 39', '096': '096'}
    """
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            a = parent[a]
        return a

    for _src, frame in conc.groupby("source_code", sort=False):
        targets = [str(t) for t in frame["target_code"]]
        for t in targets[1:]:
            parent[find(t)] = find(targets[0])
    members: dict[str, list[str]] = {}
    sources: dict[str, set[str]] = {}
    for src, tgt in zip(conc["source_code"], conc["target_code"], strict=True):
        root = find(str(tgt))
        members.setdefault(root, [])
        if str(tgt) not in members[root]:
            members[root].append(str(tgt))
        sources.setdefault(root, set()).add(str(src))
    out: dict[str, str] = {}
    for root, codes_in in members.items():
        label = "div " + "+".join(sorted(sources[root])) if len(codes_in) > 1 else codes_in[0]
        for c in codes_in:
            if c in codes:
                out[c] = label
    return out


def _province_shares(
    scenario: Scenario, parent: IOTable, city_output: pd.Series, inputs: dict[str, str]
) -> Any:
    """Observed local shares of the city's province scaled to the city, or None.

    ``regionalization.province`` names the provincial table (registry id such as
    ``cn-prov-2017-浙江``). It must not be dated after the run (the city data's year).
    """
    source = scenario.get("regionalization.province")
    if not source:
        return None
    from chainmap.city.from_province import city_shares_from_province
    from chainmap.errors import ScenarioError
    from chainmap.io.readers.provincial import read_provincial_table
    from chainmap.io.registry import find_entry, resolve_path

    entry = find_entry(str(source))
    path = resolve_path(entry) if entry is not None else Path(str(source))
    if path is None or not path.exists():
        raise ScenarioError(f"regionalization.province: table {source} not found")
    province = read_provincial_table(path)
    inputs[str(path)] = _sha256(path)
    run_year = scenario_year(scenario, parent.meta.year)
    if run_year is not None and province.year > run_year:
        msg = f"provincial table {source} ({province.year}) is dated after the run ({run_year})"
        raise ScenarioError(msg)
    # city output in the province's unit (the parent's unit; both 万元 for NBS tables)
    return city_shares_from_province(province, city_output, run_year=run_year)


def _output_series(
    scenario: Scenario,
    data_path: Path,
    parent: IOTable,
    conc: pd.DataFrame | None,
    year: int | None = None,
) -> pd.DataFrame | None:
    """City output by year (columns ``yYYYY`` of the city CSV) at parent codes, if present.

    Only columns dated up to the scenario year are read (:func:`year_columns`).
    """
    city = scenario.get("city")
    years = year_columns(data_path, up_to=year)
    if len(years) < 2:
        return None
    columns = {}
    for col in years:
        data = read_city_data(
            data_path,
            value_column=col,
            key_column=city.get("key_column"),
            measure=city["measure"],
            unit=city.get("unit") or "",
            require_unit=True,
        )
        if conc is not None:
            data = map_to_parent(data, conc, parent, unreported=city["unreported"])
        columns[int(col[1:])] = data.values
    frame = pd.DataFrame(columns).sort_index(axis=1)
    frame.index = frame.index.astype(str)
    return frame


def _market(
    scenario: Scenario, parent: IOTable, inputs: dict[str, str], year: int | None = None
) -> pd.DataFrame:
    ids = list(scenario.get("market.tables"))
    forecasts = dict(scenario.get("market.forecasts"))
    earlier = later = None
    concordance = None
    if len(ids) == 2:
        earlier, later = (_read(i, scenario, inputs, year=year, key="market.tables") for i in ids)
        if earlier.n != parent.n or later.n != parent.n:
            if parent.n not in (149, 153):
                sizes = ", ".join(
                    f"{t.meta.table_id or i}: {t.n}"
                    for i, t in zip(ids, (earlier, later), strict=True)
                )
                msg = (
                    f"market.tables {ids} ({sizes} sectors) do not share the classification "
                    f"of the parent {parent.meta.table_id or 'table'} ({parent.n} sectors), and "
                    "a concordance is known only from NBS 149/153 to 42 sectors; choose "
                    "market tables with the parent's sectors or set market.tables: []"
                )
                raise ScenarioError(msg)
            concordance = nbs_concordance("nbs-153" if parent.n == 153 else "nbs-149")["code_42"]
    elif ids:
        msg = f"market.tables must name two tables (earlier, later), got {ids}"
        raise ScenarioError(msg)
    basis = _criteria_options(scenario).market_basis
    coarse = calc_market_size(
        parent,
        earlier=earlier,
        later=later,
        concordance=concordance,
        forecasts=forecasts,
        basis=basis,
    )
    fine = _finest_growth_tables(parent, year, inputs)
    if fine is None:
        return coarse
    growth = calc_market_growth(fine[0], fine[1], basis)["market_growth"]
    return combine_growth(coarse, growth, [t.meta.table_id or "" for t in fine])


def _finest_growth_tables(
    parent: IOTable, year: int | None, inputs: dict[str, str]
) -> tuple[IOTable, IOTable] | None:
    """The two latest national tables of the parent's classification dated ≤ the run year.

    For a 153-sector parent (2020) and a 2023 run: the 2018 and 2020 153-sector tables,
    so market growth is measured per 153 sector rather than per 42-sector group. None
    when fewer than two such tables are registered (never a table after ``year``).
    """
    if parent.meta.table_id is None or not str(parent.meta.table_id).startswith("cn-nbs-"):
        return None
    last = year if year is not None else parent.meta.year
    if last is None:
        return None
    found: list[IOTable] = []
    for y in range(int(last), int(last) - 10, -1):
        table_id = f"cn-nbs-{y}-{parent.n}"
        if find_entry(table_id) is None:
            continue
        table = parent if parent.meta.table_id == table_id else read_table(table_id)
        if list(table.codes) != list(parent.codes):
            continue
        if table.meta.path:
            inputs[table.meta.path] = table.meta.sha256
        found.append(table)
        if len(found) == 2:
            return found[1], found[0]
    return None


#: Settings that do not change the analysis stages (tables, regionalisation, measures,
#: market, criteria indicators, gap diagnoses): changing only these re-runs scoring and
#: selection (:func:`solve_scenario`) on a cached :class:`ScenarioAnalysis`.
SOLVE_SETTINGS: tuple[str, ...] = (
    "name",
    "description",
    "criteria.weights",
    "criteria.weighting",
    "criteria.ahp_matrix",
    "criteria.normalisation",
    "criteria.aggregation",
    "criteria.indicator_weights",
    "criteria.roles",
    "gaps.candidates",
    "selection",
    "robustness",
    "report",
)


@dataclass
class ScenarioAnalysis:
    """The expensive stages of a run, reusable while only :data:`SOLVE_SETTINGS` change.

    ``gaps`` caches the chain-gap diagnosis of every industry diagnosed so far (they
    depend only on the tables and the gap thresholds, which are part of the analysis).
    """

    key: str
    parent: IOTable
    city: IOTable
    city_output: Any
    measures: pd.DataFrame
    criteria: Any  # chainmap.criteria.scores.CriteriaResult, scored with the first scenario
    notes: list[str]
    timings: dict[str, float]
    inputs: dict[str, str]
    regionalisation: dict[str, Any] = field(default_factory=dict)
    gaps: dict[str, Any] = field(default_factory=dict)
    # reused by the parameter variants of the robustness analysis
    market: pd.DataFrame | None = None
    policy: Any = None
    series: pd.DataFrame | None = None
    groups: dict[str, str] | None = None
    again: Regionaliser | None = None


def analysis_key(scenario: Scenario) -> str:
    """Hash of every setting that changes the analysis stages (not :data:`SOLVE_SETTINGS`).

    Two scenarios with the same key can share one :class:`ScenarioAnalysis`; the key
    includes the scenario's folder, since relative data paths are resolved from it.
    """
    settings = copy.deepcopy(scenario.settings)
    for dotted in SOLVE_SETTINGS:
        *parents, last = dotted.split(".")
        node = settings
        for part in parents:
            node = node[part]
        node.pop(last, None)
    text = json.dumps([str(scenario.root), settings], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def analyse_scenario(scenario: Scenario) -> ScenarioAnalysis:
    """Read the tables, regionalise, analyse, and compute the criteria indicators.

    Raises
    ------
    ChainmapError
        Bad input data or scenario.
    """
    clock = _Clock()
    inputs: dict[str, str] = {}
    notes: list[str] = []
    regional: dict[str, Any] = {}
    with clock.step("read_table"):
        parent = _read(scenario.get("table"), scenario, inputs)
        year = scenario_year(scenario, parent.meta.year)
        check_not_after(parent, year, "table", scenario)
        if year is not None:
            notes.append(
                f"scenario year {year}: no table or city column dated after {year} is read"
            )
        if scenario.get("technology") == "total" and parent.meta.table_type != "competitive":
            parent = parent.total_technology()
    with clock.step("regionalize"):
        city, city_output, series, groups, again = _city_table(
            scenario, parent, inputs, notes, regional, year
        )
    return analyse_tables(
        scenario,
        parent,
        city,
        city_output=city_output,
        series=series,
        groups=groups,
        market=lambda: (
            _market(scenario, parent, inputs, year) if scenario.get("market.tables") else None
        ),
        clock=clock,
        inputs=inputs,
        notes=notes,
        regional=regional,
        again=again,
    )


def analyse_tables(
    scenario: Scenario,
    parent: IOTable,
    city: IOTable,
    *,
    city_output: Any = None,
    series: pd.DataFrame | None = None,
    total_series: pd.Series | None = None,
    groups: dict[str, str] | None = None,
    market: pd.DataFrame | Callable[[], pd.DataFrame | None] | None = None,
    clock: _Clock | None = None,
    inputs: dict[str, str] | None = None,
    notes: list[str] | None = None,
    regional: dict[str, Any] | None = None,
    again: Regionaliser | None = None,
) -> ScenarioAnalysis:
    """The analysis after the tables are read: measures, policy support, criteria.

    :func:`analyse_scenario` reads the tables named by the scenario (refusing any dated
    after the scenario year) and calls this; callers that already hold the tables (the
    backtest, which builds them from provincial workbooks dated ≤ T) call it through
    :func:`run_on_tables`, so ``chainmap run`` and the backtest share one code path. The
    caller passes only data dated ≤ T: nothing here reads a file except the scenario's
    ``policy_documents``.

    Parameters
    ----------
    scenario : Scenario
        Settings; its table keys are not read.
    parent, city : IOTable
        Parent (technology, LQ, market) and the region's table (``city is parent``
        when the parent itself is analysed).
    city_output : CityOutput, optional
        Which sectors the city data cover (``selection.candidates: covered``).
    series : DataFrame, optional
        Output by industry (rows) and year (columns) for growth and stages.
    total_series : Series, optional
        Total output by year (stage share rules); default ``series.attrs["total"]``.
    groups : dict, optional
        ``code -> group`` of sectors sharing city figures (:func:`concordance_groups`).
    market : DataFrame or callable, optional
        Market indicators (:func:`chainmap.city.market.calc_market_size`), or a function
        computing them (timed as the ``market`` step).
    again : callable, optional
        Regionalises again with another δ / without shares (the regionalisation variants
        of the robustness analysis; :func:`_city_table`); without it they are skipped.
    """
    clock = clock if clock is not None else _Clock()
    inputs = inputs if inputs is not None else {}
    notes = notes if notes is not None else []
    if total_series is None and series is not None:
        total_series = series.attrs.get("total")
    codes = check_codes(scenario, list(city.codes), lambda t: resolve_sector(city, t))
    with clock.step("analyze"):
        measures = analyze_table(city)
    with clock.step("market"):
        market_frame = market() if callable(market) else market
        if market_frame is not None and market_frame.attrs.get("growth_tables_fine"):
            fine = market_frame.attrs["growth_tables_fine"]
            coarse = ", ".join(market_frame.attrs.get("growth_tables") or []) or "—"
            notes.append(
                f"market growth per {parent.n}-sector product from {fine[0]} to {fine[1]} "
                "(latest two tables of the parent's classification up to the run year); the "
                f"group rate of {coarse} only where that is missing"
            )
    with clock.step("policy"):
        policy, options = _policy_support(scenario, city, codes, inputs, notes)
    with clock.step("criteria"):
        criteria = score_criteria(
            city,
            parent=parent if city is not parent else None,
            market=market_frame,
            stages=codes["stages"] or None,
            output_series=series,
            total_series=total_series,
            groups=groups,
            policy=policy,
            options=options,
        )
    return ScenarioAnalysis(
        key=analysis_key(scenario),
        parent=parent,
        city=city,
        city_output=city_output,
        measures=measures,
        criteria=criteria,
        notes=notes,
        timings=clock.timings,
        inputs=inputs,
        regionalisation=regional if regional is not None else {},
        market=market_frame,
        policy=policy,
        series=series,
        groups=groups,
        again=again,
    )


def run_on_tables(
    scenario: Scenario,
    parent: IOTable,
    city: IOTable,
    *,
    progress: Callable[[int, int], None] | None = None,
    **tables: Any,
) -> ScenarioResult:
    """:func:`analyse_tables` then :func:`solve_scenario`: ``chainmap run`` on given tables.

    Keyword arguments other than ``progress`` go to :func:`analyse_tables`
    (``city_output``, ``series``, ``total_series``, ``groups``, ``market``...).
    """
    analysis = analyse_tables(scenario, parent, city, **tables)
    return solve_scenario(scenario, analysis, progress=progress)


def run_scenario(
    scenario: Scenario, *, progress: Callable[[int, int], None] | None = None
) -> ScenarioResult:
    """Run every step of a scenario and return the collected result.

    Parameters
    ----------
    scenario : Scenario
        From :func:`chainmap.scenario.schema.load_scenario`.
    progress : callable, optional
        ``progress(done, total)`` for the Monte Carlo weight draws.

    Returns
    -------
    ScenarioResult

    Raises
    ------
    ChainmapError
        Bad input data or scenario (unknown codes name the key and the file).
    """
    return solve_scenario(scenario, analyse_scenario(scenario), progress=progress)


def solve_scenario(
    scenario: Scenario,
    analysis: ScenarioAnalysis,
    *,
    progress: Callable[[int, int], None] | None = None,
    decision_only: bool = False,
) -> ScenarioResult:
    """Score and select on a cached analysis (the steps after :func:`analyse_scenario`).

    ``scenario`` may differ from the one analysed only in :data:`SOLVE_SETTINGS`
    (criterion weights, selection, robustness...). ``decision_only`` skips the
    alternatives, group effect and robustness (the decision itself is unchanged).

    Raises
    ------
    ScenarioError
        ``scenario`` changes a setting of the analysis.
    """
    if analysis_key(scenario) != analysis.key:
        msg = f"{scenario.name}: settings of the analysis changed; run analyse_scenario again"
        raise ScenarioError(msg)
    clock = _Clock()
    clock.timings.update(analysis.timings)
    inputs = dict(analysis.inputs)
    notes = [*assumption_notes(scenario), *analysis.notes]
    parent, city, city_output = analysis.parent, analysis.city, analysis.city_output
    measures = analysis.measures
    codes = check_codes(scenario, list(city.codes), lambda t: resolve_sector(city, t))
    criteria = analysis.criteria
    options = _criteria_options(scenario)
    if options != criteria.options:
        with clock.step("rescore"):
            criteria = rescore_criteria(criteria, options)
    notes.extend(criteria.notes)

    covered = None if city_output is None else [c for c in city_output.covered if c in city.codes]
    candidates = candidate_codes(scenario, city, covered)
    if len(candidates) < city.n:
        left = [c for c in city.codes if c not in set(candidates)]
        sections = _sections(city)
        services = [] if sections is None else [c for c in left if sections.get(c) == "S"]
        notes.append(
            f"selection candidates: the {len(candidates)} industries the city data report "
            "(selection.candidates: covered); filled sectors are neither chosen nor filled"
            + (
                f"; {len(services)} service sectors (e.g. software, internet, e-commerce) "
                "are not candidates because the city data do not cover them — add their "
                "output to the city data to make them eligible"
                if services
                else ""
            )
        )
    bad = [c for c in codes["selection.require"] if c not in candidates]
    if bad:
        msg = (
            f"{scenario.path}: key 'selection.require': {bad} are not candidates (not in the "
            "city data); set selection.candidates: all to allow them"
        )
        raise ScenarioError(msg)
    with clock.step("gaps"):
        short = shortlist(scenario, criteria, codes, candidates)
        gaps = _diagnose(city, parent, short, scenario, analysis.gaps)
    with clock.step("selection"):
        sel_inputs, problem, selection, infeasibility = _decide(
            scenario, city, parent, criteria, gaps, codes, candidates, short, notes, analysis.gaps
        )
        alternatives = (
            [] if decision_only else _alternatives(scenario, sel_inputs, problem, selection)
        )
    if selection.leading or selection.potential:
        criteria = _roles_after_decision(criteria, selection, candidates)
    group_effect: dict[str, Any] = {}
    if selection.leading and not decision_only:
        with clock.step("group_effect"):
            group_effect = _group_effect(city, measures, selection.leading)
    robustness = None
    draws = int(scenario.get("robustness.weight_draws"))
    if draws > 0 and selection.leading and not decision_only:
        with clock.step("robustness"):
            robustness = calc_weight_sensitivity(
                sel_inputs,
                n_draws=draws,
                concentration=float(scenario.get("robustness.concentration")),
                seed=int(scenario.get("robustness.seed")),
                baseline=selection,
                solver=scenario.get("selection.solver"),
                time_limit=float(scenario.get("selection.time_limit")),
                progress=progress,
                max_solves=int(scenario.get("robustness.max_solves")),
            )
    n_variants = int(scenario.get("robustness.parameter_draws"))
    if n_variants > 0 and selection.leading and not decision_only:
        with clock.step("robustness_parameters"):
            context = _VariantContext(
                scenario=scenario,
                parent=parent,
                city=city,
                criteria=criteria,
                gaps=gaps,
                codes=codes,
                candidates=candidates,
                short=short,
                market=analysis.market,
                policy=analysis.policy,
                options=criteria.options,
                series=analysis.series,
                groups=analysis.groups,
                again=analysis.again,
                gap_cache=analysis.gaps,
            )
            variants = _run_variants(context, n_variants)
            weight_freq = None if robustness is None else robustness.table["selected_frequency"]
            params = summarise_variants(
                selection.leading, variants, list(city.codes), weight_frequency=weight_freq
            )
            robustness = _with_parameters(robustness, params)
            notes.append(f"robustness: {params.summary['text']}")
    link_weight = float(scenario.get("selection.objective.link_weight"))
    notes.append(
        "link values scaled so the most valuable chain, fully filled, is worth 1 (the score "
        f"scale); selection.objective.link_weight = {link_weight:g}"
    )
    notes.append(
        f"chain links valued for a shortlist of {len(short)} industries "
        "(best-scored eligible ones, required ones and gaps.candidates)"
    )
    return ScenarioResult(
        scenario=scenario,
        parent=parent,
        city=city,
        measures=measures,
        criteria=criteria,
        gaps=gaps,
        selection_inputs=sel_inputs,
        selection=selection,
        alternatives=alternatives,
        infeasibility=infeasibility,
        group_effect=group_effect,
        robustness=robustness,
        city_output=city_output,
        notes=notes,
        timings=clock.timings,
        inputs=inputs,
        regionalisation=dict(analysis.regionalisation),
    )


#: δ grid of the regionalisation variants (FLQ); the scenario's δ is left out.
DELTA_GRID: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4, 0.5)
#: Factors on every stage threshold in the stage-threshold variants.
STAGE_FACTORS: tuple[float, ...] = (0.75, 1.25, 0.9, 1.1)


@dataclass
class _VariantContext:
    """What the baseline run computed that the parameter variants reuse."""

    scenario: Scenario
    parent: IOTable
    city: IOTable
    criteria: Any
    gaps: dict[str, Any]
    codes: dict[str, Any]
    candidates: list[str]
    short: list[str]
    market: pd.DataFrame | None
    policy: Any
    options: Any
    series: pd.DataFrame | None
    groups: dict[str, str] | None
    again: Regionaliser | None
    gap_cache: dict[str, Any] | None = None


@dataclass
class _Spec:
    family: str
    label: str
    delta: float | None = None
    use_province: bool = True
    stage_rules: StageRules | None = None
    policy_off: bool = False


def _scaled_rules(rules: StageRules, factor: float) -> StageRules:
    """Every threshold of ``rules`` times ``factor`` (counts and zero thresholds kept)."""
    values = {
        f.name: (v if f.name == "min_observations" else v * factor)
        for f in dataclasses.fields(rules)
        for v in [getattr(rules, f.name)]
    }
    return StageRules(**values)


def _variant_specs(ctx: _VariantContext, limit: int) -> list[_Spec]:
    """The parameter variants, families interleaved so a small ``limit`` keeps each one.

    * regionalisation: with provincial shares, the FLQ without them at δ 0.2/0.3/0.4;
      otherwise FLQ at every δ of :data:`DELTA_GRID` but the scenario's (a non-FLQ
      method is replaced by FLQ);
    * stage thresholds (only when stages are inferred from a series): every threshold
      × :data:`STAGE_FACTORS`;
    * policy on/off: policy off, when the scenario has policy support.
    """
    sc = ctx.scenario
    families: list[list[_Spec]] = []
    if ctx.again is not None:
        shared = "provincial" if sc.get("regionalization.province") else None
        if shared is None and sc.get("regionalization.method") == "learned":
            shared = "learned"
        if shared:
            families.append(
                [
                    _Spec("regionalization", f"FLQ δ = {d:g}, no {shared} shares", d, False)
                    for d in (0.3, 0.2, 0.4)
                ]
            )
        else:
            base = float(sc.get("regionalization.delta"))
            method = sc.get("regionalization.method")
            grid = sorted(
                (d for d in DELTA_GRID if method not in ("flq", "aflq") or abs(d - base) > 1e-9),
                key=lambda d: (abs(d - base), d),
            )
            families.append(
                [
                    _Spec(
                        "regionalization",
                        f"{'FLQ' if method not in ('flq', 'aflq') else method.upper()} δ = {d:g}",
                        d,
                    )
                    for d in grid
                ]
            )
    if ctx.series is not None:
        rules = ctx.options.stage_rules
        families.append(
            [
                _Spec("stages", f"stage thresholds × {f:g}", stage_rules=_scaled_rules(rules, f))
                for f in STAGE_FACTORS
            ]
        )
    if ctx.policy is not None and len(ctx.policy):
        families.append([_Spec("policy", "policy support off", policy_off=True)])
    out: list[_Spec] = []
    for i in range(max((len(f) for f in families), default=0)):
        out.extend(f[i] for f in families if i < len(f))
    return out[:limit]


def _run_variants(ctx: _VariantContext, limit: int) -> list[Variant]:
    """Re-run criteria and selection under each variant, reusing what it does not change.

    The driving effect (parent technology) and market are reused by every variant; the
    city table and the gap diagnosis are recomputed only for a regionalisation variant
    (on the baseline's shortlist); one selection per variant, without alternatives.
    """
    from chainmap.criteria.options import INDICATORS

    # the driving effect is on the parent's technology (or the city table when there is
    # no parent): reusable unless a variant changes the table it is computed on
    driving_cols = [i.name for i in INDICATORS if i.criterion == "driving_effect"]
    reuse = ctx.city is not ctx.parent
    driving = ctx.criteria.indicators[driving_cols] if reuse else None
    out: list[Variant] = []
    for spec in _variant_specs(ctx, limit):
        city, gaps, cache = ctx.city, dict(ctx.gaps), ctx.gap_cache
        options, policy = ctx.options, ctx.policy
        if spec.delta is not None and ctx.again is not None:
            city = ctx.again(spec.delta, spec.use_province)
            cache = {}  # another city table: its own diagnoses
            gaps = _diagnose(city, ctx.parent, list(ctx.short), ctx.scenario, cache)
        if spec.stage_rules is not None:
            options = dataclasses.replace(options, stage_rules=spec.stage_rules)
        if spec.policy_off:
            options, policy = _policy_off(options), None
        try:
            crit = score_criteria(
                city,
                parent=ctx.parent if city is not ctx.parent else None,
                market=ctx.market,
                stages=ctx.codes["stages"] or None,
                output_series=ctx.series,
                total_series=None if ctx.series is None else ctx.series.attrs.get("total"),
                groups=ctx.groups,
                policy=policy,
                options=options,
                driving=driving,
            )
            _, _, sel, _ = _decide(
                ctx.scenario,
                city,
                ctx.parent,
                crit,
                gaps,
                ctx.codes,
                ctx.candidates,
                list(ctx.short),
            )
            out.append(Variant(spec.family, spec.label, sel.leading, sel.potential, sel.is_solved))
        except ScenarioError as exc:
            logger.warning("robustness variant %s failed: %s", spec.label, exc)
            out.append(Variant(spec.family, spec.label, (), (), False))
    return out


def _with_parameters(weights: Any, params: ParameterSensitivity) -> Any:
    """The robustness result with the parameter-variant columns and summary attached."""
    if weights is None:
        return _ParameterOnly(table=params.table, parameters=params)
    table = weights.table.join(params.table.drop(columns=[], errors="ignore"), how="left")
    table = table.loc[:, ~table.columns.duplicated()]
    result = dataclasses.replace(weights, table=table)
    object.__setattr__(result, "parameters", params)
    return result


@dataclass(frozen=True)
class _ParameterOnly:
    """Robustness without weight draws: the parameter variants only."""

    table: pd.DataFrame
    parameters: ParameterSensitivity


def _decide(
    scenario: Scenario,
    city: IOTable,
    parent: IOTable,
    criteria: Any,
    gaps: dict[str, Any],
    codes: dict[str, Any],
    candidates: list[str],
    short: list[str],
    notes: list[str] | None = None,
    gap_cache: dict[str, Any] | None = None,
) -> tuple[Any, SelectionProblem, SelectionResult, InfeasibilityDiagnosis | None]:
    """Solve the selection; ``gaps`` and ``short`` grow with chosen industries.

    An industry chosen on its score alone has an unvalued chain: add it to the
    shortlist and solve again until every chosen chain is valued. Only the best
    portfolio is solved per round; the alternatives only for the final inputs,
    on the final round's model (earlier rounds' alternatives were discarded).
    """
    for _ in range(MAX_SHORTLIST_ROUNDS):
        sel_inputs = build_selection_inputs(scenario, city, criteria, gaps, codes, candidates)
        problem, selection, infeasibility = _select_best(scenario, sel_inputs)
        outside = [c for c in (*selection.leading, *selection.potential) if c not in gaps]
        if not outside:
            break
        short.extend(outside)
        gaps.update(_diagnose(city, parent, outside, scenario, gap_cache))
    else:
        if notes is not None:
            notes.append(
                f"after {MAX_SHORTLIST_ROUNDS} rounds chosen industries {outside} still had "
                "unvalued chains"
            )
    return sel_inputs, problem, selection, infeasibility


def _sections(city: IOTable) -> pd.Series | None:
    """NBS section per sector (S = services), None for other classifications."""
    try:
        return calc_sections(city)
    except ScenarioError:
        return None


def _policy_support(
    scenario: Scenario,
    city: IOTable,
    codes: dict[str, Any],
    inputs: dict[str, str],
    notes: list[str],
) -> tuple[pd.Series | dict[str, float] | None, Any]:
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
    options = _criteria_options(scenario)
    manual = dict(codes["policy"])
    folder = scenario.get("policy_documents")
    if folder:
        from chainmap.criteria import policy_text as pt

        base = scenario.path.parent if scenario.path is not None else Path.cwd()
        path = Path(folder) if Path(folder).is_absolute() else base / folder
        documents = pt.read_policy_documents(path)
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
        keywords = pt.load_keywords(kw_path, scheme=scheme or "nbs-153")
        scores = pt.score_policy_support(documents, keywords, [str(c) for c in city.codes])
        scores = pt.apply_overrides(scores, manual)
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
        return scores["policy_support"].rename("policy_intensity"), options
    if manual:
        notes.append(f"policy support: {len(manual)} values typed in the scenario, others 0")
        return manual, options
    off = float(dict(options.weights).get("policy_support", 0))
    options = _policy_off(options)
    if options.weighting == "manual" and off > 0:
        notes.append(
            f"policy support off: no policy_documents and no policy values; its weight {off:g} "
            "is redistributed over the other criteria in proportion to their weights"
        )
    return None, options


def _policy_off(options: Any) -> Any:
    """Options with the policy criterion off (manual weight 0: the others share it)."""
    weights = dict(options.weights)
    if options.weighting == "manual" and weights.get("policy_support", 0) > 0:
        weights["policy_support"] = 0.0
        return dataclasses.replace(options, weights=weights)
    return options


def _roles_after_decision(criteria: Any, selection: Any, candidates: list[str]) -> Any:
    """Criteria result whose roles agree with the chosen portfolio."""
    roles = apply_decision(
        criteria.roles,
        selection.leading,
        selection.potential,
        criteria.indicators["forward_linkage"],
        criteria.indicators["intermediate_share"],
        rules=criteria.options.roles,
        candidates=candidates,
    )
    return dataclasses.replace(criteria, roles=roles)


def _criteria_options(scenario: Scenario) -> Any:
    section = dict(scenario.get("criteria"))
    section["strict_stages"] = scenario.get("selection.strict_stages")
    roles = dict(section.pop("roles") or {})
    roles.setdefault("n_leading", _upper(scenario.get("selection.n_leading")))
    section["roles"] = roles
    return CriteriaOptions.from_mapping(section)


def _upper(value: Any) -> int:
    return int(value[-1]) if isinstance(value, list) else int(value)


def gap_thresholds(scenario: Scenario) -> GapThresholds:
    """The gap thresholds a scenario sets (``gaps.key_share``, ``gaps.target_local_share``)."""
    return GapThresholds(
        key_share=float(scenario.get("gaps.key_share")),
        fill_target=float(scenario.get("gaps.target_local_share")),
    )


def _diagnose(
    city: IOTable,
    parent: IOTable,
    short: list[str],
    scenario: Scenario,
    cache: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Gap diagnoses of ``short`` in its order (reusing and filling ``cache``)."""
    thresholds = gap_thresholds(scenario)
    cache = {} if cache is None else cache
    out: dict[str, Any] = {}
    for code in short:
        if city.z[:, list(city.codes).index(code)].sum() <= 0 and city.imports is None:
            continue
        if code not in cache:
            cache[code] = diagnose_gaps(
                city, code, parent=parent if parent is not city else None, thresholds=thresholds
            )
        out[code] = cache[code]
    return out


def _select_best(
    scenario: Scenario, inputs: Any
) -> tuple[SelectionProblem, SelectionResult, InfeasibilityDiagnosis | None]:
    """Build and solve the best portfolio; diagnose the conflict if there is none."""
    solver = scenario.get("selection.solver")
    limit = float(scenario.get("selection.time_limit"))
    problem = build_problem(inputs)
    result = solve_problem(problem, solver=solver, time_limit=limit)
    if result.status == SelectionStatus.TIME_LIMIT:
        return problem, result, None  # not infeasible: stopped by selection.time_limit
    if result.status not in (SelectionStatus.OPTIMAL, SelectionStatus.FEASIBLE):
        return problem, result, diagnose_infeasibility(inputs, solver=solver, time_limit=limit)
    return problem, result, None


def _alternatives(
    scenario: Scenario, inputs: Any, problem: SelectionProblem, best: SelectionResult
) -> list[Alternative]:
    """The runner-ups of ``best``, by no-good cuts added to the problem it was solved on."""
    k = int(scenario.get("selection.alternatives"))
    if not k or not best.is_solved:
        return []
    solver = scenario.get("selection.solver")
    limit = float(scenario.get("selection.time_limit"))
    alts = solve_k_best(inputs, k + 1, solver=solver, time_limit=limit, best=best, problem=problem)
    return alts[1:]


def _group_effect(
    city: IOTable, measures: pd.DataFrame, leading: tuple[str, ...]
) -> dict[str, Any]:
    group = calc_group_extraction(city, list(leading))
    additive = float(measures.loc[list(leading), "hem_full"].sum())
    out = dataclasses.asdict(group)
    out["sectors"] = list(group.sectors)
    out["additive_full"] = additive
    out["interaction_full"] = float(group.full - additive)
    out["share_of_output"] = float(group.full / city.x.sum())
    return {k: (float(v) if isinstance(v, np.floating) else v) for k, v in out.items()}
