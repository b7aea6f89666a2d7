"""The planner's briefing: result files, tables, sections, charts and rendering."""
