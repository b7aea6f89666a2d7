"""Linkage measures, multipliers, hypothetical extraction and structural paths of one table."""
