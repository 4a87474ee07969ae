"""Places and the people to contact in them: boroughs, the Met area, engagement groups, contacts."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

# The whole Metropolitan Police area, by its ONS police force area code.
LONDON_CODE = "E23000001"

gss_code_validator = RegexValidator(
    r"^E(09|23)\d{6}$",
    "Enter an ONS GSS code, for example E09000016 for Havering or E23000001 for London-wide.",
)


class AreaKind(models.TextChoices):
    BOROUGH = "borough", "London borough"
    FORCE = "force", "Metropolitan Police area (London-wide)"


class AreaQuerySet(models.QuerySet):
    def boroughs(self):
        return self.filter(kind=AreaKind.BOROUGH)

    def london(self):
        """The London-wide area; there is exactly one."""
        return self.get(code=LONDON_CODE)


class Area(models.Model):
    """A London borough, or the whole Met area ("London-wide")."""

    kind = models.CharField(max_length=10, choices=AreaKind.choices, default=AreaKind.BOROUGH)
    code = models.CharField("GSS code", max_length=9, unique=True, validators=[gss_code_validator])
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # Where the borough sits on the London tile map: a rough geographic grid.
    tile_column = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    tile_row = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    abbreviation = models.CharField(max_length=3, blank=True, editable=False)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="borough", code__startswith="E09")
                | Q(kind="force", code__startswith="E23"),
                name="area_code_matches_kind",
                violation_error_message=(
                    "A borough's code starts E09 and the London-wide area's code starts E23."
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_london(self) -> bool:
        return self.kind == AreaKind.FORCE


class EngagementGroup(models.Model):
    """A Community Police Engagement Group (CPEG), or a borough's equivalent."""

    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="engagement_groups",
        limit_choices_to={"kind": AreaKind.BOROUGH},
        verbose_name="borough",
    )
    name = models.CharField(max_length=200)
    description = models.TextField("what the group does", blank=True)
    how_to_join = models.TextField("how to get involved", blank=True)
    email = models.EmailField("contact email", blank=True)
    telephone = models.CharField("contact telephone", max_length=40, blank=True)
    website = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["area__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="unique_group_name_per_area")
        ]

    def __str__(self):
        return f"{self.name} ({self.area})"


class UsefulContactQuerySet(models.QuerySet):
    def for_borough_page(self, area):
        """Pan-London contacts and the borough's own, the borough's first."""
        return self.filter(Q(area__isnull=True) | Q(area=area)).order_by(
            models.F("area").asc(nulls_last=True), "position", "name"
        )

    def pan_london(self):
        return self.filter(area__isnull=True).order_by("position", "name")


class UsefulContact(models.Model):
    """A contact shown on summaries: pan-London when no borough is given."""

    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        limit_choices_to={"kind": AreaKind.BOROUGH},
        verbose_name="borough",
        help_text="Leave empty for a contact shown on every borough's page.",
    )
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=200, blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    minicom = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=100, help_text="Contacts are listed in this order, lowest first."
    )

    objects = UsefulContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return f"{self.name} ({self.area or 'pan-London'})"


class BoroughAssignment(models.Model):
    """A borough a Borough editor may see and edit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="borough_assignments"
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": AreaKind.BOROUGH},
        verbose_name="borough",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="one_assignment_per_borough")
        ]

    def __str__(self):
        return f"{self.user} edits {self.area}"


ward_code_validator = RegexValidator(
    r"^E05\d{6}$", "Enter a ward's ONS GSS code, for example E05013973 for Harold Wood."
)


class Ward(models.Model):
    """A ward of a borough on the 2022 ward boundaries, as the police's ward edition names
    it. Ward names repeat across boroughs; codes do not. Its figures are the ward
    edition's, read through releases like every other figure."""

    code = models.CharField("GSS code", max_length=9, unique=True, validators=[ward_code_validator])
    name = models.CharField(max_length=100, db_index=True)
    borough = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="wards",
        limit_choices_to={"kind": AreaKind.BOROUGH},
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^E05[0-9]{6}$"),
                name="ward_code_is_a_ward_gss_code",
                violation_error_message="A ward's code is E05 and six digits.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.borough})"
