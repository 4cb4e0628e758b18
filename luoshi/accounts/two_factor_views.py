"""The second factor's pages (双因素认证): give the code after the password; set up an
authenticator (QR code, then its first code; ten recovery codes shown once); one's own state,
new recovery codes, turning it off where not compulsory. An administrator's reset is on the
user's page (views.UserManageView)."""

from urllib.parse import quote

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login

from . import two_factor
from .forms import CodeForm

# The session's copy of new recovery codes, shown once. Every page here is no-store
# (core.middleware.NoStoreMiddleware: a signed-in user's pages).
NEW_CODES = "two_factor_new_codes"


def next_url(request, default="/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


class TwoFactorVerifyView(View):
    """The code after the password: from the authenticator app, or a recovery code."""

    template_name = "accounts/two_factor_verify.html"

    def page(self, request, form, status=200):
        return render(request, self.template_name, {
            "form": form, "next": next_url(request)}, status=status)

    def get(self, request):
        if request.user.is_verified() or not two_factor.enrolled(request.user):
            return redirect(next_url(request))
        return self.page(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.page(request, form, status=400)
        result = two_factor.check(user=request.user, code=form.cleaned_data["code"],
                                  request=request)
        if result.device is None:
            form.add_error("code", _("Too many wrong codes; try again in %(seconds)d seconds.")
                           % {"seconds": result.wait_seconds} if result.wait_seconds
                           else _("The code is wrong or has expired."))
            return self.page(request, form, status=400)
        otp_login(request, result.device)
        if result.recovery:
            left = two_factor.recovery_codes_left(request.user)
            messages.warning(request, _(
                "You signed in with a recovery code; %(left)d are left. Set up your "
                "authenticator again or renew the codes on 「Two factors」.") % {"left": left})
        return redirect(next_url(request))


class TwoFactorSetupView(View):
    """Set up (or replace) the authenticator: scan the QR code, type its first code."""

    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        # Replacing an authenticator is for someone who already passed it in this session.
        if two_factor.enrolled(request.user) and not request.user.is_verified():
            return redirect(f"{reverse('two-factor-verify')}?next={quote(next_url(request))}")
        return super().dispatch(request, *args, **kwargs)

    def page(self, request, form, status=200):
        device = two_factor.pending_device(request.user)
        return render(request, self.template_name, {
            "form": form, "next": next_url(request), "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_text(device),
            "required": two_factor.required_for(request.user),
            # Held here by the middleware: the menu would lead nowhere yet.
            "held": two_factor.required_for(request.user) and not request.user.is_verified(),
            "replacing": two_factor.enrolled(request.user)}, status=status)

    def get(self, request):
        return self.page(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.page(request, form, status=400)
        device = two_factor.pending_device(request.user)
        codes = two_factor.enrol(user=request.user, device=device,
                                 code=form.cleaned_data["code"], request=request)
        if codes is None:
            form.add_error("code", _("The code is wrong or has expired. Check that the phone's "
                                     "time is right and type the code now showing."))
            return self.page(request, form, status=400)
        otp_login(request, device)
        request.session[two_factor.ENROLLED_IN_SESSION] = True
        request.session[NEW_CODES] = codes
        return redirect(f"{reverse('two-factor-codes')}?next={quote(next_url(request))}")


class TwoFactorCodesView(View):
    """New recovery codes, shown this once."""

    def get(self, request):
        codes = request.session.pop(NEW_CODES, None)
        if not codes:
            return redirect("two-factor")
        return render(request, "accounts/two_factor_codes.html", {
            "codes": codes, "next": next_url(request)})


class TwoFactorView(View):
    """One's own two factors: state, recovery codes left, renew them, turn off."""

    def get(self, request):
        user = request.user
        return render(request, "accounts/two_factor.html", {
            "enrolled": two_factor.enrolled(user), "required": two_factor.required_for(user),
            "codes_left": two_factor.recovery_codes_left(user)})

    def post(self, request):
        user = request.user
        action = request.POST.get("action")
        if not two_factor.enrolled(user) or not user.is_verified():
            messages.error(request, _("Confirm your sign-in with a one-time code first."))
        elif action == "renew":
            request.session[NEW_CODES] = two_factor.recovery_codes_renew(user=user,
                                                                         request=request)
            return redirect("two-factor-codes")
        elif action == "off" and not two_factor.required_for(user):
            two_factor.reset(user=user, by=user, request=request)
            request.session[two_factor.ENROLLED_IN_SESSION] = False
            messages.success(request, _("Two factors are off for your account."))
        else:
            messages.error(request, _("Your role must sign in with two factors."))
        return redirect("two-factor")
