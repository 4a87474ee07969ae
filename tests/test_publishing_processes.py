"""Publishing from more than one place at once: two confirmations make one release, and a
publication by another process reaches pages this one has cached (issue 24, items 4, 7)."""

import os
import subprocess
import sys
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from performance.models import FinancialYear, Release
from performance.publication.writing import publish
from sitewide.models import Publication

from .conftest import (
    LEAFLET_CSV,
    csv_bytes,
    database_url_of_this_test,
    needs_postgresql,
    signed_in,
    user_in,
)
from .html import text
from .test_releases import correct, figure, release_form
from .test_settings import ROOT


@needs_postgresql
@pytest.mark.serial
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_confirmations_of_one_release_at_the_same_time_make_one_release(
    django_user_model,
):
    call_command("import_figures", str(LEAFLET_CSV))
    first_admin = user_in(django_user_model, "Administrator", "first-admin")
    second_admin = user_in(django_user_model, "Administrator", "second-admin")
    year = FinancialYear.objects.get(start_year=2009)
    found = {}

    def second_confirmation():
        try:
            found["second"] = publish(year=year, by=second_admin)
        finally:
            connection.close()

    other = threading.Thread(target=second_confirmation)
    with transaction.atomic():
        # The first confirmation is under way (it holds the publication) when the second
        # arrives: without the lock the second plans from the same drafts and writes too.
        Publication.objects.lock()
        other.start()
        time.sleep(1)
        found["first"] = publish(year=year, by=first_admin)
    other.join(timeout=60)
    assert Release.objects.count() == 1
    assert found["first"].release is not None
    assert found["second"].release is None
    assert found["second"].just_published == found["first"].release


@pytest.mark.django_db
def test_the_second_person_to_confirm_is_told_who_published_it_a_moment_ago(
    client, leaflet_figures, django_user_model
):
    first = user_in(django_user_model, "Administrator", "first-admin")
    first.first_name, first.last_name = "Ada", "Lovelace"
    first.save()
    second = signed_in(client, user_in(django_user_model, "Administrator", "second-admin"))
    correct(figure(start=2009), 1882, "Revised by the police.")
    year = FinancialYear.objects.get(start_year=2009)
    confirmed = {**release_form(year, "all"), "_confirmed": "1"}
    publish(year=year, by=first)
    releases = Release.objects.count()
    page = text(
        second.post("/admin/performance/release/add/", confirmed, follow=True).content.decode()
    )
    assert "Nothing more to publish: 2009/10, every area was published a moment ago" in page
    assert "by Ada Lovelace" in page
    assert Release.objects.count() == releases


@needs_postgresql
@pytest.mark.serial
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publication_by_another_process_shows_at_once_where_this_one_cached_pages(
    client, tmp_path
):
    call_command("import_figures", str(LEAFLET_CSV), "--publish")
    years = [y["slug"] for y in client.get("/api/v1/years").json()]
    assert years == ["2008-09", "2009-10", "2010-11"]  # and now in this process's cache
    new_year = tmp_path / "2011.csv"
    new_year.write_bytes(csv_bytes("E09000016,Havering,robbery,2011/12,result,301"))
    env = {**os.environ, "DATABASE_URL": database_url_of_this_test()}
    subprocess.run(
        [sys.executable, "manage.py", "import_figures", str(new_year), "--publish"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    years = [y["slug"] for y in client.get("/api/v1/years").json()]
    assert years == ["2008-09", "2009-10", "2010-11", "2011-12"]
