"""A class that answered a spot-the-claim question, built in bulk (30 or 300 students).

Shared by the skill-profile and heat-map tests, which pin query counts that must not
grow with the class.
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone

from lessons.models import Enrollment
from quizzes.models import Attempt, Question, Response, ResponseSentence
from tests.factories import (
    AssignmentFactory,
    ClaimLabelFactory,
    ClassroomFactory,
    LessonFactory,
    QuestionFactory,
    QuizFactory,
    SectionFactory,
    SentenceFactory,
    TeacherFactory,
)

#: The passage: (text, verdict, contested). Key (default problems plus vague): 2, 3, 5.
PASSAGE = [
    ("The treaty was signed in 1961.", "supported", False),
    ("Everyone agrees with the policy.", "unsupported", False),
    ("Troops were stationed there in 2020.", "inaccurate", False),
    ("Trade has grown a lot.", "supported", True),  # a judgement call
    ("There are several benefits.", "vague", False),
]
PROBLEMS = ["unsupported", "inaccurate", "logical_flaw", "vague"]


def class_that_answered(students: int, *, attempts_each: int = 1) -> SimpleNamespace:
    """A class of ``students`` who each submitted ``attempts_each`` attempts at a quiz whose
    one question is a spot-the-claim on ``PASSAGE`` asking why. Student ``i`` picks
    sentence 2 with the right reason, sentence 3 when ``i`` is even (reason: too vague,
    wrong), the contested sentence 4 when ``i % 3 == 0``, and sentence 1 (a false alarm)
    when ``i % 5 == 0``. Earlier attempts pick nothing."""
    teacher = TeacherFactory()
    classroom = ClassroomFactory(teachers=[teacher])
    lesson = LessonFactory()
    section = SectionFactory(lesson=lesson, position=1, heading="The claims", body="...")
    sentences = []
    for position, (text, verdict, contested) in enumerate(PASSAGE, start=1):
        sentence = SentenceFactory(section=section, position=position, text=text)
        ClaimLabelFactory(sentence=sentence, verdict=verdict, contested=contested)
        sentences.append(sentence)
    quiz = QuizFactory(lesson=lesson)
    question = QuestionFactory(
        quiz=quiz,
        position=1,
        kind=Question.Kind.SPOT_CLAIM,
        section=section,
        key_verdicts=PROBLEMS,
        ask_reasons=True,
    )
    assignment = AssignmentFactory(lesson=lesson, classroom=classroom)
    User = get_user_model()
    tag = classroom.pk
    users = User.objects.bulk_create(
        User(username=f"c{tag}s{i}", first_name="Student", last_name=f"{i:03d}")
        for i in range(students)
    )
    Enrollment.objects.bulk_create(Enrollment(classroom=classroom, student=u) for u in users)
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        Attempt(
            quiz=quiz,
            assignment=assignment,
            student=user,
            number=number,
            status=Attempt.Status.SUBMITTED,
            started_at=now,
            submitted_at=now,
            seed=1,
        )
        for user in users
        for number in range(1, attempts_each + 1)
    )
    responses = Response.objects.bulk_create(
        Response(attempt=attempt, question=question, answered=True) for attempt in attempts
    )
    s1, s2, s3, s4, _s5 = sentences
    picks = []
    index = {user.pk: i for i, user in enumerate(users)}
    for attempt, response in zip(attempts, responses, strict=True):
        if attempt.number != attempts_each:
            continue  # earlier attempts picked nothing
        i = index[attempt.student_id]
        picks.append(ResponseSentence(response=response, sentence=s2, reason="no_evidence"))
        if i % 2 == 0:
            picks.append(ResponseSentence(response=response, sentence=s3, reason="too_vague"))
        if i % 3 == 0:
            picks.append(ResponseSentence(response=response, sentence=s4, reason="no_evidence"))
        if i % 5 == 0:
            picks.append(ResponseSentence(response=response, sentence=s1, reason="no_evidence"))
    ResponseSentence.objects.bulk_create(picks)
    return SimpleNamespace(
        teacher=teacher,
        classroom=classroom,
        lesson=lesson,
        quiz=quiz,
        question=question,
        assignment=assignment,
        students=users,
        sentences=sentences,
    )
