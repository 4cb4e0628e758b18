"""A user's own API tokens: listed (name, beginning of the key, issued, expires, last used,
state), a new one issued (its key shown this once), one revoked. Nobody sees another's."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View

from .api_tokens import token_issue, token_revoke
from .forms import TokenForm
from .models import ApiToken

ORIGIN = "web"


class TokenListView(View):
    template_name = "accounts/tokens.html"

    def _page(self, request, form, key=None, status=200):
        tokens = ApiToken.objects.filter(user=request.user)
        response = render(request, self.template_name, {
            "tokens": tokens, "form": form, "new_key": key, "now": timezone.now()},
            status=status)
        add_never_cache_headers(response)
        return response

    def get(self, request):
        return self._page(request, TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        _token, key = token_issue(user=request.user, name=form.cleaned_data["name"],
                                  by=request.user, origin=ORIGIN)
        return self._page(request, TokenForm(), key=key)


class TokenRevokeView(View):
    def post(self, request, pk: int):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        token_revoke(token=token, by=request.user, origin=ORIGIN, reason=_("revoked by its owner"))
        messages.success(request, _("The token %(name)s (%(prefix)s…) is revoked.") % {
            "name": token.name, "prefix": token.prefix})
        return redirect("api-tokens")
