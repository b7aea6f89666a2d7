"""The region's table: the parent regionalised with the scenario's city data.

Reads the city CSV (the value column and the ``yYYYY`` columns dated ≤ the run year),
maps it to the parent's codes through the concordance, completes the sectors it does not
report (the fill rule), and regionalises with the provincial shares, the learned share
model, or location quotients. Also keeps what the robustness variants need to
regionalise again with another δ or without the shares (:data:`Regionaliser`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from chainmap.city.citydata import (
    CityData,
    CityOutput,
    column_year,
    columns_sha256,
    complete_city_output,
    map_to_parent,
    read_city_data,
    read_concordance,
    year_columns,
)
from chainmap.city.from_province import (
    ProvinceShares,
    city_shares_from_province,
    city_shares_learned,
    read_concordance_42_153,
)
from chainmap.city.regional import regionalize
from chainmap.errors import ScenarioError
from chainmap.gaps.sourcing import calc_province_sources, calc_table_sources, sources_at_codes
from chainmap.io.readers.provincial import ProvincialTable, read_provincial_table
from chainmap.io.registry import find_entry, resolve_path
from chainmap.io.table import IOTable
from chainmap.scenario.reading import file_sha256, scenario_year
from chainmap.scenario.schema import Scenario

#: ``again(delta, use_shares)``: the city table regionalised with another δ / without
#: the provincial (or learned) shares (see :func:`city_table`).
Regionaliser = Callable[[float | None, bool], IOTable]


@dataclass
class CityTable:
    """The region's table and what was read to build it.

    ``output`` is the completed city output (which sectors the data cover), ``series``
    output by sector and year (columns ``yYYYY`` ≤ the run year), ``groups`` the sectors
    that share one city figure (:func:`concordance_groups`), ``again`` regionalises
    anew for the robustness variants. ``origins`` are the shares of the province's use of
    each product bought from other provinces and from abroad, at the table's codes
    (:func:`supply_origins`; None without a provincial table). Without city data only
    ``table`` (the parent) and ``origins`` are set.
    """

    table: IOTable
    output: CityOutput | None = None
    series: pd.DataFrame | None = None
    groups: dict[str, str] | None = None
    again: Regionaliser | None = None
    origins: pd.DataFrame | None = None


def city_table(
    scenario: Scenario,
    parent: IOTable,
    inputs: dict[str, str],
    notes: list[str],
    info: dict[str, Any],
    year: int | None = None,
) -> CityTable:
    """Regionalise the parent with the scenario's city data (or use the parent itself).

    ``info`` receives the regionalisation's provenance: method, parent and province
    tables, and which local figures are observed and which modelled.
    """
    city = scenario.get("city")
    if not city["data"]:
        info.update({"method": "none", "parent_table": parent.meta.table_id or ""})
        notes.append("no city data: the parent table itself is analysed as the region")
        return CityTable(parent, origins=supply_origins(parent, None))
    local, conc, data_path = _read_local(scenario, parent, inputs, year)
    series = output_series(scenario, data_path, parent, conc, year)
    completed = complete_city_output(
        local, parent, fill=city["fill"], fill_total=city["fill_total"]
    )
    shares, method = _local_shares(scenario, parent, completed.output, inputs, notes, year)
    province = scenario.get("regionalization.province")
    used_method = "province" if province else method
    info.update(_provenance(scenario, parent, used_method))
    again = _regionaliser(scenario, parent, local, shares, method)
    table = again(None, True)
    notes.extend(table.meta.notes)
    groups = concordance_groups(conc, list(table.codes)) if conc is not None else None
    origins = supply_origins(parent, shares.observed if shares is not None else None)
    return CityTable(table, completed, _series_in_table(series, table), groups, again, origins)


def supply_origins(parent: IOTable, province: ProvincialTable | None) -> pd.DataFrame | None:
    """Shares of the province's use of each parent product from other provinces and abroad.

    From the provincial table the local shares were observed in (its 42 products carried to
    the parent's codes by the official concordance), else from the parent itself when it
    is a provincial table with gross trade flows; None with neither (a national parent)
    or when the table gives no separate gross flows. Computed once at run time so the
    result folder carries them (:func:`chainmap.gaps.sourcing.calc_gap_link_origins`).
    """
    codes = [str(c) for c in parent.codes]
    sources: pd.DataFrame | None
    if province is not None:
        sources = sources_at_codes(
            calc_province_sources(province), read_concordance_42_153(), codes
        )
    else:
        sources = calc_table_sources(parent)
    if sources is None or sources.isna().all().all():
        return None
    return sources


def _read_local(
    scenario: Scenario, parent: IOTable, inputs: dict[str, str], year: int | None
) -> tuple[CityData, pd.DataFrame | None, Path]:
    """The city data at parent codes, the concordance used (if any) and the CSV's path."""
    city = scenario.get("city")
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
    conc = None
    if city["concordance"]:
        conc_path = scenario.resolve_path(city["concordance"])
        inputs[str(conc_path)] = file_sha256(conc_path)
        conc = read_concordance(conc_path)
        local = map_to_parent(local, conc, parent, unreported=city["unreported"])
    return local, conc, data_path


def _local_shares(
    scenario: Scenario,
    parent: IOTable,
    city_output: pd.Series,
    inputs: dict[str, str],
    notes: list[str],
    year: int | None,
) -> tuple[ProvinceShares | None, str]:
    """Local shares replacing the location quotients (provincial or learned), and the method.

    The learned model needs a 153-sector parent of the 2017–2020 classification; without
    one the method falls back to FLQ (noted).
    """
    method = str(scenario.get("regionalization.method"))
    shares = province_shares(scenario, parent, city_output, inputs)
    if shares is None and method == "learned":
        shares = city_shares_learned(
            pd.Series(parent.x, index=list(parent.codes)),
            city_output.reindex(list(parent.codes)).fillna(0.0),
            run_year=year if year is not None else parent.meta.year,
            parent_name=str(parent.meta.table_id or parent.meta.path or "parent"),
        )
        if shares is None:
            notes.append(
                "regionalization.method learned needs a 153-sector parent of the 2017–2020 "
                "classification: FLQ used instead"
            )
            method = "flq"
    return shares, method


def _provenance(scenario: Scenario, parent: IOTable, used_method: str) -> dict[str, Any]:
    """Method, parent and province tables, and which local figures are observed/modelled."""
    parent_id = parent.meta.table_id or parent.meta.path or "parent"
    province = scenario.get("regionalization.province")
    if province:
        observed = ["provincial local shares (42 products, proportionality assumption)"]
        modelled = ["scaling of the provincial shares to the city (learned model)"]
    elif used_method == "learned":
        observed, modelled = [], ["local shares (learned share model)"]
    else:
        observed, modelled = [], [f"local shares ({used_method.upper()} location quotients)"]
    return {
        "method": used_method,
        "parent_table": str(parent_id),
        "province_table": str(province) if province else None,
        "delta": float(scenario.get("regionalization.delta"))
        if used_method in ("flq", "aflq")
        else None,
        "observed": [*observed, "city output by sector (city data)"],
        "modelled": [
            *modelled,
            f"technology (coefficients of {parent_id})",
            "sectors filled by the fill rule",
        ],
    }


def _regionaliser(
    scenario: Scenario,
    parent: IOTable,
    local: CityData,
    shares: ProvinceShares | None,
    method: str,
) -> Regionaliser:
    """``again(delta, use_shares)``: the city table with another δ or without the shares.

    A variant δ needs a quotient method: the learned model and SLQ/CILQ give way to FLQ.
    """
    city = scenario.get("city")

    def again(delta: float | None = None, use_shares: bool = True) -> IOTable:
        use = shares if use_shares else None
        used = method
        if used == "learned" or (delta is not None and used not in ("flq", "aflq")):
            used = "flq"
        return regionalize(
            parent,
            local,
            method=used,  # type: ignore[arg-type]
            delta=float(scenario.get("regionalization.delta")) if delta is None else delta,
            fill=city["fill"],
            fill_total=city["fill_total"],
            local_share=use.city if use is not None else None,
            share_notes=use.notes if use is not None else (),
        )

    return again


def _series_in_table(series: pd.DataFrame | None, table: IOTable) -> pd.DataFrame | None:
    """The output series at the city table's sectors, keeping the reported total by year."""
    if series is None:
        return None
    # total of the reported output by year, before sectors leave the table: the share
    # rules of the stage inference (萌芽期, share-loss 成熟期) compare with it
    total = series.sum(axis=0, min_count=1)
    # sectors the city does not have leave the city table (fill "zero"/"exclude")
    series = series.loc[series.index.isin(table.codes)].reindex(table.codes)
    series.attrs["total"] = total
    return series


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


def province_shares(
    scenario: Scenario, parent: IOTable, city_output: pd.Series, inputs: dict[str, str]
) -> ProvinceShares | None:
    """Observed local shares of the city's province scaled to the city, or None.

    ``regionalization.province`` names the provincial table: a registry id such as
    ``cn-prov-2017-浙江``, or a workbook path, relative paths resolved like ``city.data``
    (from the scenario's folder). It must not be dated after the run (the city data's year).
    """
    source = scenario.get("regionalization.province")
    if not source:
        return None
    entry = find_entry(str(source))
    path = resolve_path(entry) if entry is not None else scenario.resolve_path(str(source))
    if path is None or not path.exists():
        raise ScenarioError(f"regionalization.province: table {source} not found")
    province = read_provincial_table(path)
    inputs[str(path)] = file_sha256(path)
    run_year = scenario_year(scenario, parent.meta.year)
    if run_year is not None and province.year > run_year:
        msg = f"provincial table {source} ({province.year}) is dated after the run ({run_year})"
        raise ScenarioError(msg)
    # city output in the province's unit (the parent's unit; both 万元 for NBS tables)
    return city_shares_from_province(province, city_output, run_year=run_year)


def output_series(
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
