"""Fixing data through the services: every change audited, locked, undoable where promised."""

import datetime as dt

import pytest

from dangvien.audit.models import AuditEntry
from dangvien.members.models import Member
from dangvien.members.services import FieldValue, StaleMember, member_update
from dangvien.orgs.models import Organization
from dangvien.review.models import (
    ChangeItem,
    ChangeSet,
    DossierVerification,
    DuplicateDecision,
    Finding,
)
from dangvien.review.services import (
    ReviewError,
    bulk_apply,
    change_set_undo,
    dossier_verify,
    duplicate_mark_different,
    duplicate_merge,
    finding_accept_exception,
    finding_apply_suggestion,
    finding_revoke_exception,
    findings_refresh,
    member_save,
)
from dangvien.review.tests.conftest import AS_OF
from dangvien.review.typed import member_texts

pytestmark = pytest.mark.django_db


def _fresh(member: Member) -> Member:
    return Member.objects.select_related("org").get(pk=member.pk)


def test_of_two_people_saving_the_same_member_the_second_is_refused_and_nothing_is_lost(
    commune, commune_admin, cell_secretary
) -> None:
    first, second = _fresh(commune["Vi Văn Khoa"]), _fresh(commune["Vi Văn Khoa"])
    member_update(member=first, changes={"phone": FieldValue("0987654321")}, actor=commune_admin)
    with pytest.raises(StaleMember) as refused:
        member_update(
            member=second, changes={"phone": FieldValue("0911111111")}, actor=cell_secretary
        )
    assert "vừa được người khác sửa" in str(refused.value)
    assert refused.value.current.phone == "0987654321"
    assert _fresh(second).phone == "0987654321"
    assert _fresh(second).version == 2


def test_a_saved_form_is_parsed_like_an_import_and_audited_field_by_field(
    commune, org_tree, cell_secretary
) -> None:
    khoa = _fresh(commune["Vi Văn Khoa"])
    texts = member_texts(khoa)
    texts.update(birth_date="1975", hometown="Mường Lát,  Thanh Hóa", phone="0912 345 678")
    result = member_save(
        member=khoa,
        texts=texts,
        org=org_tree["TL01"],
        actor=cell_secretary,
        expected_version=khoa.version,
    )
    saved = _fresh(khoa)
    assert (saved.birth_date, saved.birth_date_precision) == (dt.date(1975, 1, 1), "year")
    assert saved.hometown == "Mường Lát, Thanh Hoá"  # spaces and tone style repaired
    assert saved.raw["hometown"] == "Mường Lát,  Thanh Hóa"
    assert set(result.changes) == {"birth_date", "hometown", "phone"}
    entry = AuditEntry.objects.filter(action="members.member.updated", target_id=str(khoa.pk)).get()
    assert entry.actor == cell_secretary
    assert entry.changes["birth_date"] == ["12/05/1975", "1975"]
    # The record rules judged it at once: a year-only date and a spaced phone are findings now.
    assert {"T04", "P02"} <= set(
        Finding.objects.filter(member=khoa, state="open").values_list("rule", flat=True)
    )


def test_moving_a_member_to_another_cell_moves_its_findings_with_it(
    commune, org_tree, commune_admin
) -> None:
    hung = _fresh(commune["Phạm Bá Hùng"])
    member_save(
        member=hung,
        texts=member_texts(hung),
        org=org_tree["TL01"],
        actor=commune_admin,
        expected_version=hung.version,
    )
    assert set(Finding.objects.filter(member=hung).values_list("org__code", flat=True)) == {"TL01"}


def test_applying_a_suggestion_fixes_the_value_and_resolves_the_finding(
    commune, cell_secretary
) -> None:
    un = commune["Lò Văn Ún"]
    legacy = Finding.objects.select_related("member__org").get(member=un, rule="X01")
    finding_apply_suggestion(finding=legacy, actor=cell_secretary, expected_version=1)
    saved = _fresh(un)
    assert saved.full_name == "Lò Văn Ún"
    assert "full_name" not in saved.raw
    legacy.refresh_from_db()
    assert legacy.state == "resolved"
    entry = AuditEntry.objects.filter(action="members.member.updated", target_id=str(un.pk)).get()
    assert entry.changes["full_name"] == ["Lß V¨n ón", "Lò Văn Ún"]
    assert "X01" in entry.changes["_note"][1]


