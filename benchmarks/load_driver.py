"""The HTTP side of the class load benchmark: students taking the quiz, and the checks.

Used by :mod:`benchmarks.class_load`, which builds the database and starts the servers.
Each student is a :class:`Browser` (a cookie jar, one keep-alive connection per server,
redirects never followed) driven through :func:`run_student` in a thread of its own;
every request is timed and its status checked against what the step expects. The
answers the server acknowledged are kept per (attempt, question) and compared with
what the database holds afterwards by :func:`verify`.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import random
import re
import string
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Step names in the order a student meets them (the report lists them in this order).
STEPS = (
    "login page",
    "login",
    "dashboard",
    "intro",
    "start",
    "take",
    "autosave",
    "submit page",
    "submit",
    "review",
    "bare",
)

#: Share of autosaves that carry two or three questions (the page's script coalesces the
#: changes made while a save was in flight), and of those that clear a question.
MULTI_QUESTION_SHARE = 0.2
CLEAR_SHARE = 0.1

#: Words random short answers are made of.
WORDS = ("china", "buffer", "trade", "refugees", "sanctions", "border", "treaty", "aid", "oil")

_ATTEMPT_PATH = re.compile(r"^/attempts/(\d+)/$")
_FIELD_NAME = re.compile(r"^q(\d+)-(choice|sentence|text)$")
_CONNECTION_ERRORS = (OSError, http.client.HTTPException)


class Aborted(Exception):
    """The run is being stopped (Ctrl-C): the student leaves at once."""


# --- answers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One question's whole answer, as sent in an autosave or as the database holds it."""

    choices: frozenset[int] = frozenset()
    sentences: frozenset[int] = frozenset()
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.choices or self.sentences or self.text)

    def fields(self, question_id: int) -> list[tuple[str, str]]:
        """The form fields the take page's script posts for this answer."""
        prefix = f"q{question_id}"
        if self.is_empty:
            return [(f"{prefix}-clear", "1")]
        return [
            *((f"{prefix}-choice", str(pk)) for pk in sorted(self.choices)),
            *((f"{prefix}-sentence", str(pk)) for pk in sorted(self.sentences)),
            *([(f"{prefix}-text", self.text)] if self.text else []),
        ]

    @classmethod
    def from_dump(cls, held: dict) -> Answer:
        """An answer as :mod:`benchmarks.load_db` dumps a response."""
        return cls(frozenset(held["choices"]), frozenset(held["sentences"]), held["text"])

    def describe(self) -> str:
        if self.is_empty:
            return "(empty)"
        parts = []
        if self.choices:
            parts.append(f"choices {sorted(self.choices)}")
        if self.sentences:
            parts.append(f"sentences {sorted(self.sentences)}")
        if self.text:
            parts.append(f"text {self.text!r}")
        return ", ".join(parts)


@dataclass(frozen=True)
class QuestionInputs:
    """The inputs the take page shows for one question."""

    question_id: int
    kind: str  # "radio", "checkbox" (choices), "sentence" (checkboxes) or "text"
    options: tuple[int, ...] = ()

    def random_answer(self, rng: random.Random) -> Answer:
        """A valid answer a student could give: a choice, a subset, or a few words.

        Radio buttons cannot be unticked, so only the other kinds are ever cleared.
        """
        if self.kind == "radio":
            return Answer(choices=frozenset([rng.choice(self.options)]))
        if self.kind == "text":
            if rng.random() < CLEAR_SHARE:
                return Answer()
            words = rng.choices(WORDS, k=rng.randint(1, 4))
            return Answer(text=" ".join(words) + " " + "".join(rng.choices(string.digits, k=4)))
        if rng.random() < CLEAR_SHARE:
            return Answer()
        picked = frozenset(rng.sample(self.options, rng.randint(1, min(4, len(self.options)))))
        if self.kind == "checkbox":
            return Answer(choices=picked)
        return Answer(sentences=picked)


