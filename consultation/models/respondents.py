"""What respondents say of themselves, and how to contact them: kept apart from their answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .responses import Response


class AgeBand(models.TextChoices):
    UNDER_18 = "under-18", "Under 18"
    FROM_18 = "18-24", "18 to 24"
    FROM_25 = "25-34", "25 to 34"
    FROM_35 = "35-44", "35 to 44"
    FROM_45 = "45-54", "45 to 54"
    FROM_55 = "55-64", "55 to 64"
    FROM_65 = "65-plus", "65 or over"


class BusinessSector(models.TextChoices):
    """Broad sectors, after the sections of the UK Standard Industrial Classification."""

    RETAIL = "retail", "Shops and retail"
    HOSPITALITY = "hospitality", "Pubs, restaurants, hotels and leisure"
    OFFICES = "offices", "Offices and professional services"
    TRANSPORT = "transport", "Transport, storage and delivery"
    CONSTRUCTION = "construction", "Construction and trades"
    MANUFACTURING = "manufacturing", "Manufacturing"
    HEALTH_EDUCATION = "health-education", "Health, care and education"
    CHARITY = "charity", "Charity or community organisation"
    OTHER = "other", "Something else"


class BusinessSize(models.TextChoices):
    """Size bands as the Office for National Statistics counts businesses, by people employed."""

    MICRO = "0-9", "Fewer than 10 people"
    SMALL = "10-49", "10 to 49 people"
    MEDIUM = "50-249", "50 to 249 people"
    LARGE = "250-plus", "250 people or more"


class RespondentProfile(models.Model):
    """Optional 'about you' (or, for a business, 'about your business') answers, kept apart
    from the survey answers."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="profile")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True)
    business_sector = models.CharField(max_length=20, choices=BusinessSector.choices, blank=True)
    business_size = models.CharField(max_length=10, choices=BusinessSize.choices, blank=True)

    def __str__(self):
        return f"About the respondent of {self.response}"


class ContactDetailsQuerySet(models.QuerySet):
    def past_retention(self, now=None):
        now = now or timezone.now()
        cutoff = now - timezone.timedelta(days=settings.CONTACT_DETAILS_RETENTION_DAYS)
        return self.filter(consented_at__lt=cutoff)


class ContactDetails(models.Model):
    """Contact details given with explicit consent, deleted after the retention period."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    consented_at = models.DateTimeField(default=timezone.now)

    objects = ContactDetailsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "contact details"
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(telephone=""),
                name="contact_details_have_email_or_telephone",
            )
        ]

    def __str__(self):
        return f"Contact details for {self.response}"
