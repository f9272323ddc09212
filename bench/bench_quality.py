"""Benchmark of the quality engine on a generated commune (issue 5).

    python bench/bench_quality.py                    # 1,000,000 members
    python bench/bench_quality.py --members 100000   # quicker

Measures, each in its own process so that peak memory belongs to what is measured:
1. the member and organization rule suite (`engine.check` without duplicate detection) on the
   canonical table: wall time and peak RSS; then recall of the planted defects and `error`
   findings on clean records (demo truth);
2. duplicate detection (`duplicates.candidate_pairs`): time, precision and recall of the pairs
   against the pairs the generator planted;
3. end to end, `dangvien check MEMBERS.parquet --orgs ORGS.parquet --format json`: wall time and
   peak RSS of the command.

The generated files are kept in --workdir (default: a folder in the system temp dir) and reused
when the member count and seed match. Targets (2-core machine): rules ≤ 5 s and ≤ 3 GB; duplicates
≤ 60 s; end to end ≤ 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2025, 12, 10)
SEED = 2025


def _files(workdir: Path) -> dict[str, Path]:
    return {
        "members": workdir / "members.parquet",
        "orgs": workdir / "orgs.parquet",
        "truth": workdir / "truth.parquet",
        "canonical": workdir / "canonical.parquet",
        "canonical_orgs": workdir / "canonical_orgs.parquet",
    }


def _prepare(members: int, workdir: Path) -> dict[str, Path]:
    from dangvien.demo.generator import generate
    from dangvien.demo.writers import write, write_orgs, write_truth

    files = _files(workdir)
    stamp = workdir / "stamp.json"
    wanted = {"members": members, "seed": SEED, "as_of": AS_OF.isoformat()}
    reusable = stamp.exists() and json.loads(stamp.read_text()) == wanted
    if reusable and all(path.exists() for path in files.values()):
        print(f"reusing generated files in {workdir}")
        return files
    started = time.perf_counter()
    commune = generate(members, seed=SEED, as_of=AS_OF)
    write(commune, files["members"])
    write_orgs(commune, files["orgs"])
    write_truth(commune, files["truth"])
    print(f"generated {commune.members.height:,} members in {time.perf_counter() - started:.1f} s")
    from dangvien.intake import read_members, read_orgs

    started = time.perf_counter()
    orgs = read_orgs(files["orgs"])
    intake = read_members(files["members"], orgs=orgs)
    intake.table.write_parquet(files["canonical"])
    orgs.write_parquet(files["canonical_orgs"])
    print(f"intake (reading the parquet file): {time.perf_counter() - started:.1f} s")
    stamp.write_text(json.dumps(wanted))
    return files


def _peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_rules(workdir: Path) -> dict[str, Any]:
    import polars as pl

    from dangvien.quality.engine import RULES, check
    from dangvien.quality.evaluate import evaluate

    table = pl.read_parquet(workdir / "canonical.parquet")
    orgs = pl.read_parquet(workdir / "canonical_orgs.parquet")
    rules = [rule for rule in RULES if rule.code != "D01"]
    loaded = _peak_rss_mb()
    started = time.perf_counter()
    cpu = time.process_time()
    result = check(table, orgs=orgs, as_of=AS_OF, rules=rules)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    peak = _peak_rss_mb()
    truth = pl.read_parquet(workdir / "truth.parquet")
    evaluation = evaluate(result.findings, truth, table.height)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_rss_mb": peak,
        "rss_after_load_mb": loaded,
        "records": table.height,
        "rules": len(rules),
        "findings": result.findings.height,
        "recall": evaluation.recall,
        "planted": evaluation.planted,
        "found": evaluation.found,
        "clean_errors": evaluation.clean_errors.height,
        "missed": evaluation.summary(),
    }


def _child_pairs(workdir: Path) -> dict[str, Any]:
    import polars as pl

    from dangvien.quality.duplicates import candidate_pairs

    table = pl.read_parquet(workdir / "canonical.parquet")
    started = time.perf_counter()
    pairs = candidate_pairs(table, as_of=AS_OF)
    seconds = time.perf_counter() - started
    truth = pl.read_parquet(workdir / "truth.parquet").filter(
        pl.col("related_record").is_not_null()
    )
    planted = truth.select(
        pl.min_horizontal("record", "related_record").alias("a"),
        pl.max_horizontal("record", "related_record").alias("b"),
    ).unique()
    found = pairs.select(pl.col("record_a").alias("a"), pl.col("record_b").alias("b")).unique()
    hit = found.join(planted, on=["a", "b"]).height
    return {
        "seconds": seconds,
        "peak_rss_mb": _peak_rss_mb(),
        "pairs": found.height,
        "planted_pairs": planted.height,
        "precision": hit / found.height if found.height else 1.0,
        "recall": hit / planted.height if planted.height else 1.0,
    }


def _run_child(kind: str, workdir: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--workdir", str(workdir)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _end_to_end(files: dict[str, Path], workdir: Path) -> dict[str, Any]:
    out = workdir / "check.json"
    command = [
        str(Path(sys.executable).with_name("dangvien")),
        "check",
        str(files["members"]),
        "--orgs",
        str(files["orgs"]),
        "--as-of",
        AS_OF.isoformat(),
        "--format",
        "json",
        "--out",
        str(out),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"dangvien check failed with status {status}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return {
        "seconds": seconds,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "records": report["records"],
        "findings": len(report["findings"]),
        "bytes": out.stat().st_size,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the rule suite (best kept)")
    parser.add_argument("--skip-duplicates", action="store_true")
    parser.add_argument("--skip-end-to-end", action="store_true")
    parser.add_argument("--child", choices=("prepare", "rules", "pairs"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.gettempdir()) / f"dangvien-bench-quality-{args.members}"
    if args.child == "prepare":
        _prepare(args.members, workdir)
        print(json.dumps({}))
        return 0
    if args.child:
        child = _child_rules if args.child == "rules" else _child_pairs
        print(json.dumps(child(workdir)))
        return 0
    workdir.mkdir(parents=True, exist_ok=True)
    # Generation runs in a child too: this process stays small, so the peak memory the kernel
    # reports for the measured children is theirs alone.
    prepared = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "prepare",
            "--workdir",
            str(workdir),
            "--members",
            str(args.members),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    for line in prepared.stdout.strip().splitlines()[:-1]:
        print(line)
    files = _files(workdir)
    runs = [_run_child("rules", workdir) for _ in range(max(1, args.repeat))]
    best = min(runs, key=lambda run: run["seconds"])
    times = ", ".join(f"{run['seconds']:.2f}" for run in runs)
    print(
        f"rule suite ({best['rules']} rules, {best['records']:,} members, "
        f"{best['findings']:,} findings): best {best['seconds']:.2f} s of {times} "
        f"(CPU {best['cpu_seconds']:.2f} s), peak RSS {best['peak_rss_mb']:.0f} MB "
        f"({best['rss_after_load_mb']:.0f} MB after loading the table)"
    )
    print(
        f"demo truth: recall {best['recall']:.4f} ({best['found']:,}/{best['planted']:,}), "
        f"error findings on clean records: {best['clean_errors']}"
    )
    print(best["missed"])
    if not args.skip_duplicates:
        pairs = _run_child("pairs", workdir)
        print(
            f"duplicate detection: {pairs['seconds']:.1f} s, "
            f"peak RSS {pairs['peak_rss_mb']:.0f} MB, {pairs['pairs']:,} pairs, "
            f"precision {pairs['precision']:.4f}, "
            f"recall {pairs['recall']:.4f} (planted pairs: {pairs['planted_pairs']:,})"
        )
    if not args.skip_end_to_end:
        e2e = _end_to_end(files, workdir)
        print(
            f"end to end `dangvien check` (parquet → json, {e2e['records']:,} records, "
            f"{e2e['findings']:,} findings, {e2e['bytes'] / 1e6:.0f} MB): {e2e['seconds']:.1f} s, "
            f"peak RSS {e2e['peak_rss_mb']:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
