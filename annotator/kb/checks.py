"""Cross-reference checks over validated records: every drug, biomarker, disease, site, source
and record id a record names must exist; ids are unique; ages, dates and PMIDs are coherent.

Each problem is reported at the dotted path of the offending value. A reference to a record
that itself failed validation is not reported again (that record's own error says why).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.kb import schema as s
from annotator.kb.load import Knowledgebase
from annotator.kb.yamlsource import Problems

Items = dict[tuple[str, str], list[tuple[int, Any]]]
# Clinical records share one id space: corrections and retirements name them without a type.
RECORD_GROUPS = (
    ("regulatory.yaml", "approvals"),
    ("guidelines.yaml", "guidelines"),
    ("evidence.yaml", "evidence"),
    ("cases.yaml", "tables"),
    ("cases.yaml", "cases"),
    ("trials.yaml", "trials"),
    ("corrections.yaml", "corrections"),
)


class _Checker:
    def __init__(self, root: Path, kb: Knowledgebase, failed: set[str], problems: Problems):
        self.root, self.kb, self.failed, self.problems = root, kb, failed, problems
        self.record_ids: dict[str, str] = {}  # id -> "file:line" of its first definition
        self.site_names = set(kb.sites) | {g for site in kb.sites.values() for g in site.groups}

    def need(
        self,
        file: str,
        loc: tuple[str | int, ...],
        table: Iterable[str],
        ref: str | None,
        what: str,
    ) -> None:
        if ref is not None and ref not in table and ref not in self.failed:
            extra = " (not in sources.yaml)" if what == "source" else ""
            self.problems.add(self.root / file, loc, f"unknown {what} {ref!r}{extra}")

    def cite(self, file: str, loc: tuple[str | int, ...], citations: Sequence[str]) -> None:
        for j, cite in enumerate(citations):
            self.need(file, (*loc, "citations", j), self.kb.sources, cite, "source")

    def drugs(self, file: str, loc: tuple[str | int, ...], drugs: Sequence[str]) -> None:
        for j, drug in enumerate(drugs):
            self.need(file, (*loc, "drugs", j), self.kb.drugs, drug, "drug")

    def curated(self, file: str, loc: tuple[str | int, ...], item: Any) -> None:
        self.cite(file, loc, item.citations)
        released = self.kb.manifest.released
        if item.last_reviewed > released:
            self.problems.add(
                self.root / file,
                (*loc, "last_reviewed"),
                f"last_reviewed {item.last_reviewed} is after the release date {released}",
            )
        if item.retired is not None:
            self.need(
                file, (*loc, "retired", "replaced_by"), self.record_ids, item.retired.replaced_by,
                "record",
            )  # fmt: skip

    def register(self, file: str, key: str, i: int, item_id: str) -> None:
        doc = self.problems.docs.get(file)
        line = doc.line((key, i)) if doc is not None else None
        if item_id in self.record_ids:
            self.problems.add(
                self.root / file,
                (key, i, "id"),
                f"duplicate id {item_id!r} (first defined at {self.record_ids[item_id]})",
            )
            return
        self.record_ids[item_id] = f"{file}:{line}" if line is not None else file


def check_references(
    root: Path, kb: Knowledgebase, items: Items, failed: set[str], problems: Problems
) -> None:
    """Add a problem for every dangling reference or incoherent value in ``kb``."""
    c = _Checker(root, kb, failed, problems)
    for file, key in RECORD_GROUPS:
        for i, item in items.get((file, key), []):
            c.register(file, key, i, item.id)
    _entities(c, items)
    for i, ap in items.get(("regulatory.yaml", "approvals"), []):
        loc = ("approvals", i)
        c.curated("regulatory.yaml", loc, ap)
        c.need("regulatory.yaml", (*loc, "drug"), kb.drugs, ap.drug, "drug")
        c.need("regulatory.yaml", (*loc, "biomarker"), kb.biomarkers, ap.biomarker, "biomarker")
        c.need("regulatory.yaml", (*loc, "disease"), kb.diseases, ap.disease, "disease")
        low, high = ap.min_age_years, ap.max_age_years
        if low is not None and high is not None and low >= high:
            problems.add(
                root / "regulatory.yaml",
                (*loc, "max_age_years"),
                f"max_age_years {high:g} must be above min_age_years {low:g}",
            )
    for i, gl in items.get(("guidelines.yaml", "guidelines"), []):
        loc = ("guidelines", i)
        c.curated("guidelines.yaml", loc, gl)
        c.drugs("guidelines.yaml", loc, gl.drugs)
        c.need("guidelines.yaml", (*loc, "biomarker"), kb.biomarkers, gl.biomarker, "biomarker")
        c.need("guidelines.yaml", (*loc, "disease"), kb.diseases, gl.disease, "disease")
    for i, ev in items.get(("evidence.yaml", "evidence"), []):
        _evidence(c, i, ev)
    for i, table in items.get(("cases.yaml", "tables"), []):
        c.curated("cases.yaml", ("tables", i), table)
        c.need("cases.yaml", ("tables", i, "disease"), kb.diseases, table.disease, "disease")
    for i, case in items.get(("cases.yaml", "cases"), []):
        _case(c, i, case)
    for i, trial in items.get(("trials.yaml", "trials"), []):
        loc = ("trials", i)
        c.curated("trials.yaml", loc, trial)
        c.need("trials.yaml", (*loc, "disease"), kb.diseases, trial.disease, "disease")
        for j, marker in enumerate(trial.biomarkers):
            c.need("trials.yaml", (*loc, "biomarkers", j), kb.biomarkers, marker, "biomarker")
        for j, ident in enumerate(trial.identifiers):
            c.need("trials.yaml", (*loc, "identifiers", j), kb.sources, ident, "source")
    for i, cor in items.get(("corrections.yaml", "corrections"), []):
        loc = ("corrections", i)
        c.curated("corrections.yaml", loc, cor)
        for j, rec in enumerate(cor.records):
            c.need("corrections.yaml", (*loc, "records", j), c.record_ids, rec, "record")


def _entities(c: _Checker, items: Items) -> None:
    kb, root = c.kb, c.root
    codes: dict[str, str] = {}
    for i, disease in items.get(("diseases.yaml", "diseases"), []):
        loc = ("diseases", i)
        c.need("diseases.yaml", (*loc, "parent"), kb.diseases, disease.parent, "disease")
        for j, code in enumerate(disease.oncotree):
            c.need("diseases.yaml", (*loc, "oncotree", j, "site"), kb.sites, code.site, "site")
            if code.code in codes:
                c.problems.add(
                    root / "diseases.yaml",
                    (*loc, "oncotree", j, "code"),
                    f"OncoTree code {code.code!r} already maps to {codes[code.code]}",
                )
            codes.setdefault(code.code, disease.id)
    for i, marker in items.get(("biomarkers.yaml", "biomarkers"), []):
        at: tuple[str | int, ...] = ("biomarkers", i, "match")
        rule = marker.match
        if isinstance(rule, s.ProfileMatch):
            for j, part in enumerate(rule.all_of):
                c.need("biomarkers.yaml", (*at, "all_of", j), kb.biomarkers, part, "biomarker")
                if part == marker.id:
                    c.problems.add(root / "biomarkers.yaml", (*at, "all_of", j), "names itself")
        else:
            c.need("biomarkers.yaml", (*at, "gene"), kb.genes, rule.gene, "gene")
    for i, source in items.get(("sources.yaml", "sources"), []):
        prefix, _, key = source.id.partition(":")
        if prefix == "PMID" and source.pmid != key:
            c.problems.add(
                root / "sources.yaml",
                ("sources", i, "pmid"),
                f"pmid {source.pmid!r} does not match id {source.id!r}",
            )
        if prefix == "DOI" and (source.doi or "").lower() != key.lower():
            c.problems.add(
                root / "sources.yaml",
                ("sources", i, "doi"),
                f"doi {source.doi!r} does not match id {source.id!r}",
            )


def _evidence(c: _Checker, i: int, ev: s.Evidence) -> None:
    kb, file, loc = c.kb, "evidence.yaml", ("evidence", i)
    c.curated(file, loc, ev)
    c.need(file, (*loc, "biomarker"), kb.biomarkers, ev.biomarker, "biomarker")
    c.need(file, (*loc, "disease"), kb.diseases, ev.disease, "disease")
    c.drugs(file, loc, ev.drugs)
    for j, site in enumerate(ev.sites):
        c.need(file, (*loc, "sites", j), c.site_names, site, "site")
    for j, freq in enumerate(ev.frequencies):
        c.cite(file, (*loc, "frequencies", j), freq.citations)
    if ev.type == "predictive" and not ev.drugs:
        c.problems.add(c.root / file, (*loc, "drugs"), "predictive evidence names no drug")
    if ev.counts_for_tier and ev.level is None:
        c.problems.add(c.root / file, (*loc, "level"), "counts_for_tier needs a level")


def _case(c: _Checker, i: int, case: s.PublishedCase) -> None:
    kb, file, loc = c.kb, "cases.yaml", ("cases", i)
    c.curated(file, loc, case)
    c.need(file, (*loc, "biomarker"), kb.biomarkers, case.biomarker, "biomarker")
    c.need(file, (*loc, "disease"), kb.diseases, case.disease, "disease")
    c.need(file, (*loc, "table"), kb.case_tables, case.table, "case table")
    for j, marker in enumerate(case.also):
        c.need(file, (*loc, "also", j), kb.biomarkers, marker, "biomarker")
    for label in (*case.fusions, *([case.fusion] if case.fusion else [])):
        if "::" not in label:
            c.problems.add(
                c.root / file, (*loc, "fusions"), f"{label!r} is not an HGNC fusion label (A::B)"
            )
    counted = (case.males or 0) + (case.females or 0)
    if counted > case.patients:
        c.problems.add(
            c.root / file,
            (*loc, "patients"),
            f"{counted} patients by sex but only {case.patients} in the row",
        )
