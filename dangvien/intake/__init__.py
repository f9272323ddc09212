"""Reading member lists and organization files into the canonical table (pure: no Django).

Django parts of this app (`models`, `admin`, `apps`, `migrations`) are separate modules; importing
`dangvien.intake` itself never imports Django.
"""

from dangvien.intake.errors import IntakeError
from dangvien.intake.mapping import ColumnMapping, ColumnMappings, MappingTemplate
from dangvien.intake.reader import (
    DetectedTable,
    IntakeResult,
    canonical_from_text_frame,
    read_members,
    read_orgs,
)
from dangvien.intake.rows import SkippedRow

__all__ = [
    "ColumnMapping",
    "ColumnMappings",
    "DetectedTable",
    "IntakeError",
    "IntakeResult",
    "MappingTemplate",
    "SkippedRow",
    "canonical_from_text_frame",
    "read_members",
    "read_orgs",
]
