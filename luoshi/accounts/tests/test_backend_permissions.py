"""The sign-in backend's permissions in one query equal Django's own two, for every role, and
with a permission given to the user directly."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from luoshi.accounts.backends import SeparatedDutiesBackend
from luoshi.accounts.choices import Role
from luoshi.accounts.models import User

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", list(Role))
def test_one_query_gives_what_django_gives(make_user, role, django_assert_num_queries):
    user = make_user(role, "区工信局" if role in (Role.REPORTER, Role.HEAD) else None)
    expected = ModelBackend().get_all_permissions(fresh(user))
    ours = fresh(user)
    with django_assert_num_queries(1):
        assert SeparatedDutiesBackend().get_all_permissions(ours) == expected
        assert ours.has_perm(next(iter(expected))) if expected else True


def test_a_permission_given_directly_counts(make_user):
    user = make_user(Role.LEADER)
    extra = Permission.objects.get(codename="import_plan")
    user.user_permissions.add(extra)
    assert "plans.import_plan" in SeparatedDutiesBackend().get_all_permissions(fresh(user))
    assert SeparatedDutiesBackend().get_all_permissions(fresh(user)) == \
        ModelBackend().get_all_permissions(fresh(user))
