"""The report view-model: a plain JSON-able dict following the JSON report contract.

Renderers (JSON, TSV, HTML) read only this dict, never application objects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from annotator import __version__
from annotator.annotate import AnnotationResult
from annotator.kb.load import Knowledgebase
from annotator.meta import HEADER_FIELDS
from annotator.models import Finding, Statement
from annotator.passengers import record_count

SCHEMA_VERSION = "1.0"
TOOL_NAME = "imt-annotator"


def build_report(
    result: AnnotationResult, kb: Knowledgebase, *, generated_at: dt.datetime | None = None
) -> dict[str, Any]:
    when = generated_at or dt.datetime.now(dt.timezone.utc)
    findings = [_finding(f, kb) for f in result.findings]
    cited = _cited(result.findings, kb)
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": when.replace(microsecond=0).isoformat(),
        "status": "draft",
        "revision": None,
        "signout": None,
        "amendments": [],
        "tool": {"name": TOOL_NAME, "version": __version__},
        "knowledgebase": {
            "name": kb.manifest.name,
            "version": kb.version,
            "released": kb.manifest.released.isoformat(),
            "sha256": kb.sha256,
        },
        "genome_build": result.genome_build,
        "sample": {
            "id": result.sample.id,
            "disease": result.sample.disease,
            "disease_name": kb.diseases[result.sample.disease].name,
            "age": result.sample.age,
            "sex": result.sample.sex,
            "site": result.sample.site,
            "specimen": result.sample.specimen,
            **{key: dict(result.sample.header).get(key) for key in HEADER_FIELDS},
        },
        "summary": summary(findings, result),
        "inputs": [
            {
                "path": i.parsed.path,
                "format": i.parsed.format,
                "format_label": i.parsed.format_label,
                "kind": i.parsed.kind,
                "sha256": i.sha256,
                "records": record_count(i.parsed),
                "details": dict(i.parsed.details),
            }
            for i in result.inputs
        ],
        "findings": findings,
        "negatives": [
            {"kind": n.kind, "genes": list(n.genes), "statement": n.statement,
             "inputs": list(n.inputs)}
            for n in result.negatives
        ],
        "warnings": list(result.warnings),
        "skipped": [
            {"input": s.path, "reason": s.reason, "count": s.count,
             "lines": list(s.lines), "examples": list(s.examples)}
            for s in result.skipped
        ],
        "method": {
            "genome_build_basis": result.genome_basis,
            "transcripts": "MANE Select v1.5 gene models for exon numbering (GRCh37: lifted)",
            "variant_filter": "all FILTER values"
            if result.settings.include_filtered
            else "FILTER PASS (or '.') only",
            "copy_number_thresholds": dataclasses.asdict(result.settings.thresholds),
            "copy_number_not_assessable": list(result.uncovered),
            "tiering": "AMP/ASCO/CAP 2017 (Li et al., J Mol Diagn 2017); evidence from other "
            "tumour types capped at level C for IMT",
        },
        "references": cited,
    }  # fmt: skip


def summary(findings: list[dict[str, Any]], result: AnnotationResult) -> str:
    """One paragraph for a tumour board: each finding, its tier and the leading therapy."""
    parts = []
    for f in findings:
        text = f"{f['label']} — Tier {f['tier']}"
        lead = next((t for t in f["therapies"] if t["effect"] == "sensitivity"), None)
        if lead is not None and f["tier"] != "III":
            where = f"; {lead['regulatory'][0].split(' — ', 1)[0]}" if lead["regulatory"] else ""
            text += f" — {lead['drug']} (level {lead['level']}{where})"
        resistant = [t["drug"] for t in f["therapies"] if t["effect"] == "resistance"]
        if resistant:
            text += f"; resistance to {', '.join(resistant)}"
        if any(d["disease"].startswith("Epithelioid") for d in f["diagnostic"]):
            text += "; EIMS-associated"
        if f["tier"] == "III":
            text += " (unknown significance for IMT)"
        parts.append(text)
    lead_in = ". ".join(parts) + "." if parts else "No IMT-relevant alteration was found."
    negatives = " ".join(n.statement for n in result.negatives)
    return f"{lead_in} {negatives}".strip()


def _statement(s: Statement) -> dict[str, Any]:
    return {
        "evidence_id": s.evidence_id,
        "statement": s.statement,
        "level": s.level,
        "certainty": s.certainty,
        "disease": s.disease,
        "restriction": s.restriction,
        "outcome": s.outcome,
        "frequencies": list(s.frequencies),
        "citations": list(s.citations),
    }


def _finding(f: Finding, kb: Knowledgebase) -> dict[str, Any]:
    a = f.alteration
    return {
        "id": f.id,
        "kind": a.kind,
        "label": a.label,
        "genes": list(a.genes),
        "details": a.details,
        "tier": f.tier,
        "tier_rationale": f.tier_rationale,
        "biomarkers": list(f.biomarkers),
        "matched_biomarker": f.matched_biomarker,
        "resistance_context": list(f.resistance_context),
        "case_summary": f.case_summary,
        "therapies": [
            {
                "drug": t.drug,
                "effect": t.effect,
                "level": t.level,
                "escat": t.escat,
                "oncokb": t.oncokb,
                "regulatory": list(t.regulatory),
                "evidence_ids": list(t.evidence_ids),
                "citations": list(t.citations),
                "basis": t.basis,
                "outcomes": list(t.outcomes),
                "guidelines": list(t.guidelines),
                "restrictions": list(t.restrictions),
                "context": list(t.context),
                "superseded": list(t.superseded),
            }
            for t in f.therapies
        ],
        "diagnostic": [_statement(s) for s in f.diagnostic],
        "prognostic": [_statement(s) for s in f.prognostic],
        # cases with exactly this alteration first, then the rest of the biomarker's cases
        "cases": sorted((_case(kb, cid) for cid in f.cases), key=lambda c: c["fusion"] != a.label),
        "trials": [_trial(kb, tid) for tid in f.trials],
    }


def _case(kb: Knowledgebase, case_id: str) -> dict[str, Any]:
    case = next(c for c in kb.cases if c.id == case_id)
    return {
        "id": case.id,
        "disease": kb.diseases[case.disease].name,
        "disease_id": case.disease,
        "report": case.report,
        "patients": case.patients,
        "fusion": case.fusion,
        "fusions": dict(case.fusions),
        "age": case.age,
        "sex": case.sex,
        "site": case.site,
        "treatment": case.treatment,
        "recurrence": case.recurrence,
        "died_of_disease": case.died_of_disease,
        "alk_ihc": case.alk_ihc,
        "outcome": case.outcome,
        "certainty": case.certainty,
        "citations": list(case.citations),
    }


def _trial(kb: Knowledgebase, trial_id: str) -> dict[str, Any]:
    trial = next(t for t in kb.trials if t.id == trial_id)
    return {
        "id": trial.id,
        "name": trial.name,
        "phase": trial.phase,
        "population": trial.population,
        "identifiers": list(trial.identifiers),
        "status": trial.status,
        "certainty": trial.certainty,
        "note": trial.note,
        "citations": list(trial.citations),
    }


def _cited(findings: tuple[Finding, ...], kb: Knowledgebase) -> list[dict[str, Any]]:
    ids: dict[str, None] = {}
    for f in findings:
        for t in f.therapies:
            ids.update(dict.fromkeys(t.citations))
        for s in (*f.diagnostic, *f.prognostic):
            ids.update(dict.fromkeys(s.citations))
        for case_id in f.cases:
            case = next(c for c in kb.cases if c.id == case_id)
            ids.update(dict.fromkeys(case.citations))
        for trial_id in f.trials:
            trial = next(t for t in kb.trials if t.id == trial_id)
            ids.update(dict.fromkeys(trial.citations))
    out = []
    for n, cid in enumerate(ids, start=1):
        src = kb.sources[cid]
        out.append({"n": n, "id": cid, "citation": src.citation, "kind": src.kind})
    return out
