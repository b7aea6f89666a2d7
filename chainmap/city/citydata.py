"""City sector data: read it, map it to the parent's sectors, fill what it does not cover.

The three steps live in their own modules and are re-exported here, the one place the
rest of chainmap imports them from:

* :mod:`chainmap.city.reading`: the city CSV (one row per sector, a key column and a value
  column of output, employment or value added; empty = not reported), its unit line and
  year columns; units are converted by :mod:`chainmap.city.units`;
* :mod:`chainmap.city.concordance`: city data in another classification (GB/T 4754
  divisions...) mapped to the parent's codes, a source spanning several parent sectors
  split in proportion to the parent's own figure for the same measure;
* :mod:`chainmap.city.completion`: city gross output at every parent code, the uncovered
  sectors set by an explicit fill rule (``parent_share``, ``parent_structure``, ``zero``,
  ``exclude``) and recorded.
"""

from __future__ import annotations

from chainmap.city.completion import (
    FILL_RULES,
    MIN_PLAUSIBLE_SHARE,
    CityOutput,
    FillRule,
    complete_city_output,
)
from chainmap.city.concordance import (
    check_concordance,
    codes_for_source,
    map_to_parent,
    read_concordance,
)
from chainmap.city.reading import (
    MEASURES,
    CityData,
    Measure,
    Unreported,
    column_year,
    columns_sha256,
    match_key,
    parent_measure,
    read_city_csv,
    read_city_data,
    split_header,
    year_columns,
)
from chainmap.city.units import unit_factor

__all__ = [
    "FILL_RULES",
    "MEASURES",
    "MIN_PLAUSIBLE_SHARE",
    "CityData",
    "CityOutput",
    "FillRule",
    "Measure",
    "Unreported",
    "check_concordance",
    "codes_for_source",
    "column_year",
    "columns_sha256",
    "complete_city_output",
    "map_to_parent",
    "match_key",
    "parent_measure",
    "read_city_csv",
    "read_city_data",
    "read_concordance",
    "split_header",
    "unit_factor",
    "year_columns",
]
