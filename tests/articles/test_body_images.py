"""Pictures placed in a story body: library images only, and never counted as paragraphs."""

import pytest

from articles.text import body_paragraphs, sanitise_body
from images.renditions import get_rendition
from tests.factories import ArticleFactory, make_image

pytestmark = pytest.mark.django_db


def figure(src, caption="Delegates in Moscow. Photo: Reuters"):
    return (
        f'<figure><img src="{src}" alt="Delegates" width="960" height="540">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def test_library_image_in_the_body_is_kept_and_lazy_loaded():
    url = get_rendition(make_image(alt_text="Delegates"), "w960-jpeg").url
    article = ArticleFactory(body=f"<p>First.</p>{figure(url)}<p>Second.</p>")

    assert f'src="{url}"' in article.body
    assert 'loading="lazy"' in article.body


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/pixel.gif",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "/media/images/../../secrets.txt",
        "/static/logo.png",
    ],
)
def test_outside_or_unsafe_images_are_removed_from_the_body(src):
    cleaned = sanitise_body(f"<p>Text.</p>{figure(src)}")

    assert src not in cleaned
    assert "<img" not in cleaned


@pytest.mark.parametrize(
    "src",
    [
        "/media/images/%2e%2e/%2e%2e/admin/logout/",
        "/media/images/%2E%2E/%2E%2E/admin/logout/",
        "/media/images/%252e%252e/%252e%252e/admin/logout/",
        "/media/images/renditions/%2e%2e/%2e%2e/%2e%2e/admin/",
        "/media/images/..%2f..%2fadmin/",
        "/media/images/.%2e/.%2e/admin/",
        "/media/images/renditions/..\\..\\..\\admin/",
        "/media/images//admin/",
        "/media/images/originals/2024/01/not-in-the-library.jpg",
        "/media/images/renditions/abc/w960-jpeg-00000000.jpg",
    ],
)
def test_body_images_must_be_files_of_the_library_once_decoded(src):
    """Percent-encoded dots reach the admin once the browser decodes them: the sanitiser
    decodes and normalises the address, then keeps it only if the library has that file."""
    make_image(alt_text="Delegates")
    cleaned = sanitise_body(f"<p>Text.</p>{figure(src)}")

    assert "<img" not in cleaned, cleaned


def test_a_library_address_written_with_escapes_is_kept_in_its_plain_form():
    image = make_image(alt_text="Delegates")
    url = get_rendition(image, "w960-jpeg").url
    escaped = url.replace("/renditions/", "/%72enditions/")

    cleaned = sanitise_body(figure(escaped))

    assert f'src="{url}"' in cleaned
    assert f'src="{image.file.url}"' in sanitise_body(figure(image.file.url))


def test_figures_do_not_shift_quote_paragraph_numbers():
    body = sanitise_body(f"<p>Zero.</p>{figure('/media/images/renditions/a.jpg')}<p>One.</p>")

    assert body_paragraphs(body) == ["Zero.", "One."]


def test_body_image_renders_on_the_public_page(client):
    url = get_rendition(make_image(alt_text="Delegates"), "w960-jpeg").url
    article = ArticleFactory(body=f"<p>First.</p>{figure(url)}")

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'src="{url}"' in html
    assert "<figcaption>Delegates in Moscow. Photo: Reuters</figcaption>" in html


def test_image_admin_shows_the_address_to_use_in_a_body(admin_client):
    image = make_image(alt_text="Delegates")

    html = admin_client.get(f"/admin/images/image/{image.pk}/change/").content.decode()

    assert get_rendition(image, "w960-jpeg").url in html
