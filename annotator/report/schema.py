"""The JSON Schema of the report, shipped in the package, and validation against it."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from annotator.errors import AnnotatorError


@cache
def report_schema() -> dict[str, Any]:
    text = resources.files("annotator.report").joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


_POSITIVE_INTEGERS = {"type": "integer", "minimum": 1}


@cache
def _validator() -> Any:
    """The report validator, built once per process.

    Its ``items`` check passes an array of plain positive integers in one loop (a VCF's
    ``skipped[].lines`` holds thousands of line numbers, checked one by one otherwise: most of
    the validation time) and hands anything else, or any bad item, to jsonschema's own check,
    so errors read exactly as before.
    """
    import jsonschema

    base = jsonschema.Draft202012Validator
    original = base.VALIDATORS["items"]

    def items(validator: Any, schema_items: Any, instance: Any, schema: Any) -> Any:
        plain = schema_items == _POSITIVE_INTEGERS and isinstance(instance, list)
        if plain and all(type(i) is int and i >= 1 for i in instance):
            return
        yield from original(validator, schema_items, instance, schema)

    validators: Any = jsonschema.validators  # ``extend`` carries no type hints
    fast = validators.extend(base, {"items": items})
    return fast(report_schema(), format_checker=base.FORMAT_CHECKER)


@cache
def _conforms() -> Callable[[Any], bool] | None:
    """The schema compiled to plain checks (None: it uses a keyword they do not implement)."""
    from annotator.report.schema_check import Unsupported, compile_schema

    try:
        return compile_schema(report_schema())
    except Unsupported:
        return None


def schema_problem(report: object) -> str | None:
    """The first place where ``report`` breaks the published schema, or None when it conforms.

    A conforming report is recognised without jsonschema (``schema_check``, a full validation
    that does not import it); jsonschema is asked when the answer is no, for its message."""
    conforms = _conforms()
    if conforms is not None and conforms(report):
        return None
    errors = sorted(_validator().iter_errors(report), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    where = "/".join(str(p) for p in errors[0].absolute_path) or "(root)"
    return f"at {where}: {errors[0].message}"


def validate_report(report: dict[str, Any]) -> None:
    """Refuse to write a report that breaks the published contract."""
    problem = schema_problem(report)
    if problem is not None:
        raise AnnotatorError(f"internal error: report does not match its schema {problem}")
