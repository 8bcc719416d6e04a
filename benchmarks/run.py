"""Reproducible speed measurements; writes ``docs/performance.md``.

    python benchmarks/run.py [--samples 200] [--out docs/performance.md]

Measures, on synthetic samples from ``benchmarks/generate.py`` (30-row Arriba table,
5,000-record VEP VCF, 200-segment CNVkit file each):

- batch throughput for HTML+JSON at ``--jobs 1`` and ``--jobs 2`` (samples per second, as
  ``imt-annotator batch`` reports it: from the first sample to the last, after the
  knowledgebase is loaded), and the whole command's wall time;
- start-up time of ``imt-annotator --version`` (median of 15 runs);
- PDF rendering time per report (the demo reports; median of warm runs, plus the first), when a
  ``pdf`` format is registered.

The machine (CPU model, cores, Python) and the load average before each step are recorded
beside the figures: on a shared machine the load explains much of the spread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.docsection import write_section  # noqa: E402
from benchmarks.generate import generate  # noqa: E402

CLI = [sys.executable, "-m", "annotator.cli"]


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), flags=re.M)
        cpu = found.group(1).strip() if found else cpu
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": cpu,
        "cores": f"{os.cpu_count()} ({usable} usable by this process)",
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "system": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def throughput(sheet: Path, jobs: int, work: Path, repeats: int) -> dict[str, Any]:
    """Best and median of ``repeats`` runs: on a shared machine the best run is the one least
    disturbed by other work. CPU seconds per sample (all processes) are load-independent."""
    runs = []
    for _ in range(repeats):
        out = work / f"out-{jobs}"
        before = load()
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(
            [*CLI, "batch", str(sheet), "--out", str(out), "--jobs", str(jobs), "--no-cohort"],
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - start
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"batch --jobs {jobs} failed:\n{proc.stderr[-2000:]}")
        found = re.search(r"in ([\d.]+) s \(([\d.]+)/s\)", proc.stdout)
        if found is None:
            raise SystemExit(f"no throughput in the batch output: {proc.stdout}")
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (
            cpu_after.ru_stime - cpu_before.ru_stime
        )
        runs.append(
            {
                "batch_s": float(found.group(1)),
                "rate": float(found.group(2)),
                "wall_s": wall,
                "load": before,
                "cpu_s": cpu,
            }
        )
        shutil.rmtree(out)
    best = max(runs, key=lambda r: r["rate"])
    return {
        **best,
        "jobs": jobs,
        "median_rate": statistics.median(r["rate"] for r in runs),
        "rates": [r["rate"] for r in runs],
    }


def startup(runs: int = 15) -> dict[str, object]:
    command = shutil.which("imt-annotator", path=str(Path(sys.executable).parent))
    argv = [command, "--version"] if command else [*CLI, "--version"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": runs}


def _time_pdfs(report_paths: list[Path], out: Path) -> tuple[float, list[float], list[int]]:
    """First render, warm renders (3 per report) and page count of each report's PDF."""
    from annotator.report.write import write_reports

    first: float | None = None
    warm: list[float] = []
    pages: list[int] = []
    for path in report_paths:
        report = json.loads(path.read_text())
        for attempt in range(4):
            start = time.perf_counter()
            (written,) = write_reports(report, out, ["pdf"])
            elapsed = time.perf_counter() - start
            if first is None:
                first = elapsed
            elif attempt:
                warm.append(elapsed)
        info = (
            subprocess.run(["pdfinfo", str(written)], capture_output=True, text=True, check=False)
            if shutil.which("pdfinfo")
            else None
        )
        found = re.search(r"^Pages:\s+(\d+)", info.stdout, flags=re.M) if info else None
        pages.append(int(found.group(1)) if found else 0)
    return first or 0.0, warm, pages


