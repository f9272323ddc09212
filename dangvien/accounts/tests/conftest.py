from dangvien.campaign.tests.personas import leader, province_viewer  # noqa: F401 (fixtures)
