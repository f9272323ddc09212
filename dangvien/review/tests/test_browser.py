"""A cell secretary works through her cell in Chromium: she logs in, sees only her cell, fixes a
finding, watches the form judge what she types, applies a bulk suggestion and undoes it, and
compares a duplicate pair. Screenshots of the main pages go to docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dangvien.members.models import Member
from dangvien.review.models import ChangeSet, Finding
from dangvien.review.services import findings_refresh
from dangvien.review.tests.conftest import AS_OF

# Playwright's sync API runs an event loop in this thread; the ORM calls below are plain blocking
# calls made between browser steps, never concurrently with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "mat-khau-rat-dai-123"


@pytest.fixture
def cell(commune, add_members, org_tree, commune_admin):  # type: ignore[no-untyped-def]
    """The commune fixture plus a member typed twice in Chi bộ bản Lốc."""
    add_members(
        {"full_name": "Hoàng Văn Sơn", "birth_date": "02/09/1968", "citizen_id": "038068005555"},
        {
            "full_name": "Hoàng Văn Sơn",
            "birth_date": "02/09/1968",
            "citizen_id": None,
            "phone": "0988777666",
            "note": "chuyển từ bản Hậu về",
        },
    )
    findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    SHOTS.mkdir(parents=True, exist_ok=True)
    return commune


def _login(browser, live_server, username: str, viewport=DESKTOP):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/ra-soat/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Đăng nhập')")
    page.wait_for_url(live_server.url + "/ra-soat/")
    return page


def test_a_cell_secretary_fixes_her_cell_in_the_browser(
    browser, live_server, cell, cell_secretary
) -> None:
    page = _login(browser, live_server, cell_secretary.username)

    # She sees only her cell.
    assert page.get_by_role("heading", name="Chi bộ bản Lốc").is_visible()
    assert "Chi bộ bản Hậu" not in page.content()
    page.get_by_role("link", name="Danh sách cần sửa").first.click()
    page.wait_for_selector("#worklist-count")
    assert page.get_by_role("link", name="Hà Thị Mai").first.is_visible()
    assert "Phạm Bá Hùng" not in page.content()
    page.screenshot(path=str(SHOTS / "review-worklist.png"), full_page=True)

    # Filtering by rule swaps the results in place.
    page.select_option("#quy-tac", "K01")
    page.wait_for_url(re.compile(r"quy-tac=K01"))
    page.wait_for_function("document.querySelectorAll('.worklist > li').length === 1")
    assert "Lò Văn Ún" not in page.locator("#results").inner_text()

    # She fixes a finding with its suggestion.
    page.get_by_role("link", name="Hà Thị Mai").first.click()
    page.get_by_role("button", name="Dùng đề xuất: «Mông»").click()
    page.wait_for_selector("text=Đã dùng đề xuất «Mông»")
    page.screenshot(path=str(SHOTS / "review-member.png"))
    mai = Member.objects.get(full_name="Hà Thị Mai")
    assert mai.ethnicity == "Mông"
    assert Finding.objects.get(member=mai, rule="K01").state == "resolved"

    # The form judges what she types with the engine, before anything is saved.
    page.get_by_role("link", name="Sửa hồ sơ").click()
    page.fill("#id_citizen_id", "38175004321")
    page.wait_for_selector("#msg-citizen_id:has-text('038175004321')")
    assert "0834567890" in page.locator("#msg-phone").inner_text()  # the 11-digit phone
    page.evaluate("document.getElementById('f-citizen_id').scrollIntoView({block: 'center'})")
    page.screenshot(path=str(SHOTS / "review-member-form.png"))
    page.fill("#id_citizen_id", "038175004321")
    page.fill("#id_phone", "0834567890")
    page.wait_for_selector("#msg-citizen_id:not(:has(p))", state="attached")
    page.wait_for_selector("#msg-phone:not(:has(p))", state="attached")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã lưu 1 thay đổi")
    assert Finding.objects.get(member=mai, rule="P01").state == "resolved"

    # A bulk suggestion for the whole cell (one phone left), previewed, applied and undone.
    page.goto(live_server.url + "/ra-soat/to-chuc/TL01/de-xuat/")
    page.get_by_role("row", name=re.compile("Số điện thoại 11 số cũ")).get_by_role(
        "link", name="Xem trước"
    ).click()
    assert page.locator("input[name=muc]").count() == 1
    assert "01699999999" not in page.content()  # a phone of the other cell
    page.screenshot(path=str(SHOTS / "review-bulk-preview.png"), full_page=True)
    page.get_by_role("button", name="Áp dụng các thay đổi đã chọn").click()
    page.wait_for_selector("text=Có thể hoàn tác")
    phones = dict(Member.objects.filter(org__code="TL01").values_list("full_name", "phone"))
    assert phones["Lò Văn Ún"] == "0389123456"
    page.get_by_role("button", name="Hoàn tác").click()
    page.wait_for_selector("text=Đã hoàn tác")
    phones = dict(Member.objects.filter(org__code="TL01").values_list("full_name", "phone"))
    assert phones["Lò Văn Ún"] == "01689123456"
    assert ChangeSet.objects.get().undone_by == cell_secretary
    page.screenshot(path=str(SHOTS / "review-undone.png"), full_page=True)

    # Two records of one person, side by side.
    page.goto(live_server.url + "/ra-soat/to-chuc/TL01/trung-lap/")
    page.get_by_role("link", name="So sánh").first.click()
    page.wait_for_selector("text=So sánh hai hồ sơ")
    page.screenshot(path=str(SHOTS / "review-duplicate-pair.png"), full_page=True)


def test_on_a_phone_the_worklist_and_the_member_page_stay_readable(
    browser, live_server, cell, cell_secretary
) -> None:
    page = _login(browser, live_server, cell_secretary.username, viewport=PHONE)
    page.goto(live_server.url + "/ra-soat/to-chuc/TL01/")
    button = page.get_by_role("link", name="Sửa", exact=True).first
    box = button.bounding_box()
    assert box is not None
    assert box["height"] >= 44  # a big target for a thumb
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "review-worklist-phone.png"), full_page=True)
