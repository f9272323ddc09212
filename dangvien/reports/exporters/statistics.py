"""The statistics workbook: the campaign's figures as tables with charts, one sheet each. Pure."""

from __future__ import annotations

from dangvien.reports.exporters.base import Chart, Column, Dataset, MetaItem, Value
from dangvien.reports.figures import DIMENSION_LABELS, Figures, OrgFigures, percent

ORG_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã", "code", 8),
    Column("name", "Tổ chức đảng", "text", 30),
    Column("kind", "Loại", "text", 16),
    Column("members", "Đảng viên", "number"),
    Column("official", "Chính thức", "number"),
    Column("probationary", "Dự bị", "number"),
    Column("exempt", "Miễn sinh hoạt", "number"),
    Column("with_citizen_id", "Có số định danh", "number"),
    Column("citizen_id_share", "Tỷ lệ có số định danh", "percent"),
    Column("with_phone", "Có số điện thoại", "number"),
    Column("findings_found", "Phát hiện", "number"),
    Column("findings_resolved", "Đã xử lý", "number"),
    Column("findings_accepted", "Chấp nhận ngoại lệ", "number"),
    Column("open_errors", "Lỗi còn lại", "number"),
    Column("open_warnings", "Cảnh báo còn lại", "number"),
    Column("members_without_error", "Đảng viên không còn lỗi", "number"),
    Column("clean_share", "Tỷ lệ không còn lỗi", "percent"),
    Column("handbook_installed", "Đã cài Sổ tay", "number"),
    Column("signed_off", "Đã xác nhận hoàn thành", "bool"),
)


def _org_row(org: OrgFigures, *, total: bool = False) -> list[Value]:
    return [
        None if total else org.code,
        org.name,
        None if total else org.kind,
        org.members,
        org.official,
        org.probationary,
        org.exempt,
        org.with_citizen_id,
        percent(org.with_citizen_id, org.members),
        org.with_phone,
        org.findings_found,
        org.findings_resolved,
        org.findings_accepted,
        org.open_errors,
        org.open_warnings,
        org.members_without_error,
        percent(org.members_without_error, org.members),
        org.handbook_installed,
        org.signed_off,
    ]


def by_org(figures: Figures) -> Dataset:
    rows = [_org_row(org) for org in figures.orgs]
    rows.append(_org_row(figures.total, total=True))
    return Dataset(
        name="Theo tổ chức",
        title=f"Kết quả rà soát theo tổ chức đảng — {figures.scope_name}",
        columns=ORG_COLUMNS,
        rows=rows,
        charts=(
            Chart(
                "column",
                "Lỗi và cảnh báo còn lại theo tổ chức đảng",
                "name",
                ("open_errors", "open_warnings"),
                stacked=True,
                y_title="Số phát hiện",
                without_last_row=True,
            ),
            Chart(
                "column",
                "Đảng viên và đảng viên không còn lỗi",
                "name",
                ("members", "members_without_error"),
                y_title="Đảng viên",
                without_last_row=True,
            ),
        ),
        notes=("Dòng cuối là tổng cộng (không vẽ trong biểu đồ).",),
    )


DIMENSION_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã tiêu chí", "code"),
    Column("label", "Tiêu chí", "text", 14),
    Column("found", "Phát hiện", "number"),
    Column("resolved", "Đã xử lý", "number"),
    Column("accepted", "Chấp nhận ngoại lệ", "number"),
    Column("open_errors", "Lỗi còn lại", "number"),
    Column("open_warnings", "Cảnh báo còn lại", "number"),
    Column("open_infos", "Thông tin còn lại", "number"),
)


def by_dimension(figures: Figures) -> Dataset:
    return Dataset(
        name="Theo tiêu chí",
        title="Kết quả theo tiêu chí “đúng – đủ – sạch – sống – thống nhất – dùng chung”",
        columns=DIMENSION_COLUMNS,
        rows=[
            [
                d.code,
                d.label,
                d.found,
                d.resolved,
                d.accepted,
                d.open_errors,
                d.open_warnings,
                d.open_infos,
            ]
            for d in figures.dimensions
        ],
        charts=(
            Chart(
                "bar",
                "Phát hiện đã xử lý và còn lại theo tiêu chí",
                "label",
                ("resolved", "accepted", "open_errors", "open_warnings"),
                stacked=True,
            ),
        ),
    )


