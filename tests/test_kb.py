"""The shipped knowledgebase: validation, citations, the fact sheet's content, matching and
AMP/ASCO/CAP tiering."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import KnowledgebaseError
from annotator.kb import schema as s
from annotator.kb.context import PatientContext, join_genes, parse_age, patient_context
from annotator.kb.load import Knowledgebase, default_kb_dir, load_kb
from annotator.kb.match import match_findings, matching_biomarkers
from annotator.kb.tiers import cap_level, tier_for_level
from annotator.models import Alteration
from tests.conftest import SAMPLES


def fusion(partner: str, kinase: str) -> Alteration:
    return Alteration("fusion", f"{partner}::{kinase}", kinase, (partner, kinase), partner=partner)


def mutation(gene: str, change: str) -> Alteration:
    return Alteration(
        "mutation",
        f"{gene} p.{change}",
        gene,
        (gene,),
        protein_change=change,
        protein_position=int(re.findall(r"\d+", change)[0]),
        protein_altering=True,
    )


def test_shipped_kb_validates(kb: Knowledgebase) -> None:
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d+", kb.version)
    assert len(kb.sha256) == 64
    assert kb.fusion_kinase_order == ("ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET", "PDGFRB")
    for item in (*kb.evidence, *kb.approvals, *kb.cases, *kb.guidelines, *kb.trials):
        assert item.citations, item.id


def test_every_pmid_and_doi_comes_from_the_fact_sheet(kb: Knowledgebase) -> None:
    sheet = SAMPLES.parent / "reference" / "imt-evidence.md"
    if not sheet.is_file():
        pytest.skip("fact sheet not present")
    text = sheet.read_text()
    for source in kb.sources.values():
        if source.pmid:
            assert source.pmid in text, source.id
        if source.doi:
            assert source.doi.lower() in text.lower(), source.id


def test_validation_collects_every_problem_with_file_and_path(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), broken)
    evidence = yaml.safe_load((broken / "evidence.yaml").read_text())
    evidence["evidence"][0]["level"] = "Z"
    evidence["evidence"][1]["citations"] = ["PMID:999999999999"]
    (broken / "evidence.yaml").write_text(yaml.safe_dump(evidence))
    with pytest.raises(KnowledgebaseError) as err:
        load_kb(broken)
    problems = err.value.problems
    assert any(
        re.match(rf"{re.escape(str(broken / 'evidence.yaml'))}:\d+: evidence\.0\.level: ", p)
        for p in problems
    )
    result = CliRunner().invoke(main, ["kb", "validate", str(broken)])
    assert result.exit_code == 1
    assert "evidence.0.level" in result.stderr


SEEDED = """
  - id: EV-SEEDED-unknown-drug
    biomarker: ALK_FUSION
    disease: IMT
    type: predictive
    effect: sensitivity
    drugs: [crizotnib]
    level: D
    statement: Seeded defect.
    citations: [PMID:20979472]
    certainty: V
    last_reviewed: 2026-11-27

  - id: EV-SEEDED-dangling-source
    biomarker: ALK_FUSION
    disease: IMT
    type: diagnostic
    effect: note
    level: null
    counts_for_tier: false
    statement: Seeded defect.
    citations: [PMID:99999999]
    certainty: V
    last_reviewed: 2026-11-27

  - id: EV-SEEDED-malformed-pmid
    biomarker: ALK_FUSION
    disease: IMT
    type: diagnostic
    effect: note
    level: null
    counts_for_tier: false
    statement: Seeded defect.
    citations: [PMID:12ab]
    certainty: V
    last_reviewed: 2026-11-27

  - id: EV-SEEDED-bad-date
    biomarker: ALK_FUSION
    disease: IMT
    type: diagnostic
    effect: note
    level: null
    counts_for_tier: false
    statement: Seeded defect.
    citations: [PMID:20979472]
    certainty: V
    last_reviewed: 2026-13-01

  - id: EV-ALK_FUSION-IMT-crizotinib
    biomarker: ALK_FUSION
    disease: IMT
    type: diagnostic
    effect: note
    level: null
    counts_for_tier: false
    statement: Seeded defect (duplicate id).
    citations: [PMID:20979472]
    certainty: V
    last_reviewed: 2026-11-27
