"""``imt-annotator kb show QUERY``: what the knowledgebase says about a fusion (RANBP2::ALK, or
as callers write it: EML4--ALK, EML4-ALK), a variant (ALK G1202R), a gene (NTRK3), a biomarker
(its id or name: CHR19_LOSS, chromosome 19 loss, chr19 loss), a drug or a disease.

Alterations are run through the same matcher as a report, so what ``kb show`` prints is what a
report would say for that alteration in the given context.
"""

from __future__ import annotations

import re

from annotator.errors import UsageError
from annotator.kb import schema as s
from annotator.kb.context import PatientContext
from annotator.kb.load import Knowledgebase
from annotator.kb.match import approval_text, guideline_text, match_findings
from annotator.kb.rules import describe_rule
from annotator.models import Alteration, Finding, Statement
from annotator.normalize.fusion_names import FusionNameError, split_fusion_name

_CHANGE = re.compile(r"^(?:p\.)?([A-Z*]\d+(?:[A-Z*]|_[A-Z]\d+ins[A-Z]+|ins[A-Z]*|dup))$")


def show(kb: Knowledgebase, query: str, ctx: PatientContext) -> list[str]:
    """The lines ``kb show`` prints for ``query`` in patient context ``ctx``."""
    head = [f"{query} - {kb.manifest.name} {kb.version} (sha256 {kb.sha256[:12]}...)"]
    text = query.strip()
    for sep in ("::", "--"):
        if sep in text:
            return head + _alteration(kb, _fusion(kb, *text.split(sep, 1)), ctx)
    words = text.split()
    upper = text.upper()
    if upper in kb.biomarkers:
        return head + _biomarker(kb, upper, ctx)
    named = _biomarker_named(kb, text)
    if named is not None:
        return head + _biomarker(kb, named, ctx)
    if len(words) == 2 and words[0].upper() in kb.genes:
        gene, what = words[0].upper(), words[1]
        if what.lower() == "amplification":
            alt = Alteration(
                "copy_number", f"{gene} amplification", gene, (gene,), direction="amplification"
            )
            return head + _alteration(kb, alt, ctx)
        if what.lower() == "deletion":
            alt = Alteration("copy_number", f"{gene} deletion", gene, (gene,), direction="deletion")
            return head + _alteration(kb, alt, ctx)
        if what.lower() == "fusion":
            return head + _alteration(kb, _generic_fusion(gene), ctx)
        m = _CHANGE.match(what)
        if m:
            lines = head + _alteration(kb, _mutation(gene, m.group(1)), ctx)
            if gene in kb.fusion_kinases:
                lines.append(f"With a fusion of {gene} in the same sample:")
                lines.append("  " + _resistance_row(kb, gene, m.group(1), ctx))
            return lines
    if len(words) == 1 and upper in kb.genes:
        return head + _gene(kb, upper, ctx)
    drug = _drug(kb, text)
    if drug is not None:
        return head + _drug_lines(kb, drug)
    for disease in kb.diseases.values():
        codes = {c.code for c in disease.oncotree}
        if upper in (disease.id, *codes) or text.lower() in map(str.lower, disease.synonyms):
            return head + _disease(kb, disease)
    pair = _fusion_pair(kb, text)
    if pair is not None:
        return head + _alteration(kb, _fusion(kb, *pair), ctx)
    raise UsageError(
        f"nothing in the knowledgebase matches {query!r}; try a fusion (RANBP2::ALK), a variant "
        "(ALK G1202R), a gene (NTRK3), a biomarker id, a drug or a disease"
    )


def _fusion(kb: Knowledgebase, five: str, three: str) -> Alteration:
    a, b = five.strip().upper(), three.strip().upper()
    if b not in kb.fusion_kinases and a in kb.fusion_kinases:
        a, b = b, a  # the kinase is the 3' partner; a kinase-5' query is the reciprocal
    if b not in kb.fusion_kinases:
        raise UsageError(f"neither {a} nor {b} is a fusion kinase in the knowledgebase")
    return Alteration("fusion", f"{a}::{b}", b, (a, b), partner=a)


def _fusion_pair(kb: Knowledgebase, text: str) -> tuple[str, str] | None:
    """The two genes of a fusion written with a single ``-`` or ``/`` (``EML4-ALK``), read as
    fusion lists are (a gene whose own name has a hyphen stays whole), when one is a kinase."""
    try:
        name = split_fusion_name(text)
    except FusionNameError:
        return None
    if name.gene5 is None or name.gene3 is None:
        return None
    genes = {name.gene5.upper(), name.gene3.upper()}
    return (name.gene5, name.gene3) if genes & kb.fusion_kinases else None


def _biomarker_named(kb: Knowledgebase, text: str) -> str | None:
    """The id of the biomarker whose name is ``text`` (any case; ``chr19`` for ``chromosome
    19``)."""
    wanted = re.sub(r"^chr(?=[0-9XY])", "chromosome ", " ".join(text.lower().split()))
    return next((b.id for b in kb.biomarkers.values() if b.name.lower() == wanted), None)


