"""Exporters yield rows, formats render once (pure: no Django).

`base` defines columns and datasets; `members`, `orgs` and `statistics` produce datasets from plain
records and figures; `render` writes any dataset as CSV, XLSX or JSON. The web pages, the CLI and
the sync API all go through these, so a record reads the same wherever it is exported.
"""
