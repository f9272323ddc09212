"""The campaign as people run it, in Chromium: the commune admin imports the demo workbook through
the wizard and watches the job's progress, the dashboard changes, a cell secretary signs off her
cell with the errors left explained, the admin approves. Screenshots go to docs/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections import Counter
from pathlib import Path

import pytest
from django.db import connections

from dangvien.campaign.models import Campaign, Difficulty, SignOff
from dangvien.campaign.tests.personas import PASSWORD, make_user
from dangvien.demo import generate
from dangvien.demo.writers import write
from dangvien.intake.models import ImportRun
from dangvien.jobs.services import run_forever
from dangvien.members.models import Member
from dangvien.orgs.services import OrgRow, org_tree_create
from dangvien.review.models import Finding

# Playwright's sync API runs an event loop in this thread; the ORM calls below are plain blocking
# calls made between browser steps, never concurrently with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.django_db(databases=["default", "jobs"], transaction=True),
    pytest.mark.slow,
]
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def commune(tmp_path_factory):  # type: ignore[no-untyped-def]
    return generate(members=240, seed=2025)


@pytest.fixture
def world(commune, plain_http, tmp_path):  # type: ignore[no-untyped-def]
    plain_http.VAR_DIR = tmp_path
    orgs = org_tree_create(
        rows=[
            OrgRow(r["code"], r["name"], r["kind"], r["parent_code"], r["area"] or "")
            for r in commune.orgs.iter_rows(named=True)
        ],
        actor=None,
    )
    today = dt.date.today()
    Campaign.objects.create(
        name="Làm sạch, chuẩn hóa CSDL đảng viên",
        commune=orgs["TL"],
        start_date=today - dt.timedelta(days=4),
        deadline=today + dt.timedelta(days=16),
    )
    admin = make_user("bxdd", "commune_admin", [orgs["TL"]])
    admin.full_name = "Ban Xây dựng Đảng"
    admin.save()
    workbook = tmp_path / "danh-sach-dang-vien-tam-lu.xlsx"
    write(commune, workbook)
    SHOTS.mkdir(parents=True, exist_ok=True)
    return {"orgs": orgs, "admin": admin, "workbook": workbook}


@pytest.fixture
def job_runner():  # type: ignore[no-untyped-def]
    """The background job runner, as `manage.py serve` starts it beside the web server."""
    stop = threading.Event()

    def run() -> None:
        try:
            run_forever(poll_seconds=0.2, stop=stop)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)


def _login(browser, live_server, username: str, viewport=DESKTOP):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Đăng nhập')")
    page.wait_for_url(live_server.url + "/")
    return page


def _cell_with_most_errors(orgs):  # type: ignore[no-untyped-def]
    counts = Counter(
        Finding.objects.filter(state="open", severity="error", member__isnull=False)
        .filter(org__kind__in=["base_cell", "sub_cell"])
        .values_list("org__code", flat=True)
    )
    return orgs[counts.most_common(1)[0][0]]


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SHOTS / f"campaign-{name}.png"), full_page=True)


def test_the_commune_runs_its_campaign_in_the_browser(
    world, live_server, browser, job_runner
) -> None:
    # The login page, as everyone first sees it.
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    login = context.new_page()
    login.goto(live_server.url + "/")
    assert login.locator("h1").inner_text() == "Đăng nhập"
    _shot(login, "login")
    context.close()

    admin = _login(browser, live_server, "bxdd")
    assert admin.get_by_test_id("members").inner_text() == "0"

    # Step 1: upload the demo workbook.
    admin.click("nav.mainnav >> text=Nhập dữ liệu")
    admin.set_input_files("#id_file", str(world["workbook"]))
    admin.fill("#id_source", "Xuất từ phần mềm CSDL đảng viên 3.0")
    _shot(admin, "import-1-upload")
    admin.click("button:has-text('Tải lên và đọc tệp')")

    # Step 2: the detected mapping, editable; save it as a template.
    admin.wait_for_selector("[data-testid=mapping]")
    assert "Họ và tên" in admin.get_by_test_id("mapping").inner_text()
    admin.fill("#id_save_as", "Danh sách xuất từ CSDL 3.0")
    _shot(admin, "import-2-mapping")
    admin.click("button:has-text('Lưu và chạy thử')")

    # Step 3: the dry run: records, findings by dimension, what would be created.
    admin.wait_for_selector("[data-testid=dry-records]")
    records = int(admin.get_by_test_id("dry-records").inner_text().replace(".", ""))
    assert records >= 240
    assert admin.get_by_test_id("dry-create").inner_text().replace(".", "") == str(records)
    assert "Đủ" in admin.get_by_test_id("dry-dimensions").inner_text()
    _shot(admin, "import-3-dry-run")
    admin.click("[data-testid=commit]")

    # Step 4: the job's progress bar, live, until it is written.
    admin.wait_for_selector("[data-testid=progress]")
    admin.reload()  # the progress survives a reload: it lives in the job, not in the page
    admin.wait_for_selector("[data-testid=progress-done]", timeout=60_000)
    _shot(admin, "import-4-done")
    assert Member.objects.count() == records
    assert ImportRun.objects.get().state == "committed"

    # The dashboard changed: members, open errors, the chart.
    admin.click("nav.mainnav >> text=Trang chủ")
    assert int(admin.get_by_test_id("members").inner_text().replace(".", "")) > 200
    assert int(admin.get_by_test_id("open-errors").inner_text().replace(".", "")) > 0
    assert admin.get_by_test_id("burndown").is_visible()
    _shot(admin, "dashboard")

    # Phase 1 closes: the organization data is signed off by the commune admin.
    admin.click("nav.mainnav >> text=Kế hoạch, tiến độ")
    admin.click("text=Chốt dữ liệu tổ chức")
    for box in admin.locator("textarea[name^=explain_]").all():
        box.fill("Đã đối chiếu với quyết định thành lập chi bộ")
    admin.click("button:has-text('Chốt dữ liệu tổ chức')")
    admin.wait_for_selector("[data-testid=phase-orgs] >> text=Đã chốt")

    # The Ban creates the account of the secretary of the cell with the most errors left.
    cell = _cell_with_most_errors(world["orgs"])
    admin.click("nav.mainnav >> text=Tài khoản")
    admin.click("text=+ Tạo tài khoản")
    admin.fill("#id_username", "bithu.mo")
    admin.fill("#id_full_name", "Lương Thị Mó")
    admin.fill("#id_phone", "0912345678")
    admin.select_option("#id_role", "cell_secretary")
    admin.check(f"input[name=scope][value='{cell.pk}']")
    admin.click("button:has-text('Tạo tài khoản')")
    password = admin.get_by_test_id("temporary-password").inner_text()
    assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", password)
    admin.click("text=Về danh sách tài khoản")
    _shot(admin, "accounts")

    # She logs in on her phone with the temporary password and must choose her own first.
    phone = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    phone.goto(live_server.url + "/")
    phone.fill("#id_username", "bithu.mo")
    phone.fill("#id_password", password)
    phone.click("button:has-text('Đăng nhập')")
    phone.wait_for_url(live_server.url + "/doi-mat-khau/")
    phone.fill("#id_old_password", password)
    phone.fill("#id_new_password1", "ban-mo-tam-lu-2025")
    phone.fill("#id_new_password2", "ban-mo-tam-lu-2025")
    phone.click("button:has-text('Đổi mật khẩu')")
    phone.wait_for_selector("text=Đã đổi mật khẩu")
    assert phone.get_by_test_id("org-table").inner_text().count(cell.name) == 1
    _shot(phone, "dashboard-phone")

    # She signs off her cell, explaining each error left, and raises a difficulty.
    phone.click("nav.mainnav >> text=Xác nhận hoàn thành")
    phone.click("text=Mở")
    boxes = phone.locator("textarea[name^=explain_]").all()
    assert boxes, "the cell chosen has open errors to explain"
    for box in boxes:
        box.fill("Đúng theo hồ sơ gốc, đã đối chiếu")
    _shot(phone, "signoff-secretary")
    phone.click("button:has-text('Gửi xác nhận hoàn thành')")
    phone.wait_for_selector("[data-testid=signoff-state] >> text=Chờ duyệt")
    phone.click("nav.mainnav >> text=Khó khăn, vướng mắc")
    phone.fill("#id_title", "Hai đảng viên cao tuổi chưa có CCCD gắn chip")
    phone.fill("#id_body", "Đề nghị Ban hướng dẫn cách ghi số CMND cũ trong lúc chờ cấp CCCD.")
    phone.click("button:has-text('Gửi')")
    phone.wait_for_selector("text=Đã gửi khó khăn, vướng mắc")
    signoff = SignOff.objects.get(phase="members")
    assert (signoff.org, signoff.explanations.count()) == (cell, len(boxes))

    # The commune admin approves the sign-off and answers the difficulty.
    admin.click("nav.mainnav >> text=Xác nhận hoàn thành")
    assert cell.name in admin.get_by_test_id("pending").inner_text()
    admin.click("text=Xem và duyệt")
    admin.click("summary")  # the errors explained by the cell
    _shot(admin, "signoff-approve")
    admin.fill("#id_comment", "Dữ liệu đầy đủ, giải trình hợp lý. Đồng ý.")
    admin.click("button:has-text('Duyệt')")
    admin.wait_for_selector("[data-testid=signoff-state] >> text=Đã duyệt")
    signoff.refresh_from_db()
    assert (signoff.state, signoff.decided_by) == ("approved", world["admin"])

    admin.click("nav.mainnav >> text=Khó khăn, vướng mắc")
    admin.click("text=Hai đảng viên cao tuổi chưa có CCCD gắn chip")
    admin.fill("#id_answer", "Ghi số CMND vào cột CMND cũ; bổ sung CCCD khi được cấp.")
    admin.click("button:has-text('Lưu trả lời')")
    admin.wait_for_selector("[data-testid=difficulty-state] >> text=Đã trả lời")
    admin.click("nav.mainnav >> text=Khó khăn, vướng mắc")
    _shot(admin, "difficulties")
    assert Difficulty.objects.get().state == "answered"

    admin.click("nav.mainnav >> text=Trang chủ")
    assert "1/" in admin.locator(".stat", has_text="chi bộ đã được duyệt").inner_text()