class TakePageParser(HTMLParser):
    """Reads the questions and their inputs from the take page's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.question_ids: list[int] = []
        self.kinds: dict[int, str] = {}
        self.options: dict[int, list[int]] = defaultdict(list)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section" and values.get("data-question-id"):
            self.question_ids.append(int(values["data-question-id"] or 0))
        if tag != "input" or not (match := _FIELD_NAME.match(values.get("name") or "")):
            return
        question_id, what = int(match[1]), match[2]
        if what == "text":
            self.kinds[question_id] = "text"
            return
        if what == "sentence":
            self.kinds[question_id] = "sentence"
        else:
            self.kinds[question_id] = "radio" if values.get("type") == "radio" else "checkbox"
        self.options[question_id].append(int(values.get("value") or 0))

    def questions(self) -> list[QuestionInputs]:
        """Every question section that has inputs, in page order."""
        return [
            QuestionInputs(pk, self.kinds[pk], tuple(self.options[pk]))
            for pk in self.question_ids
            if pk in self.kinds and (self.kinds[pk] == "text" or self.options[pk])
        ]


def parse_take_page(html: str) -> list[QuestionInputs]:
    parser = TakePageParser()
    parser.feed(html)
    return parser.questions()


# --- recording -------------------------------------------------------------------------------


class Recorder:
    """Latencies per step and errors per (step, what went wrong), shared by every thread."""

    EXAMPLES_PER_ERROR = 3

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[tuple[str, str]] = Counter()
        self.examples: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.requests = 0
        self.stale_retries = 0

    def sample(self, step: str, seconds: float) -> None:
        with self._lock:
            self.requests += 1
            self.latencies[step].append(seconds * 1000)

    def error(self, step: str, what: str, detail: str = "") -> None:
        with self._lock:
            self.errors[step, what] += 1
            if detail and len(self.examples[step, what]) < self.EXAMPLES_PER_ERROR:
                self.examples[step, what].append(detail)

    def connection_failed(self) -> None:
        with self._lock:
            self.requests += 1

    def stale_retry(self) -> None:
        with self._lock:
            self.stale_retries += 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass
class Run:
    """What every student thread shares: servers, limits, the recorder, the start barrier."""

    servers: Sequence[str]  # base URLs, e.g. "http://127.0.0.1:8123"
    password: str
    assignment_id: int
    quiz_id: int
    saves: int
    bare_url: str | None
    timeout: float
    in_flight: threading.Semaphore
    barrier: threading.Barrier | None  # None: no start burst
    recorder: Recorder = field(default_factory=Recorder)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def intro_path(self) -> str:
        return f"/assignments/{self.assignment_id}/quizzes/{self.quiz_id}/"


# --- the browser -----------------------------------------------------------------------------


@dataclass
class Reply:
    """A response (status and body), or the connection error that replaced it."""

    status: int | None
    body: bytes = b""
    location: str = ""
    error: str = ""  # exception name when no response came

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> dict:
        try:
            value = json.loads(self.body)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


class Browser:
    """One student's browser: a cookie jar and one keep-alive connection per server.

    Redirects are returned, never followed. A request sent on a kept-alive connection
    that the server had closed meanwhile is sent once more on a new one, as browsers do
    (counted as a stale retry); any other connection failure is an error.
    """

    def __init__(
        self, run: Run, rng: random.Random, jar: http.cookiejar.CookieJar | None = None
    ) -> None:
        self.run = run
        self.rng = rng  # the student's answers
        self._routing = random.Random(rng.random())  # which server: apart, so answers stay put
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self._connections: dict[str, http.client.HTTPConnection] = {}
        self._used: set[str] = set()

    def tab(self) -> Browser:
        """A second tab (its own connections, the same cookies), as for a double click."""
        return Browser(self.run, random.Random(self.rng.random()), self.jar)

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.jar if c.name == name), "")

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()

    def get(self, step: str, path: str, *, expect: int = 200) -> Reply:
        return self.request(step, "GET", path, expect=expect)

    def post(
        self,
        step: str,
        path: str,
        fields: Iterable[tuple[str, str]] = (),
        *,
        expect: int,
        json_reply: bool = False,
    ) -> Reply:
        return self.request(step, "POST", path, fields=fields, expect=expect, json_reply=json_reply)

    def request(
        self,
        step: str,
        method: str,
        path: str,
        *,
        fields: Iterable[tuple[str, str]] = (),
        expect: int,
        json_reply: bool = False,
    ) -> Reply:
        """Send one request to a random server; record its latency and any error.

        A status other than ``expect`` (or no response at all) is recorded as an error of
        ``step``; the reply is returned either way for the caller to inspect.
        """
        if self.run.stop.is_set():
            raise Aborted
        base = self._routing.choice(self.run.servers)
        headers = {"Accept": "application/json" if json_reply else "text/html"}
        body = None
        if method == "POST":
            body = urllib.parse.urlencode(list(fields)).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookie("csrftoken")
            headers["Origin"] = base
        cookie_request = urllib.request.Request(base + path, method=method)
        self.jar.add_cookie_header(cookie_request)
        if cookie := cookie_request.get_header("Cookie"):
            headers["Cookie"] = cookie

        with self.run.in_flight:
            started = time.perf_counter()
            try:
                response = self._exchange(base, method, path, body, headers)
                payload = response.read()
            except _CONNECTION_ERRORS as exc:
                self._drop(base)
                self.run.recorder.connection_failed()
                self.run.recorder.error(step, type(exc).__name__, f"{method} {path}: {exc}")
                return Reply(status=None, error=type(exc).__name__)
            elapsed = time.perf_counter() - started
        self.jar.extract_cookies(response, cookie_request)  # type: ignore[arg-type]
        self.run.recorder.sample(step, elapsed)
        reply = Reply(response.status, payload, response.getheader("Location") or "")
        if reply.status != expect:
            where = f" to {reply.location}" if reply.location else ""
            self.run.recorder.error(
                step, str(reply.status), f"{method} {path}{where}: {_snippet(reply)}"
            )
        return reply

    def _exchange(
        self, base: str, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> http.client.HTTPResponse:
        reused = base in self._used
        try:
            return self._send(base, method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            # The server closed the idle keep-alive connection before reading this request.
            self._drop(base)
            self.run.recorder.stale_retry()
            return self._send(base, method, path, body, headers)

    def _send(
        self, base: str, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> http.client.HTTPResponse:
        connection = self._connections.get(base)
        if connection is None:
            netloc = urllib.parse.urlsplit(base).netloc
            connection = http.client.HTTPConnection(netloc, timeout=self.run.timeout)
            self._connections[base] = connection
            self._used.discard(base)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        # A response that closes its connection (gunicorn's sync workers always do)
        # leaves the connection object ready to reconnect on the next request.
        if response.will_close:
            self._used.discard(base)
        else:
            self._used.add(base)
        return response

    def _drop(self, base: str) -> None:
        connection = self._connections.pop(base, None)
        if connection is not None:
            connection.close()
        self._used.discard(base)


def _snippet(reply: Reply, limit: int = 300) -> str:
    """The start of a reply's body, as one line, for the error examples."""
    text = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", reply.text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text).strip()[:limit]


