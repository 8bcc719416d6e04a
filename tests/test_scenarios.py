"""Interpretation scenarios: small caller files in real formats (see tests/scenario_inputs.py)
run through ``annotate()``, each pinning the tier, therapies, effects, levels, restrictions and
negatives a molecular pathologist would expect."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.annotate import AnnotationResult, Sample, Settings, annotate
from annotator.kb.load import Knowledgebase
from annotator.models import Finding, TherapyOption
from tests.scenario_inputs import (
    ALK_G1202R,
    ALK_G1269A,
    ALK_L1196M,
    COLLAGEN_ROW,
    NTRK3_G623R,
    PIK3CA_H1047R,
    Fusion,
    Variant,
    arriba,
    cnvkit,
    star_fusion,
    vep_vcf,
)

ALK_TKIS = ("alectinib", "brigatinib", "ceritinib", "crizotinib", "lorlatinib")
ALL_KINASES_NEGATIVE = (
    "No ALK, ROS1, NTRK1-3, RET or PDGFRB fusion detected by the fusion caller(s)."
)


def run(kb: Knowledgebase, files: list[Path], **sample: str) -> AnnotationResult:
    return annotate(files, Sample("S1", **sample), kb, Settings(genome="GRCh38"))


def only(result: AnnotationResult, label: str) -> Finding:
    (finding,) = [f for f in result.findings if f.alteration.label == label]
    return finding


def therapy(finding: Finding, drug: str, effect: str = "sensitivity") -> TherapyOption:
    (option,) = [t for t in finding.therapies if t.drug == drug and t.effect == effect]
    return option


def effects(finding: Finding) -> dict[str, tuple[str, str]]:
    """drug -> (effect, level) for drugs with a single option."""
    seen: dict[str, list[TherapyOption]] = {}
    for t in finding.therapies:
        seen.setdefault(t.drug, []).append(t)
    return {d: (ts[0].effect, ts[0].level) for d, ts in seen.items() if len(ts) == 1}


def test_eims_ranbp2_alk_adult_fda_applies_ema_paediatric_does_not(
    kb: Knowledgebase, tmp_path: Path
) -> None:
    files = [arriba(tmp_path / "fusions.tsv", [Fusion("RANBP2", 18, "ALK", 20)])]
    result = run(kb, files, disease="EIMS", age="44")
    f = only(result, "RANBP2::ALK")
    assert (f.tier, f.matched_biomarker) == ("IA", "RANBP2_ALK_E18_E20")
    assert f.biomarkers == ("RANBP2_ALK_E18_E20", "RANBP2_ALK", "ALK_FUSION")
    crizotinib = therapy(f, "crizotinib")
    assert (crizotinib.level, crizotinib.escat, crizotinib.oncokb) == ("A", "I-B", "1")
    assert crizotinib.regulatory[0] == (
        "FDA 2022-07-14: approved for IMT — Adults and children ≥ 1 year with unresectable, "
        "recurrent or refractory ALK-positive IMT."
    )
    assert crizotinib.restrictions[0] == (
        "crizotinib approved by EMA 2022-09-15 in IMT: labelled for ages 6 to < 18 years; "
        "not applicable to this patient (age 44 years)"
    )
    assert {t.drug for t in f.therapies if t.level == "A"} == set(ALK_TKIS)
    assert f.case_summary is not None
    assert f.case_summary.startswith("23 published RANBP2::ALK EIMS cases (the Cancers 2022")
    assert "CASE-Butrynski-2010" in f.cases and len(f.cases) == 19
    diagnostic = {s.evidence_id: s for s in f.diagnostic}
    assert diagnostic["EV-RANBP2_ALK-EIMS-diagnostic"].restriction is None
    assert [n.statement for n in result.negatives] == [
        "No ROS1, NTRK1-3, RET or PDGFRB fusion detected by the fusion caller(s)."
    ]


def test_conventional_imt_gets_eims_evidence_shown_but_not_applied(
    kb: Knowledgebase, tmp_path: Path
) -> None:
    files = [arriba(tmp_path / "fusions.tsv", [Fusion("RANBP2", 18, "ALK", 20)])]
    f = only(run(kb, files, disease="IMT"), "RANBP2::ALK")
    assert f.tier == "IA"
    diagnostic = {s.evidence_id: s for s in f.diagnostic}
    assert diagnostic["EV-RANBP2_ALK-EIMS-diagnostic"].restriction == (
        "reported in Epithelioid inflammatory myofibroblastic sarcoma (EIMS); the sample was "
        "submitted as Inflammatory myofibroblastic tumour (IMT)"
    )
    (prognostic,) = [s for s in f.prognostic if s.evidence_id == "EV-RANBP2_ALK-EIMS-prognostic"]
    assert prognostic.restriction is not None and prognostic.level == "C"
    assert "EV-RANBP2_ALK-EIMS-crizotinib-Butrynski" in therapy(f, "crizotinib").evidence_ids


@pytest.mark.parametrize(
    ("age", "ema_applies", "advl0912_counts"), [("8", True, True), ("44", False, False)]
)
def test_paediatric_and_adult_eml4_alk(
    kb: Knowledgebase, tmp_path: Path, age: str, ema_applies: bool, advl0912_counts: bool
) -> None:
    files = [star_fusion(tmp_path / "star-fusion.tsv", [Fusion("EML4", 13, "ALK", 20)])]
    f = only(run(kb, files, age=age), "EML4::ALK")
    assert (f.tier, f.matched_biomarker) == ("IA", "EML4_ALK")
    crizotinib = therapy(f, "crizotinib")
    assert crizotinib.level == "A"
    ema = [line for line in crizotinib.regulatory if line.startswith("EMA 2022-09-15")]
    assert ("not applicable" not in ema[0]) is ema_applies
    restricted = " ".join(crizotinib.restrictions)
    assert ("EV-ALK_FUSION-IMT-crizotinib-ADVL0912:" not in restricted) is advl0912_counts
    assert f.cases == ("CASE-Jiang-2017", "CASE-Kim-2024")


@pytest.mark.parametrize(
    ("partner", "exon", "primary"),
    [
        ("TPM3", 7, "ALK_FUSION"),
        ("TPM4", 6, "TPM4_ALK"),
        ("CLTC", 31, "ALK_FUSION"),
        ("RRBP1", 21, "RRBP1_ALK"),
        ("VCL", 16, "VCL_ALK"),
        ("PRRC2B", 18, "PRRC2B_ALK"),
    ],
)
def test_rare_alk_partners_keep_the_alk_fusion_evidence(
    kb: Knowledgebase, tmp_path: Path, partner: str, exon: int, primary: str
) -> None:
    files = [arriba(tmp_path / "fusions.tsv", [Fusion(partner, exon, "ALK", 20)])]
    f = only(run(kb, files), f"{partner}::ALK")
    assert (f.tier, f.matched_biomarker, f.biomarkers[-1]) == ("IA", primary, "ALK_FUSION")
    assert all(therapy(f, d).level == "A" for d in ALK_TKIS)
    assert therapy(f, "ensartinib").level == "C"
    if primary == "ALK_FUSION":  # partner not in the literature: the partner-unknown cases
        assert "CASE-Yu-2016" in f.cases and "CASE-Butrynski-2010" not in f.cases


def test_tfg_ros1_is_tier_iic_with_nsclc_labels_capped_at_c(
    kb: Knowledgebase, tmp_path: Path
) -> None:
    files = [star_fusion(tmp_path / "star-fusion.tsv", [Fusion("TFG", 4, "ROS1", 36)])]
    f = only(run(kb, files, age="8"), "TFG::ROS1")
    assert (f.tier, f.matched_biomarker) == ("IIC", "TFG_ROS1")
    assert effects(f)["entrectinib"] == ("sensitivity", "C")
    assert effects(f)["taletrectinib"] == ("sensitivity", "C")
    crizotinib = therapy(f, "crizotinib")
    assert crizotinib.level == "C" and crizotinib.escat == "III-A"
    assert crizotinib.basis.startswith(
        "APP-crizotinib-ROS1_FUSION-NSCLC-FDA (Non-small cell lung cancer, another tumour type, "
        "level A there)"
    )
    assert "EV-TFG_ROS1-IMT-crizotinib-Lovly" in crizotinib.evidence_ids
    assert therapy(f, "ceritinib", "resistance").level == "D"  # one chest-wall case (R)


def test_lung_imt_given_as_oncotree_imtl_is_levelled_as_imt(
    kb: Knowledgebase, tmp_path: Path
) -> None:
    ros1 = [star_fusion(tmp_path / "ros1.tsv", [Fusion("TFG", 4, "ROS1", 36)])]
    result = run(kb, ros1, disease="IMTL")
    assert (result.sample.disease, result.sample.site) == ("IMT", "lung")
    f = only(result, "TFG::ROS1")
    assert f.tier == "IIC" and {t.level for t in f.therapies} == {"C", "D"}
    thoracic = {s.evidence_id: s for s in f.diagnostic}["EV-ROS1_FUSION-IMT-thoracic"]
    assert thoracic.restriction is None
    abdominal = only(run(kb, ros1, disease="IMT", site="abdomen"), "TFG::ROS1")
    assert {s.evidence_id: s for s in abdominal.diagnostic}[
        "EV-ROS1_FUSION-IMT-thoracic"
    ].restriction == "reported in thoracic IMT; not applicable to this site (abdomen)"
    alk = [arriba(tmp_path / "alk.tsv", [Fusion("EML4", 13, "ALK", 20)])]
    f = only(run(kb, alk, disease="IMTL"), "EML4::ALK")
    assert therapy(f, "ensartinib").level == "C"  # NSCLC label, not on-label for lung IMT


def test_etv6_ntrk3_tumour_agnostic_labels(kb: Knowledgebase, tmp_path: Path) -> None:
    files = [arriba(tmp_path / "fusions.tsv", [Fusion("ETV6", 5, "NTRK3", 15)])]
    f = only(run(kb, files, age="30"), "ETV6::NTRK3")
    assert (f.tier, f.matched_biomarker) == ("IA", "ETV6_NTRK3")
    for drug in ("larotrectinib", "entrectinib", "repotrectinib"):
        option = therapy(f, drug)
        assert (option.level, option.escat, option.oncokb) == ("A", "I-C", "1")
    assert therapy(f, "crizotinib").level == "D"  # the CREATE ALK-negative responder


@pytest.mark.parametrize(("age", "applies"), [("60", "FDA 2022-09-21"), ("10", "FDA 2024-05-29")])
def test_ret_fusion_selpercatinib_by_age(
    kb: Knowledgebase, tmp_path: Path, age: str, applies: str
) -> None:
    files = [arriba(tmp_path / "fusions.tsv", [Fusion("CCDC6", 1, "RET", 12)])]
    f = only(run(kb, files, age=age), "CCDC6::RET")
    option = therapy(f, "selpercatinib")
    assert (f.tier, option.level, option.escat) == ("IA", "A", "I-C")
    (line,) = [r for r in option.regulatory if r.startswith(applies)]
    assert "not applicable" not in line
    assert any("not applicable" in r for r in option.regulatory if not r.startswith(applies))


def test_ret_fusion_in_an_infant_is_outside_every_selpercatinib_label(
    kb: Knowledgebase, tmp_path: Path
) -> None:
    files = [arriba(tmp_path / "fusions.tsv", [Fusion("CCDC6", 1, "RET", 12)])]
    f = only(run(kb, files, age="1"), "CCDC6::RET")
    option = therapy(f, "selpercatinib")
    assert (option.level, f.tier) == ("C", "IID")
    assert len(option.restrictions) == 4


def test_pdgfrb_fusion_imatinib_is_extrapolated(kb: Knowledgebase, tmp_path: Path) -> None:
    # ETV6 is an illustrative 5' partner for the test input; the fact sheet names none in IMT.
    files = [arriba(tmp_path / "fusions.tsv", [Fusion("ETV6", 4, "PDGFRB", 11)])]
    f = only(run(kb, files), "ETV6::PDGFRB")
    assert (f.tier, f.matched_biomarker) == ("IIC", "PDGFRB_FUSION")
    imatinib = therapy(f, "imatinib")
    assert (imatinib.level, imatinib.escat) == ("C", "III-A")
    assert imatinib.regulatory[0].startswith("FDA 2006-10-19: approved for MDS_MPN — ")


def _alk_with(kb: Knowledgebase, tmp_path: Path, *variants: Variant) -> AnnotationResult:
    files = [
        arriba(tmp_path / "fusions.tsv", [Fusion("EML4", 13, "ALK", 20)]),
        vep_vcf(tmp_path / "somatic.vep.vcf", list(variants)),
    ]
    return run(kb, files, age="50")


def test_alk_fusion_with_g1202r_reranks_to_lorlatinib(kb: Knowledgebase, tmp_path: Path) -> None:
    result = _alk_with(kb, tmp_path, ALK_G1202R)
    f = only(result, "EML4::ALK")
    assert f.tier == "IA" and f.resistance_context == ("ALK p.G1202R",)
    assert "ALK_FUSION_WITH_G1202R" in f.biomarkers
    for drug in ("crizotinib", "ceritinib", "brigatinib", "alectinib"):
        lost = therapy(f, drug, "resistance")
        assert (lost.level, lost.context) == ("C", ("ALK p.G1202R",)), drug
        assert lost.basis.startswith(f"EV-ALK_G1202R-NSCLC-{drug}-resistance"), drug
    assert therapy(f, "crizotinib", "resistance").superseded[0] == (
        "sensitivity, level A: crizotinib approved by FDA 2022-07-14 in IMT"
    )
    assert not [t for t in f.therapies if t.drug == "crizotinib" and t.effect == "sensitivity"]
    lorlatinib = therapy(f, "lorlatinib")
    assert (lorlatinib.level, lorlatinib.context) == ("A", ("ALK p.G1202R",))
    assert "EV-ALK_G1202R-NSCLC-lorlatinib-sensitivity" in lorlatinib.evidence_ids
    assert "ALK p.G1202R in this sample: resistance to alectinib, brigatinib" in f.tier_rationale
    assert only(result, "ALK p.G1202R").tier == "IIC"


def test_alk_fusion_with_l1196m(kb: Knowledgebase, tmp_path: Path) -> None:
    f = only(_alk_with(kb, tmp_path, ALK_L1196M), "EML4::ALK")
    assert therapy(f, "crizotinib", "resistance").context == ("ALK p.L1196M",)
    for drug in ("lorlatinib", "ceritinib", "brigatinib"):
        assert therapy(f, drug).context == ("ALK p.L1196M",), drug
        assert therapy(f, drug).level == "A"
    assert therapy(f, "alectinib").context == ()  # no L1196M evidence for alectinib


def test_alk_fusion_with_g1269a_keeps_ceritinib(kb: Knowledgebase, tmp_path: Path) -> None:
    f = only(_alk_with(kb, tmp_path, ALK_G1269A), "EML4::ALK")
    crizotinib = therapy(f, "crizotinib", "resistance")
    assert crizotinib.level == "D"
    assert "EV-ALK_G1269A-IMT-crizotinib-resistance" in crizotinib.evidence_ids
    assert therapy(f, "ceritinib").context == ("ALK p.G1269A",)
    assert "CASE-Michels-2017" in only(_alk_with(kb, tmp_path, ALK_G1269A), "ALK p.G1269A").cases


def test_alk_fusion_with_compound_g1202r_l1196m_loses_lorlatinib(
    kb: Knowledgebase, tmp_path: Path
) -> None:
    f = only(_alk_with(kb, tmp_path, ALK_G1202R, ALK_L1196M), "EML4::ALK")
    lorlatinib = therapy(f, "lorlatinib", "resistance")
    assert lorlatinib.evidence_ids == ("EV-ALK_G1202R_L1196M-NSCLC-lorlatinib-resistance",)
    assert therapy(f, "neladalkib").context == ("ALK p.G1202R", "ALK p.G1202R + ALK p.L1196M")
    assert f.resistance_context == ("ALK p.G1202R", "ALK p.L1196M")


def test_ntrk3_fusion_with_g623r(kb: Knowledgebase, tmp_path: Path) -> None:
    files = [
        arriba(tmp_path / "fusions.tsv", [Fusion("ETV6", 5, "NTRK3", 15)]),
        vep_vcf(tmp_path / "somatic.vep.vcf", [NTRK3_G623R]),
    ]
    f = only(run(kb, files), "ETV6::NTRK3")
    assert therapy(f, "larotrectinib", "resistance").level == "A"
    entrectinib = therapy(f, "entrectinib")
    assert entrectinib.level == "C"
    assert entrectinib.restrictions[0] == (
        "entrectinib approved by FDA 2019-08-15 in SOLID (tumour-agnostic): label excludes "
        "tumours with a known acquired resistance mutation (NTRK3 p.G623R)"
    )
    assert therapy(f, "repotrectinib").level == "A"  # EU label covers prior TRK inhibitors
    assert therapy(f, "selitrectinib").level == "C" and f.tier == "IA"


def test_mdm2_amplification_prompts_liposarcoma_exclusion(
    kb: Knowledgebase, tmp_path: Path
) -> None:
    result = run(kb, [cnvkit(tmp_path / "sample.call.cns", 3.0791)])
    f = only(result, "MDM2 amplification")
    assert (f.tier, f.therapies) == ("III", ())
    (note,) = f.diagnostic
    assert "dedifferentiated liposarcoma" in note.statement
    assert note.frequencies == (
        "27% in IMT (as reported by the review) [R; DOI:10.3390/cancers14153662]",
    )
    assert [n.statement for n in result.negatives] == [
        "No CDK4 amplification in the copy-number input(s)."
    ]


def test_pik3ca_mutation_is_prognostic_tier_iid(kb: Knowledgebase, tmp_path: Path) -> None:
    result = run(kb, [vep_vcf(tmp_path / "somatic.vep.vcf", [PIK3CA_H1047R])])
    f = only(result, "PIK3CA p.H1047R")
    assert (f.tier, f.matched_biomarker, f.therapies) == ("IID", "PIK3CA_MUTATION", ())
    (prognostic,) = f.prognostic
    assert prognostic.evidence_id == "EV-PIK3CA_MUTATION-IMT-prognostic"
    assert prognostic.frequencies == (
        "9% in CREATE archival IMT tissue [V; WEB:jnccn360-CREATE-molecular]",
    )
    assert [n.kind for n in result.negatives] == ["mutation"]  # no fusion input: no fusion line


def test_no_actionable_finding_states_what_was_looked_for(
    kb: Knowledgebase, tmp_path: Path
) -> None:
    files = [
        arriba(tmp_path / "fusions.tsv", [], (COLLAGEN_ROW,)),
        vep_vcf(tmp_path / "somatic.vep.vcf", [Variant("ALK", "A15T", 43, "G", "A")]),
    ]
    result = run(kb, files)
    (f,) = result.findings
    assert (f.alteration.label, f.tier, f.therapies) == ("ALK p.A15T", "III", ())
    assert f.tier_rationale.startswith("Tier III: ALK p.A15T is an alteration in an IMT target")
    assert result.negatives[0].statement == ALL_KINASES_NEGATIVE


def test_single_patient_non_response_sits_beside_the_label(
    kb: Knowledgebase, tmp_path: Path
) -> None:
    files = [arriba(tmp_path / "fusions.tsv", [Fusion("PRRC2B", 18, "ALK", 20)])]
    f = only(run(kb, files, disease="EIMS", age="42"), "PRRC2B::ALK")
    assert [t.effect for t in f.therapies if t.drug == "crizotinib"] == ["sensitivity"]
    crizotinib = therapy(f, "crizotinib")
    assert crizotinib.level == "A"
    assert "EV-PRRC2B_ALK-EIMS-crizotinib: Progression after 5, 5 and 6 months respectively." in (
        crizotinib.outcomes
    )
    assert f.cases == ("CASE-Wang-2022",)
