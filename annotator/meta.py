"""Report-header metadata from a ``--meta`` YAML/JSON file (or batch sheet columns).

The file is a flat mapping; every field is optional. Unknown keys are errors (a misspelt
``tumor_content`` must not vanish from a signed report).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.annotate import Sample
from annotator.errors import InputFormatError

# key -> label printed in the report header, in display order
HEADER_FIELDS: dict[str, str] = {
    "lab_name": "Laboratory",
    "lab_address": "Laboratory address",
    "lab_accreditation": "Accreditation",
    "patient_name": "Patient",
    "patient_id": "Patient identifier",
    "date_of_birth": "Date of birth",
    "specimen_id": "Specimen identifier",
    "tumour_content": "Tumour content",
    "collection_date": "Collected",
    "received_date": "Received",
    "ordering_physician": "Requested by",
    "test_name": "Test",
}
SAMPLE_FIELDS = ("disease", "age", "sex", "site", "specimen")
ALLOWED = (*SAMPLE_FIELDS, *HEADER_FIELDS)


def read_meta(path: Path) -> dict[str, str]:
    """Read and check a meta file; values come back as strings (dates as ISO text)."""
    import yaml  # only when a meta file is given

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputFormatError(path, f"cannot read meta file ({e.strerror})") from e
    try:
        data: Any = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        line = getattr(e, "lineno", None)
        mark = getattr(e, "problem_mark", None)
        if mark is not None:
            line = mark.line + 1
        raise InputFormatError(path, "not valid YAML or JSON", line=line) from e
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputFormatError(path, "expected a mapping of field: value")
    return check_meta(path, data)


def check_meta(path: Path | str, data: dict[Any, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if key not in ALLOWED:
            raise InputFormatError(
                path, f"unknown field {key!r}; expected some of {', '.join(ALLOWED)}"
            )
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list)):
            raise InputFormatError(path, f"field {key!r}: expected a single value, got {value!r}")
        out[str(key)] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return out


def sample_from_meta(sample_id: str, disease: str | None, meta: dict[str, str]) -> Sample:
    """The sample to annotate: an explicit --disease wins over the meta file; IMT by default."""
    return Sample(
        id=sample_id,
        disease=disease or meta.get("disease") or "IMT",
        age=meta.get("age"),
        sex=meta.get("sex"),
        site=meta.get("site"),
        specimen=meta.get("specimen"),
        header=tuple((k, meta[k]) for k in HEADER_FIELDS if k in meta),
    )
