"""config.middleware: a NUL character in the query string is a 400, never a 500."""

import pytest

from tests.factories import LessonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        # Django's admin passes list-filter values and autocomplete terms to queries, and
        # PostgreSQL refuses NUL in text: these were 500s there.
        "/admin/lessons/lesson/?status=%00",
        "/admin/quizzes/quiz/?status=a%00b",
        "/admin/autocomplete/?app_label=lessons&model_name=claimlabel&field_name=sentence&term=%00",
        "/admin/lessons/lesson/?q%00=x",
        "/results/?sort=%00",
    ],
)
def test_nul_in_the_query_string_is_a_bad_request(teacher_client, url):
    LessonFactory(status="draft")

    response = teacher_client.get(url)

    assert response.status_code == 400
    assert "That request could not be used" in response.content.decode()


def test_ordinary_query_strings_pass(teacher_client):
    LessonFactory(title="Zoë’s article", status="draft")

    response = teacher_client.get("/admin/lessons/lesson/", {"status__exact": "draft", "q": "Zoë"})

    assert response.status_code == 200
    assert "Zoë’s article" in response.content.decode()