def _generic_fusion(gene: str) -> Alteration:
    return Alteration("fusion", f"{gene} fusion (partner not given)", gene, (gene,))


def _mutation(gene: str, change: str) -> Alteration:
    position = int(re.findall(r"\d+", change)[0])
    return Alteration(
        "mutation",
        f"{gene} p.{change}",
        gene,
        (gene,),
        protein_change=change,
        protein_position=position,
        protein_altering=True,
    )


def _drug(kb: Knowledgebase, text: str) -> s.Drug | None:
    wanted = text.lower()
    for drug in kb.drugs.values():
        if wanted in (drug.id.lower(), drug.name.lower(), *(x.lower() for x in drug.synonyms)):
            return drug
    return None


def _alteration(kb: Knowledgebase, alt: Alteration, ctx: PatientContext) -> list[str]:
    (finding,) = match_findings(kb, [alt], ctx)
    return _finding_lines(kb, finding, ctx)


def _finding_lines(kb: Knowledgebase, f: Finding, ctx: PatientContext) -> list[str]:
    disease = kb.diseases[ctx.disease]
    age = f"{ctx.age_years:g} years" if ctx.age_years is not None else ctx.age_group
    out = [
        f"Context: {disease.name} ({disease.id}); age {age or 'not given'}; "
        f"site {ctx.site or 'not given'}",
        "Matches (most specific first): "
        + ("; ".join(f"{b} - {kb.biomarkers[b].name}" for b in f.biomarkers) or "none"),
        f.tier_rationale,
    ]
    if f.therapies:
        out.append("Therapies:")
    for t in f.therapies:
        extra = "".join(
            f", {k} {v}" for k, v in (("ESCAT", t.escat), ("OncoKB", t.oncokb)) if v is not None
        )
        out.append(f"  {t.drug} - {t.effect}, level {t.level}{extra}")
        for label, values in (
            ("regulatory", t.regulatory),
            ("guideline", t.guidelines),
            ("outcome", t.outcomes),
            ("because of", t.context),
            ("superseded", t.superseded),
            ("not applicable", t.restrictions),
        ):
            out.extend(f"    {label}: {v}" for v in values)
        out.append(f"    basis: {t.basis}")
        out.append(f"    citations: {', '.join(t.citations)}")
    for title, statements in (("Diagnostic", f.diagnostic), ("Prognostic", f.prognostic)):
        if statements:
            out.append(f"{title}:")
            out.extend(line for st in statements for line in _statement(st))
    if f.cases:
        out.append("Published cases: " + (f.case_summary or f"{len(f.cases)} listed"))
        out.extend(f"  {_case(kb, cid)}" for cid in f.cases)
    for tid in f.trials:
        trial = next(t for t in kb.trials if t.id == tid)
        ids = ", ".join(trial.identifiers) or "no registry id recorded"
        out.append(f"Trial: {trial.name} ({ids}; {trial.status})")
    shown = {*(e for t in f.therapies for e in t.evidence_ids), *f.cases}
    shown |= {st.evidence_id for st in (*f.diagnostic, *f.prognostic)}
    out.extend(_corrections(kb, shown))
    return out


def _statement(st: Statement) -> list[str]:
    level = f"level {st.level}" if st.level else "no level"
    lines = [f"  [{level}; {st.certainty}] {st.evidence_id}: {st.statement}"]
    if st.outcome:
        lines.append(f"    outcome: {st.outcome}")
    lines.extend(f"    frequency: {x}" for x in st.frequencies)
    if st.restriction:
        lines.append(f"    not applicable: {st.restriction}")
    lines.append(f"    citations: {', '.join(st.citations)}")
    return lines


def _case(kb: Knowledgebase, case_id: str) -> str:
    c = next(x for x in kb.cases if x.id == case_id)
    who = ", ".join(
        x
        for x in (
            c.report,
            c.disease,
            f"n={c.patients}" if c.patients > 1 else None,
            c.age,
            c.sex,
            c.site,
        )
        if x
    )
    facts = "; ".join(
        f"{k}: {v}"
        for k, v in (
            ("treatment", c.treatment),
            ("recurrence", c.recurrence),
            ("died of disease", c.died_of_disease),
            ("ALK IHC", c.alk_ihc),
            ("outcome", c.outcome),
        )
        if v
    )
    return f"{c.id} [{c.certainty}] {who}" + (f" - {facts}" if facts else "")


def _corrections(kb: Knowledgebase, ids: set[str]) -> list[str]:
    return [
        f"Correction of the seed review ({c.id}, {c.kind}): {c.corrected}"
        for c in kb.corrections
        if c.active and ids & set(c.records)
    ]


