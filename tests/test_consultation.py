"""Have your say: residents and businesses answer online; staff key paper and telephone answers."""

import csv
import datetime
import io
import re
import threading
import uuid
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError
from django.utils import timezone

from boroughs.models import Area
from consultation.models import (
    Answer,
    ContactDetails,
    Question,
    RespondentProfile,
    Response,
    Survey,
)
from consultation.services import copy_survey_to_next_year, publish_survey_results

from .factories import DAY, add_responses, good_answers, make_survey, options, questions
from .html import table_rows, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(db):
    return make_survey()


def post(client, survey, data):
    return client.post(f"/have-your-say/{survey.slug}/", data)


def test_the_list_shows_open_upcoming_and_closed_surveys(client):
    make_survey(slug="open-now")
    make_survey(slug="later", opens=5, closes=40)
    make_survey(slug="earlier", opens=-60, closes=-30, published=-20)
    make_survey(slug="unpublished", opens=-60, closes=-30)
    page = text(client.get("/have-your-say/").content.decode())
    assert "Open now Test survey open-now" in page
    assert "Opening soon Test survey later: opens" in page
    assert "Test survey earlier: closed" in page and "Read the results" in page
    html = client.get("/have-your-say/").content.decode()
    assert "/have-your-say/earlier/results/" in html
    assert "/have-your-say/unpublished/results/" not in html


def test_the_form_preselects_the_borough_the_person_came_from(client, survey):
    html = client.get(f"/have-your-say/{survey.slug}/?borough=havering").content.decode()
    assert '<option value="havering" selected>' in html
    html = client.get(f"/have-your-say/{survey.slug}/?borough=gotham").content.decode()
    assert " selected>" not in html.split('id="id_borough"')[1].split("</select>")[0]


def test_a_resident_completes_the_survey_and_gets_a_reference(client, survey):
    response = post(client, survey, good_answers(survey))
    assert response.status_code == 302
    page = client.get(response["Location"])
    reference = re.search(r"HYS-[A-Z0-9]{8}", page.content.decode()).group()
    stored = Response.objects.get()
    assert stored.reference == reference
    assert stored.channel == "online" and stored.borough.slug == "havering"
    assert stored.keyed_by is None
    labels = sorted(a.option.label if a.option else a.text for a in stored.answers.all())
    assert labels == [
        "Email",
        "Fairly well",
        "Meetings",
        "More patrols, please.",
        "Residential burglary",
        "Yes",
    ]
    assert not RespondentProfile.objects.exists() and not ContactDetails.objects.exists()


def test_a_business_completes_the_business_version(client):
    business = make_survey(slug="businesses-test", audience="businesses")
    page = text(client.get(f"/have-your-say/{business.slug}/").content.decode())
    assert "Which London borough is your business in?" in page
    # About the business, never a person's age (its page, after the questions).
    html = post(client, business, {**good_answers(business), "step": "questions"}).content
    html = html.decode()
    page = text(html)
    assert "About your business (optional)" in page
    assert "What does your business do?" in page and "How many people work for it?" in page
    assert "How old are you?" not in page and 'name="age_band"' not in html
    data = good_answers(business, business_sector="hospitality", business_size="10-49")
    assert post(client, business, data).status_code == 302
    response = Response.objects.get()
    assert response.survey == business
    assert (response.profile.business_sector, response.profile.business_size) == (
        "hospitality",
        "10-49",
    )
    assert response.profile.age_band == ""


def test_a_business_size_not_on_the_list_is_refused_with_a_message(client):
    business = make_survey(slug="businesses-test", audience="businesses")
    response = post(client, business, good_answers(business, business_size="enormous"))
    assert response.status_code == 200
    assert "Select a size from the list" in text(response.content.decode())
    assert not Response.objects.exists()


def test_home_and_borough_pages_offer_businesses_their_own_route(client, leaflet_figures):
    make_survey(slug="residents-test")
    make_survey(slug="businesses-test", audience="businesses")
    home = client.get("/").content.decode()
    assert 'href="/have-your-say/?audience=businesses">Have your say as a business</a>' in home
    borough = client.get("/boroughs/havering/2009-10/").content.decode()
    route = "/have-your-say/?borough=havering&amp;audience=businesses"
    assert f'href="{route}">Run a business in Havering? Have your say as a business</a>' in borough
    listing = text(client.get("/have-your-say/", {"audience": "businesses"}).content.decode())
    assert "Have your say as a business" in listing
    assert "Test survey businesses-test" in listing
    assert "Test survey residents-test" not in listing


def test_about_you_and_contact_details_are_kept_apart_and_only_with_consent(client, survey):
    data = good_answers(
        survey,
        age_band="25-34",
        postcode_district="rm1 ",
        contact_consent="on",
        name="Sam",
        email="sam@example.org",
    )
    assert post(client, survey, data).status_code == 302
    response = Response.objects.get()
    assert response.profile.postcode_district == "RM1"
    assert response.profile.age_band == "25-34"
    assert response.contact.email == "sam@example.org"
    assert not response.answers.filter(text__contains="sam@").exists()


@pytest.mark.parametrize("typed", ["RM1 3AB", "rm13ab", " RM1 "])
def test_a_full_postcode_is_accepted_and_only_its_district_kept(client, survey, typed):
    response = post(client, survey, {**good_answers(survey), "postcode_district": typed})
    assert response.status_code == 302
    assert RespondentProfile.objects.get(response=Response.objects.get()).postcode_district == "RM1"


