import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from images.models import Image
from tests.images.conftest import photo_bytes, png_bomb_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:images_image_add")


def staff(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="images", codename__in=codenames)
    )
    return user


@pytest.fixture
def journalist(django_user_model):
    return staff(django_user_model, "journalist", "add_image", "change_image", "view_image")


@pytest.fixture
def journalist_client(client, journalist):
    client.force_login(journalist)
    return client


def form_data(file, **overrides):
    return {
        "file": file,
        "title": "Flooded market",
        "alt_text": "Traders carry sacks through water",
        "caption": "",
        "credit": "Reuters/Jane Doe",
        "licence": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **overrides,
    }


def test_journalist_uploads_a_photo_and_is_recorded_as_uploader_despite_a_forged_field(
    journalist_client, journalist, django_user_model
):
    someone_else = django_user_model.objects.create_user("editor")
    data = form_data(upload(photo_bytes((1200, 800)), name="IMG_0001.jpg"))
    data["uploaded_by"] = str(someone_else.pk)

    response = journalist_client.post(ADD_URL, data)

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == journalist
    assert (image.width, image.height, image.format) == (1200, 800, "JPEG")
    assert "IMG_0001" not in image.file.name


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"Notes from the council meeting.\n" * 30, "photo.jpg", "not an image we can read"),
        (png_bomb_bytes(), "bomb.png", "the limit is 40 megapixels"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "a.svg", "SVG"),
    ],
)
def test_bad_uploads_are_form_errors_and_nothing_is_saved(journalist_client, data, name, message):
    response = journalist_client.post(ADD_URL, form_data(upload(data, name=name)))

    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()


def test_oversized_upload_is_a_form_error(journalist_client, settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 10 * 1024

    response = journalist_client.post(ADD_URL, form_data(upload(photo_bytes((1200, 800)))))

    assert response.status_code == 200
    assert "the limit is 10 KB." in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()


def test_focal_point_outside_the_image_is_a_form_error(journalist_client):
    data = form_data(upload(photo_bytes((300, 200))), focal_x="1.2")

    response = journalist_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "focal_x" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


def test_staff_without_the_add_permission_gets_403(client, django_user_model):
    client.force_login(staff(django_user_model, "intern", "view_image"))

    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, form_data(upload(photo_bytes((300, 200))))).status_code == 403
    assert not Image.objects.exists()


def test_readers_are_sent_to_the_login_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))

    response = client.post(ADD_URL, form_data(upload(photo_bytes((300, 200)))))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not Image.objects.exists()


def test_change_form_shows_a_preview_and_the_file_cannot_be_replaced(journalist_client, make_image):
    image = make_image((1200, 800))

    response = journalist_client.get(reverse("admin:images_image_change", args=[image.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'title="Focal point"' in content and "/images/renditions/" in content
    assert "file" not in response.context["adminform"].form.fields


def test_changelist_shows_thumbnails_with_a_constant_number_of_queries(
    journalist_client, make_image, django_assert_max_num_queries
):
    make_image((400, 300))
    journalist_client.get(reverse("admin:images_image_changelist"))  # makes the thumbnails
    with CaptureQueriesContext(connection) as one_image:
        journalist_client.get(reverse("admin:images_image_changelist"))
    queries_for_one = len(one_image)  # read now: each request resets the query log
    for _ in range(3):
        make_image((400, 300))
    journalist_client.get(reverse("admin:images_image_changelist"))

    with django_assert_max_num_queries(queries_for_one):
        response = journalist_client.get(reverse("admin:images_image_changelist"))

    assert response.content.decode().count('loading="lazy"') == 4


def test_changelist_search_covers_title_caption_and_credit(journalist_client, make_image):
    make_image((100, 100), title="Harbour", caption="Fishing boats at dawn", credit="AFP")
    make_image((100, 100), title="Council", caption="", credit="Staff")
    url = reverse("admin:images_image_changelist")

    for term in ["harbour", "dawn", "afp"]:
        response = journalist_client.get(url, {"q": term})
        assert [image.title for image in response.context["cl"].result_list] == ["Harbour"]
