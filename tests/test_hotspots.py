"""Bundled hotspot codons (protein changes for unannotated VCFs) and ROS1 residue numbering."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from annotator.alterations import SkipLog, variant_alterations
from annotator.annotate import Sample, Settings, annotate
from annotator.models import SmallVariant, SourceRef
from annotator.parsers import vcf
from annotator.reference.hotspots import (
    derive_protein_change,
    hotspot_positions,
    hotspots,
    literature_hgvsp,
    literature_residue,
    touches_hotspot,
)
from tests.conftest import ROOT, shared_samples

MUTECT_HEADER = [
    "##fileformat=VCFv4.2",
    "##source=Mutect2",
    '##FILTER=<ID=PASS,Description="All filters passed">',
    '##FILTER=<ID=weak_evidence,Description="Mutation does not meet likelihood threshold">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
    '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR",
]
CSQ_HEADER = (
    '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. '
    'Format: Allele|Consequence|IMPACT|SYMBOL|Feature|HGVSc|HGVSp|EXON|PICK|CANONICAL|MANE_SELECT">'
)
# GRCh38 / GRCh37 positions of ALK G1202R (c.3604G>C), PIK3CA H1047R (c.3140A>G),
# PIK3CA E542K (c.1624G>A), a non-PASS ALK F1174L (c.3522C>A) and a PIK3CA base outside any
# bundled codon.
RAW_RECORDS = {
    "GRCh38": [
        ("chr2", 29220747, "C", "G", "PASS"),
        ("chr3", 179234297, "A", "G", "PASS"),
        ("chr3", 179218294, "G", "A", "PASS"),
        ("chr2", 29220829, "G", "T", "weak_evidence"),
        ("chr3", 179234300, "C", "T", "PASS"),
    ],
    "GRCh37": [
        ("2", 29443613, "C", "G", "PASS"),
        ("3", 178952085, "A", "G", "PASS"),
        ("3", 178936082, "G", "A", "PASS"),
        ("2", 29443695, "G", "T", "weak_evidence"),
        ("3", 178952088, "C", "T", "PASS"),
    ],
}


def _raw_vcf(path: Path, records: list[tuple[str, int, str, str, str]]) -> Path:
    rows = [
        f"{c}\t{p}\t.\t{r}\t{a}\t.\t{f}\t.\tGT:AD:AF:DP\t0/1:75,25:0.25:100"
        for c, p, r, a, f in records
    ]
    path.write_text("\n".join([*MUTECT_HEADER, *rows]) + "\n")
    return path


def _reads_hotspots_in_full(path: Path, genes: frozenset[str]) -> bool:
    """Whether the VCF reader's fast path leaves unannotated records at hotspot codons to be
    read in full (as SmallVariant); until it does, annotate() cannot see them."""
    records = vcf.parse(path, genes=genes).records
    return any(isinstance(r, SmallVariant) for r in records)


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_hotspots", ROOT / "scripts" / "build_hotspots.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _variant(chrom: str, pos: int, ref: str, alt: str, filters: tuple[str, ...]) -> SmallVariant:
    return SmallVariant(
        chrom, pos, ref, alt, filters, "TUMOR", 0.25, 100, 25, None, None, None,
        SourceRef("raw.vcf", 12, ()),
    )  # fmt: skip


# ---- the codon table


def test_table_matches_the_knowledgebase_and_exon_tables() -> None:
    """The bundled table is what the generator makes from today's knowledgebase."""
    text = (ROOT / "annotator" / "reference" / "data" / "hotspot_codons.tsv").read_text()
    script = _build_script()
    assert script.render(script.build_rows()) == text
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    assert len(rows) == 44  # 22 residues x 2 builds; BRAF V600 has no bundled gene model
    named = {(r["gene"], r["residue"]) for r in rows}
    assert ("ALK", "1202") in named and ("ROS1", "2032") in named and ("NTRK3", "623") in named
    assert not any(r["gene"] == "BRAF" for r in rows)


@pytest.mark.parametrize(
    ("build", "positions"),
    [("GRCh38", (29220747, 29220746, 29220745)), ("GRCh37", (29443613, 29443612, 29443611))],
)
def test_alk_g1202_codon_positions(build: Any, positions: tuple[int, int, int]) -> None:
    # Public annotations put ALK G1202R (c.3604G>A) at hg19 chr2:29,443,613 and hg38
    # 29,220,747 (minus strand: codon base 1 is the highest coordinate).
    spot = hotspots(build)[("2", positions[0])]
    assert (spot.gene, spot.residue, spot.ref_aa, spot.strand, spot.exon) == (
        "ALK", 1202, "G", "-", "23",
    )  # fmt: skip
    assert spot.positions == positions
    assert spot.biomarkers == ("ALK_G1202R",)


