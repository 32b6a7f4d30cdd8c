"""Pages every app renders the same way."""

from django.shortcuts import render


def page_context(*, title, crumbs=(), cancel_url="", intro="", crumb=""):
    """What components/form_page.html reads for a page that extends it: its title (the h1), the
    (label, url) levels above it in the breadcrumb, its own label there (`crumb`, when shorter
    than the title), the address "Annuler" goes back to, and the sentence under the title."""
    return {
        "page_title": title,
        "crumbs": crumbs,
        "crumb": crumb,
        "cancel_url": cancel_url,
        "intro": intro,
    }


def form_page(request, *, title, crumbs, cancel_url, form=None, formsets=(), intro=""):
    """The generic edit page (components/form_page.html): one optional form, then formsets as
    (heading, formset, row label); `crumbs` are the (label, url) levels above the page."""
    return render(
        request,
        "components/form_page.html",
        {
            **page_context(title=title, crumbs=crumbs, cancel_url=cancel_url, intro=intro),
            "form": form,
            "formsets": formsets,
            "formsets_have_errors": any(
                formset.is_bound and formset.total_error_count() for _h, formset, _l in formsets
            ),
            "multipart": bool(form is not None and form.is_multipart()),
        },
    )


def confirm_page(
    request, *, title, question, confirm_label, cancel_url, crumbs=(), consequences=(), form=None
):
    """The page a destructive action shows before acting (components/confirm_page.html):
    `question`, the `consequences` listed, a button posting back to this address (with
    `form`'s fields, a reason for instance) and a way back to `cancel_url`. It works without
    JavaScript; the view acts on a POST that carries `confirm`."""
    return render(
        request,
        "components/confirm_page.html",
        {
            "page_title": title,
            "question": question,
            "consequences": consequences,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "crumbs": crumbs,
            "form": form,
            "action_url": request.get_full_path(),
        },
    )


def query_string(request, **changes):
    """The current filters as a query string (without the page), with ``changes`` applied
    (``None`` removes a parameter): the links of a filtered list keep its filters."""
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
