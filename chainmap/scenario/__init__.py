"""Scenarios: schema and loading, the runner (the only orchestration), results and comparisons."""
