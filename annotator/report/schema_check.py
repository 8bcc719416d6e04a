"""The report schema compiled to plain Python checks: a yes/no validation without jsonschema.

Importing jsonschema (with ``referencing``, ``attrs`` and its format checkers) costs about as
much as the rest of ``annotate``'s start-up, and a report is validated on every run. So the
schema is compiled here into nested closures, one per keyword, that answer only "does the
report conform?"; :mod:`annotator.report.schema` asks jsonschema only when they say no, for the
message. It is a full validation, not a sample: every keyword of ``report.schema.json`` is
implemented with jsonschema's Draft 2020-12 meaning (type-specific keywords ignore other types,
``integer`` accepts 1.0 and never a bool, ``enum``/``const`` tell ``true`` from ``1``,
``pattern`` is a ``re.search``, ``format`` is checked as jsonschema's ``FORMAT_CHECKER`` checks
it), and a schema using any other keyword is refused (``Unsupported``), so that jsonschema
validates instead. The tests compare both on every golden report and on broken copies of them.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that do not constrain an instance.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class Unsupported(Exception):
    """The schema uses a keyword or form this module does not implement."""


def _is_type(name: str) -> Check:
    checks: dict[str, Check] = {
        "object": lambda x: isinstance(x, dict),
        "array": lambda x: isinstance(x, list),
        "string": lambda x: isinstance(x, str),
        "boolean": lambda x: isinstance(x, bool),
        "null": lambda x: x is None,
        "number": lambda x: isinstance(x, int | float) and not isinstance(x, bool),
        "integer": lambda x: (
            (isinstance(x, int) and not isinstance(x, bool))
            or (isinstance(x, float) and x.is_integer())
        ),
    }
    if name not in checks:
        raise Unsupported(f"type {name!r}")
    return checks[name]


def _equal(one: Any, two: Any) -> bool:
    """jsonschema's equality: booleans equal only booleans, containers compared item by item."""
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(map(_equal, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, list | dict) or isinstance(two, list | dict):
        return False
    return bool(one == two)


def _date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _format(name: str) -> Check:
    """A string format, checked exactly when jsonschema's FORMAT_CHECKER checks it."""
    if name == "date":
        return lambda x: not isinstance(x, str) or _date(x)
    if name == "date-time":
        if importlib.util.find_spec("rfc3339_validator") is None:
            return lambda x: True  # jsonschema leaves it unchecked without that package
        validate: Callable[[str], bool] = importlib.import_module(
            "rfc3339_validator"
        ).validate_rfc3339
        return lambda x: not isinstance(x, str) or bool(validate(x.upper()))
    raise Unsupported(f"format {name!r}")


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, pointer: str) -> Check:
        """``#/$defs/name``, compiled once; bound late so that definitions may recurse."""
        if not pointer.startswith("#/$defs/") or "/" in pointer[8:]:
            raise Unsupported(f"$ref {pointer!r}")
        name = pointer[8:]
        if name not in self.root.get("$defs", {}):
            raise Unsupported(f"$ref {pointer!r} names no definition")
        if pointer not in self.refs:
            self.refs[pointer] = lambda x: True  # placeholder while compiling a recursion
            self.refs[pointer] = self.compile(self.root["$defs"][name])
        return lambda x: self.refs[pointer](x)

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda x: True
        if schema is False:
            return lambda x: False
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        checks = [self.keyword(key, value, schema) for key, value in schema.items()]
        found = [c for c in checks if c is not None]
        return lambda x: all(check(x) for check in found)

    def keyword(self, key: str, value: Any, schema: dict[str, Any]) -> Check | None:
        """The check of one keyword (None: nothing to check here)."""
        if key in _ANNOTATIONS or key in ("then", "else") or key == "$defs":
            return None  # $defs compile through $ref; then/else with their if
        if key == "type":
            names = value if isinstance(value, list) else [value]
            types = [_is_type(n) for n in names]
            return lambda x: any(t(x) for t in types)
        if key == "enum":
            options = list(value)
            return lambda x: any(_equal(x, o) for o in options)
        if key == "const":
            return lambda x: _equal(x, value)
        if key == "required":
            names = list(value)
            return lambda x: not isinstance(x, dict) or all(n in x for n in names)
        if key == "properties":
            props = {name: self.compile(sub) for name, sub in value.items()}
            return lambda x: (
                not isinstance(x, dict)
                or all(check(x[name]) for name, check in props.items() if name in x)
            )
        if key == "additionalProperties":
            other = self.compile(value)
            known = frozenset(schema.get("properties", {}))
            if "patternProperties" in schema:
                raise Unsupported("patternProperties")
            return lambda x: (
                not isinstance(x, dict) or all(other(v) for k, v in x.items() if k not in known)
            )
        if key == "items":
            item = self.compile(value)
            return lambda x: not isinstance(x, list) or all(map(item, x))
        if key == "minItems":
            return lambda x: not isinstance(x, list) or len(x) >= value
        if key == "minLength":
            return lambda x: not isinstance(x, str) or len(x) >= value
        if key == "minimum":
            return lambda x: isinstance(x, bool) or not isinstance(x, int | float) or x >= value
        if key == "pattern":
            search = re.compile(value).search
            return lambda x: not isinstance(x, str) or search(x) is not None
        if key == "format":
            return _format(value)
        if key == "$ref":
            return self.ref(value)
        if key == "allOf":
            parts = [self.compile(sub) for sub in value]
            return lambda x: all(p(x) for p in parts)
        if key == "if":
            test = self.compile(value)
            then = self.compile(schema.get("then", True))
            otherwise = self.compile(schema.get("else", True))
            return lambda x: then(x) if test(x) else otherwise(x)
        raise Unsupported(f"keyword {key!r}")


def compile_schema(schema: dict[str, Any]) -> Check:
    """The schema as one function: instance -> whether it conforms. Raises ``Unsupported``."""
    return _Compiler(schema).compile(schema)
