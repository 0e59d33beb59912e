from django.urls import path

from newsroom.caching import public_page
from sources import views

app_name = "sources"

urlpatterns = [
    path("people/", public_page(views.PersonListView.as_view()), name="people"),
    path("people/<slug:slug>/", public_page(views.PersonDetailView.as_view()), name="person"),
    path(
        "organisations/",
        public_page(views.OrganisationListView.as_view()),
        name="organisations",
    ),
    path(
        "organisations/<slug:slug>/",
        public_page(views.OrganisationDetailView.as_view()),
        name="organisation",
    ),
]
