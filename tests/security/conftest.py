"""Tenants built once per module, inside a transaction every test of the module nests in.

The same trick as Django's TestCase.setUpTestData: the module fixture opens an
atomic block and writes the tenants; each test's own atomic block (from
pytest-django's django_db) becomes a savepoint inside it and is rolled back
after the test; the module's block is rolled back at the end. Building the
tenants takes about a second, so once per module keeps the matrix fast.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.test import override_settings

from tests.security.tenants import Tenants, make_tenants

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def tenants(django_db_setup, django_db_blocker) -> Iterator[Tenants]:
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHER):
            built = make_tenants()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def http() -> HttpClient:
    """One test client per module, its cookies cleared by each test.

    A new Client loads the middleware again, and WhiteNoise then scans every
    static file: that costs more than the request itself.
    """
    return HttpClient()
