"""The accounts' API: a token for a username and password (POST /api/v1/auth/token/)."""

from django.db import transaction
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from luoshi.core.api_auth import LockedAuthTokenSerializer

from .api_tokens import token_issue


class TokenView(APIView):
    """POST username and password → ``{"token", "expires"}``: a new token, under the login's
    lockout (a refusal is answered without raising, so the failure record is kept)."""

    authentication_classes = []
    permission_classes = []
    serializer_class = LockedAuthTokenSerializer

    def post(self, request, *args, **kwargs):
        serializer = LockedAuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        with transaction.atomic():
            token, key = token_issue(user=user, name=request.data.get("name") or "API",
                                     by=user, origin="api")
        return Response({"token": key, "expires": token.expires_at})
