"""chainmap: leading-industry selection and industrial-chain gap diagnosis.

Input-output tables → validated :class:`IOTable` → linkage measures → industry
graph and chain maps → city table → five-criteria scores and chain gaps →
optimal selection → scenario reports.
"""

from chainmap.__about__ import __version__
from chainmap.errors import ChainmapError, DataWarning, InputDataError, Issue, ScenarioError
from chainmap.examples import miller_blair_2x2
from chainmap.table import IOTable, TableMeta

__all__ = [
    "ChainmapError",
    "DataWarning",
    "IOTable",
    "InputDataError",
    "Issue",
    "ScenarioError",
    "TableMeta",
    "__version__",
    "miller_blair_2x2",
]
