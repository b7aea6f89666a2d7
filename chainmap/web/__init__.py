"""``chainmap serve``: a planner's workbench in the browser (issue 15).

:func:`chainmap.web.app.create_app` builds the application; :mod:`chainmap.web.state`
holds the caches, sessions and the solve pool; :mod:`chainmap.web.service` solves and
renders with the report's own sections; :mod:`chainmap.web.pages` is the HTML.
"""
