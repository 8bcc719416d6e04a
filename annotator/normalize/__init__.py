"""Normalisation: caller vocabularies to HGNC symbols, HGNC fusion labels, 1-letter HGVS p."""
