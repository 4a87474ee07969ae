"""Change history in the admin: every model with history can be read there, never reverted.

django-simple-history adds two pages to each admin: the list of an object's changes
and one past version (``…/<id>/history/<history_id>/``). Out of the box the second
is a "revert" form that saves whatever is posted to it after checking only that the
user may *view* the model, outside any other check the admin makes. Staff do not need
revert: a past value is entered again like any other change, with its reason, and
goes through drafts and publication. So here the past version is shown read-only,
a POST is refused, and both pages ask the admin's own checks (``get_object``, view
permission and ``check_history_record``) that the change page asks.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def check_history_record(self, request, record) -> None:
        """Refuse (PermissionDenied) a past version the user may not read.

        Nothing more by default; an admin that limits objects by borough checks the
        borough the version had, since it may differ from the object's today."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            # Reverting is switched off (SIMPLE_HISTORY_REVERT_DISABLED): nothing is saved here.
            return HttpResponseNotAllowed(["GET", "HEAD"])
        history = self.model.history.model
        pk_name = self.model._meta.pk.attname
        try:
            record = history.objects.filter(
                **{pk_name: unquote(object_id), "history_id": unquote(version_id)}
            ).first()
        except (ValueError, TypeError):
            record = None
        if record is None:
            raise Http404("There is no such version.")
        current = self.get_object(request, unquote(object_id))  # another borough's: 403
        if not self.has_view_permission(request, current or record.instance):
            raise PermissionDenied
        self.check_history_record(request, record)
        request.viewing_past_version = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        if getattr(request, "viewing_past_version", False):
            # A past version is shown, not edited: every field as text, no inputs.
            return [f.name for f in self.model._meta.fields if f.editable and not f.primary_key]
        return super().get_readonly_fields(request, obj)

    def revert_disabled(self, request, obj=None):
        return True


class RecordAdminMixin:
    """An admin for a record of what happened (an edition imported, a response deleted):
    read in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
