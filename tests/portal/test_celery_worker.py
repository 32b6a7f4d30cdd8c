"""A real Celery worker, consuming from Redis, runs a task and its effect lands in the database."""

import time

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from accounts.models import Invitation, Role
from accounts.services import invite_member
from core.tasks import relay_outbox
from tests.celery_helpers import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_worker_sends_an_invitation_once(tenant, tenant_admin, real_worker):
    invitation = invite_member(
        tenant=tenant, email="w@example.org", role=Role.HOST, invited_by=tenant_admin
    )
    relay_outbox.delay()  # a duplicate relay must not mail twice

    def sent():
        with scopes_disabled():
            return Invitation.objects.get(pk=invitation.pk).sent_at is not None

    assert wait_for(sent), "the worker did not relay the invitation"
    time.sleep(1)  # give the duplicate time to run
    assert [m.to for m in mail.outbox] == [["w@example.org"]]
