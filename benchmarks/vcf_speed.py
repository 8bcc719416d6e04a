"""Speed and memory of ``imt-annotator annotate`` on a large somatic VCF, against plain gzip.

    python benchmarks/vcf_speed.py [--records 1000000] [--repeats 5] [--out FILE]

Writes a deterministic Mutect2-like VCF (GATK 4.5 INFO and FORMAT fields, tumour and normal
columns, mostly filtered calls, 8% indels, 1% multi-allelic, VEP 105 CSQ on 1% of the records
plus PIK3CA H1047R, TP53 R273H and ALK G1202R) to a temporary folder, bgzips and indexes it with
pysam, and measures in the same run, each as a separate process (start-up included):

(a) a plain Python ``gzip`` line count of the file (the yardstick);
(b) ``imt-annotator annotate --format json`` on the file without its index;
(c) the same with the tabix index beside the file (only the target genes' regions are read);
(d) for reference, ``annotate`` on the 5-record demo VCF: the fixed cost (start-up, knowledgebase,
    report) that (c) pays besides its region read;
(e) each process's peak resident memory (``os.wait4`` rusage of that child; the file is
    generated in a child too, so that this process stays small: a child's figure starts from
    its parent's size).

Targets: (b) ≤ 1.5 × (a); (c) < 0.5 s; peak memory < 200 MB in both. The best of
``--repeats`` runs is reported (the machine may be shared; the load average before each run is
printed beside it).

The annotator runs as an installed tool does: its bytecode compiled once (pip compiles a wheel
at install; this checkout may run with ``PYTHONDONTWRITEBYTECODE``, so the runs get a bytecode
folder of their own, ``PYTHONPYCACHEPREFIX``) and its knowledgebase cache filled by an earlier
run (``XDG_CACHE_HOME`` in the temporary folder): one unmeasured warm-up run does both. For
reference, the table also gives (c) cold, without either cache.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.docsection import write_section  # noqa: E402
from benchmarks.generate import CHROM_LENGTHS, CSQ_HOTSPOTS, DEMO_VCF, FILTERS, _csq  # noqa: E402

LINE_COUNT = "import gzip, sys; print(sum(1 for _ in gzip.open(sys.argv[1], 'rb')))"
TARGET_RATIO, TARGET_INDEXED_S, TARGET_RSS_MB = 1.5, 0.5, 200


def _cli() -> list[str]:
    """The installed console script beside this Python, else the module."""
    script = Path(sys.executable).with_name("imt-annotator")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "annotator.cli"]


def _record(rng: random.Random, chrom: int, pos: int) -> str:
    """One Mutect2 record whose INFO and FORMAT values add up."""
    kind = rng.random()
    ref, alt = rng.sample("ACGT", 2)
    if kind < 0.04:  # deletion
        ref = ref + "".join(rng.choice("ACGT") for _ in range(rng.randint(1, 12)))
    elif kind < 0.08:  # insertion
        alt = ref + "".join(rng.choice("ACGT") for _ in range(rng.randint(1, 12)))
    elif kind < 0.09:  # two ALTs
        alt = ",".join(rng.sample([b for b in "ACGT" if b != ref], 2))
    n_alt = alt.count(",") + 1
    ref_t, ref_n = rng.randint(20, 300), rng.randint(20, 200)
    alts_t = [rng.randint(1, 60) for _ in range(n_alt)]
    depth_t = ref_t + sum(alts_t)
    af = ",".join(f"{a / depth_t:.3f}" for a in alts_t)
    ad_t = ",".join(map(str, [ref_t, *alts_t]))
    ad_n = ",".join(["0"] * n_alt)
    filters = "PASS" if rng.random() < 0.3 else rng.choice(FILTERS)
    info = (
        f"AS_FilterStatus=SITE;AS_SB_TABLE={ref_t // 2},{ref_t - ref_t // 2}|"
        f"{alts_t[0] // 2},{alts_t[0] - alts_t[0] // 2};DP={depth_t + ref_n};ECNT=1;GERMQ=93;"
        f"MBQ=20,20;MFRL=170,172;MMQ=60,60;MPOS={rng.randint(5, 40)};NALOD=2.1;NLOD=20.5;"
        f"POPAF=6.00;ROQ=93;TLOD={alts_t[0] * 3.1:.2f}"
    )
    if n_alt == 1 and rng.random() < 0.01:
        info += ";CSQ=" + _csq(rng, alt)
    tumour = f"0/1:{ad_t}:{af}:{depth_t}:{ref_t // 2},{alts_t[0] // 2}:{ref_t - ref_t // 2},0"
    normal = f"0/0:{ref_n},{ad_n}:0.01:{ref_n}:{ref_n // 2},0:{ref_n - ref_n // 2},0"
    return (
        f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\t{filters}\t{info}\t"
        f"GT:AD:AF:DP:F1R2:F2R1\t{tumour}\t{normal}"
    )


def write_vcf(path: Path, records: int, seed: int) -> None:
    """``records`` records over chr1-22 (sorted), the demo VCF's Mutect2 + VEP 105 header."""
    rng = random.Random(seed)
    header = [line for line in DEMO_VCF.read_text().splitlines() if line.startswith("#")]
    hotspots: dict[tuple[int, int], str] = {}
    for where, csq in CSQ_HOTSPOTS.values():
        name, at, ref, alt = where.split()
        hotspots[(int(name[3:]), int(at))] = (
            f"{name}\t{at}\t.\t{ref}\t{alt}\t.\tPASS\tDP=300;TLOD=200.1;CSQ={csq}\t"
            "GT:AD:AF:DP:F1R2:F2R1\t0/1:160,60:0.273:220:80,30:80,30\t0/0:90,0:0.01:90:45,0:45,0"
        )
    total = sum(CHROM_LENGTHS)
    left = records - len(hotspots)
    with path.open("w", encoding="utf-8") as out:
        out.write("\n".join(header) + "\n")
        for index, length in enumerate(CHROM_LENGTHS):
            chrom = index + 1
            count = round(left * length / total) if chrom < 22 else left
            left -= count
            total -= length
            positions = sorted(rng.sample(range(10_000, length - 10_000), count))
            special = sorted(pos for (c, pos) in hotspots if c == chrom)
            lines = [(pos, _record(rng, chrom, pos)) for pos in positions]
            lines += [(pos, hotspots[(chrom, pos)]) for pos in special]
            lines.sort(key=lambda item: item[0])
            out.write("\n".join(text for _, text in lines) + "\n")


