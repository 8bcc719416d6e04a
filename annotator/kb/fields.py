"""Field types shared by every knowledgebase record: citations, dates, certainty, retirement.

Records are frozen standard-library dataclasses that pydantic validates (the loader builds one
``TypeAdapter`` per record type). Their constraints are the markers below, which pydantic
reads through its ``__get_pydantic_core_schema__`` hook when it validates: nothing imports
pydantic before then, so a run that takes the knowledgebase from its cache never loads it.

Validators here raise ``ValueError`` with the exact text a curator sees from
``imt-annotator kb validate`` (the loader strips pydantic's own prefix), so the wording is
part of the tool's contract and is pinned by tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

Certainty = Literal["V", "R", "U"]  # fact sheet tags: verified, review only, uncertain
Level = Literal["A", "B", "C", "D"]  # AMP/ASCO/CAP 2017 evidence levels
AgeGroup = Literal["any", "paediatric", "adult"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KEY = re.compile(r"^[A-Z][A-Za-z0-9]*:[A-Za-z0-9._\-/:()]+$")


class Check:
    """pydantic ``Field`` constraints (``pattern``, ``min_length``, ``ge``, ``discriminator``)
    on an ``Annotated`` type."""

    __slots__ = ("constraints",)

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import Field

        return handler.generate_schema(Annotated[source, Field(**self.constraints)])


class After:
    """A function run on the validated value (pydantic's ``AfterValidator``)."""

    __slots__ = ("func",)

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.func, handler(source))


class Before(After):
    """A function run on the raw value before validation (pydantic's ``BeforeValidator``)."""

    __slots__ = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.func, handler(source))


@dataclass(frozen=True, kw_only=True)
class Strict:
    """Unknown keys are errors: a misspelt field must not silently vanish from the KB."""

    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}


def parse_date(value: Any) -> Any:
    """Dates are ISO ``YYYY-MM-DD`` text (the loader keeps YAML timestamps as strings)."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"invalid date {value!r} (expected YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def check_citation(value: str) -> str:
    """A source id: ``PMID:<digits>``, ``DOI:10.<...>``, ``PMC<digits>`` or ``KEY:<text>``."""
    if value.upper().startswith("PMID"):
        if not re.fullmatch(r"PMID:\d+", value):
            raise ValueError(f"malformed PMID {value!r} (expected 'PMID:' and digits only)")
        return value
    if value.upper().startswith("DOI"):
        if not re.fullmatch(r"DOI:10\.\d{4,9}/\S+", value):
            raise ValueError(f"malformed DOI {value!r} (expected 'DOI:10.<registrant>/<suffix>')")
        return value
    if value.startswith("PMC"):
        if not re.fullmatch(r"PMC\d+", value):
            raise ValueError(f"malformed PMC id {value!r} (expected 'PMC' and digits only)")
        return value
    if not _KEY.match(value):
        raise ValueError(
            f"malformed citation id {value!r} (expected PMID:<n>, DOI:10.<...>, PMC<n> "
            "or KEY:<text>)"
        )
    return value


def check_pmid(value: str) -> str:
    if not re.fullmatch(r"\d+", value):
        raise ValueError(f"malformed PMID {value!r} (expected digits only)")
    return value


KBDate = Annotated[dt.date, Before(parse_date)]
Citation = Annotated[str, After(check_citation)]
Pmid = Annotated[str, After(check_pmid)]
Citations = Annotated[list[Citation], Check(min_length=1)]


@dataclass(frozen=True, kw_only=True)
class Retirement(Strict):
    """A record kept for history but no longer applied (see docs/knowledgebase.md)."""

    date: KBDate
    reason: str
    replaced_by: str | None = None  # id of the record that now carries the fact


@dataclass(frozen=True, kw_only=True)
class Curated(Strict):
    """What every clinical statement carries: sources, certainty, review date, history."""

    citations: Citations
    certainty: Certainty
    last_reviewed: KBDate
    note: str | None = None
    retired: Retirement | None = None

    @property
    def active(self) -> bool:
        return self.retired is None