def test_a_suggestion_on_a_record_saved_meanwhile_is_refused(commune, cell_secretary) -> None:
    un = commune["Lò Văn Ún"]
    phone = Finding.objects.select_related("member__org").get(member=un, rule="P01")
    member_update(member=_fresh(un), changes={"note": FieldValue("x")}, actor=cell_secretary)
    with pytest.raises(StaleMember):
        finding_apply_suggestion(finding=phone, actor=cell_secretary, expected_version=1)
    assert _fresh(un).phone == "01689123456"


def test_an_exception_needs_a_reason_and_can_be_taken_back(commune, cell_secretary) -> None:
    variant = Finding.objects.select_related("member", "org").get(rule="K01")
    with pytest.raises(ReviewError, match="lý do"):
        finding_accept_exception(finding=variant, reason="   ", actor=cell_secretary)
    finding_accept_exception(finding=variant, reason="Theo hồ sơ gốc", actor=cell_secretary)
    variant.refresh_from_db()
    assert (variant.state, variant.note) == ("accepted", "Theo hồ sơ gốc")
    assert AuditEntry.objects.filter(
        action="review.finding.accepted", target_id=str(variant.member_id)
    ).exists()
    finding_revoke_exception(finding=variant, actor=cell_secretary)
    variant.refresh_from_db()
    assert variant.state == "open"


def _bulk(org: Organization, rule: str, actor) -> ChangeSet:  # type: ignore[no-untyped-def]
    findings = list(
        Finding.objects.filter(
            org__path__startswith=org.path, rule=rule, state="open"
        ).select_related("member", "member__org", "org")
    )
    result = bulk_apply(
        org=org,
        rule=rule,
        findings=findings,
        expected={f.pk: f.fingerprint for f in findings},
        actor=actor,
    )
    assert result.change_set is not None
    return result.change_set


def test_a_bulk_apply_changes_every_previewed_value_and_one_undo_puts_them_back(
    commune, org_tree, commune_admin
) -> None:
    change_set = _bulk(org_tree["TL"], "P01", commune_admin)
    phones = dict(Member.objects.values_list("full_name", "phone"))
    assert phones["Lò Văn Ún"] == "0389123456"
    assert phones["Hà Thị Mai"] == "0834567890"
    assert phones["Phạm Bá Hùng"] == "0399999999"
    assert change_set.items.count() == 3
    assert not Finding.objects.filter(rule="P01", state="open").exists()
    result = change_set_undo(change_set=change_set, actor=commune_admin)
    assert result.restored == 3
    assert result.kept == []
    assert Member.objects.get(full_name="Lò Văn Ún").phone == "01689123456"
    assert Finding.objects.filter(rule="P01", state="open").count() == 3
    with pytest.raises(ReviewError, match="đã được hoàn tác"):
        change_set_undo(change_set=change_set, actor=commune_admin)
    assert AuditEntry.objects.filter(action="review.changeset.undone").count() == 1


def test_undo_keeps_a_value_someone_changed_after_the_bulk_apply(
    commune, org_tree, commune_admin, cell_secretary
) -> None:
    change_set = _bulk(org_tree["TL"], "P01", commune_admin)
    mai = _fresh(commune["Hà Thị Mai"])
    member_update(member=mai, changes={"phone": FieldValue("0977000111")}, actor=cell_secretary)
    result = change_set_undo(change_set=change_set, actor=commune_admin)
    assert result.restored == 2
    assert len(result.kept) == 1
    assert "Hà Thị Mai" in result.kept[0]
    assert _fresh(mai).phone == "0977000111"
    assert ChangeItem.objects.get(change_set=change_set, member=mai).kept_on_undo


def test_a_bulk_apply_skips_a_finding_whose_values_changed_after_the_preview(
    commune, org_tree, commune_admin
) -> None:
    findings = list(
        Finding.objects.filter(rule="P01", state="open").select_related("member__org", "org")
    )
    expected = {f.pk: f.fingerprint for f in findings}
    expected[findings[0].pk] = "stale"
    result = bulk_apply(
        org=org_tree["TL"], rule="P01", findings=findings, expected=expected, actor=commune_admin
    )
    assert result.applied == 2
    assert len(result.skipped) == 1


@pytest.fixture
def twins(add_members, org_tree, commune_admin):  # type: ignore[no-untyped-def]
    """The same person typed twice in two cells (one copy without CCCD, other phone)."""
    a, b = add_members(
        {
            "full_name": "Hoàng Văn Sơn",
            "birth_date": "02/09/1968",
            "citizen_id": "038068005555",
            "org": "TL01",
        },
        {
            "full_name": "Hoàng Văn Sơn",
            "birth_date": "02/09/1968",
            "citizen_id": None,
            "phone": "0988777666",
            "note": "chuyển từ bản Hậu",
            "org": "TL02",
        },
    )
    findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    return _fresh(a), _fresh(b)


