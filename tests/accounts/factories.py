import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import Membership, Profile, Role, SettlementStep, Tenant, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users are verified unless built with verified=False."""
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"espace-{n}")
    name = factory.Sequence(lambda n: f"Espace {n}")
    contact_email = factory.LazyAttribute(lambda t: f"contact@{t.slug}.example.org")
    referent_name = "Camille Martin"
    referent_role = "Chargée de mission"
    referent_email = factory.LazyAttribute(lambda t: f"referent@{t.slug}.example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.CASE_MANAGER


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    status = "interne"
    specialty = "medecine_generale"


def complete_profile(user, *, departements=("91",), status="externe", **fields):
    """Give `user` what booking a permanence asks (accounts.onboarding): the short step's
    fields and the terms in force. An externe by default: no RPPS to make up."""
    from django.conf import settings
    from django.utils import timezone

    from core.models import Departement

    profile = ProfileFactory(user=user)
    values = {
        "status": status,
        "specialty": "medecine_generale",
        "phone": "06 12 34 56 78",
        "terms_accepted_at": timezone.now(),
        "terms_version": settings.TERMS_VERSION,
        **fields,
    }
    for field, value in values.items():
        setattr(profile, field, value)
    profile.save()
    profile.departements_considered.set(Departement.objects.filter(insee_code__in=departements))
    return profile


def ready_person(**fields):
    """Someone who may book a permanence themselves: a verified address (UserFactory) and the
    short step filled in with the terms in force (complete_profile)."""
    user = UserFactory(**fields)
    complete_profile(user)
    return user


class SettlementStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SettlementStep

    tenant = factory.SubFactory(TenantFactory)
    title = factory.Sequence(lambda n: f"Étape {n}")
    position = factory.Sequence(int)


def activate_totp(user):
    """Give a user a TOTP authenticator, as if they had set MFA up; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def staff_member(tenant, role, *, mfa=True, **user_kwargs):
    user = UserFactory(**user_kwargs)
    MembershipFactory(tenant=tenant, user=user, role=role)
    if mfa:
        activate_totp(user)
    return user
