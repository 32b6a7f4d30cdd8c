"""Who gets what on every URL of the project: one row per URL name.

Adding a URL? Add one line to `TABLE` below, in its app's block:

    "caseload:dossier": page(FOLLOWERS, pk="dossier"),          # GET and POST: 200
    "caseload:dossier_stage": action(FOLLOWERS, pk="dossier"),  # GET: 405, POST: 302
    "tenant_logo": row(EVERYONE, get=404),                      # anything else, spelled out

- the first argument: the roles the view lets through (the sets below, or your own);
- `get=` / `post=`: the status those roles get on GET / POST. Everyone else gets the login
  page when anonymous (`LOGIN`; or `anonymous=`), 403 when logged in (or `refused=`);
- `post_who=`: when POST lets through other roles than GET (a public page whose form needs
  a login);
- keyword path parameters: a value naming an object in `tests/access/objects.py: OBJECTS`
  (`pk="dossier"`) puts that object's id in the URL; any other value is used as written
  (`fmt="csv"`). An object owned by a tenant (or by a person) is then also asked for with
  another tenant's one, which must answer 404 on GET and POST and stay unchanged;
- `data=`: the POST body, from the objects in the URL (`lambda o: {"fingerprint": …}`).
  Every request of the matrix is rolled back, so a POST that succeeds changes nothing for
  the next role.

Whole families of URLs that are not ours (the Django admin, allauth) are declared in
`GROUPS` with the reason they are left out; a few of their URLs still have a row, as samples.
`tests/access/test_matrix.py` fails on any URL pattern of the resolver that is in neither.
"""

from dataclasses import dataclass, field

from .objects import OBJECTS

ANONYMOUS = "anonymous"
INTERN = "intern"
HOST = "host"
CASE_MANAGER = "case_manager"
STEERING = "steering"
ADMIN = "tenant_admin"
OTHER_ADMIN = "other_admin"  # another tenant's admin, in this tenant
ROLES = (ANONYMOUS, INTERN, HOST, CASE_MANAGER, STEERING, ADMIN, OTHER_ADMIN)

LOGIN = "login"  # a 302 to the login page
ADMIN_LOGIN = "admin login"  # a 302 to the Django admin's login page

EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}
ADMINS = frozenset({ADMIN})
FOLLOWERS = ADMINS | {CASE_MANAGER}  # follow dossiers, organise permanences
HOSTS = FOLLOWERS | {HOST}  # a session's hosts and its organisers
STEERS = ADMINS | {STEERING}
READERS = FOLLOWERS | {STEERING}  # read the conventions
NOBODY = frozenset()


@dataclass(frozen=True)
class Row:
    who: frozenset  # the roles let through
    get: object = 200  # the status they get on GET
    post: object = 405  # … and on POST
    post_who: frozenset | None = None  # when POST lets through others than GET
    refused: object = 403  # what a logged-in user not let through gets
    foreign: object = None  # … when they are staff of another tenant only (default: refused)
    anonymous: object = LOGIN  # what an anonymous visitor not let through gets
    params: dict = field(default_factory=dict)  # path parameter → object name or value
    data: object = None  # (objects in the URL, by parameter) → POST body

    def expected(self, role, method):
        who = self.post_who if method == "post" and self.post_who is not None else self.who
        if role in who:
            return getattr(self, method)
        if role == OTHER_ADMIN and self.foreign is not None:
            return self.foreign
        return self.anonymous if role == ANONYMOUS else self.refused

    def object_params(self):
        """The path parameters naming an object (the others are written as they are)."""
        return {name: value for name, value in self.params.items() if value in OBJECTS}

    def owned_params(self):
        """The path parameters naming an object another tenant (or person) must not reach."""
        return {name: value for name, value in self.object_params().items() if OBJECTS[value].owned}


def row(
    who,
    *,
    get=200,
    post=405,
    post_who=None,
    refused=403,
    foreign=None,
    anonymous=LOGIN,
    data=None,
    **params,
):
    """Any URL: the statuses spelled out."""
    post_who = frozenset(post_who) if post_who is not None else None
    return Row(frozenset(who), get, post, post_who, refused, foreign, anonymous, params, data)


def page(who, **params):
    """A page that answers POST like GET (200): shown again, or a form with its errors."""
    return row(who, get=200, post=200, **params)