# --- one student -----------------------------------------------------------------------------


@dataclass
class SavedAnswer:
    """What the database must hold for one (attempt, question), from the replies heard."""

    acknowledged: Answer | None = None  # the last answer the server said it saved
    uncertain: list[Answer] = field(default_factory=list)  # sent after it, outcome unknown


@dataclass
class StudentOutcome:
    """What one student did and heard."""

    username: str
    attempt_id: int | None = None
    start_ids: set[int] = field(default_factory=set)  # attempts the Start redirects named
    answers: dict[int, SavedAnswer] = field(default_factory=lambda: defaultdict(SavedAnswer))
    finished: bool = False  # reached the review page
    saves_sent: int = 0
    saves_acknowledged: int = 0


def run_student(run: Run, username: str, seed: int) -> StudentOutcome:
    """Take the quiz as ``username``: sign in, start (twice at once), autosave, submit, review.

    With a start burst the student waits at the barrier before pressing Start, even when
    signing in failed, so that the others are not held up. Errors are recorded, and the
    student stops at the first step that leaves nothing to go on with.
    """
    outcome = StudentOutcome(username)
    browser = Browser(run, random.Random(seed))
    try:
        entered = False
        try:
            entered = _sign_in_and_open_quiz(run, browser, username)
        finally:
            if run.barrier is not None:
                try:
                    run.barrier.wait()
                except threading.BrokenBarrierError:
                    entered = False
        if entered:
            _take_quiz(run, browser, outcome)
    except Aborted:
        pass
    except Exception as exc:  # a bug in the driver: count it rather than lose the thread
        run.recorder.error("driver", type(exc).__name__, f"{username}: {exc!r}")
    finally:
        browser.close()
    return outcome


