"""chainmap: leading-industry selection and industrial-chain gap diagnosis.

Input-output tables → validated :class:`IOTable` → linkage measures → industry
graph and chain maps → city table → five-criteria scores and chain gaps →
optimal selection → scenario reports.

The public API is re-exported here and imported on first use (PEP 562), so that
``import chainmap`` and ``chainmap --help`` stay fast::

    import chainmap
    table = chainmap.read_table("cn-nbs-2020-153")
    measures = chainmap.analyze_table(table)
    result = chainmap.run_scenario(chainmap.load_scenario("scenarios/hangzhou_2023.yaml"))
    chainmap.write_results(result, "out/hangzhou")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from chainmap.__about__ import __version__
from chainmap.errors import ChainmapError, DataWarning, InputDataError, Issue, ScenarioError

#: Public name → module that defines it.
_API: dict[str, str] = {
    "structural_paths": "chainmap.analysis.paths",
    "analysis_to_json": "chainmap.analysis.summary",
    "analyze_table": "chainmap.analysis.summary",
    "CityData": "chainmap.city.citydata",
    "read_city_data": "chainmap.city.citydata",
    "regionalize": "chainmap.city.regional",
    "export_chain_map": "chainmap.draw.chain_export",
    "GapThresholds": "chainmap.gaps.diagnosis",
    "diagnose_gaps": "chainmap.gaps.diagnosis",
    "ChainMap": "chainmap.graph.chain",
    "chain_map": "chainmap.graph.chain",
    "build_linkage_graph": "chainmap.graph.linkage_graph",
    "export_graph": "chainmap.graph.linkage_graph",
    "network_measures": "chainmap.graph.network",
    "threshold_sensitivity": "chainmap.graph.network",
    "score_side_effects": "chainmap.graph.side_effects",
    "miller_blair_2x2": "chainmap.io.examples",
    "read_table": "chainmap.io.readers",
    "write_native": "chainmap.io.readers",
    "resolve_sector": "chainmap.io.sectors",
    "resolve_sectors": "chainmap.io.sectors",
    "IOTable": "chainmap.io.table",
    "TableMeta": "chainmap.io.table",
    "check_table": "chainmap.io.validate",
    "validate_table": "chainmap.io.validate",
    "load_scenario": "chainmap.scenario.schema",
    "run_scenario": "chainmap.scenario.runner",
    "ScenarioResult": "chainmap.scenario.runner",
    "write_results": "chainmap.scenario.results",
    "read_result": "chainmap.scenario.results",
    "write_report": "chainmap.report.write",
}

__all__ = [
    "ChainMap",
    "ChainmapError",
    "CityData",
    "DataWarning",
    "GapThresholds",
    "IOTable",
    "InputDataError",
    "Issue",
    "ScenarioError",
    "ScenarioResult",
    "TableMeta",
    "__version__",
    "analysis_to_json",
    "analyze_table",
    "build_linkage_graph",
    "chain_map",
    "check_table",
    "diagnose_gaps",
    "export_chain_map",
    "export_graph",
    "load_scenario",
    "miller_blair_2x2",
    "network_measures",
    "read_city_data",
    "read_result",
    "read_table",
    "regionalize",
    "resolve_sector",
    "resolve_sectors",
    "run_scenario",
    "score_side_effects",
    "structural_paths",
    "threshold_sensitivity",
    "validate_table",
    "write_native",
    "write_report",
    "write_results",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    module = _API.get(name)
    if module is None:
        msg = f"module 'chainmap' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])


if TYPE_CHECKING:  # the same names, for type checkers and IDEs
    from chainmap.analysis.paths import structural_paths
    from chainmap.analysis.summary import analysis_to_json, analyze_table
    from chainmap.city.citydata import CityData, read_city_data
    from chainmap.city.regional import regionalize
    from chainmap.draw.chain_export import export_chain_map
    from chainmap.gaps.diagnosis import GapThresholds, diagnose_gaps
    from chainmap.graph.chain import ChainMap, chain_map
    from chainmap.graph.linkage_graph import build_linkage_graph, export_graph
    from chainmap.graph.network import network_measures, threshold_sensitivity
    from chainmap.graph.side_effects import score_side_effects
    from chainmap.io.examples import miller_blair_2x2
    from chainmap.io.readers import read_table, write_native
    from chainmap.io.sectors import resolve_sector, resolve_sectors
    from chainmap.io.table import IOTable, TableMeta
    from chainmap.io.validate import check_table, validate_table
    from chainmap.report.write import write_report
    from chainmap.scenario.results import read_result, write_results
    from chainmap.scenario.runner import ScenarioResult, run_scenario
    from chainmap.scenario.schema import load_scenario
