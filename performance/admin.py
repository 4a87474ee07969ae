from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from import_export.admin import ExportMixin
from import_export.forms import ExportForm

from boroughs.access import BoroughScopedAdminMixin, allowed_area_ids, check_area, restrict
from boroughs.models import Area
from sitewide.admin_history import ReadOnlyHistoryAdmin, RecordAdminMixin
from sitewide.admin_home import StaffTask, register_tasks

# Importing it registers the pages of words, groups and contacts, with their status.
from .admin_attitudes import AttitudeEditionAdmin  # noqa: F401
from .admin_import import (
    FiguresCSV,
    FiguresImportAdminMixin,
    FiguresXLSX,
    RecordedCrimeImportAdminMixin,
)
from .admin_words import PublishedEngagementGroupAdmin  # noqa: F401
from .figures.numbers import plain_decimal
from .figures.resource import FigureResource
from .forms import (
    ChooseAreaYearForm,
    ConfirmWarningsForm,
    FigureForm,
    figure_forms,
    parts_warnings,
)
from .models import (
    AttitudeEdition,
    CrimeEdition,
    Figure,
    FigureStatus,
    FinancialYear,
    Measure,
    Release,
    SeriesBreak,
    SourceCategory,
)
from .models.recorded_crime import TOTAL_CRIME
from .models.releases import figures_of_status, with_publication_status
from .publication.admin import ReleaseAdmin  # noqa: F401  (registers publishing's pages)
from .publication.figure_states import figures_waiting
from .publication.review import preview_url
from .rules import FigureKind, Unit, year_label
from .rules.quarters import quarter_words
from .services import enter_figures


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "unit", "better", "target_kind", "part_of", "position"]
    list_editable = ["position"]
    list_filter = ["unit", "target_kind"]
    search_fields = ["name", "slug"]
    list_select_related = ["part_of"]

    def get_readonly_fields(self, request, obj=None):
        # Slugs are stable identifiers used in files and links: fixed once created.
        return ["slug"] if obj else []


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    list_display = ["label", "start_year"]
    ordering = ["-start_year"]


class FigureStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return FigureStatus.choices

    def queryset(self, request, queryset):
        if self.value() in FigureStatus.values:
            return figures_of_status(queryset, self.value())
        return queryset


