import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_chinese_by_default_whatever_the_browser_says(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in page.content.decode()
    assert page["Content-Language"] == "zh-hans"


def test_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login"))
    assert "Log in" in page.content.decode()
