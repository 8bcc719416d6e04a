"""Field types shared by every knowledgebase record: citations, dates, certainty, retirement.

Validators here raise ``ValueError`` with the exact text a curator sees from
``imt-annotator kb validate`` (the loader strips pydantic's own prefix), so the wording is
part of the tool's contract and is pinned by tests.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

Certainty = Literal["V", "R", "U"]  # fact sheet tags: verified, review only, uncertain
Level = Literal["A", "B", "C", "D"]  # AMP/ASCO/CAP 2017 evidence levels
AgeGroup = Literal["any", "paediatric", "adult"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KEY = re.compile(r"^[A-Z][A-Za-z0-9]*:[A-Za-z0-9._\-/:()]+$")


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt field must not silently vanish from the KB."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


KBDate = Annotated[dt.date, BeforeValidator(parse_date)]
Citation = Annotated[str, AfterValidator(check_citation)]
Pmid = Annotated[str, AfterValidator(check_pmid)]
Citations = Annotated[list[Citation], Field(min_length=1)]


class Retirement(Strict):
    """A record kept for history but no longer applied (see docs/knowledgebase.md)."""

    date: KBDate
    reason: str
    replaced_by: str | None = None  # id of the record that now carries the fact


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
