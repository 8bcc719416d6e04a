"""The patient context evidence is applied in: IMT as an entity (EIMS a subtype), with age and
site as attributes that evidence and approvals can be restricted to.

OncoTree codes resolve to the entity before anything is levelled: OncoTree files lung IMT
(IMTL) under non-small cell lung cancer, and a lung IMT must not inherit NSCLC evidence as if it
were on-label. A restriction that rules a record out does not hide it: it is shown with the
reason and does not set the tier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.errors import UsageError
from annotator.kb.load import Knowledgebase

AgeGroupName = Literal["paediatric", "adult"]
ADULT_FROM_YEARS = 18.0
_GROUP_RANGE: dict[str, tuple[float | None, float | None]] = {
    "paediatric": (None, ADULT_FROM_YEARS),
    "adult": (ADULT_FROM_YEARS, None),
    "any": (None, None),
}
_GROUP_WORDS = {
    "paediatric": "paediatric",
    "pediatric": "paediatric",
    "child": "paediatric",
    "children": "paediatric",
    "adult": "adult",
}
_AGE = re.compile(
    r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>y|yr|yrs|years?|mo|months?|m|w|wk|weeks?)?(?:\s+old)?$"
)


@dataclass(frozen=True, slots=True)
class PatientContext:
    disease: str  # knowledgebase disease id (IMT or EIMS)
    given: str  # as the user gave it (e.g. IMTL)
    age_years: float | None = None
    age_group: AgeGroupName | None = None
    site: str | None = None  # site id when recognised, else the text as given
    site_groups: frozenset[str] = frozenset()
    site_recognised: bool = False


@dataclass(frozen=True, slots=True)
class Applicability:
    applies: bool
    note: str | None = None  # the restriction, said whenever it could matter


ALWAYS = Applicability(True)


def resolve_disease(kb: Knowledgebase, text: str) -> tuple[str, str | None]:
    """(disease id, site implied by the code) for an id, OncoTree code or synonym."""
    wanted = text.strip()
    for disease in kb.diseases.values():
        if disease.scope != "imt":
            continue
        if wanted.upper() == disease.id.upper():
            return disease.id, None
        for code in disease.oncotree:
            if wanted.upper() == code.code.upper():
                return disease.id, code.site
        if wanted.lower() in (x.lower() for x in disease.synonyms):
            return disease.id, None
    known = [d.id for d in kb.diseases.values() if d.scope == "imt"]
    codes = [c.code for d in kb.diseases.values() if d.scope == "imt" for c in d.oncotree]
    raise UsageError(
        f"disease {text!r} is not modelled; expected one of {', '.join(known)} "
        f"or an OncoTree code ({', '.join(c for c in codes if c not in known)})"
    )


def parse_age(text: str) -> tuple[float | None, AgeGroupName | None]:
    """``44``, ``44y``, ``7 months``, ``3w`` -> years; ``paediatric``/``adult`` -> group."""
    value = text.strip().lower()
    if value in _GROUP_WORDS:
        return None, "paediatric" if _GROUP_WORDS[value] == "paediatric" else "adult"
    m = _AGE.match(value)
    if not m:
        raise UsageError(
            f"age {text!r} not understood; expected years (44), months (7mo), weeks (3w), "
            "'paediatric' or 'adult'"
        )
    n, unit = float(m.group("n")), m.group("unit") or "y"
    years = n / 12 if unit.startswith("m") else n / 52 if unit.startswith("w") else n
    return years, "adult" if years >= ADULT_FROM_YEARS else "paediatric"


def patient_context(
    kb: Knowledgebase,
    disease: str,
    *,
    age: str | None = None,
    age_group: str | None = None,
    site: str | None = None,
) -> PatientContext:
    """Resolve what the user said about the patient into a context; unknown = None."""
    disease_id, implied_site = resolve_disease(kb, disease)
    years, group = parse_age(age) if age else (None, None)
    if age_group:
        _, given_group = parse_age(age_group)
        if given_group is None or (group is not None and group != given_group):
            raise UsageError(f"age group {age_group!r} contradicts age {age!r}")
        group = given_group
    site_text = site or implied_site
    site_id, groups, recognised = None, frozenset[str](), False
    if site_text:
        found = next(
            (
                s
                for s in kb.sites.values()
                if site_text.lower() in (s.id.lower(), s.name.lower(), *map(str.lower, s.synonyms))
            ),
            None,
        )
        if found is not None:
            site_id, groups, recognised = found.id, frozenset(found.groups), True
        else:
            site_id = site_text
    return PatientContext(disease_id, disease, years, group, site_id, groups, recognised)


def _amount(years: float) -> str:
    if years < 1:
        months = round(years * 12)
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{years:g} year{'s' if years != 1 else ''}"


def describe_ages(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        if low >= 1:
            return f"ages {low:g} to < {high:g} years"
        return f"ages {_amount(low)} to < {_amount(high)}"
    if low is not None:
        return "adults (≥ 18 years)" if low == ADULT_FROM_YEARS else f"ages ≥ {_amount(low)}"
    if high is not None:
        return "children (< 18 years)" if high == ADULT_FROM_YEARS else f"ages < {_amount(high)}"
    return "all ages"


def age_applicability(
    ctx: PatientContext, low: float | None, high: float | None, what: str = "labelled for"
) -> Applicability:
    """Whether a record restricted to ages [low, high) applies to this patient."""
    if low is None and high is None:
        return ALWAYS
    span = describe_ages(low, high)
    if ctx.age_years is not None:
        inside = (low is None or ctx.age_years >= low) and (high is None or ctx.age_years < high)
        if inside:
            return ALWAYS
        return Applicability(
            False, f"{what} {span}; not applicable to this patient (age {_amount(ctx.age_years)})"
        )
    if ctx.age_group is not None:
        g_low, g_high = _GROUP_RANGE[ctx.age_group]
        disjoint = (high is not None and g_low is not None and g_low >= high) or (
            low is not None and g_high is not None and g_high <= low
        )
        if disjoint:
            return Applicability(
                False, f"{what} {span}; not applicable to this {ctx.age_group} patient"
            )
        within = (low is None or (g_low is not None and g_low >= low)) and (
            high is None or (g_high is not None and g_high <= high)
        )
        if within:
            return ALWAYS
        return Applicability(True, f"{what} {span}; the patient's exact age was not given")
    return Applicability(True, f"{what} {span}; patient age not given")


def group_applicability(ctx: PatientContext, group: str) -> Applicability:
    low, high = _GROUP_RANGE[group]
    return age_applicability(ctx, low, high, "reported in")


def site_applicability(ctx: PatientContext, sites: Sequence[str]) -> Applicability:
    if not sites:
        return ALWAYS
    named = " or ".join(s.replace("_", " ") for s in sites)
    if ctx.site is None:
        return Applicability(True, f"reported in {named} IMT; sample site not given")
    if not ctx.site_recognised:
        return Applicability(
            True, f"reported in {named} IMT; sample site {ctx.site!r} is not in the site list"
        )
    if ctx.site in sites or ctx.site_groups & set(sites):
        return ALWAYS
    return Applicability(
        False, f"reported in {named} IMT; not applicable to this site ({ctx.site})"
    )


def subtype_applicability(kb: Knowledgebase, ctx: PatientContext, disease: str) -> Applicability:
    """Evidence from a subtype (EIMS) applies fully only to samples of that subtype."""
    record = kb.diseases[disease]
    if record.scope != "imt" or record.parent is None or disease == ctx.disease:
        return ALWAYS
    sample = kb.diseases[ctx.disease]
    return Applicability(
        False,
        f"reported in {record.name} ({record.id}); the sample was submitted as "
        f"{sample.name} ({sample.id})",
    )


def join_genes(genes: Sequence[str]) -> str:
    """``ALK, ROS1, NTRK1-3, RET or PDGFRB``: runs of three or more numbered paralogues are
    compressed, as a pathologist would write them."""
    parts: list[str] = []
    i = 0
    while i < len(genes):
        j = i
        m = re.fullmatch(r"(.*?)(\d+)", genes[i])
        if m:
            stem, first = m.group(1), int(m.group(2))
            while j + 1 < len(genes) and genes[j + 1] == f"{stem}{first + j + 1 - i}":
                j += 1
            if j - i >= 2:
                parts.append(f"{genes[i]}-{first + j - i}")
                i = j + 1
                continue
        parts.extend(genes[i : j + 1])
        i = j + 1
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]