def test_other_alk_codons_agree_with_public_annotations() -> None:
    table = hotspots("GRCh37")
    # ENST00000389048:c.3520T>A p.F1174I at 2:g.29443697A>T; NM_004304.5 c.3512T>A p.I1171N at
    # 2:29445213 A>T: codon base 1 of F1174 and base 2 of I1171.
    assert table[("2", 29443697)].positions[0] == 29443697
    assert table[("2", 29443697)].residue == 1174
    assert table[("2", 29445213)].positions[1] == 29445213
    assert table[("2", 29445213)].residue == 1171


def test_ros1_rows_carry_both_numberings() -> None:
    spot = hotspots("GRCh38")[("6", 117317184)]
    assert (spot.residue, spot.residue_mane, spot.exon) == (2032, 2026, "39")
    assert literature_residue("ROS1", 2026) == 2032
    assert literature_residue("ROS1", 1435) is None  # MANE exon 27 side: offset not constant
    assert literature_residue("ALK", 1202) == 1202


def test_positions_for_the_parser_fast_path() -> None:
    assert ("2", 29220747) in hotspot_positions("GRCh38")
    assert ("2", 29220747) not in hotspot_positions("GRCh37")
    assert hotspot_positions() == hotspot_positions("GRCh38") | hotspot_positions("GRCh37")
    assert len(hotspot_positions("GRCh38")) == 66
    assert touches_hotspot("chr2", 29220747, 1)
    assert touches_hotspot("2", 29220740, 5)  # a deletion reaching codon base 3
    assert not touches_hotspot("2", 29220740, 3)


# ---- deriving protein changes


@pytest.mark.parametrize(
    ("build", "chrom", "pos", "ref", "alt", "change", "hgvsc"),
    [
        ("GRCh38", "chr3", 179234297, "A", "G", "H1047R", "c.3140A>G"),  # bundled codon CAT
        ("GRCh37", "3", 178952085, "A", "G", "H1047R", "c.3140A>G"),
        ("GRCh38", "3", 179218294, "G", "A", "E542K", "c.1624G>A"),  # both E codons give K
        ("GRCh38", "2", 29220747, "C", "G", "G1202R", "c.3604G>C"),  # CGN is always R
        ("GRCh37", "2", 29443695, "G", "T", "F1174L", "c.3522C>A"),  # TTC > TTA
        ("GRCh38", "2", 29209816, "C", "G", "G1269A", "c.3806G>C"),
        ("GRCh38", "3", 179218305, "G", "A", "E545=", "c.1635G>A"),  # GAG > GAA: synonymous
        ("GRCh38", "2", 29220746, "CC", "CG", "G1202R", "c.3604G>C"),  # padded record
    ],
)
def test_derivable_changes(
    build: Any, chrom: str, pos: int, ref: str, alt: str, change: str, hgvsc: str
) -> None:
    derived = derive_protein_change(chrom, pos, ref, alt, build)
    assert derived is not None
    assert (derived.protein_change, derived.hgvsc, derived.candidates) == (change, hgvsc, ())


def test_g1202_with_unknown_third_base_is_flagged_not_guessed() -> None:
    """c.3604G>A is G1202R for GGA/GGG but G1202S for GGC/GGT; no bundled source gives the
    third base of ALK codon 1202, so both are reported."""
    derived = derive_protein_change("2", 29220747, "C", "T", "GRCh38")
    assert derived is not None
    assert derived.protein_change is None
    assert derived.hgvsc == "c.3604G>A"
    assert derived.consequence == "missense_variant"
    assert derived.candidates == ("G1202R (codon GGA/GGG)", "G1202S (codon GGT/GGC)")
    assert "protein change not derivable without annotation" in derived.basis


def test_ref_that_cannot_encode_the_residue() -> None:
    derived = derive_protein_change("2", 29220747, "T", "C", "GRCh38")
    assert derived is not None and derived.protein_change is None
    assert "disagrees with the bundled amino acid G: check the genome build" in derived.basis
    # PIK3CA H1047 has a bundled codon (CAT): a REF of G at base 2 contradicts it
    derived = derive_protein_change("3", 179234297, "G", "T", "GRCh38")
    assert derived is not None and "disagrees with the bundled codon CAT" in derived.basis