def action(who, post=302, **params):
    """A POST-only action (GET: 405) that redirects once done."""
    return row(who, get=405, post=post, **params)


TABLE = {
    # portal: public pages
    "home": page(EVERYONE),
    "accessibility": page(EVERYONE),
    "legal": page(EVERYONE),
    "privacy": page(EVERYONE),
    "terms": page(EVERYONE),
    "health": page(EVERYONE),
    "tenant_home": page(EVERYONE),
    "tenant_logo": row(EVERYONE, get=404),  # this tenant has no logo
    # accounts: the person's own pages
    "after_login": row(LOGGED_IN, get=302, post=302),
    "accept_invitation": row(LOGGED_IN, post=302, token="invitation_token"),
    "accounts:profile": page(LOGGED_IN),
    "accounts:whoami": page(LOGGED_IN),
    "accounts:profile_edit": page(LOGGED_IN),
    "accounts:project": page(LOGGED_IN),
    "intern_home": row(LOGGED_IN, get=302),  # nobody of the matrix may book: the short step
    "accounts:toggle_step": action(LOGGED_IN, step_id="step"),
    "privacy:my_data": page(LOGGED_IN),
    "privacy:my_data_json": page(LOGGED_IN),
    "privacy:erase_me": page(LOGGED_IN),
    "my_bookings:list": page(LOGGED_IN),
    # Someone else's booking is a 404, as if it did not exist.
    "my_bookings:cancel": row(
        {INTERN}, get=200, post=302, refused=404, pk="my_booking", data=lambda o: {"confirm": "1"}
    ),
    # accounts: the tenant's administration
    "tenant_admin:home": page(ADMINS),
    "tenant_admin:invite": page(ADMINS),
    "tenant_admin:revoke_invitation": action(ADMINS, pk="invitation"),
    "tenant_admin:remove_member": action(ADMINS, pk="membership"),
    "tenant_admin:edit_tenant": page(ADMINS),
    "tenant_admin:edit_steps": page(ADMINS),
    "tenant_admin:journal": page(ADMINS),
    "tenant_admin:failed_messages": row(ADMINS, post=302),
    # aids: the national catalogue, public
    "aids:catalogue": page(EVERYONE),
    "aids:departement": page(EVERYONE, insee_code="91"),
    "aids:region": page(EVERYONE, insee_code="11"),
    "aids:detail": page(EVERYONE, pk="aid"),
    # caseload: dossiers
    "caseload:home": page(FOLLOWERS),
    "caseload:transfer": action(ADMINS),
    "caseload:dossier_create": page(FOLLOWERS),
    "caseload:dossier": page(FOLLOWERS, pk="dossier"),
    "caseload:dossier_edit": page(FOLLOWERS, pk="dossier"),
    "caseload:dossier_stage": action(FOLLOWERS, pk="dossier"),
    "caseload:dossier_assign": action(FOLLOWERS, pk="dossier"),
    "caseload:interaction_create": page(FOLLOWERS, pk="dossier"),
    "caseload:installation": page(FOLLOWERS, pk="dossier"),
    "caseload:link_suggestion": action(FOLLOWERS, pk="dossier", suggestion_pk="suggestion"),
    "caseload:follow_up_done": page(FOLLOWERS, pk="follow_up"),
    "caseload:open_for_profile": action(FOLLOWERS, user_id="shared_profile"),
    # caseload: call campaigns
    "caseload:campaign_list": page(FOLLOWERS),
    "caseload:campaign_create": page(FOLLOWERS),
    "caseload:campaign": page(FOLLOWERS, pk="campaign"),
    "caseload:campaign_add": row(FOLLOWERS, post=302, pk="campaign"),
    "caseload:campaign_toggle": action(FOLLOWERS, pk="campaign"),
    "caseload:call_queue": page(FOLLOWERS, pk="campaign"),
    "caseload:call_outcome": action(
        FOLLOWERS, pk="campaign", target_pk="target", data=lambda o: {"outcome": "do_not_call"}
    ),
    "caseload:call_release": action(FOLLOWERS, pk="campaign", target_pk="target"),
    # caseload: imports, exports, journal
    "caseload:import_list": page(FOLLOWERS),
    "caseload:import_template": page(FOLLOWERS, kind="contacts"),
    "caseload:import_detail": page(FOLLOWERS, pk="import_job"),
    "caseload:import_state": page(FOLLOWERS, pk="import_job"),
    "caseload:import_confirm": action(
        FOLLOWERS, pk="import_job", data=lambda o: {"fingerprint": o["pk"].report["fingerprint"]}
    ),
    "caseload:import_revalidate": action(FOLLOWERS, pk="import_job"),
    "caseload:import_errors": page(FOLLOWERS, pk="import_job"),
    "caseload:export_dossiers": page(FOLLOWERS, fmt="csv"),
    "caseload:export_interactions": page(FOLLOWERS, fmt="xlsx"),
    "caseload:journal": row(ADMINS, get=302, post=302),  # now the tenant's journal
    # caseload: the end-of-follow-up questionnaire, by signed link without a login
    "caseload:follow_up_survey": page(EVERYONE, token="follow_up_survey_token"),
    "caseload:follow_up_survey_thanks": page(EVERYONE),
    # permanences: public pages and the person's bookings
    "permanences:list": page(EVERYONE),
    "permanences:feed": page(EVERYONE),
    "permanences:detail": row(EVERYONE, post=302, post_who=LOGGED_IN, pk="session"),
    # Without a booking on the session: back to its page, whatever the method.
    "permanences:cancel": row(LOGGED_IN, get=302, post=302, pk="session"),
    # Nobody of the matrix holds a confirmed booking on it: 404 (tests/permanences/test_intern_home.py)
    "permanences:booking_ics": row(LOGGED_IN, get=404, pk="session"),
    "permanences:departement": page(EVERYONE, insee_code="departement"),
    "permanences:survey": page(EVERYONE, token="survey_token"),
    "permanences:survey_thanks": row(EVERYONE, get=302, token="survey_token"),
    # permanences: hosts
    "permanences:host_home": page(HOSTS),
    "permanences:host_session": page(HOSTS, pk="session"),
    "permanences:host_session_held": action(HOSTS, pk="session"),
    "permanences:host_export_csv": page(HOSTS, pk="session"),
    "permanences:host_export_xlsx": page(HOSTS, pk="session"),
    "permanences:host_export_pdf": page(HOSTS, pk="session"),
    # permanences: management
    "permanences:staff_session_list": page(FOLLOWERS),
    "permanences:staff_session_create": page(FOLLOWERS),
    "permanences:staff_session_edit": page(FOLLOWERS, pk="session"),
    "permanences:staff_session_publish": action(FOLLOWERS, pk="draft_session"),
    "permanences:staff_session_cancel": page(FOLLOWERS, pk="session"),
    "permanences:staff_book": page(FOLLOWERS, pk="session"),
    "permanences:staff_invite": action(FOLLOWERS, pk="session"),
    "permanences:staff_booking_cancel": page(FOLLOWERS, pk="booking"),
    "permanences:staff_booking_move": page(FOLLOWERS, pk="booking"),
    "permanences:staff_template_list": page(FOLLOWERS),
    "permanences:staff_template_create": page(FOLLOWERS),
    "permanences:staff_template_edit": page(FOLLOWERS, pk="template"),
    "permanences:staff_template_delete": row(
        FOLLOWERS, get=200, post=302, pk="template", data=lambda o: {"confirm": "1"}
    ),
    "permanences:staff_template_generate": action(
        FOLLOWERS, pk="template", data=lambda o: {f"t{o['pk'].pk}-period": "12"}
    ),
    # evaluation: another tenant's staff get 404 (its dashboard does not exist for them)
    "evaluation:home": row(STEERS, post=200, foreign=404),
    "evaluation:export": row(STEERS, foreign=404, post=200, fmt="csv"),
    "evaluation:definitions": row(ADMINS, post=200, foreign=404),
    "evaluation:definition_create": row(ADMINS, post=200, foreign=404),
    "evaluation:definition_edit": row(ADMINS, post=200, foreign=404, pk="indicator"),
    "evaluation:entered_values": row(ADMINS, post=200, foreign=404, pk="indicator"),
    "evaluation:settings": row(ADMINS, post=200, foreign=404),
    "evaluation:reports": row(STEERS, post=200, foreign=404),
    "evaluation:report_draft": row(STEERS, get=405, post=302, foreign=404),
    "evaluation:report_state": row(STEERS, post=200, foreign=404, pk="report"),
    "evaluation:report_pdf": row(STEERS, post=200, foreign=404, pk="report"),
    "evaluation:report_xlsx": row(STEERS, post=200, foreign=404, pk="report"),
    "evaluation:semester": row(
        STEERS, post=200, foreign=404, code="departement", semester="2026-S1"
    ),
    "evaluation:semester_pdf": row(
        STEERS, post=200, foreign=404, code="departement", semester="2026-S1"
    ),
    "evaluation:grid": row(STEERS, post=200, foreign=404, pk="convention"),
    "evaluation:grid_pdf": row(STEERS, post=200, foreign=404, pk="convention"),
    "evaluation:grid_edit": row(ADMINS, post=200, foreign=404, pk="convention"),
    # conventions
    "conventions:list": page(READERS),
    "conventions:create": page(ADMINS),
    "conventions:detail": page(READERS, pk="convention"),
    "conventions:edit": page(ADMINS, pk="convention"),
    "conventions:parties": page(ADMINS, pk="convention"),
    "conventions:schedule": page(ADMINS, pk="convention"),
    "conventions:document_upload": page(ADMINS, pk="convention"),
    "conventions:document_download": page(READERS, pk="document"),
    "conventions:document_delete": row(ADMINS, post=302, pk="document"),
    "conventions:annex_create": page(ADMINS, pk="convention"),
    "conventions:annex_detail": page(READERS, pk="annex"),
    "conventions:annex_edit": page(ADMINS, pk="annex"),
    "conventions:annex_budget": page(ADMINS, pk="annex"),
    "conventions:meeting_create": page(ADMINS, pk="convention"),
    "conventions:meeting_detail": page(READERS, pk="meeting"),
    "conventions:meeting_edit": page(ADMINS, pk="meeting"),
    "conventions:meeting_delete": row(ADMINS, post=302, pk="meeting"),
    "conventions:partners": page(READERS),
    "conventions:partner_create": page(ADMINS),
    "conventions:partner_import": page(ADMINS),
    "conventions:partner_export_csv": page(READERS),
    "conventions:partner_export_xlsx": page(READERS),
    "conventions:partner_detail": page(READERS, pk="partner"),
    "conventions:partner_edit": page(ADMINS, pk="partner"),
    # Samples of the groups below. The admin sends everyone to its login (no superuser here);
    # allauth's login sends a logged-in user away.
    "admin:index": row(NOBODY, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN),
    # The tenant's object permissions in the admin (guardian, through accounts.admin).
    "admin:accounts_tenant_permissions": row(
        NOBODY, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN, object_pk="1"
    ),
    "admin:accounts_tenant_permissions_manage_user": row(
        NOBODY, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN, object_pk="1", user_id="1"
    ),
    "admin:accounts_tenant_permissions_manage_group": row(
        NOBODY, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN, object_pk="1", group_id="1"
    ),
    "account_login": row({ANONYMOUS}, post=200, refused=302),
    # The "check your inbox" page's button: the same answer for every address and person.
    "resend_confirmation": row(EVERYONE, get=405, post=302),
    "set_language": row(EVERYONE, get=302, post=302),
}


@dataclass(frozen=True)
class Group:
    """URL patterns left out of the table as a whole: under `route_prefix`, and served by a
    view of one of `modules` (a view of ours mounted there still needs its row)."""

    route_prefix: str
    modules: tuple
    reason: str

    def holds(self, route, module):
        return route.startswith(self.route_prefix) and module.startswith(self.modules)


# Static files are served by WhiteNoise before any URL is resolved, and nothing serves /media/
# (private files go through permission-checked views): neither is in the resolver.
GROUPS = [
    Group(
        "admin/",
        ("django.", "guardian."),
        "the Django admin, for platform superusers only: Django checks is_staff on every one of "
        "its views; tests/aids/test_admin.py and tests/conventions/test_admin.py cover ours",
    ),
    Group(
        "compte/",
        ("allauth.",),
        "django-allauth's account and MFA pages (tested by allauth); our flows through them are "
        "in tests/accounts/ (sign-up, login, MFA, brute force)",
    ),
    Group("i18n/", ("django.",), "Django's language switch: a redirect, the same for everyone"),
]
