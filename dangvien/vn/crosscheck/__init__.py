"""Cross-checks of :mod:`dangvien.vn.legacy` against independent implementations.

Run ``python -m dangvien.vn.crosscheck`` (see README.md). Each check returns the differences that
are not on its allow-list of the other implementation's known bugs.
"""
