from django.urls import path

from . import views

app_name = "consultation"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<slug:slug>/", views.survey_form, name="survey"),
    path("<slug:slug>/confirmation/", views.confirmation, name="confirmation"),
    path("<slug:slug>/print/", views.printable, name="print"),
    path("<slug:slug>/results/", views.results, name="results"),
]
