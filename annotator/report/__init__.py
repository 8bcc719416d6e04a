"""Reports: one view-model (``build_report``), several renderers, atomic writes."""
