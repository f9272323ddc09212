"""Duplicate detection: ours against Splink (DuckDB backend) on the same demo data, in one run.

For each size the demo commune is generated (`dangvien.demo.generate`), read into the canonical
table by intake (`canonical_from_text_frame`) and saved; then each engine runs in a fresh
process (cold caches, its own peak memory) on that same table, and its pairs at the same match
threshold are scored against the truth file: a pair is a true duplicate when the generator
planted `duplicate_person_two_cells` on it. Time covers everything after the table is loaded:
for Splink its column preparation, training (λ, u by random sampling, m by EM) and prediction;
for ours `candidate_pairs`.

    .venv/bin/python bench/bench_duplicates.py                       # 100k and 1M, both engines
    .venv/bin/python bench/bench_duplicates.py --sizes 100000 --splink-sizes 100000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve()
# Variations the generator types into the second copy of a person (demo.plant_duplicates).
VARIATION_DEFECTS = {
    "legacy_font_tcvn3": "legacy font",
    "legacy_font_vni": "legacy font",
    "cccd_missing": "CCCD missing",
    "date_swapped_day_month": "day/month swapped",
}
AS_GENERATED, BLINDED = "as-generated", "copies-without-ids"
SPLINK_U_PAIRS = 1e7  # between Splink's 1e6 default and the 1e8+ its docs advise for production


def prepare(size: int, seed: int, work: Path) -> tuple[dict[str, Path], pl.DataFrame]:
    """The canonical table of a demo commune, as generated and with blinded second copies."""
    from dangvien.demo import generate
    from dangvien.intake import canonical_from_text_frame

    commune = generate(size, seed=seed)
    members = commune.members
    if members["record"].to_list() != list(range(1, members.height + 1)):
        raise SystemExit("demo records are not 1..n: record numbers and _record would differ")
    table = canonical_from_text_frame(members, source=f"demo-{size}.parquet")
    # The copy's truth row is the one whose cell changed; without its CCCD and card number only
    # the person model (name, birth date, hometown, ...) can find it.
    copies = commune.truth.filter(
        (pl.col("defect") == "duplicate_person_two_cells")
        & (pl.col("planted_value") != pl.col("clean_value"))
    )["record"]
    identifiers = ["citizen_id", "citizen_id__raw", "card_number", "card_number__raw"]
    blinded = table.with_columns(
        pl.when(pl.col("_record").is_in(copies.implode()))
        .then(None)
        .otherwise(pl.col(name))
        .alias(name)
        for name in identifiers
    )
    paths = {}
    for scenario, frame in ((AS_GENERATED, table), (BLINDED, blinded)):
        paths[scenario] = work / f"table_{size}_{scenario}.parquet"
        frame.write_parquet(paths[scenario])
    return paths, commune.truth


def truth_pairs(truth: pl.DataFrame) -> pl.DataFrame:
    planted = truth.filter(pl.col("defect") == "duplicate_person_two_cells")
    pairs = planted.select(
        pl.min_horizontal("record", "related_record").alias("record_a"),
        pl.max_horizontal("record", "related_record").alias("record_b"),
    ).unique()
    variations = (
        truth.filter(pl.col("defect").is_in(list(VARIATION_DEFECTS)))
        .select("record", pl.col("defect").replace_strict(VARIATION_DEFECTS).alias("variation"))
        .sort("record", "variation")
        .unique("record", keep="first", maintain_order=True)
    )
    for side in ("record_a", "record_b"):
        pairs = pairs.join(
            variations.rename({"record": side, "variation": f"v_{side}"}), on=side, how="left"
        )
    return pairs.select(
        "record_a",
        "record_b",
        pl.coalesce("v_record_a", "v_record_b", pl.lit("exact or tone style")).alias("variation"),
    )


def run_worker(engine: str, table: Path, out: Path, threshold: float) -> dict[str, float]:
    command = [
        sys.executable,
        str(HERE),
        "--worker",
        engine,
        "--table",
        str(table),
        "--out",
        str(out),
        "--threshold",
        str(threshold),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{engine} worker failed:\n{done.stderr[-4000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def score(predicted: pl.DataFrame, truth: pl.DataFrame) -> dict[str, object]:
    keys = ["record_a", "record_b"]
    hits = predicted.join(truth, on=keys)
    precision = hits.height / predicted.height if predicted.height else 1.0
    recall = hits.height / truth.height if truth.height else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_variation = {
        row["variation"]: f"{row['found']}/{row['total']}"
        for row in truth.join(hits.select(*keys, pl.lit(1).alias("hit")), on=keys, how="left")
        .group_by("variation")
        .agg(pl.col("hit").sum().alias("found"), pl.len().alias("total"))
        .sort("variation")
        .iter_rows(named=True)
    }
    return {
        "pairs": predicted.height,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "recall_by_variation": by_variation,
    }


# Workers: one engine, one table, fresh process.


def worker_ours(table: pl.DataFrame, threshold: float) -> pl.DataFrame:
    from dangvien.quality.duplicates import candidate_pairs

    pairs = candidate_pairs(table, threshold=threshold)
    return pairs.filter(pl.col("score") >= threshold).select("record_a", "record_b", "score")


def worker_splink(table: pl.DataFrame, threshold: float) -> pl.DataFrame:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from dangvien.vn.columns import fold_expr

    def folded(column: str) -> pl.Expr:
        # The accent fold a Splink user would apply (unidecode-like), vectorized.
        return fold_expr(pl.col(column))

    digits = pl.col("citizen_id").str.replace_all(r"\D", "")
    prepared = table.select(
        pl.col("_record").alias("unique_id"),
        folded("full_name").alias("name"),
        folded("full_name").str.split(" ").list.first().alias("surname"),
        folded("full_name").str.split(" ").list.last().alias("given"),
        "birth_date",
        pl.col("birth_date").dt.year().alias("birth_year"),
        folded("hometown").alias("hometown"),
        # The same lost-leading-zero repair our side gets from vn.identity.
        pl.when(digits.str.len_chars().is_between(10, 11))
        .then(digits.str.zfill(12))
        .otherwise(digits)
        .alias("citizen_id"),
        "card_number",
        "gender",
        "join_date",
        "phone",
    )
    database = DuckDBAPI()
    frame = database.register(prepared.to_arrow())
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.ExactMatch("hometown").configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("citizen_id", 2),
            cl.ExactMatch("card_number"),
            cl.ExactMatch("gender"),
            cl.ExactMatch("join_date"),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name", "birth_date"),
            block_on("name", "birth_year"),
            block_on("surname", "given", "birth_date"),
            block_on("citizen_id"),
            block_on("card_number"),
        ],
    )
    linker = Linker(frame, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("citizen_id", "name"), block_on("name", "birth_date", "hometown")],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=SPLINK_U_PAIRS, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("name", "birth_year")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    predicted = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    found = pl.from_arrow(predicted.as_pyarrow_table())
    assert isinstance(found, pl.DataFrame)
    return found.select(
        pl.min_horizontal("unique_id_l", "unique_id_r").cast(pl.Int64).alias("record_a"),
        pl.max_horizontal("unique_id_l", "unique_id_r").cast(pl.Int64).alias("record_b"),
        pl.col("match_probability").alias("score"),
    ).unique(["record_a", "record_b"])


def worker(engine: str, table_path: Path, out: Path, threshold: float) -> None:
    table = pl.read_parquet(table_path)
    run = {"ours": worker_ours, "splink": worker_splink}[engine]
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    pairs = run(table, threshold)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    pairs.write_parquet(out)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures = {"seconds": seconds, "cpu_seconds": cpu, "peak_mib": after.ru_maxrss / 1024}
    print(json.dumps({**figures, "rows": table.height}))


def measure(
    engine: str,
    scenario: str,
    size: int,
    table: Path,
    expected: pl.DataFrame,
    work: Path,
    args: argparse.Namespace,
) -> dict[str, object]:
    out = work / f"{engine}_{size}_{scenario}.parquet"
    timing = run_worker(engine, table, out, args.threshold)
    row: dict[str, object] = {"engine": engine, "scenario": scenario, "members": size, **timing}
    row.update(score(pl.read_parquet(out), expected))
    print(
        f"{scenario:>18} {engine:>6} {int(timing['rows']):>9,} records  "
        f"{timing['seconds']:7.2f} s (CPU {timing['cpu_seconds']:7.2f} s)  "
        f"peak {timing['peak_mib']:6.0f} MiB  "
        f"P {row['precision']:.4f}  R {row['recall']:.4f}  F1 {row['f1']:.4f}  "
        f"({row['pairs']} pairs; truth {expected.height}; "
        f"recall by variation {row['recall_by_variation']})",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--splink-sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument(
        "--scenarios", nargs="+", choices=[AS_GENERATED, BLINDED], default=[AS_GENERATED, BLINDED]
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--worker", choices=["ours", "splink"], help=argparse.SUPPRESS)
    parser.add_argument("--table", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.table, args.out, args.threshold)
        return

    figures: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-duplicates-") as folder:
        work = Path(folder)
        for size in args.sizes:
            tables, truth = prepare(size, args.seed, work)
            expected = truth_pairs(truth)
            for scenario in args.scenarios:
                engines = ["ours", "splink"] if size in args.splink_sizes else ["ours"]
                rows = [
                    measure(engine, scenario, size, tables[scenario], expected, work, args)
                    for engine in engines
                ]
                if len(rows) == 2:
                    speedup = float(rows[1]["seconds"]) / float(rows[0]["seconds"])  # type: ignore[arg-type]
                    cpu = float(rows[1]["cpu_seconds"]) / float(rows[0]["cpu_seconds"])  # type: ignore[arg-type]
                    print(f"  speed-up {speedup:.1f}× wall, {cpu:.1f}× CPU", flush=True)
                figures.extend(rows)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
