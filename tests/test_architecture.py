"""House rules about the code itself, beside `lint-imports` (which make lint runs)."""

import pytest
from django.contrib.admin import AdminSite

from boroughs.admin import register_lists
from boroughs.models import EngagementGroup, UsefulContact
from performance.admin_words import (
    PublishedEngagementGroupAdmin,
    PublishedUsefulContactAdmin,
    register_published_lists,
)


@pytest.mark.parametrize("boroughs_first", [True, False])
def test_groups_and_contacts_show_their_status_whichever_app_registers_first(boroughs_first):
    site = AdminSite(name="order-check")
    order = [register_lists, register_published_lists]
    for register in order if boroughs_first else reversed(order):
        register(site)
    assert isinstance(site._registry[EngagementGroup], PublishedEngagementGroupAdmin)
    assert isinstance(site._registry[UsefulContact], PublishedUsefulContactAdmin)