def test_a_required_question_says_what_to_do_in_its_own_words(client, survey):
    rating = questions(survey)["rating"]
    rating.error_message = "Select how well the police in your area do their job"
    rating.save()
    data = {**good_answers(survey), rating.field_name: ""}
    page = text(post(client, survey, data).content.decode())
    assert page.count("Select how well the police in your area do their job") == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"borough": ""}, "borough", "Select the borough"),
        ({"borough": "gotham"}, "borough", "Select a London borough from the list"),
        ({"priorities": []}, "priorities", "Select at least one priority, and no more than 2"),
        ({"priorities": "too-many"}, "priorities", "Select no more than 2 priorities"),
        ({"rating": ""}, "rating", "Select an answer"),
        ({"rating": "999999"}, "rating", "Select an answer from the list"),
        ({"text": "x" * 201}, "text", "Your answer must be 200 characters or fewer"),
        ({"postcode_district": "RM1 4ABC"}, "postcode_district", "Enter a real postcode"),
        ({"email": "sam@example.org"}, "contact_consent", "Tick the box to agree"),
        ({"contact_consent": "on"}, "email", "Enter an email address or telephone number"),
        ({"email": "not-an-email", "contact_consent": "on"}, "email", "correct format"),
        ({"telephone": "call me", "contact_consent": "on"}, "telephone", "Enter a telephone"),
    ],
)
def test_an_invalid_submission_shows_the_error_summary_and_keeps_what_was_typed(
    client, survey, change, field, message
):
    q = questions(survey)
    names = {kind: question.field_name for kind, question in q.items()}
    data = good_answers(survey)
    for key, value in change.items():
        if value == "too-many":
            value = list(options(q["priorities"]).values())
        data[names.get(key, key)] = value
    response = post(client, survey, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    summary = html[
        html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))
    ]
    field_id = f"id_{names.get(field, field)}"
    assert f'href="#{field_id}"' in summary and message in summary
    assert summary.count("<li>") == 1  # one mistake, one message
    assert f'id="{field_id}-error"' in html  # the message beside the field
    assert f'id="{field_id}"' in html  # the link's target exists
    # What was typed and ticked is still there to correct.
    assert f'value="{options(q["multiple"])["Email"]}" checked' in html
    typed = data[names["text"]]
    assert typed in html
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"borough": ["havering", "bexley"]},
        {"borough": "havering", "q": "x" * 100_000},
        {"borough": "\x00", "website": "\x00"},
        {"form_token": "not-a-token", "borough": "havering"},
        {"postcode_district": "x" * 5000},
    ],
)
def test_garbage_never_reaches_a_500(client, survey, data):
    response = post(client, survey, data)
    assert response.status_code in (200, 302)
    assert not Response.objects.exists()


def test_every_field_is_limited_in_size(client, survey):
    q = questions(survey)
    data = good_answers(survey, name="n" * 101, contact_consent="on", email="a@example.org")
    data[q["single"].field_name] = "1" * 1000
    html = post(client, survey, data).content.decode()
    assert "Ensure this value has at most 100 characters" in html or "100 characters" in html
    assert not Response.objects.exists()


def test_a_filled_honeypot_is_quietly_discarded_with_the_normal_confirmation(client, survey):
    response = post(client, survey, good_answers(survey, website="http://spam.example"))
    assert response.status_code == 302
    page = text(client.get(response["Location"]).content.decode())
    assert "Your answers have been sent" in page and "HYS-" in page
    assert not Response.objects.exists()


def test_the_same_form_submitted_twice_stores_one_response(client, survey):
    token = uuid.uuid4().hex
    first = post(client, survey, good_answers(survey, form_token=token))
    second = post(client, survey, good_answers(survey, form_token=token))
    assert Response.objects.count() == 1
    ref = Response.objects.get().reference
    for response in (first, second):
        assert ref in client.get(response["Location"]).content.decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database cannot take concurrent writers; "
    "this runs against PostgreSQL in CI (.ci/run)",
)
@pytest.mark.serial
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("same_token", [True, False])
def test_twenty_concurrent_submissions(same_token, settings):
    """Twenty at once: one response for one form token, twenty for twenty."""
    from django.test import Client

    settings.SURVEY_SUBMISSION_RATE = "1000/m"

    survey = make_survey()
    shared = uuid.uuid4().hex
    data = [
        good_answers(survey, form_token=shared if same_token else uuid.uuid4().hex)
        for _ in range(20)
    ]
    statuses, barrier = [], threading.Barrier(20)

    def submit(payload):
        try:
            barrier.wait()
            statuses.append(
                Client(REMOTE_ADDR=f"10.0.0.{len(payload)}")
                .post(f"/have-your-say/{survey.slug}/", payload)
                .status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(d,)) for d in data]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 20
    assert Response.objects.count() == (1 if same_token else 20)
    assert Answer.objects.count() == Response.objects.count() * 6


def test_submissions_past_the_rate_limit_get_a_try_again_later_page(client, survey, settings):
    settings.SURVEY_SUBMISSION_RATE = "2/m"
    for _ in range(2):
        assert post(client, survey, good_answers(survey, form_token="")).status_code == 302
    response = post(client, survey, good_answers(survey, form_token=""))
    assert response.status_code == 429
    assert "Try again in 10 minutes" in text(response.content.decode())
    assert Response.objects.count() == 2


