from django.urls import path, re_path

from api import views
from newsroom.caching import public_page

app_name = "api"

urlpatterns = [
    path("v1/stories/", public_page(views.story_list), name="stories"),
    path("v1/stories/<int:pk>/", public_page(views.story_detail), name="story"),
    path("v1/quotes/", public_page(views.quote_list), name="quotes"),
    # Any other address ending in a slash; one without is first sent to its slash (APPEND_SLASH).
    re_path(r"^(?:.*/)?$", views.not_found),
]
