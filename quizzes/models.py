"""Questions about lessons and students' answers to them.

A Quiz belongs to a Lesson; students take it under an Assignment of that lesson. Each
Attempt holds one Response per question, saved as the student goes and graded on submit.
Responses point at choices and sentences through PROTECT links, so no edit of a question
or a section can silently drop an answer.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from lessons.models import Assignment, Section, Sentence

#: The longest short answer a student may type: the width of Response.text, the limit the
#: services enforce and the ``maxlength`` the take page sets.
MAX_TEXT_LENGTH = 500


class Quiz(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", "Highest attempt"
        LAST = "last", "Last attempt"
        AVERAGE = "average", "Average of attempts"

    class Layout(models.TextChoices):
        ALL = "all", "All questions on one page"
        ONE = "one", "One question per page"

    class ReviewAnswers(models.TextChoices):
        IMMEDIATELY = "immediately", "Right after submitting"
        AFTER_DUE = "after_due", "After the due date"
        NEVER = "never", "Never"

    class ReviewScore(models.TextChoices):
        IMMEDIATELY = "immediately", "Right after submitting"
        AFTER_DUE = "after_due", "After the due date"

    lesson = models.ForeignKey("lessons.Lesson", on_delete=models.CASCADE, related_name="quizzes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Shown to students before they start.")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=1,
        validators=[MinValueValidator(1)],
        help_text="Leave empty for unlimited attempts.",
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Leave empty for no time limit. Enforced on the server.",
    )
    shuffle_questions = models.BooleanField(default=False)
    shuffle_choices = models.BooleanField(default=False)
    grading_method = models.CharField(
        max_length=10, choices=GradingMethod, default=GradingMethod.HIGHEST
    )
    layout = models.CharField(max_length=5, choices=Layout, default=Layout.ALL)
    review_answers = models.CharField(
        "show answers and explanations",
        max_length=12,
        choices=ReviewAnswers,
        default=ReviewAnswers.IMMEDIATELY,
    )
    review_score = models.CharField(
        "show the score", max_length=12, choices=ReviewScore, default=ReviewScore.IMMEDIATELY
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_quizzes",
        help_text="Changes it, with its co-editors; other teachers may assign it or copy it.",
    )
    co_editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_edited_quizzes",
        help_text="Teachers who may change this quiz as its owner can.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lesson", "title", "id"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(
                condition=Q(attempts_allowed__isnull=True) | Q(attempts_allowed__gte=1),
                name="quiz_attempts_allowed_positive",
            ),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__isnull=True) | Q(time_limit_minutes__gte=1),
                name="quiz_time_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", "Single choice"
        MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
        TRUE_FALSE = "true_false", "True or false"
        SHORT_ANSWER = "short_answer", "Short answer"
        NUMERICAL = "numerical", "Numerical"
        SPOT_CLAIM = "spot_claim", "Spot the unsupported claim"

    CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.TRUE_FALSE)

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind)
    prompt = models.TextField()
    points = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    explanation = models.TextField(
        blank=True, help_text="Shown in the review when the quiz's review policy allows."
    )
    explanation_source = models.CharField(
        max_length=500,
        blank=True,
        help_text="Where to check the explanation's facts: a URL or a citation.",
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        help_text="The passage shown beside the question (required for spot-the-claim).",
    )
    key_verdicts = models.JSONField(
        default=list,
        blank=True,
        help_text="Spot-the-claim: which claim-label verdicts count as sentences to pick.",
    )
    accepted_answers = models.JSONField(
        default=list,
        blank=True,
        help_text="Short answer: accepted answers, matched ignoring case, spaces and punctuation.",
    )
    numeric_answers = models.JSONField(
        "accepted values",
        default=list,
        blank=True,
        help_text="Numerical: the accepted values, each with a tolerance, a share of the points "
        "and feedback, tried in order (see quizzes.numbers).",
    )
    answer_pattern = models.CharField(
        max_length=300,
        blank=True,
        help_text="Short answer, optional: a regular expression the whole answer must match.",
    )
    ask_reasons = models.BooleanField(
        "ask why",
        default=False,
        help_text="Spot-the-claim: a student who ticks a sentence also says what is wrong with it.",
    )
    reason_credit = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        help_text="Spot-the-claim with reasons: the share of a sentence's credit the right "
        "reason carries (0 to 1).",
    )

    class Meta:
        ordering = ["quiz", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "position"], name="question_position_unique_per_quiz"
            ),
            models.CheckConstraint(condition=Q(points__gt=0), name="question_points_positive"),
            models.CheckConstraint(
                condition=~Q(kind="spot_claim") | Q(section__isnull=False),
                name="spot_claim_question_has_section",
            ),
            models.CheckConstraint(
                condition=Q(reason_credit__gte=0) & Q(reason_credit__lte=1),
                name="question_reason_credit_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        # Admin lists show this name: cut a long prompt at a word and say it was cut.
        prompt = self.prompt
        if len(prompt) > 70:
            prompt = prompt[:70].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
        return f"Q{self.position}. {prompt}"

    @property
    def is_choice_kind(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField()
    text = models.TextField()
    is_correct = models.BooleanField(default=False)
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="choice_position_unique_per_question"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="attempts")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attempts"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField(
        null=True, blank=True, help_text="Start plus the time limit, when the quiz has one."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(
        default=False, help_text="Submitted by the server when the time limit ran out."
    )
    seed = models.PositiveIntegerField(help_text="Fixes this attempt's shuffled order.")
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    is_sample = models.BooleanField(
        default=False, help_text="Made by seed_demo --sample-results, not by a student."
    )

    class Meta:
        ordering = ["assignment", "student", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "quiz", "student", "number"],
                name="attempt_number_unique",
            ),
            models.UniqueConstraint(
                fields=["assignment", "quiz", "student"],
                condition=Q(status="in_progress"),
                name="one_open_attempt_per_student",
            ),
            models.CheckConstraint(
                condition=(Q(status="in_progress") & Q(submitted_at__isnull=True))
                | (Q(status="submitted") & Q(submitted_at__isnull=False)),
                name="attempt_submitted_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.quiz} · attempt {self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_late(self) -> bool:
        return bool(self.submitted_at and self.submitted_at > self.assignment.due_at)


class Response(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    selected_choices = models.ManyToManyField(
        Choice, through="ResponseChoice", related_name="+", blank=True
    )
    selected_sentences = models.ManyToManyField(
        Sentence, through="ResponseSentence", related_name="+", blank=True
    )
    text = models.CharField(max_length=MAX_TEXT_LENGTH, blank=True)
    answered = models.BooleanField(default=False)
    saved_at = models.DateTimeField(null=True, blank=True)
    fraction = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    points = models.DecimalField(
        "auto-graded points", max_digits=6, decimal_places=2, null=True, blank=True
    )
    override_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    override_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["attempt", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="response_unique_per_question"
            ),
            models.CheckConstraint(
                condition=Q(override_points__isnull=True) | Q(override_points__gte=0),
                name="response_override_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · Q{self.question.position}"

    @property
    def final_points(self) -> Decimal | None:
        """The teacher's override when there is one, else the automatic grade."""
        return self.override_points if self.override_points is not None else self.points