def _sign_in_and_open_quiz(run: Run, browser: Browser, username: str) -> bool:
    reply = browser.get("login page", "/accounts/login/")
    if reply.status != 200:
        return False
    if not browser.cookie("csrftoken"):
        run.recorder.error("login page", "no csrftoken cookie")
        return False
    reply = browser.post(
        "login",
        "/accounts/login/",
        [("username", username), ("password", run.password)],
        expect=302,
    )
    if reply.status != 302:
        return False
    if urllib.parse.urlsplit(reply.location).path != "/":  # LOGIN_REDIRECT_URL, the home page
        run.recorder.error("login", "302 elsewhere", f"{username} to {reply.location}")
        return False
    reply = browser.get("dashboard", "/dashboard/")
    if reply.status != 200:
        return False
    if run.intro_path not in reply.text:
        run.recorder.error("dashboard", "no link to the quiz", username)
    reply = browser.get("intro", run.intro_path)
    if reply.status != 200:
        return False
    if f"{run.intro_path}start/" not in reply.text:
        run.recorder.error("intro", "no Start button", username)
        return False
    return True


def _press_start(run: Run, browser: Browser, outcome: StudentOutcome) -> int | None:
    """POST Start and read the attempt id from the redirect; None when refused."""
    reply = browser.post("start", f"{run.intro_path}start/", expect=302)
    if reply.status != 302:
        return None
    match = _ATTEMPT_PATH.match(urllib.parse.urlsplit(reply.location).path)
    if match is None:
        run.recorder.error("start", "302 elsewhere", f"{outcome.username} to {reply.location}")
        return None
    return int(match[1])


def _start(run: Run, browser: Browser, outcome: StudentOutcome) -> int | None:
    """Press Start, twice at once with the burst (a double click from a second tab)."""
    if run.barrier is None:
        attempt_id = _press_start(run, browser, outcome)
        if attempt_id is not None:
            outcome.start_ids.add(attempt_id)
        return attempt_id
    second: list[int | None] = []
    tab = browser.tab()
    click = threading.Thread(target=lambda: second.append(_press_start(run, tab, outcome)))
    click.start()
    try:
        first = _press_start(run, browser, outcome)
    finally:
        click.join()
        tab.close()
    ids = {pk for pk in (first, *second) if pk is not None}
    outcome.start_ids |= ids
    if len(ids) > 1:
        run.recorder.error("start", "two attempts from a double click", f"{outcome.username}")
    return second[0] if second and second[0] is not None else first


def _take_quiz(run: Run, browser: Browser, outcome: StudentOutcome) -> None:
    attempt_id = _start(run, browser, outcome)
    if attempt_id is None:
        return
    outcome.attempt_id = attempt_id
    attempt_path = f"/attempts/{attempt_id}/"
    reply = browser.get("take", attempt_path)
    if reply.status != 200:
        return
    questions = parse_take_page(reply.text)
    if not questions:
        run.recorder.error("take", "no questions on the page", outcome.username)
        return
    for _ in range(run.saves):
        _autosave(run, browser, outcome, questions)
        if run.bare_url:
            browser.get("bare", run.bare_url)
    if browser.get("submit page", f"{attempt_path}submit/").status != 200:
        return
    reply = browser.post("submit", f"{attempt_path}submit/", expect=302)
    if reply.status != 302:
        return
    if urllib.parse.urlsplit(reply.location).path != f"{attempt_path}review/":
        run.recorder.error("submit", "302 elsewhere", f"{outcome.username} to {reply.location}")
        return
    outcome.finished = browser.get("review", f"{attempt_path}review/").status == 200


