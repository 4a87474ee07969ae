"""Publishing in the admin: choose a scope, review exactly what it would change, publish.

The review is planned once (publishing.plan_release) and carries the plan's digest; the
confirmation publishes through publishing.publish, which plans again under the
publication lock and refuses a plan whose digest is not the one reviewed. Reasons typed
on the review screen are saved by the view, through the same service as the entry
screen, never while a form is being validated.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from boroughs.access import allowed_area_ids, check_area
from boroughs.models import Area

from ..addresses import borough_or_404, year_or_404
from ..models import Figure, FinancialYear, PublishedVia, Release
from ..public import borough_page_context
from ..rules import format_count
from ..services import give_correction_reasons
from .planning import plan_release
from .preview import draft_area_year
from .review import figure_rows, outcome_rows
from .scope import PublishError, ReviewOutdated
from .writing import publish


def scheduled_for(release_at):
    """When a release set for later appears, in local time; None when it is now."""
    if release_at is None or release_at <= timezone.now():
        return None
    return timezone.localtime(release_at)


def nothing_published_text(result) -> str:
    """Why confirming published nothing: someone else's release a moment before did it."""
    earlier = result.just_published
    if earlier is None:
        return "Nothing to publish: everything is published already."
    person = earlier.published_by
    who = (person.get_full_name() or person.get_username()) if person else "a command"
    return (
        f"Nothing more to publish: {result.plan.scope.describe()} was published a moment ago, "
        f"at {timezone.localtime(earlier.created_at):%H:%M} on "
        f"{timezone.localtime(earlier.created_at):%-d %B %Y}, by {who}."
    )


# The review screen's reason box for one changed published figure: this, then its id.
REASON_FIELD = "correction_reason_"


def correction_reason_field(figure) -> str:
    return f"{REASON_FIELD}{figure.pk}"


def reasons_typed(data) -> dict:
    """The reasons typed on the review screen, by figure."""
    typed = {
        int(name.removeprefix(REASON_FIELD)): value
        for name, value in data.items()
        if name.startswith(REASON_FIELD) and name.removeprefix(REASON_FIELD).isdigit()
    }
    return {figure: typed[figure.pk] for figure in Figure.objects.filter(pk__in=typed)}


def problem_link(problem):
    """A problem that names a figure links to it, to give the reason there."""
    if getattr(problem, "figure", None) is None:
        return problem
    url = reverse("admin:performance_figure_change", args=[problem.figure.pk])
    return format_html('<a href="{}">{}</a>', url, problem)


# The choices that mean "everything": chosen explicitly, never by leaving a box empty.
EVERY_YEAR, EVERY_AREA = "every", "all"


class ScopeChoiceField(forms.ChoiceField):
    """A year or an area to publish, or all of them as a choice of its own. Plain choices,
    so the admin adds no edit, add or delete links beside them (one offered to delete the
    year)."""

    def __init__(self, *, everything, everything_label, choose_label, **kwargs):
        super().__init__(**kwargs)
        self.everything = everything
        self.everything_label = everything_label
        self.choose_label = choose_label

    def set_objects(self, objects):
        self.objects = {str(obj.pk): obj for obj in objects}
        self.choices = [
            ("", self.choose_label),
            (self.everything, self.everything_label),
            *((pk, str(obj)) for pk, obj in self.objects.items()),
        ]

    def clean(self, value):
        value = super().clean(value)
        return None if value == self.everything else self.objects[value]


