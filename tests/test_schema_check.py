"""The report schema compiled to plain checks (``annotator.report.schema_check``) says "valid"
exactly when jsonschema does: on every golden report, on thousands of broken copies of them and
on the keyword details where the two could part (integers, booleans, formats, if/then)."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from annotator.report import schema
from annotator.report.schema import report_schema, schema_problem
from annotator.report.schema_check import Unsupported, compile_schema

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.report.json"))
WHEN = "2024-01-01T00:00:00+00:00"  # the goldens leave generated_at out
WRONG_VALUES: list[Any] = [None, True, 0, -1, 1.5, 2.0, "", "x", "F1", [], {}, ["x"], {"a": 1}]


def _golden(path: Path) -> dict[str, Any]:
    report: dict[str, Any] = {"generated_at": WHEN, **json.loads(path.read_text())}
    return report


def _reference(instance: Any) -> bool:
    validator = jsonschema.Draft202012Validator(
        report_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return bool(validator.is_valid(instance))


def _paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*at, i))


def _broken(report: dict[str, Any], rng: random.Random) -> Iterator[dict[str, Any]]:
    """Copies with one place changed (250 places drawn at random): a value replaced, a key
    dropped or added, an item removed."""
    paths = [p for p in _paths(report) if p]
    for path in rng.sample(paths, min(250, len(paths))):
        parent_path, last = path[:-1], path[-1]
        for action in rng.sample(["value", "value", "drop", "add", "empty"], 1):
            broken = copy.deepcopy(report)
            parent = broken
            for key in parent_path:
                parent = parent[key]
            if action == "value":
                parent[last] = rng.choice(WRONG_VALUES)
            elif action == "drop":
                del parent[last]
            elif action == "add" and isinstance(parent[last], dict):
                parent[last]["unexpected"] = rng.choice(WRONG_VALUES)
            elif action == "empty" and isinstance(parent[last], list | str):
                parent[last] = parent[last][:0]
            yield broken


def test_every_keyword_of_the_schema_is_implemented() -> None:
    check = compile_schema(report_schema())
    assert schema._conforms() is not None
    for path in GOLDEN:
        report = _golden(path)
        assert check(report) and _reference(report), path.name


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_broken_reports_are_judged_as_jsonschema_judges_them(path: Path) -> None:
    check = compile_schema(report_schema())
    report = _golden(path)
    rng = random.Random(path.name)
    judged = {True: 0, False: 0}
    for broken in _broken(report, rng):
        expected = _reference(broken)
        assert check(broken) is expected, [
            e.message for e in jsonschema.Draft202012Validator(report_schema()).iter_errors(broken)
        ]
        judged[expected] += 1
    assert judged[True] > 30 and judged[False] > 30  # both kinds of answer were tested


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        (lambda r: r["inputs"][0].__setitem__("records", 3.0), True),  # integer-valued float
        (lambda r: r["inputs"][0].__setitem__("records", True), False),  # a bool is no integer
        (lambda r: r["inputs"][0].__setitem__("records", -1), False),  # minimum
        (lambda r: r.__setitem__("revision", 1), True),
        (lambda r: r.__setitem__("revision", 0), False),
        (lambda r: r.__setitem__("status", "final"), True),
        (lambda r: r.__setitem__("status", 1), False),
        (lambda r: r["knowledgebase"].__setitem__("released", "2024-02-30"), False),  # format
        (lambda r: r["knowledgebase"].__setitem__("released", "2024-2-3"), False),
        (lambda r: r["knowledgebase"].__setitem__("sha256", "A" * 64), False),  # pattern
        (lambda r: r["tool"].__setitem__("name", "other"), False),  # const
        (lambda r: r["findings"][0].__setitem__("label", "ALK fusion"), False),  # if/then
        (lambda r: r["findings"][0].__setitem__("kind", "mutation"), True),  # then not applied
        (lambda r: r["inputs"][0]["details"].__setitem__("x", 1), False),  # additionalProperties
        (lambda r: r["findings"][0]["therapies"][0].__setitem__("citations", []), False),
        (lambda r: r["findings"][0]["therapies"][0]["citations"].__setitem__(0, "bad"), False),
    ],
)
def test_keyword_details(change: Any, valid: bool) -> None:
    report = _golden(GOLDEN[0])
    fusions = [f for f in report["findings"] if f["kind"] == "fusion" and f["therapies"]]
    assert fusions, "the first golden report must hold a fusion with a therapy"
    report["findings"] = fusions + [f for f in report["findings"] if f not in fusions]
    change(report)
    assert _reference(report) is valid
    assert compile_schema(report_schema())(report) is valid
    assert (schema_problem(report) is None) is valid


def test_an_unknown_keyword_leaves_validation_to_jsonschema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(Unsupported, match="uniqueItems"):
        compile_schema({"type": "array", "uniqueItems": True})
    with pytest.raises(Unsupported, match="format 'email'"):
        compile_schema({"format": "email"})
    report = _golden(GOLDEN[0])
    report["sample"]["id"] = ""
    expected = "at sample/id: '' should be non-empty"
    assert schema_problem(report) == expected  # jsonschema's message for a report that fails
    schema._conforms.cache_clear()
    monkeypatch.setattr(schema, "compile_schema", None, raising=False)
    monkeypatch.setattr(
        "annotator.report.schema_check.compile_schema",
        lambda s: (_ for _ in ()).throw(Unsupported("test")),
    )
    try:
        assert schema._conforms() is None
        assert schema_problem(report) == expected
        assert schema_problem(_golden(GOLDEN[0])) is None
    finally:
        schema._conforms.cache_clear()
