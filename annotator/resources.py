"""Where the bundled knowledgebase and templates are.

In a wheel they are inside the package (``annotator/knowledgebase``); in a source checkout or
an editable install they are at the top of the repository, where they are reviewed like code.
"""

from __future__ import annotations

from pathlib import Path


def bundled_dir(name: str) -> Path:
    package = Path(__file__).resolve().parent
    inside = package / name
    return inside if inside.is_dir() else package.parent / name