@admin.register(Figure)
class FigureAdmin(
    BoroughScopedAdminMixin, FiguresImportAdminMixin, ExportMixin, ReadOnlyHistoryAdmin
):
    form = FigureForm
    list_display = [
        "area",
        "measure",
        "year",
        "kind",
        "shown_value",
        "basis",
        "status",
        "updated_at",
    ]
    fields = [
        "area",
        "measure",
        "year",
        "kind",
        "value",
        "basis",
        "status",
        "correction_reason",
    ]
    list_filter = [FigureStatusFilter, "year", "kind", "basis", "measure", "area__kind", "area"]
    search_fields = ["area__name", "area__code", "measure__name", "measure__slug"]
    list_select_related = ["area", "measure", "year"]
    autocomplete_fields = ["area", "measure"]
    change_list_template = "admin/performance/figure/change_list.html"
    resource_classes = [FigureResource]
    export_formats = [FiguresCSV, FiguresXLSX]
    # Exports are always in the figures format, so no choosing of columns.
    export_form_class = ExportForm

    def get_queryset(self, request):
        return with_publication_status(super().get_queryset(request))

    @admin.display(description="value", ordering="value")
    def shown_value(self, figure):
        return plain_decimal(figure.value)  # 19500, not 19500.00

    @admin.display(description="status")
    def status(self, figure):
        if figure.pk is None:
            return FigureStatus.DRAFT.label
        return FigureStatus(figure.status).label

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "status"]
        if obj is not None and obj.has_been_published:
            # Its published values belong to this area, measure, year and kind.
            readonly += [f for f in Figure.IDENTITY_FIELDS if f not in readonly]
        return readonly

    def has_export_permission(self, request):
        return request.user.has_perm("performance.export_figures")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_export": self.has_export_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "enter/",
                self.admin_site.admin_view(self.enter_view),
                name="performance_figure_enter",
            ),
            *super().get_urls(),
        ]

    def may_enter_figures(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def enter_view(self, request):
        """All of one area's results and targets for a year, on one screen."""
        if not self.may_enter_figures(request):
            raise PermissionDenied
        choose = ChooseAreaYearForm(request.GET or None)
        choose.fields["area"].queryset = restrict(
            choose.fields["area"].queryset, request.user, "pk"
        )
        asked = request.GET.get("area", "")
        if asked.isdigit() and Area.objects.filter(pk=asked).exists():
            check_area(request.user, int(asked))  # another borough's figures: 403
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Enter figures",
            "choose_form": choose,
        }
        if not choose.is_valid():
            return TemplateResponse(request, "admin/performance/figure/enter.html", context)
        area, year = choose.cleaned_data["area"], choose.cleaned_data["year"]
        check_area(request.user, area.pk)
        measures = list(Measure.objects.order_by("position", "name"))
        figures = list(Figure.objects.filter(area=area, year=year))
        existing = {(f.measure_id, f.kind): f.value for f in figures}
        published = {(f.measure_id, f.kind): f.value for f in figures if f.ever_published}
        last_year = {
            (f.measure_id, f.kind): f.value
            for f in Figure.objects.filter(area=area, year__start_year=year.start_year - 1)
        }
        posted = request.POST if request.method == "POST" else None
        rows = figure_forms(measures, existing, posted, published=published, last_year=last_year)
        confirm = ConfirmWarningsForm(posted)
        warnings = []
        if posted is not None and all(form.is_valid() for form in rows):
            warnings = [w for form in rows for w in form.warnings] + parts_warnings(rows)
            confirmed = confirm.is_valid() and confirm.cleaned_data["confirmed"]
            if not warnings or confirmed:
                saved = self._save_entered(request, area, year, rows)
                if saved is not None:
                    return saved
        context.update(
            title=f"Enter figures: {area}, {year}",
            area=area,
            year=year,
            rows=rows,
            has_errors=any(form.errors for form in rows),
            warnings=warnings,
            confirm_form=confirm,
            last_year_label=year_label(year.start_year - 1),
        )
        return TemplateResponse(request, "admin/performance/figure/enter.html", context)

    def _save_entered(self, request, area, year, rows):
        """Save the screen's figures through the one write service; the redirect back to the
        screen, or None (with the error shown) when the service refuses them."""
        values = {
            (form.measure, kind): form.cleaned_data[kind]
            for form in rows
            for kind in (FigureKind.RESULT, FigureKind.TARGET)
        }
        reasons = {form.measure: form.cleaned_data["reason"] for form in rows}
        try:
            result = enter_figures(area=area, year=year, values=values, reasons=reasons)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return None
        messages.success(request, f"Figures for {area}, {year}: {result}.")
        if result.changed:
            # Publishing is offered only to those who may publish; others see the page as
            # it will look, and who publishes it.
            if admin.site.get_model_admin(Release).has_add_permission(request):
                review = reverse("admin:performance_release_add")
                link = format_html(
                    '<a href="{}?year={}&amp;area={}">Review and publish {}, {}</a>',
                    review,
                    year.pk,
                    area.pk,
                    area,
                    year,
                )
            else:
                link = format_html(
                    '<a href="{}">See how {}, {} will look</a>; an Administrator publishes them',
                    preview_url(area, year),
                    area,
                    year,
                )
            messages.warning(
                request,
                format_html(
                    "These figures are drafts: the public sees them only once they are "
                    "published. {}.",
                    link,
                ),
            )
        entry_url = reverse("admin:performance_figure_enter")
        return redirect(f"{entry_url}?{request.GET.urlencode()}")


