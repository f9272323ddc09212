"""The figures of the campaign as of a date: what the report, the workbook and the web page show.

Plain frozen dataclasses, filled by `selectors.figures_as_of` from the database and read by the
pure renderers (`docx_report`, `exporters.statistics`). Nothing here touches Django, so the
renderers are tested with figures made by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DIMENSION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "correct": "Đúng",
        "complete": "Đủ",
        "clean": "Sạch",
        "current": "Sống",
        "consistent": "Thống nhất",
        "shareable": "Dùng chung",
    }
)


def percent(part: int, whole: int) -> float:
    """Share in [0, 1]; 0 for an empty whole (an empty cell has nothing left to do)."""
    return part / whole if whole else 0.0


def percent_text(part: int, whole: int) -> str:
    """ "97,5%" with a decimal comma, as Vietnamese documents write it."""
    return f"{percent(part, whole) * 100:.1f}%".replace(".", ",")


@dataclass(frozen=True)
class OrgFigures:
    code: str
    name: str
    kind: str  # label, e.g. "Chi bộ cơ sở"
    level: int = 1
    members: int = 0  # active on the date: admitted, not exited
    official: int = 0
    probationary: int = 0
    exempt: int = 0
    with_citizen_id: int = 0
    with_phone: int = 0
    handbook_installed: int = 0
    no_smartphone: int = 0
    members_with_errors: int = 0
    findings_found: int = 0  # every finding seen up to the date
    findings_resolved: int = 0  # fixed by the date
    findings_accepted: int = 0  # judged an exception by the date
    open_errors: int = 0
    open_warnings: int = 0
    open_infos: int = 0
    open_by_dimension: Mapping[str, int] = field(default_factory=dict)
    signed_off: bool = False  # member data sign-off approved by the date

    @property
    def members_without_error(self) -> int:
        return self.members - self.members_with_errors

    @property
    def handbook_users(self) -> int:
        """Members who should use the handbook: active and not exempt (QĐ 339)."""
        return self.members - self.exempt

    @property
    def open_findings(self) -> int:
        return self.open_errors + self.open_warnings + self.open_infos


@dataclass(frozen=True)
class DimensionFigures:
    code: str
    label: str
    found: int = 0
    resolved: int = 0
    accepted: int = 0
    open_errors: int = 0
    open_warnings: int = 0
    open_infos: int = 0

    @property
    def open(self) -> int:
        return self.open_errors + self.open_warnings + self.open_infos


@dataclass(frozen=True)
class ProgressPoint:
    day: dt.date
    open_errors: int
    open_warnings: int
    open_infos: int
    members: int
    members_without_error: int


@dataclass(frozen=True)
class DifficultyItem:
    org: str
    title: str
    body: str
    state: str  # label
    answer: str
    technical: bool
    raised_on: dt.date


@dataclass(frozen=True)
class CampaignInfo:
    name: str
    start_date: dt.date
    deadline: dt.date
    orgs_signed_off_on: dt.date | None = None


@dataclass(frozen=True)
class Figures:
    as_of: dt.date
    scope_name: str  # "Đảng bộ xã Tam Lư" or the one cell a secretary sees
    orgs: tuple[OrgFigures, ...]
    total: OrgFigures
    dimensions: tuple[DimensionFigures, ...]
    org_kinds: Mapping[str, int]  # active organizations by kind label
    exited: Mapping[str, int]  # exit kind label → members who left by the date
    progress: tuple[ProgressPoint, ...] = ()
    difficulties: tuple[DifficultyItem, ...] = ()
    campaign: CampaignInfo | None = None
    duplicates_merged: int = 0

    @property
    def orgs_signed_off(self) -> int:
        return sum(1 for org in self.orgs if org.signed_off)


def total_of(orgs: tuple[OrgFigures, ...], *, code: str, name: str, kind: str) -> OrgFigures:
    """The sum of organization rows (the "Tổng cộng" line)."""
    dims: dict[str, int] = {}
    for org in orgs:
        for key, value in org.open_by_dimension.items():
            dims[key] = dims.get(key, 0) + value
    numbers = {
        name_: sum(getattr(org, name_) for org in orgs)
        for name_ in (
            "members",
            "official",
            "probationary",
            "exempt",
            "with_citizen_id",
            "with_phone",
            "handbook_installed",
            "no_smartphone",
            "members_with_errors",
            "findings_found",
            "findings_resolved",
            "findings_accepted",
            "open_errors",
            "open_warnings",
            "open_infos",
        )
    }
    return OrgFigures(
        code=code,
        name=name,
        kind=kind,
        level=0,
        open_by_dimension=dims,
        signed_off=bool(orgs) and all(org.signed_off for org in orgs),
        **numbers,
    )
