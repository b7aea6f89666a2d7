"""chainmap: leading-industry selection and industrial-chain gap diagnosis.

Input-output tables → validated :class:`IOTable` → linkage measures → industry
graph and chain maps → city table → five-criteria scores and chain gaps →
optimal selection → scenario reports.
"""

from chainmap.__about__ import __version__
from chainmap.analysis import analysis_to_json, analyze_table
from chainmap.citydata import CityData, read_city_data
from chainmap.errors import ChainmapError, DataWarning, InputDataError, Issue, ScenarioError
from chainmap.examples import miller_blair_2x2
from chainmap.gaps import GapThresholds, diagnose_gaps
from chainmap.readers import read_table, write_native
from chainmap.regional import regionalize
from chainmap.table import IOTable, TableMeta
from chainmap.validate import check_table, validate_table

__all__ = [
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
    "check_table",
    "diagnose_gaps",
    "miller_blair_2x2",
    "read_city_data",
    "read_table",
    "regionalize",
    "validate_table",
    "write_native",
]
