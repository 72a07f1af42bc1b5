"""A few sample threads in the demo class's discussion, marked ``is_sample``.

``seed_demo --sample-results`` calls :func:`sample_threads_create`; the threads (and
their posts) are written through the discussion's services, as students would, then
marked as samples so that :func:`sample_threads_remove` can take them away again.
"""

from __future__ import annotations

from django.db import transaction

from discussions.models import Thread
from discussions.services import post_reply, thread_create
from lessons.models import Assignment, Sentence

#: (title, opening post, the opening words of the sentence it is about, replies)
SAMPLE_THREADS = (
    (
        "Does the war in 1950 prove anything about today?",
        "The article jumps from troops in 1950 to food and fuel today. Is the old war "
        "evidence for why China helps now, or just history?",
        "The Chinese government was quick to provide aid",
        (
            "I think it is mostly history: the article gives no figures for today's aid.",
            "It still matters, because the treaty from 1961 is still in force.",
        ),
    ),
    (
        "What would show North Korea is really a “buffer state”?",
        "How could we check the buffer claim? Troops near the border, or what officials say?",
        "North Korea serves as a buffer state",
        ("Maybe maps of where US troops are based in South Korea would help.",),
    ),
    (
        "Is “not a major market” consistent with companies profiting?",
        "The article says the market is small but also that Chinese banks profit. "
        "Can both be true?",
        "Furthermore, while North Korea is not a major market",
        (),
    ),
)


@transaction.atomic
def sample_threads_create(*, assignment: Assignment, students: list) -> int:
    """Start the sample threads (skipping ones already there); return how many were made."""
    existing = set(
        Thread.objects.filter(assignment=assignment, is_sample=True).values_list("title", flat=True)
    )
    sentences = list(
        Sentence.objects.filter(section__lesson_id=assignment.lesson_id)
        .select_related("section")
        .order_by("section__position", "position")
    )
    made = []
    for number, (title, body, prefix, replies) in enumerate(SAMPLE_THREADS):
        if title in existing or len(students) < 3:
            continue
        anchors = [s for s in sentences if s.text.startswith(prefix)][:1]
        thread = thread_create(
            assignment=assignment,
            author=students[number % len(students)],
            title=title,
            body=body,
            sentences=anchors,
        )
        for offset, reply in enumerate(replies, start=1):
            post_reply(
                thread=thread, author=students[(number + offset) % len(students)], body=reply
            )
        made.append(thread.pk)
    Thread.objects.filter(pk__in=made).update(is_sample=True)
    return len(made)


def sample_threads_remove(*, assignment: Assignment) -> int:
    """Delete the sample threads of ``assignment`` with their posts; return how many."""
    threads = Thread.objects.filter(assignment=assignment, is_sample=True)
    count = threads.count()
    threads.delete()
    return count