def test_indels_and_other_positions() -> None:
    insertion = derive_protein_change("2", 29222407, "G", "GTCC", "GRCh38")  # ALK T1151
    assert insertion is not None
    assert (insertion.consequence, insertion.protein_change) == ("inframe_insertion", None)
    assert insertion.hotspot.biomarkers == ("ALK_T1151M", "ALK_T1151_INS")
    frameshift = derive_protein_change("2", 29220745, "CC", "C", "GRCh38")
    assert frameshift is not None and frameshift.consequence == "frameshift_variant"
    assert derive_protein_change("2", 29220748, "A", "T", "GRCh38") is None  # codon 1201
    assert derive_protein_change("2", 29220747, "C", "G", "GRCh37") is None  # other build
    assert derive_protein_change("2", 29220747, "C", "<DEL>", "GRCh38") is None


def test_variant_alterations_labels_and_filters(kb: Any) -> None:
    skips = SkipLog()
    variants = [
        _variant("2", 29220747, "C", "G", ("PASS",)),
        _variant("2", 29220747, "C", "T", ("PASS",)),
        _variant("2", 29220829, "G", "T", ("weak_evidence",)),
        _variant("2", 29220748, "A", "T", ("PASS",)),
    ]
    out = variant_alterations(variants, kb, skips, include_filtered=False, build="GRCh38")
    assert [a.label for a in out] == ["ALK p.G1202R", "ALK c.3604G>A"]
    assert out[0].protein_change == "G1202R" and out[0].exon == 23
    assert out[0].details["annotation_source"] == "bundled hotspot coordinates"
    assert out[0].details["transcript"] == "ENST00000389048.8"
    assert str(out[0].details["derivation"]).startswith(
        "derived from bundled hotspot coordinates, no annotation in the input: c.3604G>C"
    )
    assert out[1].protein_change is None
    assert out[1].details["codon_candidates"] == [
        "G1202R (codon GGA/GGG)",
        "G1202S (codon GGT/GGC)",
    ]
    reasons = {s.reason: s.count for s in skips.entries()}
    assert reasons == {
        "ALK variant not PASS (FILTER weak_evidence)": 1,
        "variant not annotated (no VEP/SnpEff)": 1,
    }
    # ROS1 from a raw VCF: derived on MANE (codon 2026), labelled in literature numbering
    (ros1,) = variant_alterations(
        [_variant("6", 117317184, "C", "G", ("PASS",))],
        kb,
        SkipLog(),
        include_filtered=False,
        build="GRCh38",
    )
    assert (ros1.label, ros1.protein_change, ros1.details["protein_change_mane"]) == (
        "ROS1 p.G2032R",
        "G2032R",
        "G2026R",
    )
    # without a build nothing is derived (the old behaviour)
    skips = SkipLog()
    assert variant_alterations(variants[:1], kb, skips, include_filtered=False) == []


# ---- through annotate()


@pytest.mark.parametrize("build", ["GRCh38", "GRCh37"])
def test_raw_mutect2_vcf_yields_hotspot_findings(tmp_path: Path, kb: Any, build: Any) -> None:
    path = _raw_vcf(tmp_path / f"raw_{build}.vcf", RAW_RECORDS[build])
    genes = frozenset(g.symbol for g in kb.genes.values() if g.report_mutations)
    if not _reads_hotspots_in_full(path, genes):
        pytest.xfail(
            "the VCF fast path reads unannotated records light (gene None); it must read "
            "records for which annotator.reference.hotspots.touches_hotspot() is true in full"
        )
    result = annotate([path], Sample("RAW1"), kb, Settings(genome=build))
    found = {f.alteration.label: f for f in result.findings}
    assert sorted(found) == ["ALK p.G1202R", "PIK3CA p.E542K", "PIK3CA p.H1047R"]
    assert found["ALK p.G1202R"].matched_biomarker == "ALK_G1202R"
    assert found["PIK3CA p.H1047R"].matched_biomarker == "PIK3CA_MUTATION"
    details = found["PIK3CA p.H1047R"].alteration.details
    assert details["hgvsc"] == "ENST00000263967.4:c.3140A>G"
    assert details["vaf"] == 0.25
    reasons = {s.reason: s.count for s in result.skipped}
    assert reasons["ALK variant not PASS (FILTER weak_evidence)"] == 1
    assert reasons["variant not annotated (no VEP/SnpEff)"] == 1


def test_oncokb_example_maf_pik3ca_e542k_on_both_builds() -> None:
    """An independent anchor: the oncokb-annotator example MAFs place PIK3CA p.E542K at
    GRCh37 3:178936082 and GRCh38 3:179218294 (G>A)."""
    folder = shared_samples() / "variants" / "oncokb-annotator"
    seen = 0
    for name in ("example_maf.txt", "example_maf_grch38.txt"):
        with (folder / name).open() as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row["Hugo_Symbol"] != "PIK3CA" or not row["Start_Position"]:
                    continue
                derived = derive_protein_change(
                    row["Chromosome"],
                    int(row["Start_Position"]),
                    row["Reference_Allele"],
                    row["Tumor_Seq_Allele2"],
                    row["NCBI_Build"],  # type: ignore[arg-type]
                )
                assert derived is not None
                assert f"p.{derived.protein_change}" == row["HGVSp_Short"] == "p.E542K"
                seen += 1
    assert seen == 2


