"""Two factors in the browser: the installing superuser of a new zone sets up an authenticator
at the first sign-in (QR code or key, first code, ten recovery codes) and reaches the zone's
set-up; signing in again asks for the code; a recovery code gets a coordinator in once."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP

from luoshi.accounts import two_factor
from luoshi.accounts.choices import Role
from luoshi.accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.two_factor]

PASSWORD = "Very-secret-2026"


def code_for(secret: str, steps_ahead: int = 0) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def sign_in(page, url, username, password):
    page.goto(url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_a_superuser_sets_up_two_factors_then_signs_in_with_them(
        transactional_db, live_server, page, roles, screenshots):
    User.objects.create_superuser("admin", password=PASSWORD)
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.wait_for_url("**/accounts/two-factor/setup/**")
    assert page.locator("#two-factor-qr svg").count() == 1
    assert "口令加手机动态验证码" in page.locator("#two-factor-required").inner_text()
    screenshots(page, "two-factor-1-setup")
    page.click("#two-factor-setup summary")
    secret = page.locator("#two-factor-secret").inner_text()
    page.fill("#id_code", code_for(secret))
    page.click("#two-factor-setup button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/codes/**")
    codes = re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", page.locator("#recovery-codes").inner_text())
    assert len(codes) == 10
    screenshots(page, "two-factor-2-codes")
    page.click("#recovery-codes a.button")
    page.wait_for_url("**/plans/setup/")  # the first run goes on: name the zone

    # A new sign-in: the password, then the code (a later one: a code is taken once).
    page.context.clear_cookies()
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.wait_for_url("**/accounts/two-factor/verify/**")
    screenshots(page, "two-factor-3-verify")
    page.fill("#id_code", "000000")
    page.click("#two-factor-verify button[type=submit]")
    assert "错误" in page.locator("#two-factor-verify").inner_text()
    time.sleep(1.1)  # one wrong code: a second's wait
    page.fill("#id_code", code_for(secret, 1))
    page.click("#two-factor-verify button[type=submit]")
    page.wait_for_url("**/plans/setup/")


def test_a_coordinator_gets_in_once_with_a_recovery_code(transactional_db, live_server, page,
                                                         make_user, screenshots):
    coordinator = make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator")
    coordinator.set_password(PASSWORD)
    coordinator.save()
    _key, codes = two_factor.provision(user=coordinator)
    sign_in(page, live_server.url, "coordinator", PASSWORD)
    page.wait_for_url("**/accounts/two-factor/verify/**")
    page.fill("#id_code", codes[0].upper())
    page.click("#two-factor-verify button[type=submit]")
    page.wait_for_selector(".message")
    assert "恢复码" in page.locator(".message").first.inner_text()
    page.goto(live_server.url + "/accounts/two-factor/")
    assert "9" in page.locator("#two-factor-state").inner_text()
    screenshots(page, "two-factor-4-state")
