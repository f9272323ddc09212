from django.contrib import admin

from dangvien.reference.models import CatalogEntry


@admin.register(CatalogEntry)
class CatalogEntryAdmin(admin.ModelAdmin):
    list_display = ("catalog", "code", "name", "version", "effective_date")
    list_filter = ("catalog", "version")
    search_fields = ("code", "name")
