"""`runserver` with a listen queue for a whole class (see config.devserver).

WhiteNoise's runserver (static files served by WhiteNoise, as in production) is the base.
"""

from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as WhiteNoiseRunserver,
)

from config.devserver import ClassroomWSGIServer


class Command(WhiteNoiseRunserver):
    server_cls = ClassroomWSGIServer
