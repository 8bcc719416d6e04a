"""Every variant and copy-number sample: its format, the records read and the findings.

One table for the whole set of real small-variant and copy-number outputs, annotated as a user
would (genome build from the file, else inferred), so a change in any parser, in the derivation
of protein changes or in copy-number calling shows up here per file. Files that are not call
sets must be rejected as unrecognised.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.annotate import Sample, Settings, annotate
from annotator.errors import UnknownFormatError
from annotator.kb.load import Knowledgebase
from annotator.parsers import detect
from tests.conftest import shared_samples

# file -> (parser, records read in a full read, genome build used, findings); None: not read
EXPECTED: dict[str, tuple[str, int, str, tuple[str, ...]] | None] = {
    "cnv/cbioportal-core/data_cna.seg": ("seg", 9, "GRCh38", ()),
    "cnv/cbioportal-core/data_cna_discrete.txt": ("cbioportal_cna", 27, "GRCh38", ()),
    "cnv/cbioportal-core/data_cna_discrete_import_test.txt": ("cbioportal_cna", 14, "GRCh38", ()),
    "cnv/cbioportal-core/data_cna_discrete_long.txt": ("cbioportal_cna", 27, "GRCh38", ()),
    "cnv/cbioportal-core/data_cna_pd_annotations.txt": None,
    "cnv/cbioportal-core/meta_cna_discrete.txt": None,
    "cnv/cbioportal-core/meta_cna_discrete_long.txt": None,
    "cnv/cbioportal-core/meta_cna_seg.txt": None,
    "cnv/cbioportal-core/panCancerStudySummary_data_CNA.txt": ("cbioportal_cna", 228, "GRCh38", ()),
    "cnv/cbioportal-core/segment_data_cna_hg19.seg": ("seg", 10, "GRCh38", ()),
    "cnv/cbioportal-core/segment_meta_cna_hg19_seg.txt": None,
    "cnv/cnvkit/amplicon.cns": ("cnvkit", 80, "GRCh38", ()),
    "cnv/cnvkit/amplicon.first300.cnr": ("cnvkit_cnr", 18, "GRCh38", ()),
    "cnv/cnvkit/cw-tr-log2.first300.seg": ("seg", 300, "GRCh38", ()),
    "cnv/cnvkit/nv3.cns": ("cnvkit", 72, "GRCh38", ()),
    "cnv/cnvkit/p2-9_2.call.cns": ("cnvkit", 313, "GRCh38", ()),
    "cnv/cnvkit/p2-9_2.chr12_50-75Mb.cnr": ("cnvkit_cnr", 9, "GRCh38", ()),
    "cnv/cnvkit/p2-9_2.cns": ("cnvkit", 313, "GRCh38", ()),
    "cnv/cnvkit/tr95t.cns": ("cnvkit", 124, "GRCh38", ("CDK4 amplification", "MDM2 amplification")),
    "cnv/cnvkit/tr95t.segmetrics.cns": (
        "cnvkit",
        124,
        "GRCh38",
        ("CDK4 amplification", "MDM2 amplification"),
    ),
    "cnv/gpgr-purple/purple.cnv.gene.tsv": ("purple_gene", 240, "GRCh38", ()),
    "cnv/gpgr-purple/purple.cnv.germline.tsv": ("purple_cnv", 67, "GRCh38", ()),
    "cnv/gpgr-purple/purple.cnv.somatic.tsv": ("purple_cnv", 59, "GRCh38", ()),
    "cnv/gpgr-purple/purple.purity.tsv": None,
    "cnv/gpgr-purple/purple.qc": None,
    "cnv/gpgr-purple/purple.version": None,
    "cnv/nf-core-test-datasets/HCC1395T_vs_HCC1395N.cnvcall.subset.vcf": (
        "cnv_vcf",
        11,
        "GRCh38",
        (),
    ),
    "cnv/oncokb-annotator/example_cna.txt": ("oncokb_cna", 6, "GRCh38", ()),
    "cnv/oncokb-annotator/example_individual_cna.txt": ("oncokb_cna", 6, "GRCh38", ()),
    "cnv/pcgr/T001-BRCA.grch37.cna.tsv": ("pcgr_cna", 252, "GRCh38", ()),
    "cnv/pcgr/T001-BRCA.grch38.cna.tsv": ("pcgr_cna", 260, "GRCh38", ()),
    "cnv/purecn/example_gatk4_denoised_cr.tsv": ("gatk_cnv", 21, "GRCh38", ()),
    "cnv/purecn/example_gatk4_modelfinal.seg": ("gatk_cnv", 23, "GRCh38", ()),
    "variants/cbioportal-core/data_mutations_extended.txt": (
        "maf",
        96,
        "GRCh38",
        ("NTRK3 p.R316H",),
    ),
    "variants/cbioportal-core/meta_mutations_extended.txt": None,
    "variants/cyvcf2/test-hemi.vcf": ("vcf", 2, "GRCh37", ()),
    "variants/cyvcf2/test.snpeff.vcf": ("vcf", 20, "GRCh37", ()),
    "variants/cyvcf2/test.vcf.gz": ("vcf", 230, "GRCh37", ()),
    "variants/cyvcf2/test_gt_alt_freqs.vcf": ("vcf", 6, "GRCh37", ()),
    "variants/gpgr-umccrise/linx.breakend.tsv": None,
    "variants/gpgr-umccrise/linx.driver.catalog.tsv": None,
    "variants/gpgr-umccrise/purple.somatic.first300.vcf.gz": ("vcf", 361, "GRCh38", ()),
    "variants/gpgr-umccrise/somatic-ensemble-PASS.first300.vcf.gz": ("vcf", 300, "GRCh38", ()),
    "variants/nf-core-test-datasets/HCC1395T_vs_HCC1395N.mutect2.filtered_chr22.subset.vcf": (
        "vcf",
        26,
        "GRCh38",
        (),
    ),
    "variants/nf-core-test-datasets/multiallelic_variants_snpeff.subset.vcf": (
        "vcf",
        13,
        "GRCh37",
        (),
    ),
    "variants/oncokb-annotator/example_atypical_alterations.txt": None,
    "variants/oncokb-annotator/example_clinical.txt": None,
    "variants/oncokb-annotator/example_maf.txt": (
        "maf",
        17,
        "GRCh37",
        ("PIK3CA p.E542K", "TP53 p.R248Q"),
    ),
    "variants/oncokb-annotator/example_maf_grch38.txt": (
        "maf",
        14,
        "GRCh38",
        ("PIK3CA p.E542K", "TP53 p.R248Q"),
    ),
    "variants/pcgr/T001-BRCA.grch37.vcf.gz": ("vcf", 196, "GRCh38", ()),
    "variants/pcgr/T001-BRCA.grch38.vcf.gz": ("vcf", 196, "GRCh38", ("PIK3CA p.H1047R",)),
    "variants/pcgr/T001-COAD.grch38.first300.vcf.gz": ("vcf", 300, "GRCh38", ()),
    "variants/purecn/example_mutect2.vcf.gz": ("vcf", 11, "GRCh38", ()),
    "variants/pvactools/annotated.expression.first300.vcf.gz": ("vcf", 365, "GRCh38", ()),
    "variants/pvactools/annotated.expression.imt_genes.vcf.gz": (
        "vcf",
        7,
        "GRCh38",
        ("PDGFRB p.T882I", "TP53 p.R175H"),
    ),
    "variants/pvactools/input.new.vcf": ("vcf", 3, "GRCh38", ()),
    "variants/pvactools/somatic.chr1-2.vcf.gz": ("vcf", 296, "GRCh38", ()),
    "variants/vcf2maf/minimalist_test_maf.first300.tsv": None,
    "variants/vcf2maf/test.maf": (
        "maf",
        20,
        "GRCh37",
        ("PIK3CA 3:178928219 ->ATA", "PIK3CA p.E545K"),
    ),
    "variants/vcf2maf/test.tsv": None,
    "variants/vcf2maf/test.vcf": ("vcf", 24, "GRCh38", ()),
    "variants/vcf2maf/test_b37.vcf": ("vcf", 25, "GRCh38", ()),
    "variants/vcf2maf/test_b38.vcf": ("vcf", 25, "GRCh38", ()),
    "variants/vcf2maf/test_b38_output.maf": ("maf", 25, "GRCh38", ()),
    "variants/vcf2maf/test_mutect.first300.vcf": ("vcf", 300, "GRCh37", ()),
    "variants/vcf2maf/test_output.vep_isoforms.maf": (
        "maf",
        20,
        "GRCh37",
        ("PIK3CA p.E469delinsDK", "PIK3CA p.E545K"),
    ),
    "variants/vcf2maf/test_strelka.vcf": ("vcf", 240, "GRCh38", ()),
    "variants/vcf2maf/test_varscan.first300.vcf": ("vcf", 300, "GRCh38", ()),
}


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_variant_or_copy_number_sample(relative: str, kb: Knowledgebase) -> None:
    path = shared_samples() / relative
    expected = EXPECTED[relative]
    if expected is None:
        with pytest.raises(UnknownFormatError):
            detect(path)
        return
    parser = detect(path).parser
    records = len(parser.parse(path).records)
    result = annotate([path], Sample("S"), kb, Settings())
    labels = tuple(sorted(f.alteration.label for f in result.findings))
    assert (parser.name, records, result.genome_build, labels) == expected


def test_every_variant_and_copy_number_sample_is_in_the_table() -> None:
    root = shared_samples()
    files = {
        str(p.relative_to(root))
        for folder in ("variants", "cnv")
        for p in (root / folder).rglob("*")
        if p.is_file() and p.suffix != ".md"
    }
    fusion_lists = {f for f in files if detect_kind(root / f) == "fusion"}
    assert files - fusion_lists <= set(EXPECTED)


def detect_kind(path: Path) -> str | None:
    try:
        return detect(path).parser.kind
    except UnknownFormatError:
        return None
