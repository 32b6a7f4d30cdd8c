from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """Users log in with their e-mail address; there is no username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    # When the "your inactive account will be deleted" e-mail went out (privacy.retention);
    # cleared at the next login.
    inactivity_warning_sent_at = models.DateTimeField(
        _("avertissement d'inactivité envoyé le"), null=True, blank=True, editable=False
    )

    # Bumped in the transaction of every change to what the request access flags read (a
    # membership, a TOTP device, an e-mail address, the profile: accounts.signals), so that
    # the flags kept in a person's session (accounts.middleware) are read again on their next
    # request.
    access_version = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # access_version only moves by accounts.signals.access_changed (an UPDATE): saving a
        # user loaded before such a change must not write the older value back, which would
        # make flags kept in a session before the change look current again.
        updating = not self._state.adding and not kwargs.get("force_insert")
        if updating and kwargs.get("update_fields") is None:
            skipped = {"access_version", *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in skipped
            ]
        super().save(*args, **kwargs)
