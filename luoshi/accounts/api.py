"""The accounts' API: a token for a username and password (POST /api/v1/auth/token/), and the
one-time code (``otp``) as well for whoever signs in with two factors."""

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from luoshi.core.api_auth import LockedAuthTokenSerializer

from . import two_factor
from .api_tokens import token_issue


def second_factor_refusal(request, user) -> dict | None:
    """Why the token is refused for want of a good one-time code, or None."""
    if not two_factor.asked_of(user):
        return None
    if not two_factor.enrolled(user):
        return {"otp": [_("Your account signs in with two factors: set them up on the web "
                          "first, then ask for a token with the code.")]}
    code = str(request.data.get("otp") or "").strip()
    if not code:
        return {"otp": [_("Your account signs in with two factors: send the one-time code "
                          "as otp.")]}
    result = two_factor.check(user=user, code=code, request=request._request)
    if result.device is None:
        if result.wait_seconds:
            return {"otp": [_("Too many wrong codes; try again in %(seconds)d seconds.") % {
                "seconds": result.wait_seconds}]}
        return {"otp": [_("The code is wrong or has expired.")]}
    return None


class TokenView(APIView):
    """POST username, password (and ``otp`` under two factors) → ``{"token", "expires"}``: a
    new token, under the login's lockout (a refusal is answered without raising, so the failure
    record is kept)."""

    authentication_classes = []
    permission_classes = []
    serializer_class = LockedAuthTokenSerializer

    def post(self, request, *args, **kwargs):
        serializer = LockedAuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        refusal = second_factor_refusal(request, user)
        if refusal:
            return Response(refusal, status=status.HTTP_400_BAD_REQUEST)
        with transaction.atomic():
            token, key = token_issue(user=user,
                                     name=serializer.validated_data.get("name") or "API",
                                     by=user, origin="api")
        return Response({"token": key, "expires": token.expires_at})