def org_by_dimension(figures: Figures) -> Dataset:
    columns = (
        Column("code", "Mã", "code", 8),
        Column("name", "Tổ chức đảng", "text", 30),
        *(Column(code, f"{label} (còn lại)", "number") for code, label in DIMENSION_LABELS.items()),
    )
    rows: list[list[Value]] = [
        [org.code, org.name, *(org.open_by_dimension.get(code, 0) for code in DIMENSION_LABELS)]
        for org in (*figures.orgs, figures.total)
    ]
    rows[-1][0] = None
    return Dataset(
        name="Tổ chức × tiêu chí",
        title="Phát hiện còn lại theo tổ chức đảng và tiêu chí",
        columns=columns,
        rows=rows,
    )


PROGRESS_COLUMNS: tuple[Column, ...] = (
    Column("day", "Ngày", "code", 12),
    Column("open_errors", "Lỗi còn lại", "number"),
    Column("open_warnings", "Cảnh báo còn lại", "number"),
    Column("open_infos", "Thông tin còn lại", "number"),
    Column("members", "Đảng viên", "number"),
    Column("members_without_error", "Đảng viên không còn lỗi", "number"),
    Column("clean_share", "Tỷ lệ không còn lỗi", "percent"),
)


def progress(figures: Figures) -> Dataset:
    notes = (
        ()
        if figures.progress
        else ("Chưa có số liệu tiến độ theo ngày (ảnh chụp tiến độ được ghi khi chiến dịch chạy).",)
    )
    return Dataset(
        name="Tiến độ",
        title="Tiến độ làm sạch dữ liệu theo ngày",
        columns=PROGRESS_COLUMNS,
        rows=[
            [
                p.day.strftime("%d/%m/%Y"),
                p.open_errors,
                p.open_warnings,
                p.open_infos,
                p.members,
                p.members_without_error,
                percent(p.members_without_error, p.members),
            ]
            for p in figures.progress
        ],
        charts=(
            Chart(
                "line",
                "Lỗi và cảnh báo còn lại theo ngày",
                "day",
                ("open_errors", "open_warnings"),
                y_title="Số phát hiện",
            ),
        ),
        notes=notes,
    )


STATUS_COLUMNS = (
    Column("status", "Tình trạng", "text", 34),
    Column("count", "Số đảng viên", "number"),
)


def status(figures: Figures) -> Dataset:
    total = figures.total
    rows: list[list[Value]] = [["Chính thức", total.official], ["Dự bị", total.probationary]]
    rows += [[f"Đã ra khỏi danh sách: {label}", count] for label, count in figures.exited.items()]
    return Dataset(
        name="Tình trạng",
        title=f"Đảng viên theo tình trạng đến ngày {figures.as_of:%d/%m/%Y}",
        columns=STATUS_COLUMNS,
        rows=rows,
        charts=(Chart("pie", "Đảng viên theo tình trạng", "status", ("count",)),),
        notes=(
            f"Trong số đảng viên đang sinh hoạt có {total.exempt} đảng viên được miễn công tác "
            "và sinh hoạt đảng.",
        ),
    )


HANDBOOK_COLUMNS = (
    Column("counter", "Chỉ tiêu", "text", 52),
    Column("count", "Số đảng viên", "number"),
    Column("share", "Tỷ lệ", "percent"),
)


def handbook(figures: Figures) -> Dataset:
    total = figures.total
    users = total.handbook_users
    not_installed = max(users - total.handbook_installed, 0)
    return Dataset(
        name="Sổ tay đảng viên",
        title="Sổ tay đảng viên điện tử",
        columns=HANDBOOK_COLUMNS,
        rows=[
            [
                "Đảng viên thuộc diện sử dụng Sổ tay (trừ miễn sinh hoạt)",
                users,
                1.0 if users else 0.0,
            ],
            [
                "Đã cài đặt, sử dụng Sổ tay",
                total.handbook_installed,
                percent(total.handbook_installed, users),
            ],
            ["Chưa cài đặt", not_installed, percent(not_installed, users)],
            [
                "Không có điện thoại thông minh (rà soát bằng phiếu giấy)",
                total.no_smartphone,
                percent(total.no_smartphone, users),
            ],
            ["Miễn công tác và sinh hoạt đảng (không đưa vào Sổ tay)", total.exempt, None],
        ],
        charts=(Chart("column", "Sổ tay đảng viên điện tử", "counter", ("count",)),),
    )


def statistics_datasets(figures: Figures) -> list[Dataset]:
    return [
        by_org(figures),
        by_dimension(figures),
        org_by_dimension(figures),
        progress(figures),
        status(figures),
        handbook(figures),
    ]


def statistics_meta(figures: Figures) -> list[MetaItem]:
    return [
        MetaItem("scope", "Phạm vi", figures.scope_name),
        MetaItem("as_of", "Số liệu đến ngày", figures.as_of.strftime("%d/%m/%Y")),
    ]
