"""Deterministic synthetic IMT samples for benchmarks and batch tests.

Each sample gets the three inputs a lab's DNA+RNA pipeline would hand over, in the real
layouts the demo cases imitate (see ``sample_inputs/README.md``):

- ``arriba.fusions.tsv``: Arriba 2.x, the 30-column header; most samples carry one kinase
  fusion on real MANE exon boundaries, the other rows are non-target pairs;
- ``somatic.vep.vcf``: Mutect2 tumour/normal VCF annotated by VEP 105 (header taken from the
  demo VCF), a few records in IMT target genes, the rest passengers;
- ``cnvkit.call.cns``: CNVkit ``call`` segments over the autosomes, some with a focal MDM2
  amplicon.

Everything is invented and seeded: the same arguments write the same bytes.

    python benchmarks/generate.py OUT_DIR --samples 200 [--corrupt 57]

writes ``OUT_DIR/SYNnnnn/*`` and the sample sheet ``OUT_DIR/sheet.tsv``.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import random
import zlib
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_VCF = ROOT / "sample_inputs" / "alk_negative_mdm2" / "somatic.vep.vcf"
DEMO_ARRIBA = ROOT / "sample_inputs" / "eims_ranbp2_alk" / "arriba.fusions.tsv"
MANE = ROOT / "annotator" / "reference" / "data" / "mane_exons.tsv"

_LENGTHS = """
    248956422 242193529 198295559 190214555 181538259 170805979 159345973 145138636 138394717
    133797422 135086622 133275309 114364328 107043718 101991189 90338345 83257441 80373285
    58617616 64444167 46709983 50818468"""
CHROM_LENGTHS = tuple(int(n) for n in _LENGTHS.split())  # GRCh38 chr1..chr22
_PASSENGERS = """
    ACTB GAPDH COL1A1 COL1A2 COL3A1 FN1 VIM MYH9 FLNA TTN MUC16 CSMD3 RYR2 LRP1B USH2A ZFHX4
    SYNE1 OBSCN DNAH5 PCLO AHNAK HMCN1 FAT4 KMT2D ARID1A NF1 SPTA1 APOB XIRP2 CD74 GOPC RRBP1
    NPM1 ETV6 TPM4 EZR KLC1 SEC31A THBS1 VCL LMNA CLTC DCTN1 PRRC2B HNRNPA1 TIMP3"""
PASSENGERS = tuple(_PASSENGERS.split())  # real symbols, none an IMT mutation target
# 5' partner, partner exon, kinase, kinase exon (MANE), relative weight: junctions of IMT series.
DRIVER_TABLE = """
    TPM3 7 ALK 20 8     TPM4 7 ALK 20 7     CLTC 31 ALK 20 6    RANBP2 18 ALK 20 5
    EML4 13 ALK 20 3    ATIC 7 ALK 20 2     CARS1 17 ALK 20 2   RRBP1 20 ALK 20 2
    DCTN1 26 ALK 20 2   PPFIBP1 12 ALK 20 1 TFG 4 ROS1 36 3     YWHAE 5 ROS1 36 2
    ETV6 5 NTRK3 15 3   TPM3 7 NTRK1 10 1   CCDC6 1 RET 12 1    NCOA4 7 RET 12 1
    TPM3 7 PDGFRB 11 1"""
_words = DRIVER_TABLE.split()
DRIVERS = tuple(
    (_words[i], int(_words[i + 1]), _words[i + 2], int(_words[i + 3]), int(_words[i + 4]))
    for i in range(0, len(_words), 5)
)
NO_DRIVER_WEIGHT = 12
# Target-gene records: position, REF, ALT and the CSQ VEP 105 writes (the demo header's fields).
CSQ_HOTSPOTS = {
    "PIK3CA": (
        "chr3 179234297 A G",
        "G|missense_variant|MODERATE|PIK3CA|ENSG00000121879|Transcript|ENST00000263967.4|"
        "protein_coding|21/21||ENST00000263967.4:c.3140A>G|ENSP00000263967.3:p.His1047Arg|3463|"
        "3140|1047|H/R|cAt/cGt|rs121913279||1||1|SNV|HGNC|HGNC:8975|YES|NM_006218.4||"
        "ENSP00000263967",
    ),
    "TP53": (
        "chr17 7673802 C T",
        "T|missense_variant|MODERATE|TP53|ENSG00000141510|Transcript|ENST00000269305.9|"
        "protein_coding|8/11||ENST00000269305.9:c.818G>A|ENSP00000269305.4:p.Arg273His|1010|818|"
        "273|R/H|cGc/cAc|rs28934576||-1||1|SNV|HGNC|HGNC:11998|YES|NM_000546.6||ENSP00000269305",
    ),
    "ALK": (
        "chr2 29220829 C T",
        "T|missense_variant|MODERATE|ALK|ENSG00000171094|Transcript|ENST00000389048.8|"
        "protein_coding|23/29||ENST00000389048.8:c.3604G>A|ENSP00000373700.3:p.Gly1202Arg|4513|"
        "3604|1202|G/R|Ggg/Agg|||-1||1|SNV|HGNC|HGNC:427|YES|NM_004304.5||ENSP00000373700",
    ),
}
_CONSEQUENCES = """missense_variant:MODERATE synonymous_variant:LOW intron_variant:MODIFIER
    3_prime_UTR_variant:MODIFIER stop_gained:HIGH upstream_gene_variant:MODIFIER"""
CONSEQUENCES = tuple(tuple(pair.split(":")) for pair in _CONSEQUENCES.split())
FILTERS = ("weak_evidence", "normal_artifact", "germline", "strand_bias", "clustered_events")
AMINO = "ACDEFGHIKLMNPQRSTVWY"
SITES = ("Lung", "Abdomen", "Pelvis", "Mesentery", "Bladder", "Head and neck", "Uterus")


def _exons() -> dict[str, tuple[str, str, dict[int, tuple[int, int]]]]:
    """GRCh38 MANE exons per gene: (chrom, strand, exon number -> (start, end))."""
    out: dict[str, tuple[str, str, dict[int, tuple[int, int]]]] = {}
    with MANE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["build"] == "GRCh38":
                entry = out.setdefault(row["gene"], (row["chrom"], row["strand"], {}))
                entry[2][int(row["exon_number"])] = (int(row["exon_start"]), int(row["exon_end"]))
    return out


Exons = dict[str, tuple[str, str, dict[int, tuple[int, int]]]]


def _ensembl(rng: random.Random, prefix: str) -> str:
    return f"{prefix}{rng.randint(10**10, 10**11 - 1):011d}.{rng.randint(1, 9)}"


def _arriba(
    rng: random.Random, rows: int, driver: tuple[str, int, str, int] | None, exons: Exons,
    corrupt: bool,
) -> str:  # fmt: skip
    lines = [DEMO_ARRIBA.read_text(encoding="utf-8").splitlines()[0]]  # the 2.x header
    for n in range(rows):
        split1, split2, disc = rng.randint(0, 9), rng.randint(0, 9), rng.randint(0, 6)
        if n == 0 and driver is not None:  # donor at the partner's exon end, kinase acceptor
            gene5, ex5, gene3, ex3 = driver
            c5, s5, e5 = exons[gene5]
            c3, s3, e3 = exons[gene3]
            lo5, hi5 = e5[min(ex5, max(e5))]
            lo3, hi3 = e3[ex3]
            bp1, bp2 = f"{c5}:{hi5 if s5 == '+' else lo5}", f"{c3}:{lo3 if s3 == '+' else hi3}"
            strands = f"{s5}/{s5}\t{s3}/{s3}"
            split1, split2, disc = rng.randint(8, 40), rng.randint(8, 40), rng.randint(3, 30)
            confidence, frame, site = "high", "in-frame", "CDS/splice-site"
        else:
            gene5, gene3 = rng.sample(PASSENGERS, 2)
            bp1 = f"{rng.randint(1, 22)}:{rng.randint(1_000_000, 40_000_000)}"
            bp2 = f"{rng.randint(1, 22)}:{rng.randint(1_000_000, 40_000_000)}"
            strands = f"{rng.choice(('+/+', '-/-'))}\t{rng.choice(('+/+', '-/-'))}"
            confidence = rng.choice(("low", "low", "medium"))
            frame = rng.choice(("in-frame", "out-of-frame", "."))
            site = rng.choice(("CDS/splice-site", "intron", "5'UTR", "3'UTR", "exon"))
        reads = ",".join(
            f"A01487:241:HWKJ3DSX5:2:{rng.randint(1101, 1678)}:{rng.randint(1000, 32000)}:"
            f"{rng.randint(1000, 37000)}"
            for _ in range(min(split1 + split2 + disc, 12))
        )
        seq = "".join(rng.choice("ACGT") for _ in range(60))
        kind = rng.choice(("translocation", "deletion/read-through", "inversion"))
        split1_text = "twelve" if corrupt and n == rows // 2 else str(split1)
        lines.append(
            f"{gene5}\t{gene3}\t{strands}\t{bp1}\t{bp2}\t{site}\t{site}\t{kind}\t"
            f"{split1_text}\t{split2}\t{disc}\t{rng.randint(10, 300)}\t{rng.randint(10, 300)}\t"
            f"{confidence}\t{frame}\t.\t.\t.\t.\t{_ensembl(rng, 'ENSG')}\t"
            f"{_ensembl(rng, 'ENSG')}\t.\t.\tdownstream\tupstream\t.\t{seq[:30]}|{seq[30:]}\t.\t"
            f"{reads}"
        )
    return "\n".join(lines) + "\n"


def _csq(rng: random.Random, alt: str) -> str:
    """One to three VEP entries for a passenger gene (the first one MANE, PICK, CANONICAL)."""
    gene = rng.choice(PASSENGERS)
    gene_id = f"ENSG{zlib.crc32(gene.encode()):011d}"
    entries = []
    for t in range(rng.choice((1, 1, 2, 3))):
        consequence, impact = rng.choice(CONSEQUENCES)
        protein = rng.randint(20, 1800)
        cds = protein * 3 - rng.randint(0, 2)
        transcript = _ensembl(rng, "ENST")
        hgvsc = f"{transcript}:c.{cds}C>{alt}"
        if consequence in ("missense_variant", "synonymous_variant", "stop_gained"):
            aa = rng.choice(AMINO)
            to = {"missense_variant": rng.choice(AMINO), "stop_gained": "*"}.get(consequence, aa)
            hgvsp = f"{_ensembl(rng, 'ENSP')}:p.{aa}{protein}{to}"
            coding = (
                f"{rng.randint(1, 20)}/21||{hgvsc}|{hgvsp}|{cds + 120}|{cds}|{protein}|{aa}/{to}"
            )
        else:
            coding = f"|{rng.randint(1, 20)}/20|{hgvsc}|||||"
        mane = f"NM_{rng.randint(1000, 999999):06d}.{rng.randint(1, 9)}" if t == 0 else ""
        entries.append(
            f"{alt}|{consequence}|{impact}|{gene}|{gene_id}|Transcript|{transcript}|"
            f"protein_coding|{coding}||||{rng.choice(('1', '-1'))}||{'1' if t == 0 else ''}|SNV|"
            f"HGNC|HGNC:{rng.randint(100, 40000)}|{'YES' if t == 0 else ''}|{mane}||"
        )
    return ",".join(entries)


def _vcf(rng: random.Random, sample_id: str, records: int, hotspots: Sequence[str]) -> str:
    text = DEMO_VCF.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    rows: list[tuple[int, int, str]] = []
    for gene in hotspots:
        where, csq = CSQ_HOTSPOTS[gene]
        chrom, pos, ref, alt = where.split()
        rows.append((int(chrom[3:]), int(pos), _vcf_row(rng, where, csq, "PASS")))
    total = sum(CHROM_LENGTHS)
    for _ in range(records - len(rows)):
        point = rng.randrange(total)
        index = 0
        while point >= CHROM_LENGTHS[index]:
            point -= CHROM_LENGTHS[index]
            index += 1
        ref, alt = rng.sample("ACGT", 2)
        filters = "PASS" if rng.random() < 0.85 else rng.choice(FILTERS)
        where = f"chr{index + 1} {point + 1} {ref} {alt}"
        rows.append((index + 1, point + 1, _vcf_row(rng, where, _csq(rng, alt), filters)))
    rows.sort(key=lambda r: (r[0], r[1]))
    body = "\n".join(r[2] for r in rows)
    return f"{header.replace('IMT-AB-52', sample_id)}\n{body}\n"


def _vcf_row(rng: random.Random, where: str, csq: str, filters: str) -> str:
    """A Mutect2 record: INFO statistics and tumour/normal FORMAT columns that add up."""
    chrom, pos, ref, alt = where.split()
    ref_t, alt_t, ref_n = rng.randint(40, 200), rng.randint(3, 90), rng.randint(30, 150)
    af = round(alt_t / (ref_t + alt_t), 3)
    rf, af1 = ref_t // 2, alt_t // 2
    info = (
        f"AS_FilterStatus=SITE;AS_SB_TABLE={rf},{ref_t - rf}|{af1},{alt_t - af1};"
        f"DP={ref_t + alt_t + ref_n};ECNT=1;GERMQ=93;MBQ=20,20;MFRL=170,172;MMQ=60,60;"
        f"MPOS={rng.randint(10, 40)};NALOD=2.1;NLOD=20.5;POPAF=6.00;ROQ=93;"
        f"TLOD={alt_t * 3.1:.2f};CSQ={csq}"
    )
    tumour = f"0/1:{ref_t},{alt_t}:{af}:{ref_t + alt_t}:{rf},{af1}:{ref_t - rf},{alt_t - af1}"
    normal = f"0/0:{ref_n},0:0.01:{ref_n}:{ref_n // 2},0:{ref_n - ref_n // 2},0"
    fixed = f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\t{filters}"
    return f"{fixed}\t{info}\tGT:AD:AF:DP:F1R2:F2R1\t{tumour}\t{normal}"


def _cnvkit(rng: random.Random, segments: int, mdm2_amp: bool, exons: Exons) -> str:
    """Segments over chr1..22 (0-based starts), ``cn`` by CNVkit's default thresholds."""
    genes = [
        (g, int(c), min(s for s, _ in e.values()), max(x for _, x in e.values()))
        for g, (c, _, e) in exons.items()
    ]
    total = sum(CHROM_LENGTHS)
    per_chrom = [max(3, round(segments * n / total)) for n in CHROM_LENGTHS]
    per_chrom[0] = max(3, per_chrom[0] + segments - sum(per_chrom))  # at least 3 a chromosome
    amplicon = (68_702_418, 69_011_925)  # MDM2 inside, CDK4 (57.7 Mb) outside
    lines = ["chromosome\tstart\tend\tgene\tlog2\tcn\tdepth\tprobes\tweight"]
    for index, count in enumerate(per_chrom):
        chrom, length = index + 1, CHROM_LENGTHS[index]
        if chrom == 12 and mdm2_amp:
            away = [c for c in range(1_000_000, length - 1_000_000, 1000) if abs(c - 69e6) > 2e6]
            cuts = sorted([*rng.sample(away, count - 3), *amplicon])
        else:
            cuts = sorted(rng.sample(range(1_000_000, length - 1_000_000, 1000), count - 1))
        bounds = [10_000, *cuts, length - 10_000]
        for start, end in itertools.pairwise(bounds):
            amplified = mdm2_amp and chrom == 12 and start == amplicon[0]
            log2 = round(rng.uniform(2.6, 3.4) if amplified else rng.gauss(0, 0.06), 4)
            cn = 2 if -0.25 < log2 <= 0.2 else 1 if log2 <= -0.25 else math.ceil(2 * 2**log2)
            inside = ",".join(
                g for g, c, lo, hi in genes if c == chrom and lo <= end and hi > start
            )
            probes = max(1, (end - start) // 250_000)
            depth = rng.uniform(40, 120)
            lines.append(
                f"chr{chrom}\t{start}\t{end}\t{inside or '-'}\t{log2}\t{cn}\t{depth:.3f}\t"
                f"{probes}\t{probes * 0.97:.3f}"
            )
    return "\n".join(lines) + "\n"


def generate(
    out_dir: Path, samples: int, *, seed: int = 2024, arriba_rows: int = 30,
    vcf_records: int = 5000, segments: int = 200, corrupt: Sequence[int] = (),
) -> Path:  # fmt: skip
    """Write ``samples`` synthetic samples and ``sheet.tsv`` under ``out_dir``; return the sheet.

    Samples numbered in ``corrupt`` (1-based) get an Arriba row whose ``split_reads1`` is
    ``twelve``: the annotator must reject that one sample, naming file and line.
    """
    exons = _exons()
    out_dir.mkdir(parents=True, exist_ok=True)
    sheet = ["sample_id\tinputs\tdisease\tage\tsex\tsite\tspecimen"]
    weights = [d[4] for d in DRIVERS] + [NO_DRIVER_WEIGHT]
    for number in range(1, samples + 1):
        rng = random.Random(seed * 1_000_003 + number)
        sample_id = f"SYN{number:04d}"
        folder = out_dir / sample_id
        folder.mkdir(exist_ok=True)
        pick = rng.choices(range(len(DRIVERS) + 1), weights=weights)[0]
        driver = DRIVERS[pick][:4] if pick < len(DRIVERS) else None
        hotspots = [g for g, p in (("PIK3CA", 0.08), ("TP53", 0.04)) if rng.random() < p]
        if driver is not None and driver[2] == "ALK" and rng.random() < 0.05:
            hotspots.append("ALK")  # G1202R, as acquired on an ALK inhibitor
        files = {
            "arriba.fusions.tsv": _arriba(rng, arriba_rows, driver, exons, number in corrupt),
            "somatic.vep.vcf": _vcf(rng, sample_id, vcf_records, hotspots),
            "cnvkit.call.cns": _cnvkit(rng, segments, rng.random() < 0.1, exons),
        }
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        eims = driver is not None and driver[0] in ("RANBP2", "RRBP1") and rng.random() < 0.7
        inputs = ";".join(f"{sample_id}/{name}" for name in files)
        age, sex, site = rng.randint(1, 75), rng.choice(("female", "male")), rng.choice(SITES)
        disease = "EIMS" if eims else "IMT"
        sheet.append(f"{sample_id}\t{inputs}\t{disease}\t{age}\t{sex}\t{site}\tFFPE resection")
    path = out_dir / "sheet.tsv"
    path.write_text("\n".join(sheet) + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--arriba-rows", type=int, default=30)
    parser.add_argument("--vcf-records", type=int, default=5000)
    parser.add_argument("--segments", type=int, default=200)
    parser.add_argument("--corrupt", type=int, action="append", default=[], help="sample number")
    args = parser.parse_args(argv)
    sheet = generate(
        args.out_dir, args.samples, seed=args.seed, arriba_rows=args.arriba_rows,
        vcf_records=args.vcf_records, segments=args.segments, corrupt=args.corrupt,
    )  # fmt: skip
    print(sheet)


if __name__ == "__main__":
    main()
