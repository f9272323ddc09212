"""The import wizard: upload → columns → dry run → commit (background job) → roll back."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvien.accounts.access import COMMUNE_ADMIN, roles_required
from dangvien.campaign.forms import MappingForm, UploadForm
from dangvien.campaign.import_apply import import_rollback
from dangvien.campaign.imports import (
    FIELD_LABELS,
    ImportFailed,
    import_commit_enqueue,
    import_dry_run,
    import_set_mapping,
    import_stage,
    mapping_template_delete,
    max_upload_bytes,
)
from dangvien.campaign.models import MappingTemplateRecord
from dangvien.campaign.selectors import (
    communes_for,
    import_job,
    import_run_for,
    import_runs_for,
    mapping_templates,
)
from dangvien.intake.models import ImportRun
from dangvien.review.models import DIMENSIONS, SEVERITIES

ADMIN = [COMMUNE_ADMIN]
# A multipart body carries a little more than the file itself.
_ENVELOPE = 64 * 1024
FIELD_CHOICES = [("", "— Không ánh xạ (giữ ở cột phụ) —")] + [
    (name, label) for name, label in FIELD_LABELS.items()
]


def _run(request: HttpRequest, pk: int) -> ImportRun:
    try:
        return import_run_for(request.user, pk)
    except ImportRun.DoesNotExist:
        raise Http404("Không có lần nhập này trong phạm vi của đồng chí.") from None


@roles_required(ADMIN)
def imports(request: HttpRequest) -> HttpResponse:
    """Past imports and the upload form (step 1)."""
    limit = max_upload_bytes()
    templates = list(mapping_templates())
    communes = list(communes_for(request.user))
    form = UploadForm(templates=templates, max_bytes=limit)
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit + _ENVELOPE:
            form.add_error(
                None, f"Tệp quá lớn; giới hạn là {limit // (1024 * 1024)} MB cho mỗi lần nhập."
            )
        else:
            form = UploadForm(request.POST, request.FILES, templates=templates, max_bytes=limit)
            if form.is_valid():
                template = next(
                    (t for t in templates if str(t.pk) == form.cleaned_data["template"]), None
                )
                upload = form.cleaned_data["file"]
                try:
                    run = import_stage(
                        actor=request.user,
                        commune=communes[0],
                        file_name=upload.name,
                        chunks=upload.chunks(),
                        source=form.cleaned_data["source"],
                        template=template,
                    )
                except ImportFailed as error:
                    form.add_error("file", error.message)
                else:
                    return redirect("campaign:import_mapping", pk=run.pk)
    runs = list(import_runs_for(request.user).order_by("-created_at")[:50])
    return render(
        request,
        "campaign/imports.html",
        {
            "form": form,
            "runs": runs,
            "templates": templates,
            "commune": communes[0] if communes else None,
        },
    )


@roles_required(ADMIN)
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: the detected column mapping, editable, savable as a template."""
    run = _run(request, pk)
    if run.state != ImportRun.State.STAGED:
        return redirect("campaign:import_run", pk=run.pk)
    columns = [e for e in run.mapping if e.get("role") in ("field", "extra")]
    derived = [e for e in run.mapping if e.get("role") == "derived"]
    form = MappingForm(request.POST or None, columns=columns, choices=FIELD_CHOICES)
    if request.method == "POST" and form.is_valid():
        try:
            import_set_mapping(
                run=run,
                actor=request.user,
                columns=form.mapping(),
                save_as=form.cleaned_data["save_as"],
            )
            import_dry_run(run=run, actor=request.user)
        except ImportFailed as error:
            form.add_error(None, error.message)
        else:
            return redirect("campaign:import_dry_run", pk=run.pk)
    return render(
        request,
        "campaign/import_mapping.html",
        {"run": run, "form": form, "derived": derived, "step": 2},
    )


@roles_required(ADMIN)
def import_dry_run_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: what the file holds and what writing it would do."""
    run = _run(request, pk)
    if not run.summary:
        return redirect("campaign:import_mapping", pk=run.pk)
    return render(
        request,
        "campaign/import_dry_run.html",
        {
            "run": run,
            "s": run.summary,
            "dimensions": DIMENSIONS,
            "severities": SEVERITIES,
            "job": import_job(run),
            "step": 3,
        },
    )


@require_POST
@roles_required(ADMIN)
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 4: queue the commit; the run page shows its progress."""
    run = _run(request, pk)
    try:
        import_commit_enqueue(run=run, actor=request.user)
    except ImportFailed as error:
        messages.error(request, error.message)
        return redirect("campaign:import_dry_run", pk=run.pk)
    return redirect("campaign:import_run", pk=run.pk)


@roles_required(ADMIN)
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    return render(
        request,
        "campaign/import_run.html",
        {"run": run, "job": import_job(run), "step": 4},
    )


@roles_required(ADMIN)
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar fragment, polled by htmx every second while the job runs."""
    run = _run(request, pk)
    return render(request, "campaign/_import_progress.html", {"run": run, "job": import_job(run)})


@require_POST
@roles_required(ADMIN)
def import_rollback_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        counts = import_rollback(run=run, actor=request.user)
    except ImportFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Đã hoàn tác lần nhập: xóa {counts['removed']} hồ sơ tạo mới, "
            f"trả lại {counts['restored']} hồ sơ như trước.",
        )
    return redirect("campaign:import_run", pk=run.pk)


@require_POST
@roles_required(ADMIN)
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        template = mapping_templates().get(pk=pk)
    except MappingTemplateRecord.DoesNotExist:
        raise Http404("Không có mẫu ánh xạ này.") from None
    mapping_template_delete(template=template, actor=request.user)
    messages.success(request, f"Đã xóa mẫu ánh xạ «{template.name}».")
    return redirect("campaign:imports")
