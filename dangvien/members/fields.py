"""Model fields derived from the data dictionary, so the schema cannot drift from it."""

from __future__ import annotations

from django.db import models

from dangvien.quality.dictionary import FieldSpec, Kind


def model_fields_for(spec: FieldSpec) -> dict[str, models.Field[object, object]]:
    """The Django field(s) that store one dictionary field; dates also get their precision."""
    label = spec.label
    if spec.kind is Kind.DATE:
        return {
            spec.name: models.DateField(
                label, null=True, blank=True, db_index=spec.name == "birth_date"
            ),
            f"{spec.name}_precision": models.CharField(
                f"{label} (độ chính xác)",
                max_length=5,
                blank=True,
                default="",
                choices=[("day", "ngày"), ("month", "tháng"), ("year", "năm")],
            ),
        }
    if spec.kind is Kind.BOOL:
        return {spec.name: models.BooleanField(label, default=False)}
    if spec.kind is Kind.ORG:
        return {
            spec.name: models.ForeignKey(
                "orgs.Organization",
                verbose_name=label,
                on_delete=models.PROTECT,
                related_name="members",
            )
        }
    choices = list(spec.choices.items()) if spec.choices else None
    return {
        spec.name: models.CharField(
            label,
            max_length=spec.max_length,
            blank=True,
            default="",
            choices=choices,
            db_index=spec.name in {"citizen_id", "card_number", "full_name"},
        )
    }
