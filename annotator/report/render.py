"""Renderers: the report view-model to JSON, TSV and self-contained HTML."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from functools import cache
from typing import TYPE_CHECKING, Any

from annotator.errors import OutputError
from annotator.resources import bundled_dir

if TYPE_CHECKING:  # Jinja2 is imported when HTML is rendered, not for JSON or TSV
    from jinja2 import BytecodeCache, Environment
    from markupsafe import Markup

TSV_COLUMNS = (
    "sample_id",
    "finding_id",
    "kind",
    "label",
    "genes",
    "tier",
    "therapies_sensitivity",
    "therapies_resistance",
    "details",
    "tier_rationale",
)


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _therapy_list(finding: dict[str, Any], effect: str) -> str:
    return "; ".join(
        f"{t['drug']} ({t['level']})" for t in finding["therapies"] if t["effect"] == effect
    )


def _detail_summary(finding: dict[str, Any]) -> str:
    """One line of the finding's details for the summary table and the TSV: what the inputs
    gave, in a fixed order; a value the inputs did not give is left out, never printed as
    "None"."""
    d = finding["details"]

    def given(label: str, value: Any) -> str | None:
        return None if value is None or value == "" else f"{label}{value}"

    if finding["kind"] == "fusion":
        e5, e3, b5, b3 = (
            d.get(k)
            for k in ("exon_5prime", "exon_3prime", "breakpoint_5prime", "breakpoint_3prime")
        )
        parts = [
            f"exons {e5 or '?'}::{e3 or '?'}" if e5 or e3 else None,
            f"{b5 or '?'} / {b3 or '?'}" if b5 or b3 else None,
            given("split reads ", d.get("split_reads")),
            given("discordant ", d.get("discordant_reads")),
            given("callers ", ",".join(d.get("callers") or [])),
            "low support" if d.get("low_support") else None,
        ]
    elif finding["kind"] == "mutation":
        parts = [d.get("hgvsc"), d.get("transcript"), given("VAF ", d.get("vaf"))]
    else:
        log2 = given("log2 ", d.get("log2"))
        parts = [d.get("evidence") or log2, d.get("segment")]
    return "; ".join(str(p) for p in parts if p)


def render_tsv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(TSV_COLUMNS)
    for f in report["findings"]:
        writer.writerow(
            [
                report["sample"]["id"],
                f["id"],
                f["kind"],
                f["label"],
                ",".join(f["genes"]),
                f["tier"],
                _therapy_list(f, "sensitivity"),
                _therapy_list(f, "resistance"),
                _detail_summary(f),
                f["tier_rationale"].replace("\t", " ").replace("\n", " "),
            ]
        )
    return out.getvalue()


@cache  # one Environment per process: it keeps the compiled template, costly to rebuild
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(bundled_dir("templates"))),
        autoescape=select_autoescape(["html", "xml", "j2"], default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["detail_summary"] = _detail_summary
    return env


def _bytecode_cache() -> BytecodeCache | None:
    """The compiled templates, kept in the user's cache folder (``annotator.cache``): compiling
    the report template takes about 0.1 s, a third of a one-sample run. Jinja2 keys each entry
    by the template's name and checks it against the source's checksum, so an edited template is
    compiled again; the folder is per Jinja2 version, whose generated code it holds. An entry
    that cannot be read or written is simply compiled again."""
    from jinja2 import FileSystemBytecodeCache, __version__
    from jinja2.bccache import Bucket

    from annotator.cache import cache_dir, caching

    class _Forgiving(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # a damaged entry (truncated pickle, bad marshal data...)
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    if not caching():
        return None
    folder = cache_dir() / f"templates-jinja2-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _Forgiving(str(folder))


def inline_asset(name: str) -> Markup:
    """A bundled stylesheet or script, to be inlined into the HTML report as it is.

    These are static files, never report data, so they are marked safe: HTML-escaping would turn
    their quotes and ampersands into entities, which <style> and <script> do not decode. What
    could end the element early (a closing tag, a comment opener) is refused instead.
    """
    from markupsafe import Markup

    text = (bundled_dir("templates") / name).read_text("utf-8")
    for token in ("</style", "</script", "<!--"):
        if token in text.lower():
            raise OutputError(f"templates/{name}: contains {token!r}, which cannot be inlined")
    return Markup(text)


def render_html(report: dict[str, Any]) -> str:
    env = _environment()
    ref_numbers = {r["id"]: r["n"] for r in report["references"]}
    return env.get_template("report.html.j2").render(
        r=report,
        css=inline_asset("report.css"),
        js=inline_asset("report.js"),
        refn=ref_numbers,
        tier_groups=tier_groups(report["findings"]),
    )


def tier_groups(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Findings grouped by AMP/ASCO/CAP tier class (I, II, III, IV), in report order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        groups.setdefault(f["tier"].rstrip("ABCD"), []).append(f)
    return list(groups.items())