class ReleaseForm(forms.ModelForm):
    """What to publish and when. It only checks what was chosen: planning and publishing
    are the view's, so validating the form writes nothing."""

    year = ScopeChoiceField(
        label="Year",
        everything=EVERY_YEAR,
        everything_label="Every year",
        choose_label="Choose a year",
        help_text="A recorded crime edition is published only with a release for every year "
        "and every area.",
    )
    area = ScopeChoiceField(
        label="Who it is for",
        everything=EVERY_AREA,
        everything_label="All boroughs and London-wide",
        choose_label="Choose a borough, London-wide or all",
    )

    class Meta:
        model = Release
        fields = ["year", "area", "release_at", "reason"]
        help_texts = {
            "release_at": "Nothing appears on the public site before this date and time.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].set_objects(FinancialYear.objects.order_by("-start_year"))
        self.fields["area"].set_objects(Area.objects.order_by("-kind", "name"))


REFUSED = (
    "This cannot be published yet. Published figures that change need a reason (follow "
    "each link to give it), and a release that withdraws figures needs its own reason:"
)


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    """Publishing: a release freezes a year's outcomes, for one area or all, at a set time.

    Staff choose what to publish, see exactly what it would change (new, revised with
    their causes, withdrawn), and confirm.
    """

    form = ReleaseForm
    list_display = [
        "__str__",
        "year",
        "area",
        "release_at",
        "published_by",
        "published_via",
        "changes",
        "reason",
    ]
    list_filter = ["year", "published_via"]
    list_select_related = ["year", "area", "published_by"]

    @admin.display(description="outcomes changed")
    def changes(self, release):
        counts = release.counts or {}
        return (
            f"{counts.get('new', 0)} new, {counts.get('revised', 0)} revised, "
            f"{counts.get('withdrawn', 0)} withdrawn"
        )

    def has_change_permission(self, request, obj=None):
        return False  # a release is a record of what was published: it never changes

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """First what the release would change; publishing only once that is confirmed."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST" and "year" in request.GET:
            return self._review_chosen(request)
        extra_context = {**(extra_context or {}), "title": "Choose what to publish"}
        if request.method != "POST":
            return super().add_view(request, form_url, extra_context)
        form = self.get_form(request)(request.POST)
        if not form.is_valid():
            return super().add_view(request, form_url, extra_context)
        give_correction_reasons(reasons_typed(request.POST))
        if "_confirmed" in request.POST:
            return self._publish(request, form)
        return self._plan_and_review(request, form)

    def _review_chosen(self, request):
        """The review of what the staff home's link chose (?year=<id>&area=all), to publish
        now: the drafts waiting are already chosen, nothing to fill in first."""
        now = timezone.localtime()
        data = {
            "year": request.GET.get("year", ""),
            "area": request.GET.get("area", EVERY_AREA),
            "release_at_0": now.strftime("%Y-%m-%d"),
            "release_at_1": now.strftime("%H:%M:%S"),
            "reason": "",
        }
        form = self.get_form(request)(data)
        if not form.is_valid():
            return self._render_form(request, form)
        return self._plan_and_review(request, form, data=data)

    def _plan_and_review(self, request, form, data=None):
        """What the chosen release would change, for review; refused with the reasons when
        something blocks it (a withdrawal without a reason)."""
        chosen = form.cleaned_data
        plan = plan_release(year=chosen["year"], area=chosen["area"], reason=chosen["reason"])
        blocking = [p for p in plan.problems if p.figure is None]
        if blocking:
            form.add_error(None, [REFUSED, *blocking])
            return self._render_form(request, form)
        return self._review(request, form, plan, data=data)

    def _publish(self, request, form):
        chosen = form.cleaned_data
        try:
            result = publish(
                year=chosen["year"],
                area=chosen["area"],
                # A time that passed while the release was reviewed means now: a release
                # never changes what the public could read on a day already gone.
                release_at=max(chosen["release_at"], timezone.now()),
                by=request.user,
                via=PublishedVia.ADMIN,
                reason=chosen["reason"],
                reviewed=request.POST.get("plan_digest", ""),
            )
        except ReviewOutdated as outdated:
            self.message_user(request, str(outdated), messages.ERROR)
            return self._review(request, form, outdated.plan)
        except PublishError as error:
            return self._review(request, form, error.plan, refused=error.problems)
        if result.release is None:
            self.message_user(request, nothing_published_text(result), messages.WARNING)
            return redirect("admin:performance_release_changelist")
        return redirect("admin:performance_release_published", result.release.pk)

    def published_view(self, request, pk):
        """What is now public (or will be, at its time): the success page after publishing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        release = get_object_or_404(Release.objects.select_related("year", "area"), pk=pk)
        # For every area, London-wide's page, which leads to each borough's; for every year,
        # no one page (the template says so).
        area = release.area or Area.objects.london()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Published" if release.release_at <= timezone.now() else "Scheduled",
            "release": release,
            "scheduled_for": scheduled_for(release.release_at),
            "pages": (
                [(area.name, release.year.label, _public_page(area, release.year))]
                if release.year
                else []
            ),
        }
        return TemplateResponse(request, "admin/performance/release/published.html", context)

    def _render_form(self, request, form):
        admin_form = admin.helpers.AdminForm(
            form, list(self.get_fieldsets(request)), {}, model_admin=self
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Choose what to publish",
            "adminform": admin_form,
            "errors": admin.helpers.AdminErrorList(form, []),
            "media": self.media + admin_form.media,
        }
        return self.render_change_form(request, context, add=True)

    def _review(self, request, form, plan, refused=(), data=None):
        figures, more_figures = figure_rows(plan)
        return TemplateResponse(
            request,
            "admin/performance/release/review.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"Publish {plan.scope.describe()}?",
                "plan": plan,
                "form": form,
                "refused": [REFUSED, *(problem_link(p) for p in refused)] if refused else [],
                "scheduled_for": scheduled_for(form.cleaned_data.get("release_at")),
                "figure_rows": figures,
                "more_figures": more_figures,
                "outcome_rows": outcome_rows(plan),
                "fields": [
                    (k, v)
                    for k, v in (request.POST if data is None else data).items()
                    if k not in ("csrfmiddlewaretoken", "_save", "_confirmed", "plan_digest")
                    and not k.startswith(REASON_FIELD)
                ],
                "reasons_needed": [
                    (
                        f"{problem} to {format_count(problem.figure.value)}",
                        correction_reason_field(problem.figure),
                        problem.figure,
                    )
                    for problem in plan.problems
                    if problem.figure is not None
                ],
            },
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/published/",
                self.admin_site.admin_view(self.published_view),
                name="performance_release_published",
            ),
            path(
                "preview/<slug:slug>/<str:year>/",
                self.admin_site.admin_view(self.preview_view),
                name="performance_release_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, slug, year):
        """The public page exactly as it will look once the drafts are published: never
        cached, and London's without its comparison of boroughs."""
        if not request.user.has_perm("performance.view_figure"):
            raise PermissionDenied
        year = year_or_404(year, draft=True)
        if slug == "london":
            if allowed_area_ids(request.user) is not None:
                raise PermissionDenied
            summary = draft_area_year(Area.objects.london(), year)
            return render(request, "performance/london.html", {"summary": summary, "preview": True})
        area = borough_or_404(slug)
        check_area(request.user, area.pk)
        context = borough_page_context(draft_area_year(area, year), preview=True)
        return render(request, "performance/borough.html", context)


def _public_page(area, year) -> str:
    if area.is_london:
        return reverse("performance:london", args=[year.slug])
    return reverse("performance:borough-year", args=[area.slug, year.slug])
