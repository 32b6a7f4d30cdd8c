"""Booking a permanence oneself asks for the short "Votre projet" step and the terms of use in
force (accounts.onboarding). The booking service refuses an intern whose profile lacks them
(`profile_incomplete`); the session's page then sends them to the step, which comes back to
it. What they had chosen there (slot, topics, questions) waits in their session and fills the
booking form again, so nothing they typed is lost."""

from django.shortcuts import redirect

from accounts.views.onboarding import project_url

CHOICE_KEY = "booking_choice"
CHOICE_FIELDS = ("slot", "topics", "questions")
QUESTIONS_MAX = 2000


def redirect_to_project(request, session_id):
    """The booking service refused: the profile is incomplete (`profile_incomplete`). Keep
    the form's choice for the session and answer with a redirect to the short step, whose
    `next` is this session's page."""
    request.session[CHOICE_KEY] = {
        "session": session_id,
        "slot": request.POST.get("slot", ""),
        "topics": request.POST.getlist("topics"),
        "questions": request.POST.get("questions", "")[:QUESTIONS_MAX],
    }
    return redirect(project_url(request.path))


def pop_choice(request, session):
    """The choice kept for `session` before the short step, as the booking form's initial
    data, once (an empty dict when there is none)."""
    choice = request.session.get(CHOICE_KEY)
    if not choice or choice.get("session") != session.pk:
        return {}
    del request.session[CHOICE_KEY]
    return {field: choice[field] for field in CHOICE_FIELDS}
