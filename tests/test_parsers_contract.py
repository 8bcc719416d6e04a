"""One contract test over the PARSERS registry: each parser reads every real sample of its
format, detect() picks it for those files, and no parser claims another format's files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.errors import UnknownFormatError
from annotator.parsers import PARSERS, VCF_READERS, detect
from annotator.parsers.textio import VCF_FIRST_LINE, read_head
from annotator.parsers.vcf_kind import vcf_kind
from tests.conftest import SAMPLE_INPUTS, SAMPLES

# Which real samples belong to which parser (paths relative to ../shared/samples).
SAMPLE_SETS: dict[str, tuple[str, ...]] = {
    "arriba": ("fusions/arriba/*", "variants/arriba/test_fusions.tsv"),
    "star_fusion": ("fusions/star-fusion/*",),
    "fusioninspector": ("fusions/fusioninspector/*.abridged*",),
    "fusioncatcher": ("fusions/fusioncatcher/*final-list*.txt",),
    "fusioncatcher_summary": ("fusions/fusioncatcher/*summary_candidate_fusions.txt",),
    "ctat_lr_fusion": ("fusions/ctat-lr-fusion/*",),
    "dragen_fusion": ("fusions/dragen/*",),
    "ericscript": ("fusions/ericscript/*",),
    "jaffa": ("fusions/jaffa/*",),
    "pizzly": ("fusions/pizzly/*",),
    "squid": ("fusions/squid/*",),
    "cicero": ("fusions/cicero/*",),
    "defuse": ("fusions/defuse/*",),
    "infusion": ("fusions/infusion/*",),
    "prada": ("fusions/prada/*",),
    "fusionmap": ("fusions/fusionmap/*",),
    "chimerascan": ("fusions/chimerascan/*",),
    "oncofuse": ("fusions/oncofuse/*",),
    "soapfuse": ("fusions/soapfuse/*",),
    "transabyss": ("fusions/transabyss/*",),
    "linx": ("variants/gpgr-umccrise/linx.fusion.tsv",),
    "maf": ("variants/vcf2maf/*.maf", "variants/*/data_mutations*", "variants/*/example_maf*"),
    "tso500": (),  # no public CombinedVariantOutput with a licence: fixtures in test_tso500.py
    "fusion_report_csv": ("fusions/fusion-report/*.fusions.csv",),
    "fusion_report_json": ("fusions/fusion-report/*.fusions.json",),
    "fusion_list": ("fusions/fusion-report/*fusion_list*.tsv", "fusions/fusioninspector/*.txt"),
    "oncokb_fusion": ("*/oncokb-annotator/example_fusions.txt",),
    "oncokb_sv": ("*/oncokb-annotator/example_sv.txt",),
    "cbioportal_sv": ("fusions/cbioportal/*", "variants/*/data_structural_variants.txt"),
    "pcgr_fusion": ("*/pcgr/*.fusions.tsv",),
    "moalmanac_fusion": ("fusions/moalmanac/*simplified_input.txt",),
    "archer": (),  # no public Archer output: fixtures in test_fusion_lists.py
    "oncomine": (),  # no public Oncomine VCF: fixtures in test_fusion_lists.py
    "sv_vcf": ("fusions/manta/*.vcf", "fusions/gridss/*.vcf", "fusions/fusioncatcher/*.vcf"),
    "vcf": ("variants/**/*.vcf", "variants/**/*.vcf.gz"),
    "cnvkit": ("cnv/cnvkit/*.cns",),
    "cnvkit_cnr": ("cnv/cnvkit/*.cnr",),
    "seg": ("cnv/cnvkit/*.seg", "cnv/cbioportal-core/*.seg"),
    "gatk_cnv": ("cnv/purecn/example_gatk4_*",),
    "purple_cnv": ("cnv/gpgr-purple/purple.cnv.somatic.tsv", "cnv/gpgr-purple/*germline*"),
    "purple_gene": ("cnv/gpgr-purple/purple.cnv.gene.tsv",),
    "cnv_vcf": ("cnv/nf-core-test-datasets/*.cnvcall*.vcf",),
    "cbioportal_cna": ("cnv/cbioportal-core/data_cna_discrete*", "cnv/cbioportal-core/*_CNA.txt"),
    "oncokb_cna": ("cnv/oncokb-annotator/*",),
    "pcgr_cna": ("cnv/pcgr/*.cna.tsv",),
}
# Our own demo inputs, by file name pattern.
DEMO_SETS: dict[str, tuple[str, ...]] = {
    "arriba": ("*/arriba*.tsv",),
    "star_fusion": ("*/star-fusion*",),
    "vcf": ("*/*.vcf", "*/*.vcf.gz"),
    "cnvkit": ("*/*.cns",),
}


def _files(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    return sorted({p for pat in patterns for p in root.glob(pat) if p.is_file()})


def _owned() -> list[tuple[str, Path]]:
    if not SAMPLES.is_dir():
        return []
    return [(name, p) for name, pats in SAMPLE_SETS.items() for p in _files(SAMPLES, pats)]


def _demo() -> list[tuple[str, Path]]:
    return [(name, p) for name, pats in DEMO_SETS.items() for p in _files(SAMPLE_INPUTS, pats)]


def test_registry_covers_every_parser_with_samples() -> None:
    assert set(SAMPLE_SETS) == set(PARSERS)
    for name, parser in PARSERS.items():
        assert parser.name == name
        assert parser.sniff_rule and parser.label


@pytest.mark.parametrize(("name", "path"), _owned() + _demo(), ids=lambda v: str(v)[-60:])
def test_parser_reads_its_samples(name: str, path: Path) -> None:
    found = detect(path)
    assert found.parser.name == name
    parsed = found.parser.parse(path)
    assert parsed.format == name
    assert parsed.kind == PARSERS[name].kind
    lines = [ln for ln in read_head(path).lines if ln.strip()]
    # a header-only file (CICERO "no internal events") is valid output with nothing in it
    assert len(parsed.records) > 0 or len(lines) == 1
    for record in parsed.records:
        assert record.source.path == str(path)
        assert record.source.line >= 1


@pytest.mark.parametrize(("name", "path"), _owned(), ids=lambda v: str(v)[-60:])
def test_other_parsers_reject_the_sample(name: str, path: Path) -> None:
    head = read_head(path)
    claimed = [p.name for p in PARSERS.values() if p.sniff(head)]
    assert claimed == [name]


@pytest.mark.parametrize(("name", "path"), _owned() + _demo(), ids=lambda v: str(v)[-60:])
def test_files_that_start_as_a_vcf_are_the_vcf_readers_files(name: str, path: Path) -> None:
    """Detection offers a file that starts with ``##fileformat=VCF`` to the VCF readers only,
    and any other file to the other parsers: each sample's parser is on the right side."""
    head = read_head(path)
    starts_as_vcf = (head.first_content_line() or "").startswith(VCF_FIRST_LINE)
    assert (name in VCF_READERS.values()) == starts_as_vcf
    if starts_as_vcf:
        assert VCF_READERS[vcf_kind(head)] == name  # type: ignore[index]


