"""Project middleware."""

from django.core.exceptions import BadRequest


def reject_nul_in_query(get_response):
    """Answer 400 to a query string holding a NUL character ("%00").

    No link of ours makes one, and PostgreSQL refuses NUL in text: the admin's list
    filters and autocomplete would pass it to a query and fail with a 500. Forms refuse NUL
    in posted text themselves (Django's CharField), so only the query string is checked.
    """

    def middleware(request):
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            raise BadRequest("The address contains a character that cannot be used.")
        return get_response(request)

    return middleware