class ResponseChoice(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE)
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "choice"], name="response_choice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.response_id} picked choice {self.choice_id}"


class ResponseSentence(models.Model):
    class Reason(models.TextChoices):
        NO_EVIDENCE = "no_evidence", "No evidence is given"
        FACTUALLY_WRONG = "factually_wrong", "It is factually wrong"
        DOES_NOT_FOLLOW = "does_not_follow", "The reasoning does not follow"
        TOO_VAGUE = "too_vague", "It is too vague to check"

    response = models.ForeignKey(Response, on_delete=models.CASCADE)
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT)
    reason = models.CharField(
        max_length=20,
        choices=Reason,
        blank=True,
        help_text="Why the student picked the sentence, when the question asks.",
    )

    class Meta:
        # How a re-split refusal names these ("3 quiz answers point at this sentence").
        verbose_name = "quiz answer"
        constraints = [
            models.UniqueConstraint(
                fields=["response", "sentence"], name="response_sentence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id} picked sentence {self.sentence_id}"


class Regrade(models.Model):
    """A change to a question's key or points after students answered, and who made it.

    Each response it changed is logged as a :class:`ScoreOverride` pointing here.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="regrades")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    change = models.TextField(help_text="What changed, e.g. “right choice: B → C”.")

    class Meta:
        ordering = ["question", "created_at"]

    def __str__(self) -> str:
        return f"Regrade of {self.question}: {self.change}"


class ScoreOverride(models.Model):
    """The log of a response's points changing by hand or by a regrade: who, when, how."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="overrides")
    regrade = models.ForeignKey(
        Regrade,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        help_text="Set when a regrade, not a teacher's override, changed the points.",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    points_before = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    points_after = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "created_at"]

    def __str__(self) -> str:
        return f"{self.points_before} → {self.points_after} by {self.teacher}"
