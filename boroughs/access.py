"""Who may see and change which boroughs' content: the staff roles of issue 5.

Roles are Django groups created by a migration (boroughs/migrations/0004_staff_roles.py).
A *Borough editor* sees and edits only the boroughs assigned to them
(BoroughAssignment); every other role is London-wide. Every admin page,
action, import and export asks ``allowed_area_ids`` rather than trusting menus.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

ADMINISTRATOR = "Administrator"
BOROUGH_EDITOR = "Borough editor"
ANALYST = "Analyst"
CONSULTATION_OFFICER = "Consultation officer"
ROLES = [ADMINISTRATOR, BOROUGH_EDITOR, ANALYST, CONSULTATION_OFFICER]


def is_borough_editor(user) -> bool:
    if not user.is_authenticated or user.is_superuser:
        return False
    if not hasattr(user, "_lps_roles"):
        user._lps_roles = set(user.groups.values_list("name", flat=True))
    roles = user._lps_roles
    # Any London-wide role alongside editing widens the view to London.
    return BOROUGH_EDITOR in roles and not roles & {ADMINISTRATOR, ANALYST, CONSULTATION_OFFICER}


def allowed_area_ids(user) -> set[int] | None:
    """The areas a user may see in the back office; None means every area."""
    if not is_borough_editor(user):
        return None
    if not hasattr(user, "_lps_area_ids"):
        from .models import BoroughAssignment

        user._lps_area_ids = set(
            BoroughAssignment.objects.filter(user=user).values_list("area_id", flat=True)
        )
    return user._lps_area_ids


def restrict(queryset, user, field: str = "area"):
    """Only rows of the areas the user may see (every row for London-wide roles)."""
    allowed = allowed_area_ids(user)
    if allowed is None:
        return queryset
    return queryset.filter(**{f"{field}__in": allowed})


def check_area(user, area_id) -> None:
    """Refuse (403) an area the user may not touch."""
    allowed = allowed_area_ids(user)
    if allowed is not None and area_id not in allowed:
        raise PermissionDenied


class BoroughScopedAdminMixin:
    """Admin for content that belongs to a borough: lists, forms, saves, deletes, history,
    exports and lookups all keep a borough editor to their own boroughs.

    An object of another borough reached by changing the id in the address is refused
    with 403, not just hidden.
    """

    borough_field = "area"

    def _area_id_of(self, obj):
        """The borough an object belongs to: for an area itself (``borough_field = "pk"``),
        its own id."""
        if self.borough_field == "pk":
            return obj.pk
        return getattr(obj, f"{self.borough_field}_id", None)

    def get_queryset(self, request):
        return restrict(super().get_queryset(request), request.user, self.borough_field)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and allowed_area_ids(request.user) is not None:
            model = self.model
            field = from_field or model._meta.pk.name
            try:
                exists = model._default_manager.filter(**{field: object_id}).exists()
            except (ValueError, TypeError):
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    def check_history_record(self, request, record):
        # The borough the past version had: an object moved between boroughs keeps its
        # earlier borough's values out of sight.
        check_area(request.user, self._area_id_of(record))

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return restrict(queryset, request.user, self.borough_field)

    def history_view(self, request, object_id, extra_context=None):
        # The history of an object outside the editor's boroughs, or of a deleted one
        # (whose borough cannot be checked), is refused.
        from django.contrib.admin.utils import unquote

        if allowed_area_ids(request.user) is not None and (
            self.get_object(request, unquote(object_id)) is None
        ):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.borough_field:
            allowed = allowed_area_ids(request.user)
            if allowed is not None:
                kwargs["queryset"] = db_field.remote_field.model.objects.filter(pk__in=allowed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        check_area(request.user, self._area_id_of(obj))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        check_area(request.user, self._area_id_of(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, restrict(queryset, request.user, self.borough_field))