def _parser_modules_after(statement: str, *args: str) -> list[str]:
    """The registered parser modules imported once ``statement`` ran in a fresh interpreter."""
    script = (
        f"import sys; from pathlib import Path; {statement}; "
        "from annotator.parsers import _REGISTERED; "
        "print(*sorted(n for n in _REGISTERED if f'annotator.parsers.{n}' in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_detecting_a_vcf_imports_only_its_reader() -> None:
    """Only the reader of the VCF's kind and what it uses are imported, no other parser."""
    vcf = SAMPLE_INPUTS / "alk_negative_mdm2" / "somatic.vep.vcf"
    detected = _parser_modules_after(
        "from annotator.parsers import detect; detect(Path(sys.argv[1]))", str(vcf)
    )
    assert detected == _parser_modules_after("import annotator.parsers.vcf") == ["vcf"]


def _unregistered() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    owned = {p for _, p in _owned()}
    files = [p for p in SAMPLES.rglob("*") if p.is_file() and p not in owned]
    return sorted(p for p in files if not p.name.endswith(".md"))


@pytest.mark.parametrize("path", _unregistered(), ids=lambda p: str(p)[-60:])
def test_formats_not_yet_read_are_rejected_not_misread(path: Path) -> None:
    with pytest.raises(UnknownFormatError) as err:
        detect(path)
    assert str(path) in str(err.value)
