"""The development server (`make run`, the test suite's live server) sized for a class.

Django's development server listens with a queue of 10 pending connections. When a class
of thirty presses Start in the same second, the connections beyond the queue are dropped
and, on some network stacks, reset: the students see a browser error page instead of
their quiz. A queue of 128 holds a class. (gunicorn's default backlog is 2048.)
"""

from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer

#: Pending connections the listening socket holds before the kernel refuses more.
LISTEN_QUEUE = 128


class ClassroomWSGIServer(WSGIServer):
    """Django's development WSGI server with a listen queue for a whole class."""

    request_queue_size = LISTEN_QUEUE


class ThreadedClassroomWSGIServer(ThreadedWSGIServer):
    """The threaded server of Django's test live server, with the same listen queue."""

    request_queue_size = LISTEN_QUEUE
