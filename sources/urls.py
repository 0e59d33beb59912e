from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("organisations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation"),
]