def test_the_rate_limit_ignores_a_client_supplied_forwarded_address(client, survey, settings):
    settings.SURVEY_SUBMISSION_RATE = "1/m"
    post(client, survey, good_answers(survey, form_token=""))
    response = client.post(
        f"/have-your-say/{survey.slug}/", good_answers(survey), HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert response.status_code == 429


def test_before_and_after_its_dates_a_survey_says_when_it_opens_or_that_it_closed(client):
    later = make_survey(slug="later", opens=5, closes=40)
    page = text(client.get("/have-your-say/later/").content.decode())
    assert "This survey opens on" in page and "Send your answers" not in page
    closed = make_survey(slug="closed", opens=-60, closes=-30)
    page = text(client.get("/have-your-say/closed/").content.decode())
    assert "This survey closed on" in page
    assert post(client, closed, good_answers(closed)).status_code == 200
    assert post(client, later, good_answers(later)).status_code == 200
    assert not Response.objects.exists()


def test_the_printable_version_lists_every_question_and_option(client, survey):
    page = text(client.get(f"/have-your-say/{survey.slug}/print/").content.decode())
    for question in survey.questions.all():
        assert question.text in page
    assert "Knife crime" in page and "Tick up to 2" in page
    html = client.get(f"/have-your-say/{survey.slug}/").content.decode()
    assert f'href="/have-your-say/{survey.slug}/print/"' in html


# ---------------------------------------------------------------- staff


KEY = "/admin/consultation/survey/{}/key/"


def test_staff_key_a_paper_response_through_the_same_checks(staff_client, survey):
    url = KEY.format(survey.pk)
    bad = staff_client.post(url, {**good_answers(survey, borough=""), "channel": "paper"})
    assert "Select the borough" in bad.content.decode()
    assert not Response.objects.exists()
    staff_client.post(url, {**good_answers(survey), "channel": "paper", "received_on": "1/12/2026"})
    stored = Response.objects.get()
    assert stored.channel == "paper" and stored.keyed_by.username == "staff"
    assert stored.received_on == datetime.date(2026, 12, 1)


def test_keying_records_the_day_received_and_keeps_channel_and_date_for_the_next(
    officer_client, survey
):
    url = KEY.format(survey.pk)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = {**good_answers(survey), "channel": "telephone"}
    response = officer_client.post(url, {**future, "received_on": f"{tomorrow:%d/%m/%Y}"})
    assert "The date received cannot be in the future." in response.content.decode()
    response = officer_client.post(url, {**future, "received_on": "31/11/2026"})
    assert "Enter the date received like 3/12/2026." in response.content.decode()
    assert not Response.objects.exists()
    response = officer_client.post(url, {**future, "received_on": "2/12/2026"}, follow=True)
    assert Response.objects.get().received_on == datetime.date(2026, 12, 2)
    # The next response starts with the same channel and date chosen.
    html = response.content.decode()
    telephone = re.search(r'<input[^>]*name="channel"[^>]*value="telephone"[^>]*>', html)
    paper = re.search(r'<input[^>]*name="channel"[^>]*value="paper"[^>]*>', html)
    assert "checked" in telephone.group(0) and "checked" not in paper.group(0)
    received = re.search(r'<input[^>]*name="received_on"[^>]*>', html).group(0)
    assert 'value="02/12/2026"' in received
    # A fresh form starts at today's date, written as staff type it.
    fresh = officer_client.get(url).content.decode()
    received = re.search(r'<input[^>]*name="received_on"[^>]*>', fresh).group(0)
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in received


def test_all_three_channels_appear_in_the_results(client, staff_client, survey):
    post(client, survey, good_answers(survey))
    keyed = {"received_on": timezone.localdate().strftime("%d/%m/%Y")}
    staff_client.post(
        KEY.format(survey.pk),
        {**good_answers(survey, borough="bexley"), "channel": "paper", **keyed},
    )
    staff_client.post(
        KEY.format(survey.pk), {**good_answers(survey), "channel": "telephone", **keyed}
    )
    html = staff_client.get(f"/admin/consultation/survey/{survey.pk}/results/").content.decode()
    rows = table_rows(html)
    assert ["Online", "1"] in rows and ["Paper", "1"] in rows and ["Telephone", "1"] in rows
    assert "More patrols, please." in html  # free text for staff to read
    havering = staff_client.get(
        f"/admin/consultation/survey/{survey.pk}/results/",
        {"borough": "havering", "channel": "telephone"},
    )
    assert "1 response" in havering.content.decode()


def test_results_are_public_only_once_published_and_closed(client, survey):
    assert client.get(f"/have-your-say/{survey.slug}/results/").status_code == 404
    closed = make_survey(slug="closed", opens=-60, closes=-30)
    assert client.get("/have-your-say/closed/results/").status_code == 404
    publish_survey_results(surveys=Survey.objects.filter(pk=closed.pk))
    assert client.get("/have-your-say/closed/results/").status_code == 200


def margin(count, n):
    """A share's 95% margin of error as the results show it, worked out here independently:
    the roots of the Wilson score quadratic, to whole percents."""
    from decimal import ROUND_HALF_UP, Decimal

    from .test_uncertainty import wilson_by_quadratic

    low, high = wilson_by_quadratic(count / n, n)
    whole = [
        Decimal(repr(max(0.0, min(1.0, bound)) * 100)).quantize(Decimal(1), ROUND_HALF_UP)
        for bound in (low, high)
    ]
    return f"{whole[0]}% to {whole[1]}%"


def _publish(survey):
    survey.closes_at = timezone.now() - DAY
    survey.results_published_at = timezone.now()
    survey.save()


def test_published_results_match_the_stored_responses(client):
    survey = make_survey(slug="past", opens=-60, closes=30)
    add_responses(survey, 10, priorities=["Residential burglary"])
    add_responses(survey, 10, priorities=["Residential burglary", "Total robbery"])
    add_responses(survey, 10, borough="bexley", priorities=["Total robbery"])
    _publish(survey)
    html = client.get("/have-your-say/past/results/").content.decode()
    rows, page = table_rows(html), text(html)
    # The answer first: the top priorities in words, then each answer's share.
    assert "The top priorities were residential burglary and total robbery." in page
    assert page.index("The top priorities were") < page.index("Rank Answer People Share")
    # A tie is a tie; each share's margin of error is one tap away.
    assert ["Joint 1st", "Residential burglary", "20", "67%", ""] in rows
    assert ["Joint 1st", "Total robbery", "20", "67%", ""] in rows
    assert f"Residential burglary: {margin(20, 30)}" in page
    html = client.get("/have-your-say/past/results/?borough=havering").content.decode()
    havering, page = table_rows(html), text(html)
    assert ["1st", "Residential burglary", "20", "100%", ""] in havering
    assert ["2nd", "Total robbery", "10", "50%", ""] in havering
    assert f"Total robbery: {margin(10, 20)}" in page
    # 20 people: shown, with a warning that the shares are rough.
    assert "Only 20 people answered in Havering, so these shares are rough" in text(
        client.get("/have-your-say/past/results/?borough=havering").content.decode()
    )


def test_a_borough_with_fewer_than_ten_responses_is_not_shown_on_its_own(client):
    survey = make_survey(slug="past", opens=-60, closes=30)
    add_responses(survey, 30, priorities=["Residential burglary"])
    add_responses(survey, 9, borough="bexley", priorities=["Knife crime"])
    _publish(survey)
    bexley = client.get("/have-your-say/past/results/?borough=bexley").content.decode()
    assert "Fewer than 10 people answered in Bexley, so their answers are not shown" in text(bexley)
    assert "Knife crime" not in [row[0] for row in table_rows(bexley) if row]
    assert "9 people" not in text(bexley)
    london = client.get("/have-your-say/past/results/").content.decode()
    assert ["2nd", "Knife crime", "9", "23%", ""] in table_rows(london)  # counted London-wide
    assert f"Knife crime: {margin(9, 39)}" in text(london)


def test_a_channel_used_by_fewer_than_ten_people_hides_the_split_by_channel(client):
    survey = make_survey(slug="past", opens=-60, closes=30)
    add_responses(survey, 20, priorities=["Residential burglary"])
    add_responses(survey, 3, priorities=["Residential burglary"], channel="paper")
    _publish(survey)
    page = text(client.get("/have-your-say/past/results/").content.decode())
    assert "23 people answered." in page
    assert "3 paper" not in page and "20 online" not in page
    assert "some ways were used by fewer than 10 people" in page
    add_responses(survey, 7, priorities=["Knife crime"], channel="paper")
    page = text(client.get("/have-your-say/past/results/").content.decode())
    assert "30 people answered: 20 online, 10 paper." in page


def test_you_said_we_did_on_the_borough_page(client, leaflet_figures):
    survey = make_survey(slug="past", opens=-60, closes=30, year=2010)
    add_responses(survey, 10, priorities=["Knife crime"])
    _publish(survey)
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    assert "You said, we did" in page
    assert "You said: the priorities Havering residents chose most" in page
    assert "Knife crime, 100% (" in page
    assert "We did: the priorities set for 2010/11" in page
    assert "1.0% reduction in knife crime" in page
    html = client.get("/boroughs/havering/2009-10/").content.decode()
    assert 'href="/have-your-say/past/results/?borough=havering"' in html


def test_you_said_puts_residents_and_businesses_side_by_side(client, leaflet_figures):
    residents = make_survey(slug="past", opens=-60, closes=30, year=2010)
    add_responses(residents, 10, priorities=["Knife crime"])
    _publish(residents)
    businesses = make_survey(
        slug="past-businesses", opens=-60, closes=30, year=2010, audience="businesses"
    )
    add_responses(businesses, 12, priorities=["Total robbery"])
    _publish(businesses)
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    said = page[page.index("You said, we did") : page.index("We did: the priorities")]
    residents_said = said.index("the priorities Havering residents chose most")
    businesses_said = said.index("the priorities Havering businesses chose most")
    assert residents_said < said.index("Knife crime, 100% (") < businesses_said
    assert said.index("Total robbery, 100% (") > businesses_said


def test_you_said_is_not_shown_for_fewer_than_ten_people(client, leaflet_figures):
    survey = make_survey(slug="past", opens=-60, closes=30, year=2010)
    add_responses(survey, 9, priorities=["Knife crime"])
    _publish(survey)
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    assert "Fewer than 10 residents in Havering answered the survey" in page
    assert "Knife crime, 100% (" not in page


def test_staff_results_refuse_a_bad_filter_with_a_message_not_an_error(staff_client, survey):
    url = f"/admin/consultation/survey/{survey.pk}/results/"
    for query in ("?borough=%00", "?channel=%00", "?date_from=%00", "?borough=nowhere"):
        response = staff_client.get(url + query)
        assert response.status_code == 200, query
        assert "The filters below have a problem" in response.content.decode()


def test_questions_of_a_survey_with_responses_cannot_change(client, staff_client, survey):
    post(client, survey, good_answers(survey))
    question = survey.questions.first()
    page = staff_client.get(f"/admin/consultation/survey/{survey.pk}/change/").content.decode()
    assert 'name="questions-0-text"' not in page  # shown, not editable
    with pytest.raises(ProtectedError):
        question.delete()
    question.text = "Something else?"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cannot change"):
        question.full_clean()
    response = staff_client.post(
        f"/admin/consultation/question/{question.pk}/change/", {"text": "Something else?"}
    )
    assert response.status_code in (302, 403) or "cannot" in response.content.decode()
    assert Question.objects.get(pk=question.pk).text != "Something else?"


def test_a_survey_is_copied_to_the_next_year_without_responses(client, survey):
    post(client, survey, good_answers(survey))
    copy = copy_survey_to_next_year(survey=survey)
    assert copy.year.start_year == 2011
    assert [q.text for q in copy.questions.all()] == [q.text for q in survey.questions.all()]
    assert copy.questions.get(kind="priorities").options.count() == 3
    assert not copy.responses.exists()


def test_publishing_refuses_an_open_survey(staff_client, survey):
    staff_client.post(
        "/admin/consultation/survey/",
        {"action": "publish_results", "_selected_action": [survey.pk]},
    )
    survey.refresh_from_db()
    assert survey.results_published_at is None


def test_responses_export_is_formula_safe(client, staff_client, survey):
    q = questions(survey)
    post(client, survey, good_answers(survey, **{q["text"].field_name: '=HYPERLINK("x")'}))
    response = staff_client.post(
        "/admin/consultation/response/export/", {"format": "0", "resource": "0"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["reference", "survey", "borough", "channel"]
    answers = rows[1][-1]
    assert "Anything else?: =HYPERLINK" in answers  # mid-cell text is not a formula
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_contact_details_are_purged_after_the_retention_period(client, survey, settings):
    settings.CONTACT_DETAILS_RETENTION_DAYS = 30
    post(
        client,
        survey,
        good_answers(survey, contact_consent="on", email="a@example.org", form_token=""),
    )
    post(
        client,
        survey,
        good_answers(survey, contact_consent="on", email="b@example.org", form_token=""),
    )
    ContactDetails.objects.filter(email="a@example.org").update(
        consented_at=timezone.now() - 31 * DAY
    )
    call_command("purge_contact_details")
    assert list(ContactDetails.objects.values_list("email", flat=True)) == ["b@example.org"]
    assert Response.objects.count() == 2 and Answer.objects.count() == 12


def _closed_survey(published=None):
    return make_survey(slug="residents-2010-11", opens=-60, closes=-1, published=published)


def run_action(client, action, survey):
    return client.post(
        "/admin/consultation/survey/", {"action": action, "_selected_action": [survey.pk]}
    )


@pytest.mark.parametrize("action", ["publish_results", "unpublish_results", "copy_to_next_year"])
def test_an_analyst_cannot_run_a_survey_action(analyst_client, action):
    survey = _closed_survey(published=None if action == "publish_results" else 0)
    before = (Survey.objects.count(), survey.results_published_at)
    run_action(analyst_client, action, survey)
    survey.refresh_from_db()
    assert (Survey.objects.count(), survey.results_published_at) == before
    page = analyst_client.get("/admin/consultation/survey/").content.decode()
    assert f'value="{action}"' not in page


@pytest.mark.parametrize("action", ["publish_results", "unpublish_results"])
def test_a_consultation_officer_cannot_publish_or_withdraw_results(officer_client, action):
    survey = _closed_survey(published=None if action == "publish_results" else 0)
    before = survey.results_published_at
    run_action(officer_client, action, survey)
    survey.refresh_from_db()
    assert survey.results_published_at == before
    page = officer_client.get(f"/admin/consultation/survey/{survey.pk}/change/").content.decode()
    assert 'name="results_published_at' not in page


def test_a_consultation_officer_copies_a_survey_to_the_next_year(officer_client):
    survey = _closed_survey()
    run_action(officer_client, "copy_to_next_year", survey)
    assert Survey.objects.filter(slug="residents-2011-12", year__start_year=2011).exists()


def test_a_years_slug_follows_the_year_when_copied(db):
    from consultation.services import next_year_slug

    assert next_year_slug("residents-2010-11", 2010) == "residents-2011-12"
    assert next_year_slug("businesses-2019-20", 2019) == "businesses-2020-21"
    assert next_year_slug("residents-2010", 2010) == "residents-2011"
    assert next_year_slug("residents", 2010) == "residents-next"


def test_published_results_appear_and_go_at_once(client, staff_client):
    survey = _closed_survey()
    url = f"/have-your-say/{survey.slug}/results/"
    assert client.get(url).status_code == 404
    run_action(staff_client, "publish_results", survey)
    assert client.get(url).status_code == 200
    run_action(staff_client, "unpublish_results", survey)
    assert client.get(url).status_code == 404


def test_survey_and_results_forms_name_where_they_send_their_answers(client):
    """An empty action is invalid HTML; the form posts back to the page's own address."""
    make_survey(slug="residents-test")
    make_survey(slug="published-test", opens=-40, closes=-10, published=-1)
    for url in ("/have-your-say/residents-test/", "/have-your-say/published-test/results/"):
        html = client.get(url).content.decode()
        assert 'action=""' not in html
        assert f'action="{url}"' in html


def test_responses_and_surveys_cannot_be_deleted_a_page_at_a_time(staff_client, survey):
    add_responses(survey, 2)
    for listing in ("/admin/consultation/response/", "/admin/consultation/survey/"):
        html = staff_client.get(listing).content.decode()
        assert 'value="delete_selected"' not in html
    response = staff_client.post(
        "/admin/consultation/response/",
        {
            "action": "delete_selected",
            "_selected_action": list(Response.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 200  # "No action selected", nothing deleted
    assert Response.objects.count() == 2


def test_a_paper_form_ticked_beyond_the_limit_is_keyed_as_given_and_left_out_of_the_counts(
    officer_client, survey
):
    from django.test import Client

    from consultation.models import Answer
    from consultation.results import survey_results

    add_responses(survey, 2, priorities=["Knife crime"])
    priorities = questions(survey)["priorities"]  # "Tick up to 2"
    chosen = options(priorities)
    ticked = [chosen["Residential burglary"], chosen["Knife crime"], chosen["Total robbery"]]
    keyed = {
        **good_answers(survey, **{priorities.field_name: ticked}),
        "channel": "paper",
        "received_on": "1/12/2026",
    }
    response = officer_client.post(KEY.format(survey.pk), keyed, follow=True)
    html = response.content.decode()
    assert "has 3 ticks where up to 2 are allowed: recorded as given, and not counted" in html
    answers = Answer.objects.filter(question=priorities, response__channel="paper")
    assert sorted(a.option.label for a in answers) == [
        "Knife crime", "Residential burglary", "Total robbery"
    ]  # fmt: skip
    assert not any(a.counted for a in answers)
    # Its other answers count as usual; its priorities are left out of counts and shares.
    results = officer_client.get(f"/admin/consultation/survey/{survey.pk}/results/")
    page = text(results.content.decode())
    assert "Not counted here: 1 response keyed from paper with more ticks" in page
    question = next(q for q in survey_results(survey).questions if q.kind == "priorities")
    shares = {o.label: (o.count, o.share) for o in question.options}
    assert shares["Knife crime"] == (2, 100.0) and shares["Residential burglary"] == (0, 0.0)
    # Online, choosing too many is still an error to correct.
    online = post(Client(), survey, good_answers(survey, **{priorities.field_name: ticked}))
    assert "Select no more than 2 priorities" in online.content.decode()


def test_staff_download_the_results_summary_filtered_and_safe_for_a_spreadsheet(
    officer_client, survey
):
    import openpyxl

    from consultation.models import Option

    priorities = questions(survey)["priorities"]
    Option.objects.filter(question=priorities, label="Knife crime").update(label="=HYPERLINK(1)")
    add_responses(survey, 3, priorities=["=HYPERLINK(1)"])
    add_responses(survey, 1, borough="bexley", priorities=["Residential burglary"])
    url = f"/admin/consultation/survey/{survey.pk}/results.csv"
    response = officer_client.get(url, {"borough": "havering"})
    assert response.status_code == 200
    assert f'filename="{survey.slug}-results.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "question", "answer", "people", "share_percent", "margin_low_percent",
        "margin_high_percent", "rank", "too_close_to_call", "answered", "not_counted",
    ]  # fmt: skip
    answers = {row[1]: row for row in rows[1:] if row[0] == priorities.text}
    # Havering's three responses only, and a label a spreadsheet would run made plain text.
    from .test_uncertainty import wilson_by_quadratic

    low = round(wilson_by_quadratic(1.0, 3)[0] * 100, 1)  # 3 of 3: 43.9% to 100%
    assert answers["'=HYPERLINK(1)"][2:] == ["3", "100.0", str(low), "100.0", "1st", "", "3", "0"]
    assert answers["Residential burglary"][2] == "0"
    workbook = openpyxl.load_workbook(
        io.BytesIO(officer_client.get(url.replace(".csv", ".xlsx")).content)
    )
    cells = [[c.value for c in row] for row in workbook.active.iter_rows()]
    assert cells[0][:3] == ["question", "answer", "people"] and len(cells) == len(rows)
    assert officer_client.get(url.replace(".csv", ".pdf")).status_code == 404
    page = officer_client.get(f"/admin/consultation/survey/{survey.pk}/results/?borough=havering")
    assert f'href="{url}?borough=havering"' in page.content.decode()


def test_staff_group_written_comments_into_themes_and_read_them_by_theme(officer_client, survey):
    from consultation.models import Answer, CommentTheme

    other = make_survey(slug="other-survey")
    keyed = {"received_on": "1/12/2026", "channel": "paper"}
    url = KEY.format(survey.pk)
    for comment in ("Cars park on the pavement.", "Too much speeding.", "Parking at school."):
        text_question = questions(survey)["text"].field_name
        officer_client.post(url, {**good_answers(survey, **{text_question: comment}), **keyed})
    comments = f"/admin/consultation/survey/{survey.pk}/comments/"
    officer_client.post(comments, {"action": "add_theme", "name": " Parking "})
    officer_client.post(comments, {"action": "add_theme", "name": "parking"})  # the same
    assert list(CommentTheme.objects.values_list("name", flat=True)) == ["Parking"]
    parking = CommentTheme.objects.get()
    for comment in ("Cars park on the pavement.", "Parking at school."):
        answer = Answer.objects.get(text=comment)
        officer_client.post(comments, {"answer": answer.pk, "themes": [parking.pk]})
    page = officer_client.get(comments).content.decode()
    assert ["Parking", "2"] in [row[:2] for row in table_rows(page)]
    filtered = text(officer_client.get(comments, {"theme": parking.pk}).content.decode())
    assert "Comments in 'Parking'" in filtered and ": 2" in filtered
    assert "Parking at school." in filtered and "Too much speeding." not in filtered
    # A theme of another survey cannot be given to this survey's comment.
    elsewhere = CommentTheme.objects.create(survey=other, name="Elsewhere")
    speeding = Answer.objects.get(text="Too much speeding.")
    response = officer_client.post(
        comments, {"answer": speeding.pk, "themes": [elsewhere.pk]}, follow=True
    )
    assert "Choose themes of this survey." in response.content.decode()
    assert not speeding.themes.exists()


def test_a_page_of_comments_is_tagged_with_one_save_and_each_says_its_borough(
    officer_client, survey
):
    from consultation.models import Answer, CommentTheme

    keyed = {"received_on": "1/12/2026", "channel": "paper"}
    text_question = questions(survey)["text"].field_name
    for comment, borough in (("Cars on the pavement.", "havering"), ("Speeding.", "bexley")):
        answers = good_answers(survey, borough=borough, **{text_question: comment})
        officer_client.post(KEY.format(survey.pk), {**answers, **keyed})
    comments = f"/admin/consultation/survey/{survey.pk}/comments/"
    for name in ("Parking", "Speeding"):
        officer_client.post(comments, {"action": "add_theme", "name": name})
    parking, speeding = CommentTheme.objects.order_by("name")
    html = officer_client.get(comments).content.decode()
    page = text(html)
    assert "Themes for " in page and "(Bexley)" in page and "(Havering)" in page
    assert (
        html.count('type="submit" class="default" value="Save the themes of these 2 comments"') == 1
    )
    pavement, fast = (
        Answer.objects.get(text="Cars on the pavement."),
        Answer.objects.get(text="Speeding."),
    )
    chosen = {
        "action": "tag_comments",
        "answers": [pavement.pk, fast.pk],
        f"themes-{pavement.pk}": [parking.pk],
        f"themes-{fast.pk}": [speeding.pk],
    }
    saved = officer_client.post(comments, chosen, follow=True)
    assert "Themes saved for 2 comments." in text(saved.content.decode())
    assert list(pavement.themes.all()) == [parking] and list(fast.themes.all()) == [speeding]
    # A comment of another survey among them: nothing is saved.
    other = make_survey(slug="other-survey")
    elsewhere = CommentTheme.objects.create(survey=other, name="Elsewhere")
    refused = officer_client.post(
        comments, {**chosen, f"themes-{fast.pk}": [elsewhere.pk]}, follow=True
    )
    assert "Choose themes of this survey." in text(refused.content.decode())
    assert list(fast.themes.all()) == [speeding]


def test_an_analyst_reads_comments_by_theme_but_cannot_tag_them(analyst_client, survey):
    comments = f"/admin/consultation/survey/{survey.pk}/comments/"
    assert analyst_client.get(comments).status_code == 200
    response = analyst_client.post(comments, {"action": "add_theme", "name": "Parking"})
    assert response.status_code == 403


def test_what_we_did_is_public_as_it_stood_when_the_results_were_published(client, leaflet_figures):
    from consultation.models import Survey, WeDid
    from consultation.services import publish_survey_results

    survey = make_survey(slug="past", opens=-60, closes=30, year=2010)
    add_responses(survey, 10, priorities=["Knife crime"])
    survey.closes_at = timezone.now() - DAY
    survey.save()
    havering = Area.objects.get(slug="havering")
    WeDid.objects.create(survey=survey, text="Demo text: London-wide, more patrols at night.")
    here = WeDid.objects.create(
        survey=survey, borough=havering, text="Demo text: knife arches at Romford station."
    )
    publish_survey_results(surveys=Survey.objects.filter(pk=survey.pk))
    london = text(client.get("/have-your-say/past/results/").content.decode())
    assert "You said, we did Demo text: London-wide, more patrols at night." in london
    borough_results = client.get("/have-your-say/past/results/", {"borough": "havering"})
    assert "Demo text: knife arches at Romford station." in text(borough_results.content.decode())
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    assert "What we did Demo text: knife arches at Romford station." in page
    # An edit reaches the public only when the results are published again.
    here.text = "Demo text: knife arches at Romford and Upminster stations."
    here.save()
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    assert "knife arches at Romford station." in page and "Upminster" not in page
    publish_survey_results(surveys=Survey.objects.filter(pk=survey.pk))
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    assert "Demo text: knife arches at Romford and Upminster stations." in page


def test_a_survey_has_one_write_up_for_london_and_one_for_each_borough(survey):
    from django.db import IntegrityError, transaction

    from consultation.models import WeDid

    WeDid.objects.create(survey=survey, text="London-wide.")
    with pytest.raises(IntegrityError), transaction.atomic():
        WeDid.objects.create(survey=survey, text="London-wide again.")
    havering = Area.objects.get(slug="havering")
    WeDid.objects.create(survey=survey, borough=havering, text="Havering.")
    with pytest.raises(IntegrityError), transaction.atomic():
        WeDid.objects.create(survey=survey, borough=havering, text="Havering again.")


def test_an_administrator_deletes_one_response_only_with_a_reason_and_it_is_recorded(
    staff_client, survey
):
    from consultation.models import DeletedResponse

    add_responses(survey, 2)
    doomed, kept = Response.objects.order_by("pk")
    url = f"/admin/consultation/response/{doomed.pk}/delete/"
    page = text(staff_client.get(url).content.decode())
    assert f"Deleting response {doomed.reference}" in page and "Why is it being deleted?" in page
    refused = staff_client.post(url, {"reason": "   "})
    assert refused.status_code == 200
    assert "Say why the response is being deleted. Nothing has been deleted." in text(
        refused.content.decode()
    )
    assert Response.objects.count() == 2 and not DeletedResponse.objects.exists()
    done = staff_client.post(url, {"reason": "Keyed twice from one paper form."}, follow=True)
    assert f"Response {doomed.reference} deleted. The reason is recorded." in text(
        done.content.decode()
    )
    assert list(Response.objects.all()) == [kept]
    record = DeletedResponse.objects.get()
    assert (record.reference, record.survey, record.reason) == (
        doomed.reference, survey, "Keyed twice from one paper form."
    )  # fmt: skip
    assert record.deleted_by.username == "staff"
    listing = staff_client.get("/admin/consultation/deletedresponse/").content.decode()
    assert doomed.reference in listing and "Keyed twice from one paper form." in listing


def test_only_an_administrator_may_delete_a_response(officer_client, survey):
    add_responses(survey, 1)
    response = Response.objects.get()
    url = f"/admin/consultation/response/{response.pk}/delete/"
    assert officer_client.post(url, {"reason": "Not mine to delete."}).status_code == 403
    assert officer_client.get("/admin/consultation/deletedresponse/").status_code == 403
    assert Response.objects.count() == 1


def test_staff_rename_and_remove_a_theme_and_the_comments_stay(officer_client, survey):
    from consultation.models import Answer, CommentTheme

    text_question = questions(survey)["text"].field_name
    keyed = {"received_on": "1/12/2026", "channel": "paper"}
    answers = good_answers(survey, **{text_question: "Vans park on the kerb."})
    officer_client.post(KEY.format(survey.pk), {**answers, **keyed})
    comments = f"/admin/consultation/survey/{survey.pk}/comments/"
    for name in ("Parking", "Speeding"):
        officer_client.post(comments, {"action": "add_theme", "name": name})
    parking, speeding = CommentTheme.objects.order_by("name")
    answer = Answer.objects.get(text="Vans park on the kerb.")
    officer_client.post(comments, {"answer": answer.pk, "themes": [parking.pk]})
    taken = officer_client.post(
        comments, {"action": "rename_theme", "theme": speeding.pk, "name": "PARKING"}, follow=True
    )
    assert "This survey already has a theme called 'PARKING'." in unescape(
        text(taken.content.decode())
    )
    renamed = officer_client.post(
        comments, {"action": "rename_theme", "theme": parking.pk, "name": "Parking on pavements"},
        follow=True,
    )  # fmt: skip
    assert "Theme 'Parking' renamed 'Parking on pavements'." in unescape(
        text(renamed.content.decode())
    )
    assert ["Parking on pavements", "1"] in [
        row[:2] for row in table_rows(renamed.content.decode())
    ]
    removed = officer_client.post(
        comments, {"action": "remove_theme", "theme": parking.pk}, follow=True
    )
    assert "removed from 1 comment; the comments are kept." in text(removed.content.decode())
    assert list(CommentTheme.objects.values_list("name", flat=True)) == ["Speeding"]
    assert Answer.objects.filter(text="Vans park on the kerb.").exists()


def test_a_ranking_marks_ties_and_differences_too_small_to_call():
    from consultation.results import OptionResult, mark_ranking

    def ranked(*counts, base):
        options = [
            OptionResult(f"Option {i}", c, 100 * c / base, base) for i, c in enumerate(counts)
        ]
        return [(o.label, o.rank_text, o.too_close_to_call) for o in mark_ranking(options)]

    # The three-way tie among 12 people: joint first. Even 1 in 12 cannot be told
    # from 5 in 12 (Wilson: 1.5% to 35.4% against 19.3% to 68.0%).
    assert ranked(5, 5, 5, 1, base=12) == [
        ("Option 0", "Joint 1st", ""),
        ("Option 1", "Joint 1st", ""),
        ("Option 2", "Joint 1st", ""),
        ("Option 3", "4th", "too close to call against Option 2"),
    ]
    # 40 and 5 of 50 are told apart (67.0% to 88.8% against 4.3% to 21.4%).
    assert ranked(40, 5, base=50) == [("Option 0", "1st", ""), ("Option 1", "2nd", "")]


def test_you_said_on_the_borough_page_shows_a_tie_as_a_tie(client, leaflet_figures):
    survey = make_survey(slug="past", opens=-60, closes=30, year=2010)
    add_responses(survey, 6, priorities=["Knife crime", "Total robbery"])
    add_responses(survey, 6, priorities=["Residential burglary"])
    _publish(survey)
    page = text(client.get("/boroughs/havering/2009-10/").content.decode())
    said = page[page.index("You said: the priorities") : page.index("We did: the priorities")]
    assert "Shares of the 12 residents in Havering who answered, with 95% margins of error." in said
    assert said.count("Joint 1st:") == 3
    assert f"Knife crime, 50% ({margin(6, 12)})" in said


class TestOnTheDemo:
    """Tests of the demo as `load_demo` loads it: loaded once for them all (conftest's
    demo_once), each test's changes rolled back to it."""

    def test_demo_surveys_are_open_now_and_last_years_have_published_results(self, client, demo):
        page = text(client.get("/have-your-say/").content.decode())
        assert "Open now" in page and "(businesses)" in page
        results = client.get("/have-your-say/residents-2010-11/results/")
        assert results.status_code == 200
        channels = {r.channel for r in Response.objects.filter(survey__slug="residents-2010-11")}
        assert channels == {"online", "paper", "telephone"}
        assert client.get("/have-your-say/residents-2011-12/").status_code == 200
        assert Area.objects.get(slug="havering")


def _hidden_fields(html: str) -> list[tuple[str, str]]:
    """The hidden fields a page's form carries, each value of a repeated name."""
    from html import unescape as unescaped

    return [
        (name, unescaped(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    ]


def _continue(client, survey, html, answers: dict):
    """Press Continue (or Send) as a browser would: the page's hidden fields, what its boxes
    and ticks already hold, then this page's answers."""
    from html import unescape as unescaped

    data = {}
    shown = re.findall(r'name="([^"]+)" type="(?:text|email|tel)" value="([^"]*)"', html)
    ticked = re.findall(r'name="([^"]+)" type="(?:radio|checkbox)" value="([^"]*)" checked', html)
    for name, value in [*_hidden_fields(html), *shown, *ticked]:
        data.setdefault(name, []).append(unescaped(value))
    data.pop("csrfmiddlewaretoken", None)
    data.update(answers)
    return client.post(f"/have-your-say/{survey.slug}/", data)


def test_the_survey_a_page_at_a_time_then_check_your_answers_then_send(client, survey):
    q = questions(survey)
    given = good_answers(survey, postcode_district="RM1 3AB")
    html = client.get(f"/have-your-say/{survey.slug}/").content.decode()
    assert "page 1 of 4" in text(html) and "Do you feel safe?" not in html
    # Each page shows only its own mistake, and keeps what was given before.
    html = _continue(client, survey, html, {"borough": "havering"}).content.decode()
    assert "Policing in your area" in text(html) and "There is a problem" not in html
    html = _continue(client, survey, html, {q["rating"].field_name: ""}).content.decode()
    assert "<title>Error: " in html and text(html).count("There is a problem") == 1
    answers = {question.field_name: given[question.field_name] for question in q.values()}
    html = _continue(client, survey, html, answers).content.decode()
    assert "About you (optional)" in text(html)
    html = _continue(client, survey, html, {"postcode_district": "RM1 3AB"}).content.decode()
    assert "Can we contact you? (optional)" in text(html)
    html = _continue(client, survey, html, {}).content.decode()
    page = text(html)
    assert "Check your answers before sending them" in page
    assert "Which London borough do you live or work in? Havering Change" in page
    assert (
        "Email, Meetings" in page and "RM1 (we keep only the first part of your postcode)" in page
    )
    assert not Response.objects.exists()  # nothing is kept until it is sent
    # "Change" goes back to that page, and Continue from it back to the check page.
    html = _continue(client, survey, html, {"goto": "about"}).content.decode()
    assert "About you (optional)" in text(html)
    html = _continue(client, survey, html, {"age_band": "35-44"}).content.decode()
    assert "Check your answers before sending them" in text(html) and "35 to 44" in text(html)
    sent = _continue(client, survey, html, {})
    assert sent.status_code == 302 and "/confirmation/" in sent["Location"]
    response = Response.objects.get()
    assert response.profile.postcode_district == "RM1" and response.profile.age_band == "35-44"
    assert response.answers.count() == 6
