from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse

from sitewide.admin_history import ReadOnlyHistoryAdmin
from sitewide.admin_home import StaffTask, register_tasks
from sitewide.admin_public import ChangesPublicPagesMixin

from .access import BoroughScopedAdminMixin
from .models import Area, BoroughAssignment, EngagementGroup, UsefulContact


class EngagementGroupInline(admin.StackedInline):
    model = EngagementGroup
    extra = 0


class UsefulContactInline(admin.TabularInline):
    model = UsefulContact
    extra = 0
    fields = ["name", "description", "telephone", "minicom", "website", "position"]


@admin.register(Area)
class AreaAdmin(ChangesPublicPagesMixin, BoroughScopedAdminMixin, admin.ModelAdmin):
    borough_field = "pk"

    list_display = ["name", "code", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "slug"]
    inlines = [EngagementGroupInline, UsefulContactInline]

    def get_readonly_fields(self, request, obj=None):
        # Codes and slugs identify an area in files and links.
        return ["code", "slug", "kind"] if obj else []


class EngagementGroupAdmin(BoroughScopedAdminMixin, ReadOnlyHistoryAdmin):
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


class UsefulContactAdmin(BoroughScopedAdminMixin, ReadOnlyHistoryAdmin):
    list_display = ["name", "area", "telephone", "website", "position"]
    list_filter = [PanLondonFilter, "area"]
    search_fields = ["name", "description", "area__name"]
    list_select_related = ["area"]


class BoroughAssignmentInline(admin.TabularInline):
    """On a user: the boroughs a Borough editor may see and edit."""

    model = BoroughAssignment
    extra = 0
    verbose_name = "borough this user edits (Borough editors only)"
    verbose_name_plural = "boroughs this user edits (Borough editors only)"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, BoroughAssignmentInline]


@register_tasks(order=30)
def user_tasks(request) -> list[StaffTask]:
    """Administrators give staff their roles and boroughs."""
    if not request.user.has_perm("auth.change_user"):
        return []
    return [
        StaffTask(
            "Users and roles",
            "Add staff, give each a role (Administrator, Borough editor, Analyst, Consultation "
            "officer) and the boroughs they edit.",
            reverse("admin:auth_user_changelist"),
        )
    ]


def register_lists(site) -> None:
    """The engagement groups' and contacts' pages, unless performance has registered them
    already, extended with each row's publication status (it knows releases): so the
    order the apps' admin modules load in makes no difference."""
    for model, model_admin in (
        (EngagementGroup, EngagementGroupAdmin),
        (UsefulContact, UsefulContactAdmin),
    ):
        if not site.is_registered(model):
            site.register(model, model_admin)


register_lists(admin.site)