def run(argv: list[str], repeats: int, env: dict[str, str]) -> dict[str, float | str]:
    """Best wall time of ``repeats`` runs (each a fresh process) and its peak RSS in MB."""
    best: dict[str, float | str] | None = None
    for _ in range(repeats):
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out = proc.stdout.read().decode() if proc.stdout else ""
        err = proc.stderr.read().decode() if proc.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{shlex.join(argv[:4])} failed:\n{err[-2000:]}")
        rss_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
        if best is None or wall < float(best["wall_s"]):
            best = {"wall_s": wall, "rss_mb": rss_mb, "load": load, "stdout": out.strip()[-80:]}
    assert best is not None
    return best


def generate(plain: Path, records: int, seed: int) -> None:
    """Write, bgzip and index the VCF (run in a child process, see ``measure``)."""
    import pysam

    write_vcf(plain, records, seed)
    pysam.tabix_index(str(plain), preset="vcf")


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")),
                cpu,
            )
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": f"{os.cpu_count()} ({usable} usable)",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "system": platform.platform(),
    }


def measure(work: Path, records: int, seed: int, repeats: int) -> dict[str, object]:
    # Everything heavy runs in child processes: a child's peak RSS as wait4 reports it starts
    # from this process's memory (vfork + exec), which must stay small to be negligible.
    plain = work / "indexed" / "big.vcf"
    plain.parent.mkdir()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--generate", str(plain), "--records", str(records),
         "--seed", str(seed)],
        check=True,
    )  # fmt: skip
    indexed = plain.with_name(plain.name + ".gz")
    unindexed = work / "plain" / "big.vcf.gz"
    unindexed.parent.mkdir()
    shutil.copyfile(indexed, unindexed)
    made = time.perf_counter() - started
    warm = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    warm |= {"PYTHONPYCACHEPREFIX": str(work / "pycache"), "XDG_CACHE_HOME": str(work / "cache")}
    cold = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "IMT_ANNOTATOR_NO_CACHE": "1"}
    cli = _cli()

    def annotate(path: Path, sample: str) -> list[str]:
        return [*cli, "annotate", str(path), "--sample-id", sample, "--format", "json",
                "--out", str(work / f"out-{sample}")]  # fmt: skip

    steps = {
        "a": ([sys.executable, "-c", LINE_COUNT, str(unindexed)], warm),
        "b": (annotate(unindexed, "B"), warm),
        "c": (annotate(indexed, "C"), warm),
        "c_cold": (annotate(indexed, "D"), cold),
        "d": (annotate(DEMO_VCF, "E"), warm),
    }
    for argv, env in (steps["b"], steps["c"]):  # warm-up: bytecode and knowledgebase caches
        run(argv, 1, env)
    results = {name: run(argv, repeats, env) for name, (argv, env) in steps.items()}
    return {
        "records": records,
        "size_mb": indexed.stat().st_size / 1e6,
        "generated_s": made,
        "machine": machine(),
        "repeats": repeats,
        "commands": {name: _shown(argv, work) for name, (argv, _) in steps.items()},
        "results": results,
    }


