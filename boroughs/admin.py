from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Area, EngagementGroup, UsefulContact


class EngagementGroupInline(admin.StackedInline):
    model = EngagementGroup
    extra = 0


class UsefulContactInline(admin.TabularInline):
    model = UsefulContact
    extra = 0
    fields = ["name", "description", "telephone", "minicom", "website", "position"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "slug"]
    inlines = [EngagementGroupInline, UsefulContactInline]

    def get_readonly_fields(self, request, obj=None):
        # Codes and slugs identify an area in files and links.
        return ["code", "slug", "kind"] if obj else []


@admin.register(EngagementGroup)
class EngagementGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area", "email", "telephone"]
    list_filter = ["area"]
    search_fields = ["name", "area__name", "description"]
    list_select_related = ["area"]


class PanLondonFilter(admin.SimpleListFilter):
    title = "where shown"
    parameter_name = "shown"

    def lookups(self, request, model_admin):
        return [("pan-london", "Every borough (pan-London)"), ("borough", "One borough")]

    def queryset(self, request, queryset):
        if self.value() == "pan-london":
            return queryset.filter(area__isnull=True)
        if self.value() == "borough":
            return queryset.filter(area__isnull=False)
        return queryset


@admin.register(UsefulContact)
class UsefulContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area", "telephone", "website", "position"]
    list_filter = [PanLondonFilter, "area"]
    search_fields = ["name", "description", "area__name"]
    list_select_related = ["area"]
