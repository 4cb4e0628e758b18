"""POST /api/v1/auth/token/: a token for username and password, under the login lockout.

DRF's own view authenticated with its Request wrapper, so axes marked the wrapper, not the
Django request its middleware answers for; and it refused by raising, which rolls the request's
transaction back, failure record included. This view authenticates with the Django request and
answers a refusal without raising, so the failure is kept and a lockout is answered by axes.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response


class LockedAuthTokenSerializer(AuthTokenSerializer):
    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(request=getattr(request, "_request", request),
                            username=attrs.get("username"), password=attrs.get("password"))
        if not user:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization")
        attrs["user"] = user
        return attrs


class TokenView(ObtainAuthToken):
    serializer_class = LockedAuthTokenSerializer

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
