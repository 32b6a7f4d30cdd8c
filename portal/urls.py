from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts.views import onboarding as views_onboarding
from accounts.views import profile as account_views
from accounts.views.confirmation import resend_confirmation
from permanences.views import landing as permanences_landing

from . import views
from .admin import tolerate_bad_filters

# The admin login goes through allauth, so MFA and brute-force protection apply there too.
admin.site.login = secure_admin_login(admin.site.login)
tolerate_bad_filters(admin.site)
admin.site.site_header = "Cap Installation"

# Not a Django handler: allauth's rate limits answer through it (allauth.core.ratelimit).
handler429 = views.too_many_requests
# The database out of reach is a French 503 page rather than the 500 page (portal.errors).
handler500 = "portal.errors.server_error"

tenant_patterns = [
    path("", views.tenant_home, name="tenant_home"),
    path("logo/", views.tenant_logo, name="tenant_logo"),
    path("administration/", include("accounts.tenant_urls")),
    path("suivi/", include("caseload.urls")),
    path("permanences/", include("permanences.urls")),
    path("pilotage/", include("evaluation.urls")),
    path("conventions/", include("conventions.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("compte/confirmation/renvoyer/", resend_confirmation, name="resend_confirmation"),
    path("compte/", include("allauth.urls")),
    path("moi/inscriptions/", include("permanences.urls_me")),
    path("moi/permanences/", permanences_landing.intern_home, name="intern_home"),
    path("moi/", include("accounts.urls")),
    path("moi/", include("privacy.urls")),
    path("apres-connexion/", account_views.after_login, name="after_login"),
    path("invitation/<uuid:token>/", account_views.accept_invitation, name="accept_invitation"),
    path("accessibilite/", views.static_page, {"page": "accessibility"}, name="accessibility"),
    path("mentions-legales/", views.static_page, {"page": "legal"}, name="legal"),
    path("confidentialite/", views.static_page, {"page": "privacy"}, name="privacy"),
    path("conditions-utilisation/", views_onboarding.terms_of_use, name="terms"),
    path("sante/", views.health, name="health"),
    path("aides/", include("aids.urls")),
    path("<slug:tenant_slug>/", include(tenant_patterns)),
]
