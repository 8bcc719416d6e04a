"""The JSON Schema of the report, shipped in the package, and validation against it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from annotator.errors import AnnotatorError


@cache
def report_schema() -> dict[str, Any]:
    text = resources.files("annotator.report").joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_report(report: dict[str, Any]) -> None:
    """Refuse to write a report that breaks the published contract."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        report_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(root)"
        raise AnnotatorError(
            f"internal error: report does not match its schema at {where}: {errors[0].message}"
        )
