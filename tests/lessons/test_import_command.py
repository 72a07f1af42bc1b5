"""python manage.py import_lesson PATH [--publish]."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lessons.models import Lesson
from tests.lessons.helpers import lesson_row_counts

pytestmark = pytest.mark.django_db

SEED = (
    Path(__file__).resolve().parents[2]
    / "lessons"
    / "demo"
    / "why-does-china-protect-north-korea.txt"
)


def _run(*args) -> str:
    out = StringIO()
    call_command("import_lesson", *args, stdout=out)
    return out.getvalue()


def test_prints_exactly_one_line_with_the_counts():
    output = _run(str(SEED))
    lesson = Lesson.objects.get()
    assert output == (
        f'Imported lesson {lesson.pk} "Why Does China Protect North Korea": '
        "7 sections, 32 sentences\n"  # the author's bio is the 7th, with 4 sentences
    )
    assert lesson.status == Lesson.Status.DRAFT


def test_publish_flag(tmp_path):
    path = tmp_path / "article.md"
    path.write_text("# A Markdown title\n\n## Part one\n\nOne. Two.\n", encoding="utf-8")
    output = _run(str(path), "--publish")
    lesson = Lesson.objects.get()
    assert lesson.status == Lesson.Status.PUBLISHED
    assert output == f'Imported lesson {lesson.pk} "A Markdown title": 1 sections, 2 sentences\n'


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "No such file"),
        (b"", "The article is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        (b"Only a title\n", "no paragraphs"),
        (b"Title\n\n" + b"word " * 50_000, "the limit is 200,000 bytes"),
    ],
)
def test_errors_are_one_line_and_create_nothing(tmp_path, content, expected):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        _run(str(path))
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert message.startswith((str(path), "No such file"))
    assert lesson_row_counts() == (0, 0, 0)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        _run(str(tmp_path))


def test_exit_status_and_stderr_through_manage_py(tmp_path):
    """Run as a user would: a non-zero exit and the one line on stderr."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_lesson", str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"CommandError: {path}: The article is empty."]
