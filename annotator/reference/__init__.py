"""Bundled reference data: MANE Select gene models and kinase domains per genome build."""