def _biomarker(kb: Knowledgebase, bid: str, ctx: PatientContext) -> list[str]:
    rule = kb.biomarkers[bid].match
    lines = [f"{bid}: {kb.biomarkers[bid].name} ({describe_rule(kb, bid)})"]
    if isinstance(rule, s.FusionMatch):
        alt = _fusion(kb, rule.partner, rule.gene) if rule.partner else _generic_fusion(rule.gene)
        alt = Alteration(
            alt.kind, alt.label, alt.gene, alt.genes, alt.partner, rule.partner_exon, rule.gene_exon
        )
        return lines + _alteration(kb, alt, ctx)
    if isinstance(rule, s.MutationMatch) and rule.protein_change:
        return lines + _alteration(kb, _mutation(rule.gene, rule.protein_change), ctx)
    for ev in kb.evidence:
        if ev.biomarker == bid and ev.active:
            drugs = f" [{', '.join(ev.drugs)}]" if ev.drugs else ""
            lines.append(f"  {ev.id} ({ev.type}, {ev.effect}{drugs}, level {ev.level}): ")
            lines[-1] += ev.statement
    for ap in kb.approvals:
        if ap.biomarker == bid and ap.active:
            lines.append(f"  {ap.drug}: {approval_text(ap)}")
    return lines


def _gene(kb: Knowledgebase, gene: str, ctx: PatientContext) -> list[str]:
    g = kb.genes[gene]
    lines = [f"{gene} ({g.role.replace('_', ' ')}): {g.note or ''}".rstrip(": ")]
    markers = [b for b, m in kb.biomarkers.items() if getattr(m.match, "gene", None) == gene]
    lines.append("Biomarkers: " + "; ".join(f"{b} ({describe_rule(kb, b)})" for b in markers))
    if g.fusion_kinase:
        lines.append(f"== {gene} fusion, any partner")
        lines += _alteration(kb, _generic_fusion(gene), ctx)[1:]
        lines.append(f"== Resistance table: {gene} mutations found with a fusion of {gene}")
        for bid in markers:
            rule = kb.biomarkers[bid].match
            if isinstance(rule, s.MutationMatch) and rule.protein_change:
                lines.append("  " + _resistance_row(kb, gene, rule.protein_change, ctx))
    return lines


def _resistance_row(kb: Knowledgebase, gene: str, change: str, ctx: PatientContext) -> str:
    """'G1202R: loses crizotinib (C), ...; retains lorlatinib (A), ...' in the fusion's context."""
    findings = match_findings(kb, [_generic_fusion(gene), _mutation(gene, change)], ctx)
    fusion = next(f for f in findings if f.alteration.kind == "fusion")
    label = f"{gene} p.{change}"
    lost = [f"{t.drug} ({t.level})" for t in fusion.therapies if t.effect == "resistance"]
    kept = [
        f"{t.drug} ({t.level})"
        for t in fusion.therapies
        if t.effect == "sensitivity" and label in t.context
    ]
    barred = [
        f"{t.drug} ({t.level})"
        for t in fusion.therapies
        if t.effect == "sensitivity" and any("resistance mutation" in r for r in t.restrictions)
    ]
    row = f"{change}: loses {', '.join(lost) or 'nothing recorded'}; retains " + (
        ", ".join(kept) or "nothing recorded"
    )
    return row + (f"; label excludes: {', '.join(barred)}" if barred else "")


def _drug_lines(kb: Knowledgebase, drug: s.Drug) -> list[str]:
    lines = [f"{drug.name} ({drug.drug_class})"]
    for ap in kb.approvals:
        if ap.drug == drug.id and ap.active:
            lines.append(f"  regulatory [{ap.biomarker}]: {approval_text(ap)}")
    for gl in kb.guidelines:
        if drug.id in gl.drugs and gl.active:
            lines.append(f"  guideline [{gl.biomarker}]: {guideline_text(gl)}")
    for ev in kb.evidence:
        if drug.id in ev.drugs and ev.active:
            lines.append(
                f"  evidence [{ev.biomarker or ev.disease}] {ev.effect}, level {ev.level} "
                f"({ev.disease}, {ev.certainty}): {ev.id}"
            )
    return lines


def _disease(kb: Knowledgebase, disease: s.Disease) -> list[str]:
    codes = ", ".join(f"{c.code} (site {c.site})" if c.site else c.code for c in disease.oncotree)
    lines = [f"{disease.name} ({disease.id}, scope {disease.scope}); OncoTree: {codes or 'none'}"]
    if disease.note:
        lines.append(disease.note)
    for gl in kb.guidelines:
        if gl.disease == disease.id and gl.biomarker is None and gl.active:
            lines.append(f"  guideline: {guideline_text(gl)} - {gl.statement}")
    for ev in kb.evidence:
        if ev.disease == disease.id and ev.biomarker is None and ev.active:
            lines.append(f"  [{ev.type}; {ev.certainty}] {ev.id}: {ev.statement}")
    return lines
