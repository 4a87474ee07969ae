"""Words, engagement groups and contacts in the admin, each with its status against what
the public see: draft, published, or changed since publication."""

from functools import partial

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from boroughs.access import BoroughScopedAdminMixin, restrict
from boroughs.admin import EngagementGroupAdmin, UsefulContactAdmin
from boroughs.models import Area, EngagementGroup, UsefulContact
from sitewide.admin_history import ReadOnlyHistoryAdmin
from sitewide.admin_home import StaffTask, register_tasks

from .models import (
    BoroughSummary,
    ContentKind,
    FigureStatus,
    LondonSummary,
    PopulationEstimate,
)
from .publication.content import (
    listed_status,
    with_released_lists,
    with_released_words,
    words_status,
)
from .publication.review import preview_url
from .rules import plural


class PublicationStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return FigureStatus.choices

    def queryset(self, request, queryset):
        if self.value() not in FigureStatus.values:
            return queryset
        # Compared field by field in Python: these lists are a few hundred rows at most.
        status_of = self.model_admin_status
        return queryset.filter(pk__in=[r.pk for r in queryset if status_of(r) == self.value()])

    def __init__(self, request, params, model, model_admin):
        self.model_admin_status = model_admin.publication_status
        super().__init__(request, params, model, model_admin)


class PublicationStatusMixin:
    """Words, groups and contacts show where they stand against what the public see (draft,
    published, changed since publication) in their list, with a filter, and on their form.

    ``with_released`` annotates the queryset with the released data; ``publication_status``
    reads one object's status from it."""

    with_released = None
    publication_status = None

    def get_queryset(self, request):
        return type(self).with_released(super().get_queryset(request))

    def get_list_display(self, request):
        return [*super().get_list_display(request), "status"]

    def get_list_filter(self, request):
        return [PublicationStatusFilter, *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "status"]

    def get_fieldsets(self, request, obj=None):
        first, *rest = super().get_fieldsets(request, obj)
        name, options = first
        if "status" in options["fields"]:
            return [first, *rest]
        return [(name, {**options, "fields": [*options["fields"], "status"]}), *rest]

    @admin.display(description="status")
    def status(self, obj):
        if obj is None or obj.pk is None:
            return FigureStatus.DRAFT.label
        return type(self).publication_status(obj).label


class WordsStatusMixin(PublicationStatusMixin):
    with_released = staticmethod(with_released_words)
    publication_status = staticmethod(words_status)


class PublishedEngagementGroupAdmin(PublicationStatusMixin, EngagementGroupAdmin):
    with_released = staticmethod(partial(with_released_lists, kind=ContentKind.GROUPS))
    publication_status = staticmethod(listed_status)


class PublishedUsefulContactAdmin(PublicationStatusMixin, UsefulContactAdmin):
    with_released = staticmethod(partial(with_released_lists, kind=ContentKind.CONTACTS))
    publication_status = staticmethod(listed_status)


def register_published_lists(site) -> None:
    """Groups and contacts belong to the boroughs app, which knows nothing of releases:
    their pages are registered here extended with each row's status, in place of the
    boroughs app's own if it registered them first (boroughs.admin.register_lists)."""
    for model, model_admin in (
        (EngagementGroup, PublishedEngagementGroupAdmin),
        (UsefulContact, PublishedUsefulContactAdmin),
    ):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)


register_published_lists(admin.site)


