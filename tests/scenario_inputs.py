"""Small caller files for the scenario tests, in the callers' real layouts (Arriba 2.x
fusions.tsv, STAR-Fusion abridged predictions, a Mutect2 + VEP 105 VCF, a CNVkit .call.cns).

Coordinates are GRCh38 and come from the bundled MANE models (``mane_exons.tsv``): a fusion
breakpoint is the donor of the partner's last exon kept and the acceptor of the kinase's first
exon kept; a variant's position is the CDS walk of its c. position. The REF base of each
variant follows from the codon the protein change implies (a glycine codon starts with G, so
c.3604G>C gives CGN = Arg at ALK G1202); read counts and VAFs are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.reference.genes import GeneModel, gene_models

ARRIBA_HEADER = (
    "#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\tsite1"
    "\tsite2\ttype\tsplit_reads1\tsplit_reads2\tdiscordant_mates\tcoverage1\tcoverage2"
    "\tconfidence\treading_frame\ttags\tretained_protein_domains\tclosest_genomic_breakpoint1"
    "\tclosest_genomic_breakpoint2\tgene_id1\tgene_id2\ttranscript_id1\ttranscript_id2"
    "\tdirection1\tdirection2\tfilters\tfusion_transcript\tpeptide_sequence\tread_identifiers"
)
STAR_HEADER = (
    "#FusionName\tJunctionReadCount\tSpanningFragCount\tSpliceType\tLeftGene\tLeftBreakpoint"
    "\tRightGene\tRightBreakpoint\tLargeAnchorSupport\tFFPM\tLeftBreakDinuc\tLeftBreakEntropy"
    "\tRightBreakDinuc\tRightBreakEntropy\tannots"
)
# Ensembl gene ids as they appear in the shared STAR-Fusion/Arriba samples.
ENSG = {
    "EML4": "ENSG00000143924.14",
    "ALK": "ENSG00000171094.19",
    "TFG": "ENSG00000114354.14",
    "ROS1": "ENSG00000047936.11",
}
CSQ = (
    "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp"
    "|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation"
    "|DISTANCE|STRAND|FLAGS|PICK|VARIANT_CLASS|SYMBOL_SOURCE|HGNC_ID|CANONICAL|MANE_SELECT"
    "|MANE_PLUS_CLINICAL|ENSP"
)
THREE = {"G": "Gly", "R": "Arg", "L": "Leu", "M": "Met", "A": "Ala", "H": "His", "C": "Cys"}
THREE |= {"Y": "Tyr", "F": "Phe", "T": "Thr", "I": "Ile", "S": "Ser", "V": "Val"}
COMPLEMENT = str.maketrans("ACGT", "TGCA")


def _models() -> dict[str, GeneModel]:
    return gene_models("GRCh38")


def donor(gene: str, exon: int) -> str:
    """``chrom:pos`` of the last base of ``exon`` in transcription order (5' partner side)."""
    model = _models()[gene]
    e = next(x for x in model.exons if x.number == exon)
    return f"{model.chrom}:{e.end if model.strand == '+' else e.start}"


def acceptor(gene: str, exon: int) -> str:
    """``chrom:pos`` of the first base of ``exon`` in transcription order (3' kinase side)."""
    model = _models()[gene]
    e = next(x for x in model.exons if x.number == exon)
    return f"{model.chrom}:{e.start if model.strand == '+' else e.end}"


@dataclass(frozen=True)
class Fusion:
    gene5: str
    exon5: int
    gene3: str
    exon3: int
    split: int = 20
    discordant: int = 12


def arriba(path: Path, fusions: list[Fusion], extra_rows: tuple[str, ...] = ()) -> Path:
    rows = [ARRIBA_HEADER]
    for f in fusions:
        m5, m3 = _models()[f.gene5], _models()[f.gene3]
        bp5, bp3 = donor(f.gene5, f.exon5), acceptor(f.gene3, f.exon3)
        kind = "translocation" if m5.chrom != m3.chrom else "inversion"
        dir5 = "downstream" if m5.strand == "+" else "upstream"
        dir3 = "upstream" if m3.strand == "+" else "downstream"
        rows.append(
            "\t".join(
                [
                    f.gene5, f.gene3, f"{m5.strand}/{m5.strand}", f"{m3.strand}/{m3.strand}",
                    bp5, bp3, "CDS/splice-site", "CDS/splice-site", kind,
                    str(f.split // 2), str(f.split - f.split // 2), str(f.discordant),
                    "80", "40", "high", "in-frame", ".", ".", ".", ".", ".", ".",
                    m5.transcript, m3.transcript, dir5, dir3, ".", ".", ".", ".",
                ]
            )
        )  # fmt: skip
    rows.extend(extra_rows)
    path.write_text("\n".join(rows) + "\n")
    return path


# A non-target template-switch artefact, as in the EIMS demo case (no IMT kinase).
COLLAGEN_ROW = (
    "COL1A2\tCOL3A1\t+/+\t+/+\t7:94418552\t2:189001536\tCDS/splice-site\tCDS/splice-site"
    "\ttranslocation\t1\t2\t0\t2481\t1937\tlow\tin-frame\t.\t.\t.\t.\t.\t.\t.\t.\tdownstream"
    "\tupstream\t.\t.\t.\t."
)


def star_fusion(path: Path, fusions: list[Fusion]) -> Path:
    rows = [STAR_HEADER]
    for f in fusions:
        m5, m3 = _models()[f.gene5], _models()[f.gene3]
        rows.append(
            "\t".join(
                [
                    f"{f.gene5}--{f.gene3}", str(f.split), str(f.discordant), "ONLY_REF_SPLICE",
                    f"{f.gene5}^{ENSG[f.gene5]}", f"chr{donor(f.gene5, f.exon5)}:{m5.strand}",
                    f"{f.gene3}^{ENSG[f.gene3]}", f"chr{acceptor(f.gene3, f.exon3)}:{m3.strand}",
                    "YES_LDAS", "1.2", "GT", "1.8", "AG", "1.9", '["ChimerKB"]',
                ]
            )
        )  # fmt: skip
    path.write_text("\n".join(rows) + "\n")
    return path


@dataclass(frozen=True)
class Variant:
    gene: str
    change: str  # one-letter protein change, e.g. G1202R
    cds: int  # c. position of the substituted base
    ref: str  # coding-strand reference base
    alt: str  # coding-strand alternative base
    filter: str = "PASS"


def _cds_walk(model: GeneModel, c: int) -> tuple[int, int]:
    seen = 0
    for e in model.exons:
        if e.cds_start is None or e.cds_end is None:
            continue
        length = e.cds_end - e.cds_start + 1
        if seen + length >= c:
            offset = c - seen - 1
            pos = e.cds_start + offset if model.strand == "+" else e.cds_end - offset
            return pos, e.number
        seen += length
    raise ValueError(f"c.{c} is outside the {model.symbol} CDS")


def vep_vcf(path: Path, variants: list[Variant]) -> Path:
    header = [
        "##fileformat=VCFv4.2",
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##FILTER=<ID=weak_evidence,Description="Mutation does not meet likelihood threshold">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions in the tumor">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
        f'##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from '
        f'Ensembl VEP. Format: {CSQ}">',
        '##VEP="v105" assembly="GRCh38.p13"',
        *(f"##contig=<ID=chr{c},length={n}>" for c, n in (("1", 248956422), ("2", 242193529))),
        *(f"##contig=<ID=chr{c},length={n}>" for c, n in (("3", 198295559), ("15", 101991189))),
        "##normal_sample=S1_N",
        "##tumor_sample=S1_T",
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1_T\tS1_N",
    ]
    rows = []
    for v in variants:
        model = _models()[v.gene]
        pos, exon = _cds_walk(model, v.cds)
        ref, alt = v.ref, v.alt
        if model.strand == "-":
            ref, alt = ref.translate(COMPLEMENT), alt.translate(COMPLEMENT)
        aa = int(v.change[1:-1])
        hgvsp = f"p.{THREE[v.change[0]]}{aa}{THREE[v.change[-1]]}"
        csq = "|".join(
            [
                alt, "missense_variant", "MODERATE", v.gene, "", "Transcript", model.transcript,
                "protein_coding", f"{exon}/{len(model.exons)}", "",
                f"{model.transcript}:c.{v.cds}{v.ref}>{v.alt}", hgvsp, "", str(v.cds),
                str(aa), f"{v.change[0]}/{v.change[-1]}", "", "", "",
                "1" if model.strand == "+" else "-1", "", "1", "SNV", "HGNC", "", "YES",
                model.refseq, "", "",
            ]
        )  # fmt: skip
        rows.append(
            f"chr{model.chrom}\t{pos}\t.\t{ref}\t{alt}\t.\t{v.filter}\tDP=300;CSQ={csq}"
            "\tGT:AD:AF:DP\t0/1:140,60:0.3:200\t0/0:100,0:0.0:100"
        )
    path.write_text("\n".join([*header, *rows]) + "\n")
    return path


def cnvkit(path: Path, mdm2_log2: float) -> Path:
    """chr12 in three segments (0-based starts, as CNVkit writes them): CDK4 neutral, then the
    MDM2 segment at ``mdm2_log2``, then neutral."""
    cn = 17 if mdm2_log2 > 3 else 2
    rows = [
        "chromosome\tstart\tend\tgene\tlog2\tcn\tdepth\tprobes\tweight",
        "chr12\t37324218\t68701128\tDDIT3,CDK4,HMGA2\t0.020882\t2\t57.02\t199\t194.009",
        f"chr12\t68702418\t69011925\tMDM2,CPM\t{mdm2_log2}\t{cn}\t521.02\t20\t19.5345",
        "chr12\t69012428\t133265117\tYEATS4,FRS2\t0.065957\t2\t76.524\t278\t266.075",
    ]
    path.write_text("\n".join(rows) + "\n")
    return path


# Variants used by the scenarios (c. positions from the MANE CDS; see the module docstring).
ALK_G1202R = Variant("ALK", "G1202R", 3604, "G", "C")
ALK_L1196M = Variant("ALK", "L1196M", 3586, "C", "A")
ALK_G1269A = Variant("ALK", "G1269A", 3806, "G", "C")
NTRK3_G623R = Variant("NTRK3", "G623R", 1867, "G", "C")
PIK3CA_H1047R = Variant("PIK3CA", "H1047R", 3140, "A", "G")
