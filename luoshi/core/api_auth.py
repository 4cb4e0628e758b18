"""POST /api/v1/auth/token/ (the view: accounts.api_tokens.TokenView): username and password
checked under the login lockout.

DRF's own view authenticated with its Request wrapper, so axes marked the wrapper, not the
Django request its middleware answers for; and it refused by raising, which rolls the request's
transaction back, failure record included. This view authenticates with the Django request and
answers a refusal without raising, so the failure is kept and a lockout is answered by axes.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer


class LockedAuthTokenSerializer(AuthTokenSerializer):
    # Checked by the view (accounts.api): the code of whoever signs in with two factors.
    otp = serializers.CharField(label=_("One-time code"), required=False, write_only=True,
                                max_length=32)
    name = serializers.CharField(label=_("Name"), required=False, allow_blank=True,
                                 allow_null=True, write_only=True, max_length=100)

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(request=getattr(request, "_request", request),
                            username=attrs.get("username"), password=attrs.get("password"))
        if not user:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization")
        attrs["user"] = user
        return attrs