@pytest.mark.parametrize(
    ("name", "build", "pos"),
    [
        ("T001-BRCA.grch38.vcf.gz", "GRCh38", 179234297),
        ("T001-BRCA.grch37.vcf.gz", "GRCh37", 178952085),
    ],
)
def test_pcgr_example_unannotated_pik3ca_h1047r(kb: Any, name: str, build: Any, pos: int) -> None:
    """PCGR's TCGA-A2-A04W example VCFs carry no CSQ/ANN; their PIK3CA A>G at the H1047 codon
    (GRCh37 3:178952085, lifted to GRCh38 3:179234297) is found through the codon table."""
    path = shared_samples() / "variants" / "pcgr" / name
    records = [r for r in vcf.parse(path).records if isinstance(r, SmallVariant)]
    skips = SkipLog()
    out = variant_alterations(records, kb, skips, include_filtered=False, build=build)
    assert [(a.label, a.details["pos"], a.details["hgvsc"]) for a in out] == [
        ("PIK3CA p.H1047R", pos, "ENST00000263967.4:c.3140A>G")
    ]
    assert {s.reason for s in skips.entries()} == {"variant not annotated (no VEP/SnpEff)"}


# ---- ROS1 numbering


def test_literature_hgvsp_from_either_transcript() -> None:
    lit, details = literature_hgvsp("ROS1", "ENST00000368507.8", "ENSP00000357493.3:p.Gly2026Arg")
    assert lit == "ENSP00000357493.3:p.Gly2032Arg"
    assert details["protein_change_literature"] == "G2032R"
    assert details["protein_change_mane"] == "G2026R"
    lit, details = literature_hgvsp("ROS1", "NM_002944.2", "NP_002935.2:p.(Gly2032Arg)")
    assert lit == "NP_002935.2:p.(Gly2032Arg)"
    assert details["protein_change_mane"] == "G2026R"
    lit, details = literature_hgvsp("ROS1", "ENST00000368507", "p.L2020_G2026del")
    assert lit == "p.L2026_G2032del"
    # frameshift stop counts are not residues; outside the constant-offset range nothing moves
    lit, details = literature_hgvsp("ROS1", "ENST00000368507", "p.R1192Pfs*5")
    assert lit == "p.R1192Pfs*5" and "outside residues 1436-2341" in str(details)
    assert literature_hgvsp("ROS1", None, "p.G2032R")[0] == "p.G2032R"
    assert literature_hgvsp("ALK", "ENST00000389048", "p.G1202R") == ("p.G1202R", {})


@pytest.mark.parametrize(
    ("feature", "hgvsc", "hgvsp", "exon"),
    [
        ("ENST00000368507.8", "c.6076G>A", "ENSP00000357493.3:p.Gly2026Arg", "39/44"),
        ("NM_002944.2", "c.6094G>A", "NP_002935.2:p.Gly2032Arg", "38/43"),
    ],
)
def test_ros1_g2032r_matches_on_either_numbering(
    tmp_path: Path, kb: Any, feature: str, hgvsc: str, hgvsp: str, exon: str
) -> None:
    csq = f"T|missense_variant|MODERATE|ROS1|{feature}|{feature}:{hgvsc}|{hgvsp}|{exon}|1||"
    path = tmp_path / "ros1.vcf"
    path.write_text(
        "\n".join(
            [
                "##fileformat=VCFv4.2",
                CSQ_HEADER,
                "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
                f"6\t117317184\t.\tC\tT\t.\tPASS\tCSQ={csq}",
            ]
        )
        + "\n"
    )
    result = annotate([path], Sample("ROS1"), kb, Settings(genome="GRCh38"))
    (finding,) = result.findings
    assert finding.alteration.label == "ROS1 p.G2032R"
    assert finding.matched_biomarker == "ROS1_G2032R"
    details = finding.alteration.details
    assert details["protein_change_literature"] == "G2032R"
    assert details["protein_change_mane"] == "G2026R"
    assert details["protein_numbering"] == (
        "ROS1 p.G2032R on NM_002944 (literature numbering, UniProt P08922) = p.G2026R on "
        "MANE Select NM_001378902.1; annotated on the "
        + ("MANE" if feature.startswith("ENST") else "literature")
        + " transcript"
    )
    assert details["hgvsp"] == hgvsp  # the annotator's own text is kept
