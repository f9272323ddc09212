"""The OpenAPI 3 description of the sync API, generated from the exporters' columns.

Record schemas come from the same column lists that the exports use (`MEMBER_COLUMNS`,
`ORG_COLUMNS`), so a field added to the data dictionary appears in the files, the API and this
document at once, and the schema cannot drift from what the endpoints return.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dangvien.api import feeds
from dangvien.api.feeds import DEFAULT_LIMIT, MAX_LIMIT, cursor_pattern
from dangvien.reports.exporters.base import Column
from dangvien.reports.exporters.members import MEMBER_COLUMNS
from dangvien.reports.exporters.orgs import ORG_COLUMNS

VERSION = "1.0.0"
PREFIX = "/api/v1"
ORG_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"
MAX_ID = feeds.MAX_ID


def _property(column: Column) -> dict[str, Any]:
    if column.kind == "number":
        schema: dict[str, Any] = {"type": "integer"}
    elif column.kind == "bool":
        schema = {"type": "boolean"}
    elif column.kind == "percent":
        schema = {"type": "number"}
    else:
        schema = {"type": "string"}
    nullable = column.kind not in ("bool",) and column.key not in ("id", "org", "org_code")
    if nullable:
        schema["nullable"] = True
    schema["description"] = column.label
    return schema


def _record(columns: Sequence[Column], description: str) -> dict[str, Any]:
    properties = {column.key: _property(column) for column in columns}
    properties["updated_at"] = {
        "type": "string",
        "format": "date-time",
        "description": "Thời điểm bản ghi thay đổi lần cuối (thứ tự của luồng thay đổi)",
    }
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
    }


def _page(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
            "next_cursor": {
                "type": "string",
                "nullable": True,
                "description": "Vị trí sau bản ghi cuối của trang; giữ lại để lấy thay đổi sau.",
            },
            "has_more": {"type": "boolean", "description": "Còn bản ghi để lấy ngay."},
        },
        "required": ["results", "next_cursor", "has_more"],
    }


_ERROR = {"$ref": "#/components/schemas/Error"}


def _response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "401": _response("Thiếu khóa API, khóa sai, đã thu hồi hoặc hết hạn", _ERROR),
    "403": _response("Khóa không có quyền với dữ liệu này", _ERROR),
}
_FEED_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "changed_since",
        "in": "query",
        "required": False,
        "description": "Chỉ bản ghi thay đổi từ thời điểm này (ISO 8601).",
        "schema": {"type": "string", "format": "date-time"},
    },
    {
        "name": "cursor",
        "in": "query",
        "required": False,
        "description": "next_cursor của trang trước (tiếp tục, hoặc lấy thay đổi từ lần trước).",
        "schema": {"type": "string"},  # its pattern depends on the feed: _feed_parameters
    },
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "Số bản ghi mỗi trang.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    },
]


def _feed_parameters(feed: str) -> list[dict[str, Any]]:
    parameters = [dict(parameter) for parameter in _FEED_PARAMETERS]
    parameters[1]["schema"] = {"type": "string", "pattern": cursor_pattern(feed)}
    return parameters


def _feed(
    operation_id: str,
    summary: str,
    item: str,
    feed: str,
    extra: list[dict[str, Any]] | None = None,
    not_found: bool = False,
) -> dict[str, Any]:
    responses = {
        "200": _response("Một trang của luồng thay đổi", _page(item)),
        "400": _response("Tham số không hợp lệ", _ERROR),
        **_ERRORS,
    }
    if not_found:
        responses["404"] = _response("Không có tổ chức này trong phạm vi của khóa", _ERROR)
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [*_feed_parameters(feed), *(extra or [])],
            "responses": responses,
        }
    }


def _item(operation_id: str, summary: str, item: str, parameter: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [parameter],
            "responses": {
                "200": _response("Bản ghi", {"$ref": f"#/components/schemas/{item}"}),
                **_ERRORS,
                "404": _response("Không có bản ghi này trong phạm vi của khóa", _ERROR),
            },
        }
    }


def schema() -> dict[str, Any]:
    org_code = {"type": "string", "pattern": ORG_CODE_PATTERN}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "dangvien — API dùng chung",
            "version": VERSION,
            "description": (
                "Đọc dữ liệu tổ chức đảng và đảng viên đã làm sạch, chuẩn hóa (chỉ đọc). Mỗi khóa "
                "API chỉ thấy một tổ chức đảng và các tổ chức trực thuộc, trong phạm vi của người "
                "tạo khóa; mọi lần gọi được ghi nhật ký. Luồng thay đổi: gọi không có cursor để "
                "lấy toàn bộ, đi tiếp bằng next_cursor khi has_more là true, giữ next_cursor của "
                "trang cuối để lần sau chỉ lấy những gì đã thay đổi. Ngày có hai dạng: dd/mm/yyyy "
                "(trường gốc) và ISO 8601 (trường _iso); ngày chỉ biết năm hoặc tháng giữ nguyên "
                "độ chính xác."
            ),
        },
        "security": [{"bearerAuth": []}],
        "paths": {
            f"{PREFIX}/organizations": _feed(
                "listOrganizations",
                "Tổ chức đảng trong phạm vi (luồng thay đổi)",
                "Organization",
                "organizations",
            ),
            f"{PREFIX}/organizations/{{code}}": _item(
                "getOrganization",
                "Một tổ chức đảng",
                "Organization",
                {"name": "code", "in": "path", "required": True, "schema": org_code},
            ),
            f"{PREFIX}/members": _feed(
                "listMembers",
                "Đảng viên trong phạm vi (luồng thay đổi)",
                "Member",
                "members",
                extra=[
                    {
                        "name": "org",
                        "in": "query",
                        "required": False,
                        "description": "Chỉ đảng viên của tổ chức này và các tổ chức trực thuộc.",
                        "schema": org_code,
                    }
                ],
                not_found=True,
            ),
            f"{PREFIX}/members/{{id}}": _item(
                "getMember",
                "Một đảng viên",
                "Member",
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                },
            ),
            f"{PREFIX}/removed-members": _feed(
                "listRemovedMembers",
                "Hồ sơ đảng viên đã bị xóa (gộp hồ sơ trùng): để hệ thống nhận xóa theo",
                "RemovedMember",
                "removed",
            ),
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Authorization: Bearer dv_…  (khóa tạo ở trang “Khóa API”)",
                }
            },
            "schemas": {
                "Member": _record(MEMBER_COLUMNS, "Đảng viên, dữ liệu đã chuẩn hóa"),
                "Organization": _record(ORG_COLUMNS, "Tổ chức đảng"),
                "RemovedMember": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "org_code": {"type": "string", "nullable": True},
                        "removed_at": {"type": "string", "format": "date-time"},
                        "reason": {"type": "string", "nullable": True},
                    },
                    "required": ["id", "org_code", "removed_at", "reason"],
                },
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                            },
                            "required": ["code", "message"],
                        }
                    },
                    "required": ["error"],
                },
            },
        },
    }
