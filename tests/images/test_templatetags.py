import re
from html import unescape

import pytest
from django.template import Context, Template, TemplateSyntaxError, engines

from images.models import Image
from images.renditions import get_renditions, standard_specs

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load images %}" + source).render(Context(context))


def render_figure(image, **options) -> str:
    """The public site's figure macro, as a Jinja2 page calls it."""
    template = engines["jinja2"].from_string(
        '{% from "includes/_figure.html" import figure %}{{ figure(image, **options) }}'
    )
    return template.render({"image": image, "options": options})


def attribute(html: str, tag: str, name: str) -> str:
    element = re.search(rf"<{tag}\b[^>]*>", html).group(0)
    return re.search(rf'\s{name}="([^"]*)"', element).group(1)


def test_picture_has_sources_dimensions_alt_and_lazy_loading(make_image, settings):
    settings.NEWSROOM_IMAGE_WIDTHS = [320, 640, 960, 1280, 1920]
    image = make_image((2400, 1600), alt_text='Boats "moored" <here> & there')

    html = render('{% picture image sizes="(min-width: 60rem) 60rem, 100vw" %}', image=image)

    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert attribute(html, "source", "type") == "image/webp"
    webp = attribute(html, "source", "srcset").split(", ")
    jpeg = attribute(html, "img", "srcset").split(", ")
    assert [entry.rsplit(" ", 1)[1] for entry in webp] == ["320w", "640w", "960w", "1280w", "1920w"]
    assert all(entry.split(" ")[0].endswith(".webp") for entry in webp)
    assert all(entry.split(" ")[0].endswith(".jpg") for entry in jpeg)
    assert attribute(html, "img", "src").endswith(".jpg")
    assert (attribute(html, "img", "width"), attribute(html, "img", "height")) == ("960", "640")
    assert unescape(attribute(html, "img", "alt")) == 'Boats "moored" <here> & there'
    assert "<here>" not in html and '"moored"' not in html
    assert attribute(html, "img", "loading") == "lazy"
    assert attribute(html, "img", "decoding") == "async"
    assert attribute(html, "img", "sizes") == "(min-width: 60rem) 60rem, 100vw"
    assert "fetchpriority" not in html


def test_lead_image_can_load_eagerly_with_high_priority(make_image):
    image = make_image((800, 600))

    html = render(
        '{% picture image loading="eager" fetchpriority="high" class="lead" %}', image=image
    )

    assert attribute(html, "img", "loading") == "eager"
    assert attribute(html, "img", "fetchpriority") == "high"
    assert attribute(html, "img", "class") == "lead"


def test_picture_of_nothing_renders_nothing():
    assert render("{% picture image %}", image=None) == ""


def test_picture_refuses_unknown_arguments(make_image):
    with pytest.raises(TemplateSyntaxError):
        render('{% picture image onload="alert(1)" %}', image=make_image((100, 100)))


def test_picture_makes_no_query_when_renditions_were_prefetched(
    make_image, django_assert_num_queries
):
    image = make_image((1600, 1200))
    get_renditions(image, standard_specs(image))
    template = Template("{% load images %}{% picture image %}{% image_url image spec %}")

    with django_assert_num_queries(2):  # the image and its prefetched renditions
        image = Image.objects.with_renditions().get(pk=image.pk)
    with django_assert_num_queries(0):
        html = template.render(Context({"image": image, "spec": "fill-1200x630-jpeg"}))

    assert "<picture>" in html


def test_picture_without_prefetch_costs_one_query(make_image, django_assert_num_queries):
    image = make_image((1600, 1200))
    get_renditions(image, standard_specs(image))
    image = Image.objects.get(pk=image.pk)

    with django_assert_num_queries(1):
        render("{% picture image %}{% image_url image 'fill-600x600-jpeg' %}", image=image)


def test_image_url_gives_the_open_graph_rendition(make_image, settings):
    settings.MEDIA_URL = "/media/"
    image = make_image((2400, 1600))

    url = render('{% image_url image "fill-1200x630-jpeg" %}', image=image)

    assert url.startswith("/media/images/renditions/") and url.endswith(".jpg")
    assert image.renditions.get(spec="fill-1200x630-jpeg").width == 1200


def test_missing_original_renders_nothing_instead_of_failing(make_image, caplog):
    image = make_image((800, 600))
    image.file.storage.delete(image.file.name)

    assert render("{% picture image %}", image=image) == ""
    assert "Cannot render image" in caplog.text


def test_figure_partial_has_picture_caption_and_credit(make_image):
    image = make_image(
        (800, 600), caption="Traders move stock out of the market.", credit="Reuters/Jane Doe"
    )

    html = render_figure(image, loading="eager", fetchpriority="high")

    assert "<figure" in html and "<picture>" in html
    assert 'loading="eager"' in html and 'fetchpriority="high"' in html
    caption = re.search(r"<figcaption>(.*)</figcaption>", html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", caption) == (
        "Traders move stock out of the market. Photo: Reuters/Jane Doe"
    )


def test_figure_partial_escapes_caption_and_omits_empty_figcaption(make_image):
    image = make_image((100, 100), caption="<script>x</script>", credit="")
    assert "<script>x" not in render_figure(image)

    bare = make_image((100, 100), caption="", credit="")
    assert "figcaption" not in render_figure(bare)
