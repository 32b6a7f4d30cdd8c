import functools

from django.contrib.admin.options import IncorrectLookupParameters


@functools.cache
def _tolerant(changelist_class):
    class TolerantChangeList(changelist_class):
        """A filter value its field cannot hold (a year past 9999 in the date hierarchy,
        letters for an id in a library's filter) is an incorrect lookup, which the admin
        answers by dropping the filters (?e=1) as it does for an unknown one, not a 500."""

        def get_queryset(self, request, exclude_parameters=None):
            try:
                return super().get_queryset(request, exclude_parameters)
            except (ValueError, OverflowError) as error:
                raise IncorrectLookupParameters(error) from error

    return TolerantChangeList


def _tolerant_get_changelist(get_changelist):
    @functools.wraps(get_changelist)
    def wrapped(request, **kwargs):
        return _tolerant(get_changelist(request, **kwargs))

    return wrapped


def tolerate_bad_filters(site):
    """Every changelist of the site, the libraries' (axes, auditlog) included, turns a filter
    value it cannot use into ?e=1. Called once every app has registered its models."""
    for model_admin in site._registry.values():
        model_admin.get_changelist = _tolerant_get_changelist(model_admin.get_changelist)
