"""chainmap: leading-industry selection and industrial-chain gap diagnosis.

Input-output tables → validated :class:`IOTable` → linkage measures → industry
graph and chain maps → city table → five-criteria scores and chain gaps →
optimal selection → scenario reports.
"""

from chainmap.__about__ import __version__
from chainmap.analysis import analysis_to_json, analyze_table
from chainmap.chain import ChainMap, chain_map, export_chain_map
from chainmap.citydata import CityData, read_city_data
from chainmap.errors import ChainmapError, DataWarning, InputDataError, Issue, ScenarioError
from chainmap.examples import miller_blair_2x2
from chainmap.gaps import GapThresholds, diagnose_gaps
from chainmap.graph import build_linkage_graph, export_graph
from chainmap.network import network_measures, threshold_sensitivity
from chainmap.paths import structural_paths
from chainmap.readers import read_table, write_native
from chainmap.regional import regionalize
from chainmap.sectors import resolve_sector, resolve_sectors
from chainmap.side_effects import score_side_effects
from chainmap.table import IOTable, TableMeta
from chainmap.validate import check_table, validate_table

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
    "miller_blair_2x2",
    "network_measures",
    "read_city_data",
    "read_table",
    "regionalize",
    "resolve_sector",
    "resolve_sectors",
    "score_side_effects",
    "structural_paths",
    "threshold_sensitivity",
    "validate_table",
    "write_native",
]
