"""Writes of the lessons app: importing, re-splitting, the bio, assigning, rosters."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from lessons.importing import decode_article_bytes
from lessons.models import (
    Assignment,
    ClaimLabel,
    Classroom,
    Enrollment,
    Lesson,
    Section,
    Sentence,
    Thread,
    ThreadAnchor,
)
from lessons.services import (
    RosterOutcome,
    assignment_create,
    bio_move_paragraph,
    classroom_new_join_code,
    lesson_import,
    lesson_import_with_report,
    roster_import,
    section_check_body_change,
    section_resplit,
    sentence_references,
)
from tests.factories import (
    AssignmentFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    EnrollmentFactory,
    LessonFactory,
    SectionFactory,
    StudentFactory,
    TeacherFactory,
    TeacherNoteFactory,
    enrolled_student,
)

pytestmark = pytest.mark.django_db

SEED = (
    Path(__file__).resolve().parents[2]
    / "lessons"
    / "demo"
    / "why-does-china-protect-north-korea.txt"
)
User = get_user_model()


def _code(callable_, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        callable_(**kwargs)
    return caught.value.code


def _row_counts() -> tuple[int, int, int]:
    return Lesson.objects.count(), Section.objects.count(), Sentence.objects.count()


# Importing ----------------------------------------------------------------------------


def test_import_of_the_seed_article():
    report = lesson_import_with_report(text=SEED.read_text(encoding="utf-8"))
    lesson = report.lesson
    assert lesson.title == "Why Does China Protect North Korea"
    assert lesson.slug == "why-does-china-protect-north-korea"
    assert lesson.status == Lesson.Status.DRAFT
    assert [s.heading for s in lesson.sections.order_by("position")] == [
        "Introduction",
        "Chinese Help in Times of Crisis",
        "Geopolitical Benefits",
        "Strategic Considerations",
        "UN Sanctions",
        "Conclusion",
    ]
    assert lesson.author_bio.startswith("Cassie Grissom is an American journalist")
    sentences = Sentence.objects.filter(section__lesson=lesson)
    assert (report.section_count, report.sentence_count) == (6, sentences.count())
    assert report.sentence_count == 28
    assert report.dropped_debris == ["Leave a Comment"]
    assert not sentences.filter(text__contains="Cassie").exists()
    assert not sentences.filter(text__contains="Leave a Comment").exists()


def test_import_stores_bodies_positions_and_paragraph_indexes():
    lesson = lesson_import(text=SEED.read_text(encoding="utf-8"))
    geo = lesson.sections.get(heading="Geopolitical Benefits")
    assert geo.position == 3
    assert geo.body.count("\n\n") == 1  # two paragraphs joined by a blank line
    rows = list(geo.sentences.values_list("position", "paragraph"))
    assert rows == [(1, 0), (2, 0), (3, 0), (4, 0), (5, 1), (6, 1)]
    assert geo.sentences.get(position=2).text.startswith("North Korea serves as a buffer")
    # Curly apostrophes survive byte for byte.
    assert "North Korea’s" in lesson.sections.get(position=1).sentences.get(position=2).text


def test_import_options_status_author_created_by_and_slug():
    teacher = TeacherFactory()
    lesson = lesson_import(
        text="A title\n\nA paragraph. Another one.",
        status="published",
        author="Ann Author",
        created_by=teacher,
        slug="my-own-slug",
    )
    assert (lesson.status, lesson.author, lesson.created_by, lesson.slug) == (
        "published",
        "Ann Author",
        teacher,
        "my-own-slug",
    )
    assert lesson.sections.get().heading == ""  # text before any heading: an opening section


def test_slugs_get_numbered_suffixes():
    text = "Same Title\n\nSome text here."
    slugs = [lesson_import(text=text).slug for _ in range(3)]
    assert slugs == ["same-title", "same-title-2", "same-title-3"]


def test_title_without_latin_letters_gets_a_fallback_slug():
    assert lesson_import(text="中国与朝鲜\n\n第一段。").slug == "lesson"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"text": ""}, "empty"),
        ({"text": "   \n\n  "}, "empty"),
        ({"text": "Only a title"}, "no_paragraphs"),
        ({"text": "T\n\n" + "x" * 200_001}, "too_large"),
        ({"text": "T\n\nBody.", "status": "archived"}, "invalid_status"),
    ],
)
def test_import_errors_create_nothing(kwargs, code):
    before = _row_counts()
    assert _code(lesson_import, **kwargs) == code
    assert _row_counts() == before


def test_taken_explicit_slug_is_refused_and_creates_nothing():
    LessonFactory(slug="taken")
    before = _row_counts()
    assert _code(lesson_import, text="T\n\nBody text.", slug="taken") == "slug_taken"
    assert _row_counts() == before


def _import_file(*, data: bytes) -> Lesson:
    """What import_lesson and the admin's upload do with a file's bytes."""
    return lesson_import(text=decode_article_bytes(data))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"Title\n\n\xff\xfe caf\xe9", "binary"),
        (b"T\n\n" + b"x" * 200_001, "too_large"),
    ],
)
def test_file_import_errors_create_nothing(data, code):
    before = _row_counts()
    assert _code(_import_file, data=data) == code
    assert _row_counts() == before


def test_file_import_accepts_a_byte_order_mark_and_crlf():
    lesson = _import_file(data="\ufeffTitle\r\n\r\n“Quoted” text.\r\n".encode())
    assert lesson.title == "Title"
    assert lesson.sections.get().sentences.get().text == "“Quoted” text."


# Re-splitting -------------------------------------------------------------------------


def _section(body: str) -> Section:
    section = SectionFactory(body=body)
    section_resplit(section=section)
    return section


def test_resplit_creates_sentences_with_paragraph_indexes():
    section = _section("One. Two.\n\nThree is here.")
    assert list(section.sentences.values_list("position", "paragraph", "text")) == [
        (1, 0, "One."),
        (2, 0, "Two."),
        (3, 1, "Three is here."),
    ]


def test_resplitting_an_imported_lesson_changes_nothing():
    """Import and re-split split alike, so a re-split after import keeps every sentence."""
    lesson = lesson_import(text=SEED.read_text(encoding="utf-8"))
    before = list(
        Sentence.objects.filter(section__lesson=lesson).values_list(
            "pk", "position", "paragraph", "text"
        )
    )
    for section in lesson.sections.all():
        section_resplit(section=section)
    after = list(
        Sentence.objects.filter(section__lesson=lesson).values_list(
            "pk", "position", "paragraph", "text"
        )
    )
    assert after == before


def test_resplit_of_an_unchanged_body_changes_nothing_even_when_labelled():
    section = _section("One. Two.")
    label = ClaimLabelFactory(sentence=section.sentences.get(position=1))
    assert section_resplit(section=section) == 2
    assert ClaimLabel.objects.filter(pk=label.pk).exists()


def test_resplit_keeps_the_identity_of_unchanged_sentences():
    section = _section("Alpha is first. Beta is second.")
    beta = section.sentences.get(position=2)
    ClaimLabelFactory(sentence=beta)
    count = section_resplit(section=section, body="New opening. Alpha changed. Beta is second.")
    assert count == 3
    beta.refresh_from_db()
    assert (beta.position, beta.label.verdict) == (3, "unsupported")
    assert list(section.sentences.values_list("text", flat=True)) == [
        "New opening.",
        "Alpha changed.",
        "Beta is second.",
    ]


def test_resplit_is_refused_when_a_changed_sentence_is_labelled():
    section = _section("Alpha is first. Beta is second.")
    ClaimLabelFactory(sentence=section.sentences.get(position=1))
    with pytest.raises(ValidationError) as caught:
        section_resplit(section=section, body="Alpha was edited. Beta is second.")
    assert caught.value.code == "sentences_referenced"
    assert "1 claim label" in caught.value.messages[0]
    section.refresh_from_db()
    assert section.body == "Alpha is first. Beta is second."  # nothing half-written
    assert section.sentences.count() == 2


def test_resplit_refusal_names_every_kind_of_reference():
    """Notes on a sentence, discussion anchors and (generically) every other reverse link."""
    section = _section("Alpha is first. Beta is second.")
    alpha, beta = section.sentences.order_by("position")
    ClaimLabelFactory(sentence=alpha)
    TeacherNoteFactory(section=section, sentence=alpha)
    TeacherNoteFactory(section=section, sentence=beta)
    assignment = AssignmentFactory(lesson=section.lesson)
    thread = Thread.objects.create(assignment=assignment, author=TeacherFactory(), title="T")
    ThreadAnchor.objects.create(thread=thread, sentence=beta)
    assert sentence_references([alpha.pk, beta.pk]) == {
        "claim label": 1,
        "teacher notes": 2,
        "discussion anchor": 1,
    }
    with pytest.raises(ValidationError) as caught:
        section_check_body_change(section=section, body="Entirely new text.")
    message = caught.value.messages[0]
    assert "2 sentences" in message
    assert "2 teacher notes, 1 claim label and 1 discussion anchor" in message


def test_quiz_answers_count_as_references():
    """ResponseSentence lives in quizzes; lessons finds it without importing quizzes."""
    from quizzes.models import Attempt, Question, Response, ResponseSentence
    from tests.factories import QuizFactory

    section = _section("Alpha is first. Beta is second.")
    assignment = AssignmentFactory(lesson=section.lesson)
    quiz = QuizFactory(lesson=section.lesson)
    question = Question.objects.create(
        quiz=quiz, position=1, kind="spot_claim", prompt="Spot it", section=section
    )
    student = enrolled_student(assignment.classroom)
    attempt = Attempt.objects.create(
        quiz=quiz,
        assignment=assignment,
        student=student,
        number=1,
        started_at=timezone.now(),
        seed=1,
    )
    response = Response.objects.create(attempt=attempt, question=question)
    ResponseSentence.objects.create(response=response, sentence=section.sentences.first())
    assert sentence_references(section.sentences.values_list("pk", flat=True)) == {"quiz answer": 1}
    assert _code(section_resplit, section=section, body="Changed.") == "sentences_referenced"


def test_resplit_without_references_replaces_changed_sentences():
    section = _section("Alpha is first. Beta is second.")
    TeacherNoteFactory(section=section)  # a note on the section, not on a sentence
    assert section_resplit(section=section, body="Gamma.\n\nDelta. Epsilon.") == 3
    assert list(section.sentences.values_list("paragraph", "text")) == [
        (0, "Gamma."),
        (1, "Delta."),
        (1, "Epsilon."),
    ]


# Moving a paragraph between the text and the bio -------------------------------------


def _lesson_with_bio() -> Lesson:
    return lesson_import(
        text="Title\n\nIntro\n\nFirst paragraph here. It has two sentences.\n\n"
        "Second paragraph here.\n\n"
        "Ann Lee is an American journalist and author living in Oslo. She writes books."
    )


def test_bio_moves_into_the_text_and_back():
    lesson = _lesson_with_bio()
    section = lesson.sections.get()
    first_ids = list(section.sentences.filter(paragraph=0).values_list("pk", flat=True))
    assert lesson.author_bio.startswith("Ann Lee")

    moved = bio_move_paragraph(lesson=lesson, to="body")
    lesson.refresh_from_db()
    assert moved.startswith("Ann Lee") and lesson.author_bio == ""
    assert section.sentences.filter(paragraph=2).count() == 2  # the bio's two sentences
    assert section.sentences.count() == 5

    bio_move_paragraph(lesson=lesson, to="bio")
    lesson.refresh_from_db()
    assert lesson.author_bio.startswith("Ann Lee")
    assert section.sentences.count() == 3
    # Sentences of the other paragraphs kept their identity throughout.
    assert list(section.sentences.filter(paragraph=0).values_list("pk", flat=True)) == first_ids


def test_moving_a_labelled_paragraph_into_the_bio_is_refused():
    lesson = _lesson_with_bio()
    section = lesson.sections.get()
    ClaimLabelFactory(sentence=section.sentences.get(paragraph=1))
    assert _code(bio_move_paragraph, lesson=lesson, to="bio") == "sentences_referenced"
    lesson.refresh_from_db()
    assert lesson.author_bio.startswith("Ann Lee")  # unchanged
    assert "Second paragraph" in lesson.sections.get().body


def test_bio_move_refusals():
    single = lesson_import(text="Title\n\nOnly one paragraph.")
    assert _code(bio_move_paragraph, lesson=single, to="bio") == "section_would_be_empty"
    assert _code(bio_move_paragraph, lesson=single, to="body") == "no_bio"
    assert _code(bio_move_paragraph, lesson=single, to="sideways") == "bad_direction"
    assert _code(bio_move_paragraph, lesson=LessonFactory(), to="bio") == "no_sections"


# Assigning ----------------------------------------------------------------------------


@pytest.fixture
def taught(teacher):
    return ClassroomFactory(teachers=[teacher])


def _dates(days: int = 7):
    opens = timezone.now()
    return {"opens_at": opens, "due_at": opens + timedelta(days=days)}


def test_assignment_create(teacher, taught):
    lesson = LessonFactory()
    assignment = assignment_create(teacher=teacher, lesson=lesson, classroom=taught, **_dates())
    assert (assignment.lesson, assignment.classroom, assignment.assigned_by) == (
        lesson,
        taught,
        teacher,
    )


def test_assignment_refusals(teacher, taught):
    lesson = LessonFactory()
    other_class = ClassroomFactory(teachers=[TeacherFactory()])
    assert (
        _code(assignment_create, teacher=teacher, lesson=lesson, classroom=other_class, **_dates())
        == "not_your_class"
    )
    assert (
        _code(
            assignment_create, teacher=StudentFactory(), lesson=lesson, classroom=taught, **_dates()
        )
        == "not_your_class"
    )
    opens = timezone.now()
    assert (
        _code(
            assignment_create,
            teacher=teacher,
            lesson=lesson,
            classroom=taught,
            opens_at=opens,
            due_at=opens,
        )
        == "due_before_open"
    )
    assert (
        _code(
            assignment_create,
            teacher=teacher,
            lesson=LessonFactory(status="draft"),
            classroom=taught,
            **_dates(),
        )
        == "lesson_not_published"
    )
    assignment_create(teacher=teacher, lesson=lesson, classroom=taught, **_dates())
    assert (
        _code(assignment_create, teacher=teacher, lesson=lesson, classroom=taught, **_dates(3))
        == "already_assigned"
    )
    assert Assignment.objects.count() == 1


def test_superuser_may_assign_to_any_class():
    admin_user = User.objects.create_superuser("boss", "boss@example.org", "password")
    classroom = ClassroomFactory()
    assert assignment_create(
        teacher=admin_user, lesson=LessonFactory(), classroom=classroom, **_dates()
    ).pk


# Join codes ---------------------------------------------------------------------------


def test_new_join_code_replaces_the_old_one():
    classroom = ClassroomFactory()
    old = classroom.join_code
    new = classroom_new_join_code(classroom=classroom)
    classroom.refresh_from_db()
    assert classroom.join_code == new != old
    assert not Classroom.objects.filter(join_code=old).exists()


# Rosters ------------------------------------------------------------------------------


def _outcomes(report) -> list[tuple[str, str]]:
    return [(row.username, row.outcome) for row in report.rows]


def test_roster_creates_enrols_and_refuses_row_by_row(teacher, taught):
    existing = StudentFactory(username="existing")
    already = enrolled_student(taught, username="already")
    TeacherFactory(username="mrsmith")
    csv = (
        "Username,First Name,Surname,E-mail\n"
        "newkid,Zoë,Ó Súilleabháin,zoe@example.org\n"
        "EXISTING,Ignored,Ignored,\n"
        "already,,,\n"
        "mrsmith,Mr,Smith,\n"
        "formula,=1+2,@SUM(A1),\n"
        ",No,Username,\n"
        "newkid,Dup,Licate,\n"
        "bad email,,,\n"
        "emailbad,E,B,nope\n"
    ).encode()
    report = roster_import(classroom=taught, csv_bytes=csv, teacher=teacher)
    assert _outcomes(report) == [
        ("newkid", RosterOutcome.CREATED),
        ("existing", RosterOutcome.ENROLLED),
        ("already", RosterOutcome.ALREADY_ENROLLED),
        ("mrsmith", RosterOutcome.REFUSED),
        ("formula", RosterOutcome.CREATED),
        ("", RosterOutcome.REFUSED),
        ("newkid", RosterOutcome.REFUSED),
        ("bad email", RosterOutcome.REFUSED),
        ("emailbad", RosterOutcome.REFUSED),
    ]
    reasons = [row.reason for row in report.rows if row.outcome == RosterOutcome.REFUSED]
    assert reasons == [
        "existing account is a teacher or staff member",
        "missing username",
        "duplicate in file: the same username appears on line 2",
        reasons[3],
        "bad email address",
    ]
    assert reasons[3].startswith("invalid username")
    assert report.summary == (
        "2 created and enrolled, 1 enrolled existing account, 1 already enrolled, 5 refused"
    )

    newkid = User.objects.get(username="newkid")
    assert (newkid.first_name, newkid.last_name, newkid.email) == (
        "Zoë",
        "Ó Súilleabháin",
        "zoe@example.org",
    )
    assert newkid.check_password(report.rows[0].initial_password)
    assert not newkid.is_staff
    formula = User.objects.get(username="formula")
    assert (formula.first_name, formula.last_name) == ("=1+2", "@SUM(A1)")
    existing.refresh_from_db()
    assert existing.first_name != "Ignored"  # existing accounts are never changed
    enrolled = set(taught.enrollments.values_list("student__username", flat=True))
    assert enrolled == {"newkid", "existing", "already", "formula"}
    assert already.enrollments.count() == 1


def test_roster_upload_again_reports_already_enrolled(teacher, taught):
    csv = b"username\nann\nbob\n"
    roster_import(classroom=taught, csv_bytes=csv, teacher=teacher)
    report = roster_import(classroom=taught, csv_bytes=csv, teacher=teacher)
    assert {row.outcome for row in report.rows} == {RosterOutcome.ALREADY_ENROLLED}
    assert all(row.initial_password == "" for row in report.rows)
    assert Enrollment.objects.filter(classroom=taught).count() == 2


def test_roster_for_a_class_you_do_not_teach_changes_nothing(teacher):
    other = ClassroomFactory(teachers=[TeacherFactory()])
    users = User.objects.count()
    assert (
        _code(roster_import, classroom=other, csv_bytes=b"username\nann\n", teacher=teacher)
        == "not_your_class"
    )
    assert User.objects.count() == users


def test_roster_file_errors_change_nothing(teacher, taught):
    users = User.objects.count()
    assert (
        _code(roster_import, classroom=taught, csv_bytes=b"name\nAnn\n", teacher=teacher)
        == "no_username_column"
    )
    assert User.objects.count() == users and not taught.enrollments.exists()


def test_roster_refuses_deactivated_accounts(teacher, taught):
    StudentFactory(username="gone", is_active=False)
    report = roster_import(classroom=taught, csv_bytes=b"username\ngone\n", teacher=teacher)
    assert report.rows[0].reason == "existing account is deactivated"
    assert not taught.enrollments.exists()


def test_roster_initial_passwords_are_hashed_cheaply_then_upgraded(teacher, taught, settings):
    """A fast hash for a random initial password; Django re-hashes it at full strength on
    the first sign-in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    report = roster_import(classroom=taught, csv_bytes=b"username\nann\n", teacher=teacher)
    ann = User.objects.get(username="ann")
    assert ann.password.startswith("pbkdf2_sha256$20000$")
    assert ann.check_password(report.rows[0].initial_password)
    ann.refresh_from_db()
    assert not ann.password.startswith("pbkdf2_sha256$20000$")  # upgraded on sign-in


def test_every_student_row_is_enrolled_once_in_one_bulk_insert(
    teacher, taught, django_assert_max_num_queries
):
    StudentFactory(username="old1")
    StudentFactory(username="old2")
    EnrollmentFactory(classroom=taught, student=StudentFactory(username="old3"))
    csv = b"username\nold1\nold2\nold3\n"
    # The transaction's savepoint and release, the teacher check (group, class), the users,
    # the class's enrolments, and one insert: no query per row for existing accounts.
    with django_assert_max_num_queries(7):
        report = roster_import(classroom=taught, csv_bytes=csv, teacher=teacher)
    assert report.count(RosterOutcome.ENROLLED) == 2


def test_classroom_create_double_click_makes_one_class():
    from lessons.services import classroom_create

    teacher = TeacherFactory()
    first = classroom_create(teacher=teacher, name="Year 9 English")
    assert classroom_create(teacher=teacher, name="Year 9 English") == first
    assert Classroom.objects.count() == 1
