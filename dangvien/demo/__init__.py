"""Synthetic demo commune (Đảng bộ xã Tam Lư, Thanh Hóa) with planted, fully documented defects.

Pure: no Django import. `generate()` returns the organizations, the member list exactly as it
would be typed in a spreadsheet, and the ground truth of every planted defect; `writers.write()`
saves the list as a legacy-style .xlsx, a .csv or a .parquet file.
"""

from dangvien.demo.defects import DEFECT_CLASSES, DefectClass
from dangvien.demo.generator import generate
from dangvien.demo.model import (
    MEMBER_COLUMNS,
    MEMBER_FIELDS,
    CommuneInfo,
    DemoCommune,
)

__all__ = [
    "DEFECT_CLASSES",
    "MEMBER_COLUMNS",
    "MEMBER_FIELDS",
    "CommuneInfo",
    "DefectClass",
    "DemoCommune",
    "generate",
]
