"""``chainmap serve``: a planner's workbench in the browser (issue 15).

:func:`chainmap.web.app.create_app` builds the application from the route modules
(:mod:`~chainmap.web.scenario_routes`, :mod:`~chainmap.web.compare_routes`,
:mod:`~chainmap.web.data_routes`), with :mod:`~chainmap.web.guard` (session cookie,
limits, error pages) and :mod:`~chainmap.web.context` (what a route needs of a request);
:mod:`~chainmap.web.forms` checks the controls; :mod:`chainmap.web.state` holds the
caches, sessions and the solve pool; :mod:`chainmap.web.service` solves and renders with
the report's own sections; :mod:`chainmap.web.pages` is the HTML.
"""
