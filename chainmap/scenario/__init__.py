"""Scenarios: schema and loading, the runner (the only orchestration), results and comparisons.

Modules in the order a run uses them:

* the scenario file: :mod:`~chainmap.scenario.defaults` (the schema),
  :mod:`~chainmap.scenario.yaml_files`, :mod:`~chainmap.scenario.checks`,
  :mod:`~chainmap.scenario.schema` (``load_scenario``), :mod:`~chainmap.scenario.settings`
  (settings as the options of the stages below), :mod:`~chainmap.scenario.catalog`;
* the analysis: :mod:`~chainmap.scenario.reading` (tables, no look-ahead),
  :mod:`~chainmap.scenario.city_table`, :mod:`~chainmap.scenario.market_inputs`,
  :mod:`~chainmap.scenario.policy`, :mod:`~chainmap.scenario.analysis`;
* the decision: :mod:`~chainmap.scenario.link_values`,
  :mod:`~chainmap.scenario.selection_setup` (selection inputs),
  :mod:`~chainmap.scenario.deciding` (gaps and shortlist rounds),
  :mod:`~chainmap.scenario.variants` (parameter robustness),
  :mod:`~chainmap.scenario.runner` (``run_scenario``, ``solve_scenario``);
* the result folder: :mod:`~chainmap.scenario.document` (``result.json``),
  :mod:`~chainmap.scenario.impacts`, :mod:`~chainmap.scenario.chain_maps`,
  :mod:`~chainmap.scenario.manifest`, :mod:`~chainmap.scenario.results`
  (``write_results``); :mod:`~chainmap.scenario.compare` compares results (its fields in
  :mod:`~chainmap.scenario.compare_columns`).
"""
