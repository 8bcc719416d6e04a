"""One variant, four sources: VEP VCF, SnpEff VCF, unannotated VCF and MAF give the same finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.annotate import Sample, Settings, annotate
from annotator.kb.load import Knowledgebase

# PIK3CA H1047R (c.3140A>G, ENST00000263967.4) at GRCh38 3:179,234,297.
HEADER = [
    "##fileformat=VCFv4.2",
    "##reference=GRCh38",
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
]
COLUMNS = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR"
SAMPLE = "GT:AD:DP\t0/1:60,40:100"
VEP = (
    '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. '
    'Format: Allele|Consequence|IMPACT|SYMBOL|Feature|BIOTYPE|EXON|HGVSc|HGVSp|MANE_SELECT">',
    "CSQ=G|missense_variant|MODERATE|PIK3CA|ENST00000263967.4|protein_coding|21/21|"
    "ENST00000263967.4:c.3140A>G|ENSP00000263967.3:p.His1047Arg|NM_006218.4",
)
SNPEFF = (
    "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations: 'Allele | "
    "Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | "
    "Transcript_BioType | Rank | HGVS.c | HGVS.p | cDNA.pos / cDNA.length | CDS.pos / CDS.length "
    "| AA.pos / AA.length | Distance | ERRORS / WARNINGS / INFO'\">",
    "ANN=G|missense_variant|MODERATE|PIK3CA|ENSG00000121879|transcript|ENST00000263967.4|"
    "protein_coding|21/21|c.3140A>G|p.His1047Arg|3297/9259|3140/3207|1047/1068||",
)
MAF_COLUMNS = (
    "Hugo_Symbol\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\t"
    "Variant_Type\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSc\tHGVSp\t"
    "HGVSp_Short\tTranscript_ID\tExon_Number\tt_depth\tt_alt_count"
)
MAF_ROW = (
    "PIK3CA\tchr3\t179234297\t179234297\tMissense_Mutation\tSNP\tA\tG\tS1\tc.3140A>G\t"
    "p.His1047Arg\tp.H1047R\tENST00000263967\t21/21\t100\t40"
)


def _vcf(path: Path, info_header: str | None, info: str) -> Path:
    lines = [*HEADER, *([info_header] if info_header else []), COLUMNS]
    lines.append(f"chr3\t179234297\t.\tA\tG\t.\tPASS\t{info}\t{SAMPLE}")
    path.write_text("\n".join(lines) + "\n")
    return path


def _sources(tmp_path: Path) -> dict[str, Path]:
    maf = tmp_path / "s.maf"
    maf.write_text("#version 2.4\n" + MAF_COLUMNS + "\n" + MAF_ROW + "\n")
    return {
        "VEP": _vcf(tmp_path / "vep.vcf", VEP[0], VEP[1]),
        "SnpEff": _vcf(tmp_path / "snpeff.vcf", SNPEFF[0], SNPEFF[1]),
        "raw": _vcf(tmp_path / "raw.vcf", None, "."),
        "MAF": maf,
    }


@pytest.mark.parametrize("source", ["VEP", "SnpEff", "raw", "MAF"])
def test_same_variant_same_finding(source: str, tmp_path: Path, kb: Knowledgebase) -> None:
    path = _sources(tmp_path)[source]
    result = annotate([path], Sample("S1"), kb, Settings(genome="GRCh38"))
    (finding,) = [f for f in result.findings if f.alteration.kind == "mutation"]
    alt = finding.alteration
    assert (alt.label, alt.gene, alt.protein_change, alt.protein_position) == (
        "PIK3CA p.H1047R",
        "PIK3CA",
        "H1047R",
        1047,
    )
    assert finding.tier == "IID"
    assert finding.matched_biomarker is not None
    assert alt.details["vaf"] == pytest.approx(0.4)


def test_all_four_match_the_same_biomarkers(tmp_path: Path, kb: Knowledgebase) -> None:
    seen = set()
    for path in _sources(tmp_path).values():
        result = annotate([path], Sample("S1"), kb, Settings(genome="GRCh38"))
        seen.add(tuple((f.alteration.label, f.tier, f.biomarkers) for f in result.findings))
    assert len(seen) == 1