def _autosave(
    run: Run, browser: Browser, outcome: StudentOutcome, questions: list[QuestionInputs]
) -> None:
    """One autosave of one to three questions, each with a random valid answer."""
    rng = browser.rng
    count = rng.choice((2, 3)) if rng.random() < MULTI_QUESTION_SHARE else 1
    picked = rng.sample(questions, min(count, len(questions)))
    answers = {question.question_id: question.random_answer(rng) for question in picked}
    fields = [("question", str(pk)) for pk in answers]
    for pk, answer in answers.items():
        fields.extend(answer.fields(pk))
    outcome.saves_sent += 1
    reply = browser.post(
        "autosave", f"/attempts/{outcome.attempt_id}/autosave/", fields, expect=200, json_reply=True
    )
    if reply.status == 200:
        data = reply.json()
        wanted = {str(pk): not answer.is_empty for pk, answer in answers.items()}
        if data.get("saved") is not True or data.get("answered") != wanted:
            run.recorder.error("autosave", "unexpected 200 reply", reply.text[:200])
            return
        outcome.saves_acknowledged += 1
        for pk, answer in answers.items():
            outcome.answers[pk] = SavedAnswer(acknowledged=answer)
        return
    # A JSON refusal (400/403/409/503) means the save's transaction wrote nothing; anything
    # else (no reply, a 500, a proxy page) may or may not have been written.
    if reply.status is not None and "code" in reply.json():
        return
    for pk, answer in answers.items():
        outcome.answers[pk].uncertain.append(answer)


# --- checking the database -------------------------------------------------------------------


@dataclass
class Verification:
    """The database compared with what the students did and were told."""

    students: int = 0
    duplicate_attempts: int = 0  # attempts beyond one per student
    not_submitted: int = 0  # students without exactly one submitted attempt
    answers_checked: int = 0  # (attempt, question) pairs with an acknowledged save
    answers_lost: int = 0  # acknowledged, but the database holds something else
    stray_answers: int = 0  # never acknowledged, yet the database holds an answer
    problems: list[str] = field(default_factory=list)
    unreadable: str = ""  # why the database could not be read, when it could not

    @property
    def failed(self) -> bool:
        return bool(
            self.unreadable
            or self.duplicate_attempts
            or self.not_submitted
            or self.answers_lost
            or self.stray_answers
        )


def verify(outcomes: Iterable[StudentOutcome], state: dict[str, list[dict]]) -> Verification:
    """Compare :mod:`benchmarks.load_db`'s dump with the students' outcomes."""
    result = Verification()

    def problem(message: str) -> None:
        if len(result.problems) < 10:
            result.problems.append(message)

    for outcome in outcomes:
        result.students += 1
        attempts = state.get(outcome.username, [])
        result.duplicate_attempts += max(0, len(attempts) - 1)
        if len(attempts) > 1:
            problem(f"{outcome.username}: {len(attempts)} attempts {[a['id'] for a in attempts]}")
        submitted = [a for a in attempts if a["status"] == "submitted"]
        if len(attempts) != 1 or len(submitted) != 1:
            result.not_submitted += 1
        attempt = next((a for a in attempts if a["id"] == outcome.attempt_id), None)
        if attempt is None:
            continue
        for question_id, held in attempt["responses"].items():
            stored = Answer.from_dump(held)
            saved = outcome.answers.get(int(question_id), SavedAnswer())
            if stored in saved.uncertain:
                continue
            if saved.acknowledged is not None:
                result.answers_checked += 1
                if stored != saved.acknowledged:
                    result.answers_lost += 1
                    problem(
                        f"{outcome.username} attempt {attempt['id']} question {question_id}: "
                        f"acknowledged {saved.acknowledged.describe()}, "
                        f"stored {stored.describe()}"
                    )
            elif not stored.is_empty:
                result.stray_answers += 1
                problem(
                    f"{outcome.username} attempt {attempt['id']} question {question_id}: "
                    f"never acknowledged, stored {stored.describe()}"
                )
    return result
