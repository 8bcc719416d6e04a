"""Published cases for a finding, and the one-line count a report prints above them.

A case row attaches to a fusion finding when it names that fusion (alone or among the partners
of a mixed series); to any finding when it names one of the finding's biomarkers under
``also`` (e.g. a resistance mutation); and, when the partner was not reported, to findings
whose most specific biomarker is the row's biomarker (a CLTC::ALK fusion is shown the
partner-unknown ALK-rearranged cases, a RANBP2::ALK fusion is not).
"""

from __future__ import annotations

from annotator.kb import schema as s
from annotator.kb.load import Knowledgebase
from annotator.models import Alteration


def _labels(case: s.PublishedCase) -> set[str]:
    return {*case.fusions, *([case.fusion] if case.fusion else [])}


def cases_for(
    kb: Knowledgebase, alt: Alteration, own: list[str], most_specific: str | None
) -> tuple[str, ...]:
    """Ids of the published cases relevant to this alteration, in knowledgebase order."""
    out = []
    for case in kb.cases:
        if not case.active:
            continue
        labels = _labels(case)
        if (
            (alt.kind == "fusion" and alt.label in labels)
            or set(case.also) & set(own)
            or (not labels and case.biomarker == most_specific)
        ):
            out.append(case.id)
    return tuple(out)


def patients_with(case: s.PublishedCase, label: str) -> int | None:
    """Patients in a case row carrying ``label`` (None: the row does not say how many)."""
    if case.fusion == label:
        return case.patients
    return case.fusions.get(label)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def case_summary(kb: Knowledgebase, alt: Alteration, case_ids: tuple[str, ...]) -> str | None:
    """E.g. 'RANBP2::ALK: the review's EIMS case table states 23 published RANBP2::ALK cases
    (...); listed here: 19 reports, 25 patients counted ... - EIMS 18 reports, IMT 1 report.'"""
    if alt.kind != "fusion" or not case_ids:
        return None
    rows = [c for c in kb.cases if c.id in case_ids and alt.label in _labels(c)]
    if not rows:
        return None
    parts = []
    for table in kb.case_tables.values():
        stated = table.stated_fusions.get(alt.label)
        if stated is not None and table.active:
            caveat = "; its totals do not add up, see the table notes" if table.consistency else ""
            what = f"published {alt.label} {table.disease or ''} case".replace("  ", " ")
            parts.append(f"{_n(stated, what)} ({table.title}{caveat})")
    counted = [n for n in (patients_with(c, alt.label) for c in rows) if n is not None]
    unclear = [c.report or c.id for c in rows if patients_with(c, alt.label) is None]
    listed = (
        f"listed here with treatments and outcomes: {_n(len(rows), 'report')}, "
        f"{_n(sum(counted), 'patient')} counted"
    )
    if unclear:
        listed += f" and {_n(len(unclear), 'report')} with an unclear count ({', '.join(unclear)})"
    by_disease: dict[str, int] = {}
    for c in rows:
        by_disease[c.disease] = by_disease.get(c.disease, 0) + 1
    if len(by_disease) > 1:
        listed += " - " + ", ".join(f"{d} {_n(n, 'report')}" for d, n in by_disease.items())
    parts.append(listed)
    return "; ".join(parts) + "."
