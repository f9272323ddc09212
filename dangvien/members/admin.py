from django.contrib import admin

from dangvien.members.models import Member


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("full_name", "org", "status", "birth_date", "citizen_id")
    list_filter = ("status", "org")
    search_fields = ("full_name", "citizen_id", "card_number")
    raw_id_fields = ("org", "import_run")
