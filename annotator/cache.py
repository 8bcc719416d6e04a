"""The user's cache folder: the parsed knowledgebase and the compiled report templates.

``$XDG_CACHE_HOME/imt-annotator``, else ``~/.cache/imt-annotator``. Every entry is keyed by the
content it was made from (the knowledgebase files and code, a template's source), so a stale
entry is never used. ``IMT_ANNOTATOR_NO_CACHE=1`` turns caching off; a folder that cannot be
written only means that nothing is cached.
"""

from __future__ import annotations

import os
from pathlib import Path

NO_CACHE_ENV = "IMT_ANNOTATOR_NO_CACHE"  # set to 1: read and compile everything, cache nothing


def caching() -> bool:
    """False when ``IMT_ANNOTATOR_NO_CACHE`` is set (to anything but 0)."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/imt-annotator``, else ``~/.cache/imt-annotator``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "imt-annotator"
