"""Vietnamese text, identity and administrative-unit core. Pure: no Django import anywhere.

Modules (each with one job):

- ``legacy``: strict TCVN3 (ABC) / VNI-Windows / VIQR / Windows-1258 encoders and decoders
  (``encode(text, scheme)`` gives the text as a Western code page shows the legacy bytes).
- ``text``: ``repair(value)`` — per-value detection and repair of legacy fonts, UTF-8 mojibake,
  NFD, confusables, controls and spaces, with a confidence; ``repair_many``; ``clean_value``.
- ``detect`` / ``mojibake`` / ``cleanup`` / ``syllables`` / ``lexicon``: the machinery behind it.
- ``tones``: old/new tone-mark styles, invalid placements, ``compare_key``.
- ``names``: ``normalize_name``, ``name_key`` (accent-free, for blocking only), honorifics.
- ``keys``: accent folding.
- ``identity``: CCCD / số định danh and CMND; ``phones``: mobile/landline normalization.
- ``dates``: ``parse_date`` with precision, ambiguity and impossibility.
- ``units`` / ``addresses``: pre-2025 and 2025 administrative units, free-text address resolution.
- ``columns``: Polars column helpers for the quality engine; ``catalogs``: catalog versions.
- ``cli``: ``dangvien fix-text``; ``crosscheck``: comparison with iconv, npm and PyPI converters.
"""