def test_the_engine_pairs_the_twins(twins) -> None:
    a, b = twins
    pair = Finding.objects.filter(rule="D01", member=a, related_member=b)
    assert pair.exists(), list(Finding.objects.filter(member=a).values_list("rule", flat=True))


def test_a_merge_takes_the_chosen_values_removes_the_copy_and_undo_restores_everything(
    twins, org_tree, commune_admin
) -> None:
    a, b = twins
    dossier_verify(member=b, actor=commune_admin, verified_on=dt.date(2025, 12, 1))
    org_tree["TL02"].secretary = b
    org_tree["TL02"].save()
    b_findings = Finding.objects.filter(member=b).count()
    change_set = duplicate_merge(
        keep=a,
        remove=b,
        take=["phone", "note"],
        org=org_tree["TL01"],
        actor=commune_admin,
        keep_version=a.version,
        remove_version=b.version,
    )
    kept = _fresh(a)
    assert (kept.phone, kept.note, kept.citizen_id) == (
        "0988777666",
        "chuyển từ bản Hậu",
        "038068005555",
    )
    assert not Member.objects.filter(pk=b.pk).exists()
    assert Organization.objects.get(code="TL02").secretary_id == a.pk
    decision = DuplicateDecision.objects.get(record_low=a.pk, record_high=b.pk)
    assert decision.verdict == "merged"
    assert AuditEntry.objects.filter(action="members.member.removed", target_id=str(b.pk)).exists()

    change_set_undo(change_set=change_set, actor=commune_admin)
    restored = _fresh(b)
    assert (restored.full_name, restored.phone, restored.org.code) == (
        "Hoàng Văn Sơn",
        "0988777666",
        "TL02",
    )
    assert restored.version > b.version  # a form opened before the merge cannot overwrite it
    assert _fresh(a).phone != "0988777666"
    assert DossierVerification.objects.filter(member=b).count() == 1
    assert Organization.objects.get(code="TL02").secretary_id == b.pk
    assert Finding.objects.filter(member=b).count() == b_findings
    assert Finding.objects.filter(rule="D01", member=a, related_member=b, state="open").exists()
    assert not DuplicateDecision.objects.exists()


def test_a_merge_of_a_record_saved_meanwhile_writes_nothing(twins, org_tree, commune_admin) -> None:
    a, b = twins
    phone_before = a.phone
    member_update(member=_fresh(b), changes={"note": FieldValue("mới")}, actor=commune_admin)
    with pytest.raises(StaleMember):
        duplicate_merge(
            keep=a,
            remove=b,
            take=["phone"],
            org=org_tree["TL01"],
            actor=commune_admin,
            keep_version=a.version,
            remove_version=b.version,
        )
    assert Member.objects.filter(pk=b.pk).exists()
    assert _fresh(a).phone == phone_before
    assert not ChangeSet.objects.exists()


def test_not_the_same_person_quiets_the_pair_for_good(twins, org_tree, commune_admin) -> None:
    a, b = twins
    duplicate_mark_different(low=a, high=b, org=org_tree["TL"], actor=commune_admin)
    pair = Finding.objects.filter(rule="D01", member__in=[a, b])
    assert set(pair.values_list("state", flat=True)) == {"accepted"}
    findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    assert set(pair.values_list("state", flat=True)) == {"accepted"}
    assert AuditEntry.objects.filter(action="review.duplicate.not_same_person").count() == 2


def test_verification_against_the_original_dossier_is_a_dated_act_of_a_person(
    commune, cell_secretary
) -> None:
    khoa = commune["Vi Văn Khoa"]
    dossier_verify(member=khoa, actor=cell_secretary, verified_on=dt.date(2025, 12, 12), note="ok")
    verification = DossierVerification.objects.get(member=khoa)
    assert (verification.verified_on, verification.actor) == (dt.date(2025, 12, 12), cell_secretary)
    entry = AuditEntry.objects.get(action="members.member.verified")
    assert entry.changes["verified_on"] == [None, "12/12/2025"]
    with pytest.raises(ReviewError):
        dossier_verify(member=khoa, actor=cell_secretary, verified_on=dt.date(2999, 1, 1))