"""


def test_kb_validate_reports_each_seeded_defect_exactly(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), broken)
    path = broken / "evidence.yaml"
    original = path.read_text()
    path.write_text(original + SEEDED)
    lines = path.read_text().splitlines()

    def line(text: str, after: int = 0) -> int:
        return next(n for n, x in enumerate(lines, 1) if n > after and x.strip() == text)

    n = len(yaml.safe_load(original)["evidence"])
    first = line("- id: EV-ALK_FUSION-IMT-crizotinib")
    dup = line("- id: EV-ALK_FUSION-IMT-crizotinib", first)
    expected = [
        f"{path}:{line('drugs: [crizotnib]')}: evidence.{n}.drugs.0: unknown drug 'crizotnib'",
        f"{path}:{line('citations: [PMID:99999999]')}: evidence.{n + 1}.citations.0: unknown "
        "source 'PMID:99999999' (not in sources.yaml)",
        f"{path}:{line('citations: [PMID:12ab]')}: evidence.{n + 2}.citations.0: malformed PMID "
        "'PMID:12ab' (expected 'PMID:' and digits only)",
        f"{path}:{line('last_reviewed: 2026-13-01')}: evidence.{n + 3}.last_reviewed: invalid "
        "date '2026-13-01' (expected YYYY-MM-DD)",
        f"{path}:{dup}: evidence.{n + 4}.id: duplicate id 'EV-ALK_FUSION-IMT-crizotinib' "
        f"(first defined at evidence.yaml:{first})",
    ]
    with pytest.raises(KnowledgebaseError) as err:
        load_kb(broken)
    assert sorted(err.value.problems) == sorted(expected)
    result = CliRunner().invoke(main, ["kb", "validate", str(broken)])
    assert result.exit_code == 1
    assert "(and 4 more problems)" in result.stderr.splitlines()[0]
    for message in expected:
        assert message in result.stderr


def test_unknown_reference_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), broken)
    evidence = yaml.safe_load((broken / "evidence.yaml").read_text())
    evidence["evidence"][1]["citations"] = ["PMID:999999999999"]
    evidence["evidence"][2]["biomarker"] = "NO_SUCH_MARKER"
    (broken / "evidence.yaml").write_text(yaml.safe_dump(evidence))
    with pytest.raises(KnowledgebaseError) as err:
        load_kb(broken)
    text = "\n".join(err.value.problems)
    assert "unknown source 'PMID:999999999999'" in text
    assert "unknown biomarker 'NO_SUCH_MARKER'" in text


def test_kb_validate_command_on_shipped_kb() -> None:
    result = CliRunner().invoke(main, ["kb", "validate"])
    assert result.exit_code == 0 and "valid" in result.stdout


def test_manifest_must_list_exactly_the_files(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), broken)
    manifest = yaml.safe_load((broken / "knowledgebase.yaml").read_text())
    manifest["files"].remove("trials.yaml")
    (broken / "knowledgebase.yaml").write_text(yaml.safe_dump(manifest))
    with pytest.raises(KnowledgebaseError) as err:
        load_kb(broken)
    assert re.search(r"knowledgebase\.yaml:\d+: files: expected exactly", str(err.value))


def test_content_hash_is_canonical(tmp_path: Path) -> None:
    """Comments, indentation, key order and manifest file order do not change the hash."""
    shipped = load_kb()
    copy = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), copy)
    for name in ("drugs.yaml", "guidelines.yaml"):
        data = yaml.safe_load((copy / name).read_text())
        flipped = {k: [dict(reversed(list(x.items()))) for x in v] for k, v in data.items()}
        (copy / name).write_text("# reformatted\n" + yaml.safe_dump(flipped, indent=4))
    manifest = yaml.safe_load((copy / "knowledgebase.yaml").read_text())
    manifest["files"].reverse()
    (copy / "knowledgebase.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    assert load_kb(copy).sha256 == shipped.sha256
    text = (copy / "drugs.yaml").read_text().replace("Xalkori", "Xalkori, PF-2341066")
    (copy / "drugs.yaml").write_text(text)
    assert load_kb(copy).sha256 != shipped.sha256


def test_levels_and_tiers() -> None:
    assert cap_level("A", "C") == "C" and cap_level("D", "C") == "D" and cap_level("B", None) == "B"
    assert [tier_for_level(x) for x in "ABCD"] == ["IA", "IB", "IIC", "IID"]


def test_specific_partner_and_any_partner_both_match(kb: Knowledgebase) -> None:
    assert matching_biomarkers(kb, fusion("RANBP2", "ALK")) == ["RANBP2_ALK", "ALK_FUSION"]
    assert "RANBP2_ALK" not in matching_biomarkers(kb, fusion("EML4", "ALK"))


def test_alk_fusion_is_tier_ia_with_crizotinib_fda(kb: Knowledgebase) -> None:
    (finding,) = match_findings(kb, [fusion("EML4", "ALK")], "IMT")
    assert finding.tier == "IA"
    drugs = {t.drug: t for t in finding.therapies if t.effect == "sensitivity"}
    assert drugs["crizotinib"].level == "A"
    assert any("FDA 2022-07-14" in r for r in drugs["crizotinib"].regulatory)
    for guideline_drug in ("alectinib", "brigatinib", "ceritinib", "lorlatinib"):
        assert drugs[guideline_drug].level == "A"
    assert drugs["alectinib"].guidelines[0] == "NCCN Soft Tissue Sarcoma v2.2023: added (IMT)"
    assert finding.tier_rationale.startswith(
        "Tier IA: level A evidence for crizotinib, alectinib, brigatinib, ceritinib, lorlatinib"
        " — crizotinib approved by FDA 2022-07-14 in IMT;"
    )


def test_evidence_from_another_tumour_type_is_capped_at_c(kb: Knowledgebase) -> None:
    (finding,) = match_findings(kb, [fusion("TFG", "ROS1")], "IMT")
    assert finding.tier == "IIC"
    assert all(t.level in ("C", "D") for t in finding.therapies)
    crizotinib = next(t for t in finding.therapies if t.drug == "crizotinib")
    assert any("NSCLC" in r for r in crizotinib.regulatory)


@pytest.mark.parametrize("kinase", ["NTRK1", "NTRK2", "NTRK3", "RET"])
def test_tumour_agnostic_approvals_are_level_a(kb: Knowledgebase, kinase: str) -> None:
    (finding,) = match_findings(kb, [fusion("ETV6", kinase)], "IMT")
    assert finding.tier == "IA"


def test_alk_g1202r_resistance_and_retained_lorlatinib(kb: Knowledgebase) -> None:
    (finding,) = match_findings(kb, [mutation("ALK", "G1202R")], "IMT")
    effects = {(t.drug, t.effect) for t in finding.therapies}
    assert ("crizotinib", "resistance") in effects
    assert ("lorlatinib", "sensitivity") in effects
    assert finding.tier == "IIC"


def test_unknown_variant_in_target_gene_is_tier_iii(kb: Knowledgebase) -> None:
    (finding,) = match_findings(kb, [mutation("ROS1", "A15T")], "IMT")
    assert finding.tier == "III" and not finding.therapies
    assert finding.tier_rationale.startswith("Tier III:")


def test_profile_matches_only_with_all_parts(kb: Knowledgebase) -> None:
    findings = match_findings(kb, [fusion("EML4", "ALK"), mutation("ALK", "G1202R")], "IMT")
    assert all("ALK_FUSION_WITH_G1202R" in f.biomarkers for f in findings)
    alone = match_findings(kb, [mutation("ALK", "G1202R")], "IMT")
    assert all("ALK_FUSION_WITH_G1202R" not in f.biomarkers for f in alone)


def test_fusion_that_loses_the_kinase_domain_is_tier_iii(kb: Knowledgebase) -> None:
    lost = Alteration(
        "fusion", "EML4::ALK", "ALK", ("EML4", "ALK"), partner="EML4", gene_exon=25,
        kinase_retained=False,
    )  # fmt: skip
    (finding,) = match_findings(kb, [lost], "IMT")
    assert finding.tier == "III" and not finding.therapies
    assert "not predicted to produce an active kinase fusion" in finding.tier_rationale


def test_trials_attach_to_matching_findings(kb: Knowledgebase) -> None:
    (alk,) = match_findings(kb, [fusion("EML4", "ALK")], "IMT")
    assert alk.trials == ("TRIAL-ADVL0912", "TRIAL-A8081013", "TRIAL-CREATE", "TRIAL-BrigaPED")
    (ros1,) = match_findings(kb, [fusion("TFG", "ROS1")], "IMT")
    assert ros1.trials == ("TRIAL-STARTRK-NG",)
    briga = next(t for t in kb.trials if t.id == "TRIAL-BrigaPED")
    assert (briga.identifiers, briga.uncertain_identifiers) == (
        ("EudraCT:2021-002713-34",),
        ("NCT04925609",),
    )


def _alterations_for(kb: Knowledgebase, biomarker_id: str) -> list[Alteration]:
    """A minimal set of alterations that matches ``biomarker_id`` (profiles: all parts)."""
    rule = kb.biomarkers[biomarker_id].match
    if isinstance(rule, s.FusionMatch):
        partner = rule.partner or "TESTPARTNER"
        return [
            Alteration(
                "fusion", f"{partner}::{rule.gene}", rule.gene, (partner, rule.gene),
                partner=partner, partner_exon=rule.partner_exon, gene_exon=rule.gene_exon,
            )
        ]  # fmt: skip
    if isinstance(rule, s.MutationMatch):
        if rule.protein_change:
            return [mutation(rule.gene, rule.protein_change)]
        change = f"T{rule.codon}_L{rule.codon + 1}insT" if rule.codon else "X100Y"
        alt = mutation(rule.gene, change)
        return [Alteration(**{**alt.__dict__, "exon": rule.exon})] if rule.exon else [alt]
    if isinstance(rule, s.CopyNumberMatch):
        return [
            Alteration(
                "copy_number", f"{rule.gene} {rule.direction}", rule.gene, (rule.gene,),
                direction=rule.direction,
            )
        ]  # fmt: skip
    if isinstance(rule, s.ProfileMatch):
        return [a for part in rule.all_of for a in _alterations_for(kb, part)]
    return []  # IHC, signatures, cytogenetics are never matched


CONTEXTS = [("IMT", None), ("EIMS", "44"), ("IMT", "8"), ("IMTL", "1")]


def test_every_report_statement_cites_sources_that_resolve(kb: Knowledgebase) -> None:
    """Over every matchable biomarker, alone and (mutations) with a fusion of their kinase, in
    adult, paediatric, EIMS and lung contexts: each therapy, diagnostic and prognostic
    statement and each case cites at least one source, and every citation is in sources.yaml.
    Every leveled predictive item of a matchable biomarker shows up in some therapy."""
    shown: set[str] = set()
    for bid in kb.biomarkers:
        alts = _alterations_for(kb, bid)
        if not alts:
            continue
        genes = {a.gene for a in alts if a.kind == "mutation" and a.gene in kb.fusion_kinases}
        runs = [alts, alts + [fusion("TESTPARTNER", g) for g in sorted(genes)]]
        for disease, age in CONTEXTS:
            ctx = patient_context(kb, disease, age=age)
            for run in runs:
                for f in match_findings(kb, run, ctx):
                    for t in f.therapies:
                        assert t.citations and set(t.citations) <= set(kb.sources), t
                        shown.update(t.evidence_ids)
                    for st in (*f.diagnostic, *f.prognostic):
                        assert st.citations and set(st.citations) <= set(kb.sources), st
                    for case in (c for c in kb.cases if c.id in f.cases):
                        assert set(case.citations) <= set(kb.sources), case.id
    matchable = {b for b in kb.biomarkers if _alterations_for(kb, b)}
    expected = {
        e.id for e in kb.evidence if e.type == "predictive" and e.level and e.biomarker in matchable
    }
    assert expected - shown == set()


def test_crizotinib_statement_and_no_outdated_regulatory_claim(kb: Knowledgebase) -> None:
    (finding,) = match_findings(kb, [fusion("EML4", "ALK")], "IMT")
    crizotinib = next(t for t in finding.therapies if t.drug == "crizotinib")
    assert crizotinib.basis == (
        "APP-crizotinib-ALK_FUSION-IMT-FDA-2022 (Inflammatory myofibroblastic tumour): FDA "
        "2022-07-14: approved for IMT — Adults and children ≥ 1 year with unresectable, "
        "recurrent or refractory ALK-positive IMT."
    )
    umbrella = next(e for e in kb.evidence if e.id == "EV-ALK_FUSION-IMT-crizotinib")
    assert umbrella.statement.startswith(
        "Crizotinib: FDA approval 2022-07-14 for adults and children ≥ 1 year with "
        "unresectable, recurrent or refractory ALK-positive IMT."
    )
    text = " ".join(p.read_text().lower() for p in default_kb_dir().glob("*.yaml"))
    text = re.sub(r"\s+", " ", text)
    for claim in ("no approved treatment", "no regulatory approved", "no approved therapy"):
        assert claim not in text


APPROVALS = [
    ("APP-crizotinib-ALK_FUSION-IMT-FDA-2022", "FDA", "2022-07-14", 1, None),
    ("APP-crizotinib-ALK_FUSION-IMT-EMA-2022-CHMP", "EMA", "2022-09-15", 6, 18),
    ("APP-crizotinib-ALK_FUSION-IMT-EMA-2024-CHMP", "EMA", "2024-06-27", 1, 18),
    ("APP-crizotinib-ALK_FUSION-IMT-EC-2024", "EC", "2024-08-22", 1, 18),
    ("APP-larotrectinib-NTRK3_FUSION-SOLID-FDA-2018", "FDA", "2018-11-26", None, None),
    ("APP-larotrectinib-NTRK3_FUSION-SOLID-EMA-2019", "EMA", "2019-09-19", None, None),
    ("APP-entrectinib-NTRK3_FUSION-SOLID-FDA-2019", "FDA", "2019-08-15", None, None),
    ("APP-entrectinib-NTRK3_FUSION-SOLID-FDA-2023-paediatric", "FDA", "2023-10-20", 0.0833, None),
    ("APP-entrectinib-NTRK3_FUSION-SOLID-EMA-2024-paediatric", "EMA", "2024-06-27", None, None),
    ("APP-repotrectinib-NTRK3_FUSION-SOLID-FDA-2024", "FDA", "2024-06-13", 12, None),
    ("APP-repotrectinib-NTRK3_FUSION-SOLID-EMA-2025", "EMA", "2025-01-13", None, None),
    ("APP-selpercatinib-RET_FUSION-SOLID-FDA-2022", "FDA", "2022-09-21", 18, None),
    ("APP-selpercatinib-RET_FUSION-SOLID-FDA-2024-paediatric", "FDA", "2024-05-29", 2, 18),
    ("APP-selpercatinib-RET_FUSION-SOLID-EMA-2024", "EMA", "2024-04-29", 18, None),
    ("APP-repotrectinib-ROS1_FUSION-NSCLC-FDA-2023", "FDA", "2023-11-15", None, None),
    ("APP-imatinib-PDGFRB_FUSION-MDS_MPN-FDA-2006", "FDA", "2006-10-19", None, None),
    ("APP-dabrafenib_trametinib-BRAF_V600E-SOLID-FDA-2022", "FDA", "2022-06-22", None, None),
    ("APP-trastuzumab_deruxtecan-HER2_IHC_3PLUS-SOLID-FDA-2024", "FDA", "2024-04-05", None, None),
]


def test_regulatory_status_by_region_date_and_population(kb: Knowledgebase) -> None:
    approvals = {a.id: a for a in kb.approvals}
    for aid, agency, date, low, high in APPROVALS:
        ap = approvals[aid]
        assert (ap.agency, str(ap.date), ap.min_age_years, ap.max_age_years) == (
            agency, date, low, high,
        ), aid  # fmt: skip
    assert approvals["APP-pralsetinib-RET_FUSION-SOLID-FDA"].status == "not_approved"
    ros1 = {a.disease for a in kb.approvals if a.biomarker == "ROS1_FUSION"}
    assert ros1 == {"NSCLC"}  # no IMT or tumour-agnostic ROS1 approval
    imt = {a.drug for a in kb.approvals if a.disease == "IMT"}
    assert imt == {"crizotinib"}


def test_guideline_versions_that_added_each_alk_inhibitor(kb: Knowledgebase) -> None:
    added = {
        (g.version or str(g.year), tuple(g.drugs), g.action)
        for g in kb.guidelines
        if g.guideline == "NCCN Soft Tissue Sarcoma" and g.biomarker == "ALK_FUSION"
    }
    assert added == {
        ("2012", ("crizotinib",), "listed"),
        ("v1.2021", ("brigatinib",), "added"),
        ("v1.2022", ("lorlatinib",), "added"),
        ("v1.2022", ("ceritinib",), "listed"),
        ("v2.2023", ("alectinib",), "added"),
        ("v2.2023", ("alectinib", "brigatinib", "ceritinib", "crizotinib", "lorlatinib"), "listed"),
    }


# (variant, drugs whose activity it removes, drugs that keep activity) - fact sheet §4
RESISTANCE_TABLE = [
    ("ALK G1202R", {"crizotinib", "ceritinib", "brigatinib", "alectinib"},
     {"lorlatinib", "neladalkib"}),
    ("ALK L1196M", {"crizotinib"}, {"lorlatinib", "ceritinib", "brigatinib"}),
    ("ALK G1269A", {"crizotinib"}, {"ceritinib", "lorlatinib"}),
    ("ALK I1171T", {"alectinib", "crizotinib"}, {"ceritinib"}),
    ("ALK I1171S", {"alectinib"}, set()),
    ("ALK I1171N", set(), {"lorlatinib"}),
    ("ALK V1180L", {"alectinib"}, set()),
    ("ALK L1196Q", {"alectinib"}, set()),
    ("ALK T1151M", {"crizotinib"}, set()),
    ("ALK C1156Y", {"crizotinib"}, {"lorlatinib"}),
    ("ALK F1174L", {"crizotinib"}, {"lorlatinib"}),
    ("ALK F1174C", set(), {"lorlatinib"}),
    ("ROS1 G2032R", {"crizotinib", "lorlatinib"}, {"taletrectinib", "cabozantinib"}),
    ("ROS1 L2086F", {"lorlatinib", "repotrectinib"}, {"cabozantinib"}),
    ("ROS1 S1986Y", {"crizotinib", "ceritinib"}, {"lorlatinib"}),
    ("ROS1 S1986F", {"crizotinib", "ceritinib"}, {"lorlatinib"}),
    ("NTRK1 G595R", {"larotrectinib", "entrectinib"}, {"selitrectinib", "zurletrectinib"}),
    ("NTRK3 G623R", {"larotrectinib"}, {"selitrectinib", "zurletrectinib"}),
    ("NTRK3 G696A", {"larotrectinib"}, set()),
    ("NTRK3 F617L", {"larotrectinib"}, set()),
    ("NTRK1 G667C", {"entrectinib"}, set()),
    ("NTRK1 F589L", {"larotrectinib"}, set()),
    ("RET G810C", {"selpercatinib"}, set()),
    ("RET G810S", {"selpercatinib"}, set()),
    ("RET G810R", {"selpercatinib"}, set()),
]  # fmt: skip


@pytest.mark.parametrize(("variant", "loses", "keeps"), RESISTANCE_TABLE)
def test_resistance_mutation_table(
    kb: Knowledgebase, variant: str, loses: set[str], keeps: set[str]
) -> None:
    gene, change = variant.split()
    (finding,) = match_findings(kb, [mutation(gene, change)], "IMT")
    assert {t.drug for t in finding.therapies if t.effect == "resistance"} == loses
    assert {t.drug for t in finding.therapies if t.effect == "sensitivity"} == keeps


def test_outcome_figures_and_case_table(kb: Knowledgebase) -> None:
    outcomes = {e.id: e.outcome for e in kb.evidence}
    create = outcomes["EV-ALK_FUSION-IMT-crizotinib-CREATE"] or ""
    assert "ORR 6/12 = 50% (95% CI 21.1-78.9)" in create
    assert "ORR ALK-positive 66.7% (95% CI 34.9-90.1)" in (
        outcomes["EV-ALK_FUSION-IMT-crizotinib-CREATE-final"] or ""
    )
    assert "3-year OS 83.3%" in (outcomes["EV-ALK_FUSION-IMT-crizotinib-CREATE-final"] or "")
    rows = [c for c in kb.cases if c.table == "REV-TABLE-1"]
    assert (len(rows), sum(c.patients for c in rows)) == (30, 57)
    table = kb.case_tables["REV-TABLE-1"]
    assert (table.stated_patients, table.stated_fusions["RANBP2::ALK"]) == (58, 23)
    by_id = {c.id: c for c in kb.cases}
    assert by_id["CASE-Kurihara-Hosokawa-2014"].age is None  # "2 (U)" in the OCR: left empty
    assert by_id["CASE-Kimbara-2014"].site is None  # review and CIViC disagree: left empty
    assert by_id["CASE-Lee-2015"].fusions == {"RANBP2::ALK": None}
    assert by_id["CASE-Lovly-2014"].age == "8 years"  # corrected, the review says 6


def test_disease_model_and_corrections(kb: Knowledgebase) -> None:
    for code, site in (("IMT", None), ("IMTL", "lung"), ("IMTB", "bladder")):
        ctx = patient_context(kb, code)
        assert (ctx.disease, ctx.site) == ("IMT", site)
    assert patient_context(kb, "EIMS") == PatientContext("EIMS", "EIMS")
    assert kb.diseases["EIMS"].parent == "IMT"
    kinds = sorted(c.kind for c in kb.corrections)
    assert kinds == [
        "error", "error", "error", "error", "error", "inconsistency", "misattribution",
        "omission", "omission", "outdated", "outdated",
    ]  # fmt: skip
    assert parse_age("7mo") == (7 / 12, "paediatric") and parse_age("adult") == (None, "adult")
    assert join_genes(["ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET"]) == (
        "ALK, ROS1, NTRK1-3 or RET"
    )
