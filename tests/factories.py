"""Factories for every model; related objects stay consistent.

Whoever acts in a class (a thread's or a post's author, an attempt's student) is enrolled
in that class by the factory that creates the thread, post or attempt, unless they teach it:
a factory never produces a post or an attempt by someone outside the class.
"""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from lessons.roles import TEACHERS_GROUP

PASSWORD = "password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


class StudentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"student{n + 100}")


class TeacherFactory(UserFactory):
    username = factory.Sequence(lambda n: f"teacher{n + 100}")
    is_staff = True

    @factory.post_generation
    def teachers_group(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
            self.groups.add(group)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Lesson"

    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    author = "A. Writer"
    status = "published"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Section"

    lesson = factory.SubFactory(LessonFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "First sentence here. Second sentence here."


class SentenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Sentence"

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Sentence number {n} makes a claim.")


class ClaimLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.ClaimLabel"

    sentence = factory.SubFactory(SentenceFactory)
    verdict = "unsupported"
    explanation = "No evidence is given for this."


class TeacherNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.TeacherNote"

    section = factory.SubFactory(SectionFactory)
    kind = "context"
    body = "Private context for the teacher."


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Classroom"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Class {n}")

    @factory.post_generation
    def teachers(self, create, extracted, **kwargs):
        if create and extracted:
            self.teachers.add(*extracted)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Enrollment"

    classroom = factory.SubFactory(ClassroomFactory)
    student = factory.SubFactory(StudentFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Assignment"

    lesson = factory.SubFactory(LessonFactory)
    classroom = factory.SubFactory(ClassroomFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    due_at = factory.LazyAttribute(lambda a: a.opens_at + timedelta(days=8))


def enrol_unless_teaching(user, classroom_id: int) -> None:
    """Enrol ``user`` in the class (once), unless they are one of its teachers."""
    from lessons.models import Classroom, Enrollment

    if Classroom.teachers.through.objects.filter(
        classroom_id=classroom_id, user_id=user.pk
    ).exists():
        return
    Enrollment.objects.get_or_create(classroom_id=classroom_id, student=user)


def lesson_with_sections(
    *, sections: int = 3, sentences_per_section: int = 3, bio: str = "", **lesson_kwargs
):
    """A published lesson with numbered sections and sentences (bodies match sentences).

    ``bio`` (sentences separated by ". ") adds the author's bio as the last section, of
    kind ``author_bio`` and headed "About the author", as the importer makes it.
    """
    lesson = LessonFactory(**lesson_kwargs)
    for s in range(1, sections + 1):
        texts = [
            f"Sentence {n} of section {s} says something."
            for n in range(1, sentences_per_section + 1)
        ]
        section = SectionFactory(
            lesson=lesson, position=s, heading=f"Part {s}", body=" ".join(texts)
        )
        for n, text in enumerate(texts, start=1):
            SentenceFactory(section=section, position=n, text=text)
    if bio:
        section = SectionFactory(
            lesson=lesson,
            position=sections + 1,
            kind="author_bio",
            heading="About the author",
            body=bio,
        )
        texts = [t if t.endswith(".") else f"{t}." for t in bio.split(". ")]
        for n, text in enumerate(texts, start=1):
            SentenceFactory(section=section, position=n, text=text)
    return lesson


def enrolled_student(classroom, **kwargs):
    """A student enrolled in the classroom."""
    student = StudentFactory(**kwargs)
    EnrollmentFactory(classroom=classroom, student=student)
    return student


# Quizzes ------------------------------------------------------------------------------


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizzes.Quiz"

    lesson = factory.SubFactory(LessonFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")
    status = "published"


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question by default; add choices with ChoiceFactory."""

    class Meta:
        model = "quizzes.Question"

    quiz = factory.SubFactory(QuizFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = "single_choice"
    prompt = factory.Sequence(lambda n: f"Question {n}?")
    explanation = "Because the text says so."


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizzes.Choice"

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Choice {n}")
    is_correct = False


# Discussion ---------------------------------------------------------------------------


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread without posts; add its opening post with PostFactory(is_opening=True).

    The author is enrolled in the assignment's class unless they teach it.
    """

    class Meta:
        model = "discussions.Thread"
        skip_postgeneration_save = True

    assignment = factory.SubFactory(AssignmentFactory)
    author = factory.SubFactory(StudentFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")

    @factory.post_generation
    def enrol(self, create, extracted, **kwargs):
        if create:
            enrol_unless_teaching(self.author, self.assignment.classroom_id)


class PostFactory(factory.django.DjangoModelFactory):
    """A post; the author is enrolled in the thread's class unless they teach it."""

    class Meta:
        model = "discussions.Post"
        skip_postgeneration_save = True

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(StudentFactory)
    body = factory.Sequence(lambda n: f"Post {n} says something about the reading.")

    @factory.post_generation
    def enrol(self, create, extracted, **kwargs):
        if create:
            enrol_unless_teaching(self.author, self.thread.assignment.classroom_id)


# Attempts and responses (results) -----------------------------------------------------


class AttemptFactory(factory.django.DjangoModelFactory):
    """A submitted attempt; the student is enrolled in the assignment's class unless they
    teach it."""

    class Meta:
        model = "quizzes.Attempt"
        skip_postgeneration_save = True

    assignment = factory.SubFactory(AssignmentFactory)
    quiz = factory.SubFactory(QuizFactory, lesson=factory.SelfAttribute("..assignment.lesson"))
    student = factory.SubFactory(StudentFactory)
    number = factory.LazyAttribute(
        lambda a: a.quiz.attempts.filter(assignment=a.assignment, student=a.student).count() + 1
    )
    status = "submitted"
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=20))
    submitted_at = factory.LazyAttribute(
        lambda a: a.started_at + timedelta(minutes=10) if a.status == "submitted" else None
    )
    seed = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def enrol(self, create, extracted, **kwargs):
        if create:
            enrol_unless_teaching(self.student, self.assignment.classroom_id)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizzes.Response"

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.SubFactory(QuestionFactory, quiz=factory.SelfAttribute("..attempt.quiz"))
    answered = True


def graded_attempt(*, assignment, quiz, student, points, submitted_at=None, **attempt_kwargs):
    """A submitted attempt with one response per question of the quiz, already graded.

    ``points`` maps each question (or its id) to its automatic points; questions left out
    score 0. The attempt's score and max_score are set as the submit service sets them.
    """
    from decimal import Decimal

    from quizzes.models import Response

    by_id = {getattr(key, "pk", key): Decimal(value) for key, value in points.items()}
    questions = list(quiz.questions.order_by("position"))
    if submitted_at is not None:
        attempt_kwargs.setdefault("started_at", submitted_at - timedelta(minutes=10))
        attempt_kwargs["submitted_at"] = submitted_at
    attempt = AttemptFactory(
        assignment=assignment,
        quiz=quiz,
        student=student,
        score=sum((by_id.get(q.pk, Decimal(0)) for q in questions), Decimal("0.00")),
        max_score=sum((q.points for q in questions), Decimal("0.00")),
        **attempt_kwargs,
    )
    Response.objects.bulk_create(
        [
            Response(
                attempt=attempt,
                question=q,
                answered=True,
                points=by_id.get(q.pk, Decimal("0.00")),
                fraction=(by_id.get(q.pk, Decimal(0)) / q.points).quantize(Decimal("0.0001")),
            )
            for q in questions
        ]
    )
    return attempt


def quiz_with_questions(*, lesson, questions: int = 3, points=1, **quiz_kwargs):
    """A published quiz with single-choice questions at positions 1..n, two choices each."""
    quiz = QuizFactory(lesson=lesson, **quiz_kwargs)
    for position in range(1, questions + 1):
        question = QuestionFactory(quiz=quiz, position=position, points=points)
        ChoiceFactory(
            question=question, position=1, text=f"Right answer {position}", is_correct=True
        )
        ChoiceFactory(question=question, position=2, text=f"Wrong answer {position}")
    return quiz


# Quiz taking --------------------------------------------------------------------------


#: Put in every explanation, choice feedback and claim-label explanation built by
#: quiz_with_every_kind, so tests can prove none of them reaches a take page.
KEY_MARKER = "KEYSECRET"


def quiz_with_every_kind(*, lesson=None, repeat: int = 1, marker: str = KEY_MARKER, **quiz_kwargs):
    """A published quiz with one question of each of the five kinds, ``repeat`` times over.

    Per round, in this order: single choice (right: "Option B"), multiple choice (right:
    "Option A" and "Option C" of four), true/false (right: "True"), short answer
    (accepted: "Pyongyang") and spot-the-claim on a four-sentence section whose key is
    its 2nd (unsupported) and 4th (inaccurate) sentences; the 3rd is labelled supported,
    the 1st is unlabelled. The spot-claim section is shared by every round. Every
    explanation, feedback and label explanation contains ``marker``.
    """
    from lessons.models import Section

    lesson = lesson or LessonFactory()
    quiz = QuizFactory(lesson=lesson, **quiz_kwargs)
    last = Section.objects.filter(lesson=lesson).order_by("-position").first()
    texts = [
        "The border is 1,400 kilometres long.",
        "Everyone in the region secretly agrees with this policy.",
        "Trade between the two countries grew in the 2000s.",
        "The treaty was signed in 1995.",
    ]
    section = SectionFactory(
        lesson=lesson,
        position=(last.position + 1) if last else 1,
        heading="The claims",
        body=" ".join(texts[:2]) + "\n\n" + " ".join(texts[2:]),
    )
    sentences = [
        SentenceFactory(section=section, position=n, paragraph=(n - 1) // 2, text=text)
        for n, text in enumerate(texts, start=1)
    ]
    for sentence, verdict in zip(
        sentences[1:], ("unsupported", "supported", "inaccurate"), strict=True
    ):
        ClaimLabelFactory(
            sentence=sentence,
            verdict=verdict,
            explanation=f"{marker}-label-{sentence.position}: why this is {verdict}.",
        )

    position = 0

    def question(kind: str, prompt: str, **kwargs):
        nonlocal position
        position += 1
        return QuestionFactory(
            quiz=quiz,
            position=position,
            kind=kind,
            prompt=prompt,
            explanation=f"{marker}-explanation-{position}",
            **kwargs,
        )

    def choices(of, *specs):
        for n, (text, right) in enumerate(specs, start=1):
            ChoiceFactory(
                question=of,
                position=n,
                text=text,
                is_correct=right,
                feedback=f"{marker}-feedback-{of.position}-{n}",
            )

    for _ in range(repeat):
        single = question("single_choice", "Which is the capital?", section=section)
        choices(single, ("Option A", False), ("Option B", True), ("Option C", False))
        multiple = question("multiple_choice", "Which are neighbours?")
        choices(
            multiple,
            ("Option A", True),
            ("Option B", False),
            ("Option C", True),
            ("Option D", False),
        )
        true_false = question("true_false", "The border is long.")
        choices(true_false, ("True", True), ("False", False))
        question("short_answer", "Name the capital city.", accepted_answers=["Pyongyang"])
        question("spot_claim", "Pick the sentences that are not supported.", section=section)
    return quiz


def assigned_quiz(*, repeat: int = 1, assignment_kwargs=None, **quiz_kwargs):
    """A quiz of every kind on an open assignment, with one enrolled student.

    Returns a namespace with ``quiz``, ``assignment``, ``classroom``, ``lesson`` and
    ``student``.
    """
    from types import SimpleNamespace

    lesson = LessonFactory()
    classroom = ClassroomFactory()
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom, **(assignment_kwargs or {}))
    quiz = quiz_with_every_kind(lesson=lesson, repeat=repeat, **quiz_kwargs)
    student = enrolled_student(classroom)
    return SimpleNamespace(
        quiz=quiz, assignment=assignment, classroom=classroom, lesson=lesson, student=student
    )
