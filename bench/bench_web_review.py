"""Benchmark of the review pages on a province-scale PostgreSQL database (issue 6).

    python bench/bench_web_review.py                      # 370,000 members in 100 communes
    python bench/bench_web_review.py --members 37000 --communes 10 --requests 50   # quicker

Builds (once; reused while the member count matches) the database `dangvien_bench` on the local
PostgreSQL (`DATABASE_URL` to use another): `--communes` generated communes (`dangvien.demo`, one
seed each, organization codes prefixed P000…), read through intake
(`canonical_from_text_frame`), stored with `members_create_from_table` and judged with
`findings_refresh` per commune, as an import followed by its background refresh would do.

Then requests every review page in-process through Django's test client (the WSGI stack, session
and all middleware; no network), as the personas who use them: the commune admin of the first
commune and the secretary of its largest cell. Each page is requested `--requests` times over
different members, organizations and filters after a warm-up; the figures are wall-clock per
request (p50, p95, max), the process CPU time of the median request (what the machine's load
does not inflate; the PostgreSQL server's own work is not in it) and the number of SQL queries of
one request. Target: worklist and member pages ≤ 200 ms at the 95th percentile.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dangvien_bench")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvien.settings")

SEED = 2025
TARGET_MS = 200.0


def _create_database(url: str, rebuild: bool) -> bool:
    """Create the benchmark database; False when no PostgreSQL server answers."""
    import psycopg

    from dangvien.env import parse_database_url

    config = parse_database_url(url, base_dir=ROOT)
    if not config.engine.endswith("postgresql"):
        raise SystemExit("this benchmark needs PostgreSQL (DATABASE_URL=postgres://…)")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    try:
        connection = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL not available ({error}): skipping the web review benchmark")
        return False
    with connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config.name]
        ).fetchone()
        if exists and rebuild:
            connection.execute(f'DROP DATABASE "{config.name}"')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{config.name}"')
            print(f"created database {config.name}")
    return True


def _load(members: int, communes: int) -> None:
    import polars as pl
    from django.db import connection

    from dangvien.demo import generate
    from dangvien.demo.model import DEFAULT_AS_OF
    from dangvien.intake import canonical_from_text_frame
    from dangvien.members.models import Member
    from dangvien.members.services import members_create_from_table
    from dangvien.orgs.services import OrgRow, org_tree_create
    from dangvien.quality.table import ORG_SCHEMA
    from dangvien.review.services import findings_refresh

    have = Member.objects.count()
    if have >= members:
        print(f"reusing {have:,} members in {connection.settings_dict['NAME']}")
        return
    if have:
        raise SystemExit(f"{have:,} members already loaded, fewer than asked: use --rebuild")
    per = members // communes
    timings: dict[str, float] = {"generate": 0.0, "intake": 0.0, "store": 0.0, "refresh": 0.0}
    started = time.perf_counter()
    for index in range(communes):
        prefix = f"P{index:03d}"
        t0 = time.perf_counter()
        commune = generate(members=per, seed=SEED + index, as_of=DEFAULT_AS_OF)
        orgs = commune.orgs.with_columns(
            (pl.lit(prefix) + pl.col("code")).alias("code"),
            pl.when(pl.col("parent_code").is_null())
            .then(None)
            .otherwise(pl.lit(prefix) + pl.col("parent_code"))
            .alias("parent_code"),
            pl.when(pl.col("parent_code").is_null())
            .then(pl.col("name") + f" (số {index + 1})")
            .otherwise(pl.col("name"))
            .alias("name"),
        )
        t1 = time.perf_counter()
        frame = orgs.select(
            "code", "name", "kind", "parent_code", "area", "active",
            pl.lit(None, dtype=pl.Utf8).alias("secretary"),
        ).cast(dict(ORG_SCHEMA))  # fmt: skip
        table = canonical_from_text_frame(
            commune.members.drop("record"), source=f"bench {prefix}", orgs=frame
        )
        t2 = time.perf_counter()
        created = org_tree_create(
            rows=[
                OrgRow(r["code"], r["name"], r["kind"], r["parent_code"], r["area"] or "")
                for r in orgs.iter_rows(named=True)
            ],
            actor=None,
        )
        members_create_from_table(table=table, orgs_by_code=created, actor=None)
        t3 = time.perf_counter()
        root = next(org for org in created.values() if org.parent_id is None)
        summary = findings_refresh(org=root, actor=None, as_of=DEFAULT_AS_OF)
        t4 = time.perf_counter()
        for key, value in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            timings[key] += value
        if index % 10 == 0 or index == communes - 1:
            print(
                f"  commune {index + 1}/{communes}: {table.height:,} members, "
                f"{summary.findings:,} findings, refresh {t4 - t3:.1f} s "
                f"(elapsed {time.perf_counter() - started:.0f} s)",
                flush=True,
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        "loaded in {:.0f} s: generate {generate:.0f} s, intake {intake:.0f} s, "
        "store {store:.0f} s, findings_refresh {refresh:.0f} s".format(
            time.perf_counter() - started, **timings
        )
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(
    label: str,
    requests: int,
    call: Callable[[int], Any],
    rows: list[dict[str, Any]],
    target: float = TARGET_MS,
) -> None:
    """Request a page `requests` times (after a warm-up of 3) and add its figures to `rows`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for index in range(3):
        response = call(index)
        if response.status_code not in (200, 302):
            raise SystemExit(f"{label}: HTTP {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        call(0)
    queries = len(captured)  # now: the next request's start clears the log
    times, cpu = [], []
    for index in range(requests):
        t0, c0 = time.perf_counter(), time.process_time()
        call(index)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    rows.append(
        {
            "page": label,
            "cpu": statistics.median(cpu),
            "p50": statistics.median(times),
            "p95": _percentile(times, 0.95),
            "max": max(times),
            "queries": queries,
            "target": target,
        }
    )
    print(f"  {label}: p95 {rows[-1]['p95']:.0f} ms", flush=True)


def focus_orgs() -> tuple[Any, Any]:
    """The first commune and its largest cell: where the personas work."""
    from django.db.models import Count

    from dangvien.orgs.models import Organization

    root = Organization.objects.filter(parent=None).order_by("code").first()
    assert root is not None
    cell = (
        Organization.objects.filter(path__startswith=root.path, kind__in=["base_cell", "sub_cell"])
        .annotate(n=Count("members"))
        .order_by("-n")
        .first()
    )
    assert cell is not None
    return root, cell


def personas(root: Any, cell: Any) -> dict[str, Any]:
    """The benchmark's accounts: commune admin and leader of `root`, secretary of `cell`, and the
    province viewer of every commune."""
    from dangvien.accounts.models import User
    from dangvien.orgs.models import Organization

    scopes = {
        "admin": ("bench.bxdd", "commune_admin", "Bench BXDĐ", [root]),
        "secretary": ("bench.bithu", "cell_secretary", "Bench bí thư", [cell]),
        "leader": ("bench.lanhdao", "leader", "Bench lãnh đạo", [root]),
        "viewer": (
            "bench.tinh",
            "province_viewer",
            "Bench tỉnh",
            list(Organization.objects.filter(parent=None)),
        ),
    }
    users = {}
    for key, (username, role, full_name, scope) in scopes.items():
        user, _ = User.objects.get_or_create(
            username=username, defaults={"role": role, "full_name": full_name}
        )
        user.scope.set(scope)
        users[key] = user
    return users


def logged_in(users: dict[str, Any]) -> dict[str, Any]:
    """A test client logged in as each persona."""
    from django.test import Client

    clients = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    return clients


def _bench(requests: int) -> list[dict[str, Any]]:
    from django.db.models import Count
    from django.urls import reverse

    from dangvien.members.models import Member
    from dangvien.orgs.models import Organization
    from dangvien.review.models import Finding

    root, cell = focus_orgs()
    users = personas(root, cell)
    clients = logged_in(users)
    as_admin, as_secretary, as_viewer = clients["admin"], clients["secretary"], clients["viewer"]
    rng = random.Random(SEED)
    open_findings = Finding.objects.filter(org__path__startswith=root.path, state="open")
    with_findings = list(
        open_findings.exclude(member=None).values_list("member_id", flat=True).distinct()[:2000]
    )
    rng.shuffle(with_findings)
    in_cell = list(
        Member.objects.filter(org=cell).values_list("pk", flat=True).order_by("pk")[:200]
    )
    top_rules = [
        row["rule"]
        for row in open_findings.values("rule").annotate(n=Count("id")).order_by("-n")[:6]
    ]
    suggestion_rule = (
        open_findings.filter(org=cell).exclude(suggestion="").values_list("rule", flat=True).first()
    ) or "P01"
    worklist_root = reverse("review:worklist", args=[root.code])
    worklist_cell = reverse("review:worklist", args=[cell.code])
    members_total = Member.objects.count()
    findings_total = Finding.objects.count()
    print(
        f"database: {members_total:,} members, {findings_total:,} findings "
        f"({Finding.objects.filter(state='open').count():,} open), "
        f"{Organization.objects.count():,} organizations; commune {root.code} "
        f"({Member.objects.filter(org__path__startswith=root.path).count():,} members), "
        f"cell {cell.code} ({Member.objects.filter(org=cell).count():,} members)"
    )
    sorts = ["ten", "loi", "chi-bo"]
    pages: list[tuple[str, Callable[[int], Any]]] = [
        ("review index (commune admin)", lambda i: as_admin.get(reverse("review:index"))),
        (
            "review index (province viewer, every commune: counts only)",
            lambda i: as_viewer.get(reverse("review:index")),
        ),
        (
            "worklist, commune, page 1…5 by sort",
            lambda i: as_admin.get(worklist_root, {"sap-xep": sorts[i % 3], "trang": 1 + i % 5}),
        ),
        (
            "worklist, commune, filtered by rule (htmx)",
            lambda i: as_admin.get(
                worklist_root, {"quy-tac": top_rules[i % len(top_rules)]}, HTTP_HX_REQUEST="true"
            ),
        ),
        (
            "worklist, commune, errors only",
            lambda i: as_admin.get(worklist_root, {"muc-do": "error", "trang": 1 + i % 3}),
        ),
        ("worklist, cell (cell secretary)", lambda i: as_secretary.get(worklist_cell)),
        (
            "member page (commune admin)",
            lambda i: as_admin.get(
                reverse("review:member", args=[with_findings[i % len(with_findings)]])
            ),
        ),
        (
            "member page (cell secretary)",
            lambda i: as_secretary.get(reverse("review:member", args=[in_cell[i % len(in_cell)]])),
        ),
        (
            "member form (GET)",
            lambda i: as_secretary.get(
                reverse("review:member_edit", args=[in_cell[i % len(in_cell)]])
            ),
        ),
        (
            "bulk preview, cell",
            lambda i: as_secretary.get(
                reverse("review:bulk_preview", args=[cell.code, suggestion_rule])
            ),
        ),
        (
            "duplicate pairs, commune",
            lambda i: as_admin.get(reverse("review:duplicates", args=[root.code])),
        ),
    ]
    live_member = Member.objects.select_related("org").get(pk=in_cell[0])
    from dangvien.review.forms import MemberForm

    form = MemberForm(member=live_member, orgs=[live_member.org])
    data = {name: value for name, value in form.initial.items() if value not in (False, None, "")}
    data["phone"] = "01689123456"
    pages.append(
        (
            "live validation (POST, engine on one record)",
            lambda i: as_secretary.post(
                reverse("review:member_validate", args=[live_member.pk]), data
            ),
        )
    )
    rows: list[dict[str, Any]] = []
    for label, call in pages:
        measure(label, requests, call, rows)
    return rows


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--members", type=int, default=370_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the database")
    return parser.parse_args()


def prepare(args: argparse.Namespace) -> bool:
    """Create, migrate and load the database (False: no PostgreSQL, skip the benchmark)."""
    if not _create_database(os.environ["DATABASE_URL"], args.rebuild):
        return False

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    _load(args.members, args.communes)
    return True


def print_table(rows: list[dict[str, Any]], load: tuple[float, float]) -> None:
    """The figures as a Markdown table, with the load average at the start and the end."""
    print()
    print(
        f"load average {load[0]:.1f} at the start, {load[1]:.1f} at the end "
        f"(1 min), on {os.cpu_count()} cores"
    )
    print("| page | p50 ms | p95 ms | max ms | CPU ms (p50) | queries | p95 within target |")
    print("|---|---:|---:|---:|---:|---:|:---:|")
    for row in rows:
        verdict = "yes" if row["p95"] <= row["target"] else "**no**"
        print(
            f"| {row['page']} | {row['p50']:.0f} | {row['p95']:.0f} | {row['max']:.0f} "
            f"| {row['cpu']:.0f} | {row['queries']} | {verdict} (≤ {row['target']:.0f}) |"
        )


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    if not prepare(args):
        return
    start = os.getloadavg()[0]
    rows = _bench(args.requests)
    print_table(rows, (start, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
