"""Backtests: run the method with data dated ≤ T and compare with what happened by T + k.

Modules (one concept each): :mod:`~chainmap.backtest.sources` (the one adapter to the
provincial reader), :mod:`~chainmap.backtest.archive` (tables on a common scheme and the
``as_of`` guard), :mod:`~chainmap.backtest.metrics`, :mod:`~chainmap.backtest.relatedness`,
:mod:`~chainmap.backtest.baselines`, :mod:`~chainmap.backtest.predict` (the method at T
through :func:`chainmap.scenario.runner.run_on_tables`), :mod:`~chainmap.backtest.evaluate`,
:mod:`~chainmap.backtest.pooling` (pooled figures, province bootstrap),
:mod:`~chainmap.backtest.calibrate` (leave-one-province-out),
:mod:`~chainmap.backtest.stage_rules` (stage thresholds by leave-one-province-out),
:mod:`~chainmap.backtest.summary` (the shipped, checked summary) and
:mod:`~chainmap.backtest.parallel` (dask.distributed fan-out).
"""