@admin.register(SourceCategory)
class SourceCategoryAdmin(ReadOnlyHistoryAdmin):
    """The map from the police's recorded crime categories to the measure catalogue.

    A category can be removed only while no edition holds counts of it. A change here
    reaches the public only through the next import and release.
    """

    list_display = ["major", "minor", "measure", "vocabulary"]
    list_filter = ["vocabulary", "measure", "major"]
    search_fields = ["major", "minor"]
    list_select_related = ["measure"]

    def get_readonly_fields(self, request, obj=None):
        # A category that counts were stored under keeps its name: rename by adding anew.
        if obj is not None and obj.source_rows.exists():
            return ["vocabulary", "major", "minor"]
        return []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.source_rows.exists():
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "measure":
            # What SourceCategory.clean accepts: offence measures, not totals.
            offences = Measure.objects.filter(unit=Unit.OFFENCES, parts__isnull=True)
            kwargs["queryset"] = offences.exclude(slug=TOTAL_CRIME)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SeriesBreak)
class SeriesBreakAdmin(ReadOnlyHistoryAdmin):
    """Breaks in a series ("counting rules for violence changed"), on a measure or on a
    source category, from a month on. Like a figure, a break reaches the public only
    through the next release, whose review lists it."""

    list_display = ["note", "from_month", "measure", "category"]
    list_select_related = ["measure", "category"]
    fields = ["measure", "category", "from_month", "note"]


@admin.register(CrimeEdition)
class CrimeEditionAdmin(RecordAdminMixin, RecordedCrimeImportAdminMixin, admin.ModelAdmin):
    """The editions imported (here, or with ``manage.py import_recorded_crime``): a record,
    never edited. Administrators import an edition from its list."""

    list_display = [
        "__str__",
        "layout",
        "first_month",
        "last_month",
        "rows",
        "imported_at",
        "release_at",
    ]
    readonly_fields = [f.name for f in CrimeEdition._meta.fields]


def new_editions_waiting() -> list[str]:
    """Editions of the police's figures and of MOPAC's survey imported (by hand, by a command) and
    not yet released, in words for the staff home."""
    return [
        f"A new edition of the police's figures is ready to review: {edition.day_text}, "
        f"{edition.first_month:%B %Y} to {edition.last_month:%B %Y}."
        for edition in CrimeEdition.objects.filter(release=None).order_by("published_on")
    ] + [
        f"A new edition of the Public Attitude Survey is ready to review: {edition.day_text}, "
        f"to {quarter_words(edition.last_quarter)}."
        for edition in AttitudeEdition.objects.filter(release=None).order_by("published_on")
    ]


@register_tasks(order=10)
def figure_tasks(request) -> list[StaffTask]:
    """The staff home's figure tasks, for those whose role allows each: asked of the pages'
    own admins, so a task is offered exactly where its page lets the person in."""
    figures = admin.site.get_model_admin(Figure)
    can_enter = figures.may_enter_figures(request)
    can_publish = admin.site.get_model_admin(Release).has_add_permission(request)
    waiting = []
    if can_enter and not can_publish:
        waiting = [str(w) for w in figures_waiting(allowed_area_ids(request.user))]
    tasks = []
    if can_enter:
        tasks.append(
            StaffTask(
                "Enter figures",
                "Type a borough's results and targets for a year, all on one screen.",
                reverse("admin:performance_figure_enter"),
                # Those who cannot publish see what they have left for an Administrator.
                waiting=[] if can_publish else waiting,
            )
        )
    if figures.has_import_permission(request):
        tasks.append(
            StaffTask(
                "Import a file",
                "Upload a CSV or Excel file of figures: it is checked, and you see what it "
                "would change, before anything is saved.",
                reverse("admin:performance_figure_import"),
            )
        )
    if can_publish:
        # Each year's drafts are one link away from their review, already chosen.
        review = reverse("admin:performance_release_add")
        waiting_links = [
            (f"Review and publish: {w}", f"{review}?year={w.year.pk}&area=all")
            for w in figures_waiting(allowed_area_ids(request.user))
        ]
        # An edition is published for every year and every area at once: its review so.
        editions = [(words, f"{review}?year=every&area=all") for words in new_editions_waiting()]
        links = editions + waiting_links
        tasks.append(
            StaffTask(
                "Review and publish",
                "See exactly what would change on the public site, old and new values side "
                "by side, then publish it now or at a set time.",
                review,
                waiting=[] if links else ["Nothing waiting: the public site shows every figure."],
                links=links,
            )
        )
    return tasks
