from dangvien.campaign.tests.personas import (  # noqa: F401 (fixtures)
    leader,
    province_viewer,
)
