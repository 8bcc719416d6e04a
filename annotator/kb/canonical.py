"""The knowledgebase content hash: SHA-256 over a canonical JSON form of the parsed YAML.

Canonical means: every file parsed, keyed by its file name, dumped as JSON with sorted keys,
no insignificant whitespace and UTF-8 text. Comments, indentation, quoting style, key order
and the order of the files in the manifest therefore do not change the hash; any change of a
value, and any reordering of list items (which can change report order), does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def canonical_json(files: Mapping[str, Any]) -> str:
    """One JSON text for the whole knowledgebase (file name -> parsed content)."""
    return json.dumps(
        dict(files), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def content_hash(files: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(files).encode("utf-8")).hexdigest()
