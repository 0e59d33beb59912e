from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleEvent
from newsroom.signals import public_content_changed
from tests.factories import story_in_state, user_in

pytestmark = pytest.mark.django_db


def test_command_announces_a_story_once_after_its_time(capsys, django_capture_on_commit_callbacks):
    journalist, editor = user_in("Journalist", "j"), user_in("Editor", "e")
    article = story_in_state("approved", owner=journalist, reviewer=editor)
    workflow.schedule(article, by=editor, at=timezone.now() + timedelta(hours=1))

    call_command("publish_scheduled")
    assert "Went live" not in capsys.readouterr().out

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    received = []

    def listener(sender, instance=None, **kwargs):
        received.append(instance)

    public_content_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled")
        call_command("publish_scheduled")
    finally:
        public_content_changed.disconnect(listener)
    assert capsys.readouterr().out.count("Went live") == 1
    assert received == [article]
    assert ArticleEvent.objects.filter(article=article, action="went_live").count() == 1


def test_command_lists_stories_stuck_in_review(capsys):
    journalist = user_in("Journalist", "j")
    article = story_in_state("in_review", owner=journalist, headline="Stuck story")
    Article.objects.filter(pk=article.pk).update(modified_at=timezone.now() - timedelta(days=3))
    call_command("publish_scheduled", "--dry-run")
    assert "In review for over two days: Stuck story" in capsys.readouterr().out
