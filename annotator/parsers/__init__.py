"""Input formats. Each module declares a sniff rule; ``detect`` picks the parser by content.

The registry is an explicit dict (no plugin discovery): adding a format means adding a module
and a line here, and the contract test walks every entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AmbiguousFormatError, UnknownFormatError

# One import per line, so that adding a parser touches one line.
# isort: off
from annotator.parsers import archer
from annotator.parsers import arriba
from annotator.parsers import cbioportal_sv
from annotator.parsers import cnvkit
from annotator.parsers import cnvkit_cnr
from annotator.parsers import fusion_list
from annotator.parsers import fusion_report_csv
from annotator.parsers import fusion_report_json
from annotator.parsers import moalmanac_fusion
from annotator.parsers import oncokb_fusion
from annotator.parsers import oncokb_sv
from annotator.parsers import oncomine
from annotator.parsers import pcgr_fusion
from annotator.parsers import seg
from annotator.parsers import gatk_cnv
from annotator.parsers import purple_cnv
from annotator.parsers import purple_gene
from annotator.parsers import cnv_vcf
from annotator.parsers import cbioportal_cna
from annotator.parsers import oncokb_cna
from annotator.parsers import pcgr_cna
from annotator.parsers import ctat_lr_fusion
from annotator.parsers import dragen_fusion
from annotator.parsers import ericscript
from annotator.parsers import fusioncatcher
from annotator.parsers import fusioncatcher_summary
from annotator.parsers import fusioninspector
from annotator.parsers import jaffa
from annotator.parsers import maf
from annotator.parsers import pizzly
from annotator.parsers import squid
from annotator.parsers import star_fusion
from annotator.parsers import tso500
from annotator.parsers import sv_vcf
from annotator.parsers import vcf
from annotator.parsers import cicero
from annotator.parsers import defuse
from annotator.parsers import infusion
from annotator.parsers import prada
from annotator.parsers import fusionmap
from annotator.parsers import chimerascan
from annotator.parsers import oncofuse
from annotator.parsers import soapfuse
from annotator.parsers import transabyss
from annotator.parsers import linx

# isort: on
from annotator.parsers.base import Parser
from annotator.parsers.textio import Head, read_head

# One line per parser, fusion callers first, then variants, then copy number.
_REGISTERED: tuple[Parser, ...] = (
    arriba.PARSER,
    star_fusion.PARSER,
    fusioninspector.PARSER,
    fusioncatcher.PARSER,
    fusioncatcher_summary.PARSER,
    ctat_lr_fusion.PARSER,
    dragen_fusion.PARSER,
    ericscript.PARSER,
    jaffa.PARSER,
    pizzly.PARSER,
    squid.PARSER,
    cicero.PARSER,
    defuse.PARSER,
    infusion.PARSER,
    prada.PARSER,
    fusionmap.PARSER,
    chimerascan.PARSER,
    oncofuse.PARSER,
    soapfuse.PARSER,
    transabyss.PARSER,
    linx.PARSER,
    fusion_report_csv.PARSER,
    fusion_report_json.PARSER,
    fusion_list.PARSER,
    oncokb_fusion.PARSER,
    oncokb_sv.PARSER,
    cbioportal_sv.PARSER,
    pcgr_fusion.PARSER,
    moalmanac_fusion.PARSER,
    archer.PARSER,
    oncomine.PARSER,
    sv_vcf.PARSER,
    vcf.PARSER,
    maf.PARSER,
    tso500.PARSER,
    cnvkit.PARSER,
    cnvkit_cnr.PARSER,
    seg.PARSER,
    gatk_cnv.PARSER,
    purple_cnv.PARSER,
    purple_gene.PARSER,
    cnv_vcf.PARSER,
    cbioportal_cna.PARSER,
    oncokb_cna.PARSER,
    pcgr_cna.PARSER,
)
PARSERS: dict[str, Parser] = {p.name: p for p in _REGISTERED}


@dataclass(frozen=True, slots=True)
class Detection:
    parser: Parser
    head: Head


def detect(path: Path) -> Detection:
    """Return the one parser whose sniff rule matches the file's content.

    Raises ``UnknownFormatError`` when none matches and ``AmbiguousFormatError`` when several
    do; both name the candidates so the user sees what was expected.
    """
    head = read_head(path)
    matches = [p for p in PARSERS.values() if p.sniff(head)]
    if len(matches) == 1:
        return Detection(matches[0], head)
    if not matches:
        first = head.first_content_line() or ""
        shown = first[:60] + ("…" if len(first) > 60 else "")
        expected = "; ".join(f"{p.label}: {p.sniff_rule}" for p in PARSERS.values())
        raise UnknownFormatError(
            path, f"unrecognised format (starts with {shown!r}); formats read: {expected}"
        )
    names = ", ".join(p.name for p in matches)
    raise AmbiguousFormatError(path, f"content matches several formats: {names}")
