"""Admin pages for what the public reads live rather than through a release.

Areas (names) and surveys with their questions and options are
reference data the public pages read as they stand. Every admin write to them marks the
cached public pages stale here, explicitly: no signal hooks, and nothing that a
``queryset.update`` could skip.
"""

from sitewide.cache import invalidate_public_pages


class ChangesPublicPagesMixin:
    """Marks cached public pages stale after every write this admin makes."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate_public_pages()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        invalidate_public_pages()  # inlines: a survey's questions and their options

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidate_public_pages()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        invalidate_public_pages()