def _shown(argv: list[str], work: Path) -> str:
    """The command as a reader would type it: the tool and Python by name, the temporary
    folder as ``$TMP``, the demo VCF relative to the repository."""
    names = {_cli()[0]: "imt-annotator", sys.executable: "python"}
    shown = [names.get(a, a) for a in argv]
    if shown[:3] == ["python", "-m", "annotator.cli"]:
        shown = ["imt-annotator", *shown[3:]]
    text = shlex.join(shown).replace(str(work), "$TMP")
    return text.replace(str(ROOT) + "/", "")


def render(r: dict[str, object]) -> str:
    res: dict[str, dict[str, float | str]] = r["results"]  # type: ignore[assignment]
    box: dict[str, str] = r["machine"]  # type: ignore[assignment]
    commands: dict[str, str] = r["commands"]  # type: ignore[assignment]
    wall = {name: float(x["wall_s"]) for name, x in res.items()}
    rss = {name: float(x["rss_mb"]) for name, x in res.items()}
    ratio = wall["b"] / wall["a"]
    met = {
        "b": ratio <= TARGET_RATIO and rss["b"] < TARGET_RSS_MB,
        "c": wall["c"] < TARGET_INDEXED_S and rss["c"] < TARGET_RSS_MB,
    }

    def row(name: str, label: str, target: str) -> str:
        x = res[name]
        return f"| {label} | {wall[name]:.2f} s | {rss[name]:.0f} MB | {x['load']} | {target} |"

    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**NOT met**"

    return "\n".join(
        [
            f"## `imt-annotator annotate` on a large VCF ({r['records']:,} records, "
            f"{float(r['size_mb']):.0f} MB BGZF)",  # type: ignore[arg-type]
            "",
            f"Machine: {box['cpu']}, {box['cores']} cores, {box['python']}, {box['system']}. "
            f"Best of {r['repeats']} runs, each a fresh process (start-up included); the load "
            "average (1, 5, 15 min) is read before each run.",
            "",
            "| step | wall | peak RSS | load before | target |",
            "|---|---|---|---|---|",
            row("a", "(a) Python gzip line count", "yardstick"),
            row(
                "b",
                "(b) `imt-annotator annotate`, no index",
                f"≤ {TARGET_RATIO} × (a): {ratio:.2f} × (a), < {TARGET_RSS_MB} MB — "
                f"{verdict(met['b'])}",
            ),
            row(
                "c",
                "(c) `imt-annotator annotate`, tabix index beside the file",
                f"< {TARGET_INDEXED_S} s, < {TARGET_RSS_MB} MB — {verdict(met['c'])}",
            ),
            row(
                "c_cold",
                "(c) cold, for reference: no bytecode cache, no knowledgebase cache",
                "none",
            ),
            row("d", "(d) for reference: `annotate` on the 5-record demo VCF", "none"),
            "",
            "The annotate runs have their bytecode compiled once and the knowledgebase cache "
            "filled by one unmeasured warm-up run (as an installed tool, after its first run); "
            "the cold row runs with `PYTHONDONTWRITEBYTECODE=1 IMT_ANNOTATOR_NO_CACHE=1`.",
            "",
            "Commands (the files are written to a temporary folder):",
            "",
            "```",
            f"(a) {commands['a']}",
            f"(b) {commands['b']}",
            f"(c) {commands['c']}",
            f"(c, cold) PYTHONDONTWRITEBYTECODE=1 IMT_ANNOTATOR_NO_CACHE=1 {commands['c_cold']}",
            f"(d) {commands['d']}",
            "```",
            "",
            "### Targets",
            "",
            f"- `annotate` without an index ≤ {TARGET_RATIO} × the gzip line count: "
            f"{verdict(ratio <= TARGET_RATIO)} ({ratio:.2f} ×).",
            f"- `annotate` with a tabix index < {TARGET_INDEXED_S} s including start-up: "
            f"{verdict(wall['c'] < TARGET_INDEXED_S)} ({wall['c']:.2f} s). Of this, "
            f"{wall['d']:.2f} s is what any run pays, (d); the index, the target genes' regions "
            f"and the line counts that keep line numbers exact take the other "
            f"{max(wall['c'] - wall['d'], 0):.2f} s.",
            f"- Peak memory < {TARGET_RSS_MB} MB: "
            f"{verdict(max(rss['b'], rss['c']) < TARGET_RSS_MB)} ({rss['b']:.0f} MB without the "
            f"index, {rss['c']:.0f} MB with it).",
            "",
            "Rerun: `python benchmarks/vcf_speed.py --repeats 5 --out docs/performance.md` "
            "(rewrites only this section).",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="also write the table here")
    parser.add_argument("--generate", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate is not None:
        generate(args.generate, args.records, args.seed)
        return
    with tempfile.TemporaryDirectory(prefix="vcf-speed-") as tmp:
        result = measure(Path(tmp), args.records, args.seed, args.repeats)
    table = render(result)
    print(table)
    if args.out is not None:
        write_section(args.out, "large-vcf", table)


if __name__ == "__main__":
    main()