def _json_reports(sheet: Path, out: Path, only: list[str] | None = None) -> list[Path]:
    picked = [arg for sample in only or [] for arg in ("--sample", sample)]
    subprocess.run(
        [*CLI, "batch", str(sheet), "--out", str(out), "--format", "json", "--no-cohort",
         *picked],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return sorted(out.glob("*.report.json"))


def pdf_times(work: Path, sheet: Path) -> dict[str, object] | None:
    """PDF render times: the three demo reports, and synthetic reports of 2-3 pages (the size
    the target is stated for: one finding, its evidence and the fixed sections)."""
    from annotator.report.write import FORMATS

    if "pdf" not in FORMATS:
        return None
    demo = _json_reports(ROOT / "sample_inputs" / "demo_sheet.tsv", work / "demo")
    first, warm, pages = _time_pdfs(demo, work / "pdf")
    synthetic = _json_reports(sheet, work / "synthetic", [f"SYN{i:04d}" for i in range(1, 25)])
    small: list[float] = []
    small_pages: list[int] = []
    for path in synthetic:
        _, times, (count,) = _time_pdfs([path], work / "pdf")
        if count <= 3:
            small += times
            small_pages.append(count)
    return {
        "median_s": statistics.median(warm),
        "max_s": max(warm),
        "first_s": first,
        "pages": pages,
        "small_median_s": statistics.median(small) if small else None,
        "small_max_s": max(small) if small else None,
        "small_reports": len(small_pages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--repeats", type=int, default=3, help="runs per worker count")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="imt-bench-") as tmp:
        work = Path(tmp)
        sheet = generate(work / "samples", args.samples)
        results: dict[str, Any] = {
            "machine": machine(),
            "samples": args.samples,
            "throughput": [throughput(sheet, jobs, work, args.repeats) for jobs in (1, 2)],
            "startup": startup(),
            "pdf": pdf_times(work, sheet),
        }
    text = render(results)
    write_section(args.out, "batch", text)
    print(text)


def render(r: dict[str, Any]) -> str:
    one, two = r["throughput"]
    scaling = two["rate"] / one["rate"]
    start, pdf, n = r["startup"], r["pdf"], r["samples"]
    rows = "\n".join(f"| {k} | {v} |" for k, v in r["machine"].items())

    def batch(t: dict[str, Any]) -> str:
        rates = ", ".join(f"{x:.1f}" for x in t["rates"])
        return (
            f"{t['rate']:.1f} samples/s best of {len(t['rates'])} runs ({rates}); "
            f"{t['batch_s']:.1f} s for {n} samples, command {t['wall_s']:.1f} s; "
            f"CPU {1000 * t['cpu_s'] / n:.0f} ms/sample; load before {t['load']}"
        )

    lines = [
        "# Performance",
        "",
        "Figures written by `python benchmarks/run.py` (do not edit by hand; rerun it). Inputs:",
        f"{n} synthetic samples from `benchmarks/generate.py`, each a 30-row Arriba 2.x table,",
        "a 5,000-record Mutect2 + VEP 105 VCF and a 200-segment CNVkit `call.cns`.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        rows,
        "",
        "## Results",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| batch, HTML+JSON, `--jobs 1` | {batch(one)} | |",
        f"| batch, HTML+JSON, `--jobs 2` | {batch(two)} | ≥ 20 samples/s |",
        f"| scaling 1 → 2 workers | {scaling:.2f}× (best runs) | ≥ 1.7× |",
        f"| `imt-annotator --version` | {start['median_s']:.3f} s median of {start['runs']} "
        f"(min {start['min_s']:.3f} s) | < 0.3 s |",
    ]
    if pdf is None:
        lines.append("| PDF per report | pending: no `pdf` format registered yet | ≤ 0.5 s |")
    else:
        pages = ", ".join(str(p) for p in pdf["pages"])
        lines.append(
            f"| PDF per report (the 3 demo reports: {pages} pages) | {pdf['median_s']:.2f} s "
            f"median, {pdf['max_s']:.2f} s max once warm; first in a process "
            f"{pdf['first_s']:.2f} s | |"
        )
        if pdf["small_median_s"] is not None:
            lines.append(
                f"| PDF per 2–3-page report ({pdf['small_reports']} synthetic reports of at most "
                f"3 pages) | {pdf['small_median_s']:.2f} s median, {pdf['small_max_s']:.2f} s "
                "max once warm | ≤ 0.5 s for 2–3 pages |"
            )
    lines += ["", *NOTES]
    return "\n".join(lines) + "\n"


NOTES = [
    "## How to read these figures",
    "",
    "- *samples/s* is what `imt-annotator batch` prints: samples over the time from the first",
    "  sample handed to a worker to the last one written (after the knowledgebase is loaded",
    "  and the sheet checked, which take about a second once per batch). *command* is the",
    "  whole process, start-up included.",
    "- The machine is shared: other jobs running at the same time slow a run down, so each",
    "  worker count is run several times and the best run is reported (all rates are listed),",
    "  with the load average before it. *CPU ms/sample* (all processes of the command) depends",
    "  much less on the load: two workers reach 20 samples/s once a sample costs under",
    "  ~100 ms of CPU and nothing else competes for the two cores.",
    "- What made the per-sample path fast (profiled with cProfile on these samples): VCF",
    "  records whose annotation names no IMT target gene are only counted, recognised from",
    "  their text (`annotator/passengers.py`, `annotator/parsers/vcf_text.py`; every record's",
    "  columns and POS are still checked, so a bad record is still an error with its line)",
    "  instead of decoding every CSQ field, VAF and sample column; the Jinja2 environment",
    "  (with its compiled template) and the schema check are built once per process, and the",
    "  check reads the `skipped[].lines` arrays of positive integers in one pass. Reports are",
    "  unchanged (the",
    "  golden tests and `tests/test_vcf_passengers.py` pin that).",
    "- PDF: timed on the three demo reports as they render today (page counts in the table),",
    "  and on the synthetic reports of at most 3 pages, the size the target is stated for.",
    "  The first PDF in a process also pays for loading WeasyPrint and its fonts.",
]
if __name__ == "__main__":
    main()
