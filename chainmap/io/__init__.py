"""Input: the IOTable, readers of every layout, validation, the registry and atomic writes."""