@admin.register(BoroughSummary)
class BoroughSummaryAdmin(WordsStatusMixin, BoroughScopedAdminMixin, ReadOnlyHistoryAdmin):
    list_display = ["area", "year", "commander_name", "preview_link"]
    list_filter = ["year", "area"]
    search_fields = ["area__name", "commander_name", "commander_message"]
    list_select_related = ["area", "year"]
    fieldsets = [
        (None, {"fields": ["area", "year", "figures_note"]}),
        ("Borough Commander", {"fields": ["commander_name", "commander_message"]}),
        ("Local initiatives and priorities", {"fields": ["initiatives", "priorities_text"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area":
            kwargs["queryset"] = restrict(Area.objects.boroughs(), request.user, "pk")
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="preview")
    def preview_link(self, summary):
        return format_html('<a href="{}">Preview</a>', preview_url(summary.area, summary.year))


@admin.register(LondonSummary)
class LondonSummaryAdmin(WordsStatusMixin, ReadOnlyHistoryAdmin):
    list_display = ["year", "chair_name", "mission_title", "plan_title"]
    list_select_related = ["year"]
    search_fields = ["chair_name", "chair_message"]
    fieldsets = [
        (None, {"fields": ["year", "figures_note"]}),
        ("Chair's message", {"fields": ["chair_message", "chair_name", "chair_role"]}),
        ("Strategic mission", {"fields": ["mission_title", "mission_text", "mission_outcomes"]}),
        ("Business plan", {"fields": ["plan_title", "strategic_priorities"]}),
    ]


@admin.register(PopulationEstimate)
class PopulationEstimateAdmin(admin.ModelAdmin):
    """Each borough's residents by year and source, for rates per 1,000: the public see an
    estimate once a release covering its borough is published."""

    list_display = ["area", "year", "population", "source"]
    list_filter = ["year"]
    search_fields = ["area__name", "source"]
    list_select_related = ["area"]


@register_tasks(order=15)
def words_tasks(request) -> list[StaffTask]:
    """The staff home's task for a borough's words (the Borough Commander's message, local
    initiatives and priorities), for those who may write them, with the boroughs in their
    care that have none yet for the latest year."""
    words = admin.site.get_model_admin(BoroughSummary)
    if not (words.has_add_permission(request) or words.has_change_permission(request)):
        return []
    boroughs = restrict(Area.objects.boroughs(), request.user, "pk")
    latest = BoroughSummary.objects.select_related("year").order_by("-year__start_year").first()
    year = latest.year if latest else None
    links, waiting = [], []
    if year is not None:
        written = set(
            BoroughSummary.objects.filter(year=year, area__in=boroughs)
            .exclude(commander_message="")
            .values_list("area_id", flat=True)
        )
        missing = [b for b in boroughs.order_by("name") if b.pk not in written]
        if missing:
            waiting.append(
                f"{len(missing)} {plural(len(missing), 'borough has', 'boroughs have')} no Borough "
                f"Commander's message for {year.label}"
                + (f": {missing[0].name}" if len(missing) == 1 else "")
            )
        changelist = reverse("admin:performance_boroughsummary_changelist")
        mine = list(boroughs.order_by("name")[: LINKED_BOROUGHS + 1])
        if len(mine) <= LINKED_BOROUGHS:
            links = [
                (
                    f"{b.name}, {year.label}",
                    f"{changelist}?area__id__exact={b.pk}&year__id__exact={year.pk}",
                )
                for b in mine
            ]
    return [
        StaffTask(
            "Write a borough's words",
            "The Borough Commander's message, local initiatives and priorities on a borough's "
            "page: drafts until they are published.",
            reverse("admin:performance_boroughsummary_changelist"),
            waiting=waiting,
            links=links,
        )
    ]


# A borough editor's own boroughs are linked from the home; London-wide staff choose from
# the list instead of a link for each of 32.
LINKED_BOROUGHS = 3


@register_tasks(order=16)
def population_tasks(request) -> list[StaffTask]:
    """The staff home's task for populations, for those who may add them, saying which year
    the latest estimates are for: rates for years far from it say so."""
    if not admin.site.get_model_admin(PopulationEstimate).has_add_permission(request):
        return []
    latest = PopulationEstimate.objects.order_by("-year").values_list("year", "source").first()
    waiting = (
        [f"The latest population estimates are for {latest[0]} ({latest[1]})"]
        if latest
        else ["No population estimates yet: no rates per 1,000 residents are shown"]
    )
    return [
        StaffTask(
            "Add population estimates",
            "Each borough's residents in a year, from a named source, for rates per 1,000 "
            "residents: the public see them once a release is published.",
            reverse("admin:performance_populationestimate_add"),
            waiting=waiting,
        )
    ]
