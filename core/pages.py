"""Pages every app renders the same way."""

from django.shortcuts import render


def form_page(request, *, title, crumbs, cancel_url, form=None, formsets=(), intro=""):
    """The generic edit page (components/form_page.html): one optional form, then formsets as
    (heading, formset, row label); `crumbs` are the (label, url) levels above the page."""
    return render(
        request,
        "components/form_page.html",
        {
            "page_title": title,
            "crumbs": crumbs,
            "cancel_url": cancel_url,
            "form": form,
            "formsets": formsets,
            "formsets_have_errors": any(
                formset.is_bound and formset.total_error_count() for _h, formset, _l in formsets
            ),
            "intro": intro,
            "multipart": bool(form is not None and form.is_multipart()),
        },
    )
