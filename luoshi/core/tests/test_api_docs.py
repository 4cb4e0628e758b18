"""The API schema and docs need a login; their title and descriptions are Chinese."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from luoshi.accounts.choices import Role

pytestmark = pytest.mark.django_db


def test_anonymous_cannot_read_the_schema_or_the_docs(client):
    assert APIClient().get(reverse("api-schema")).status_code in (401, 403)
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 302 and reverse("login") in docs["Location"]


def test_signed_in_users_read_a_chinese_schema(make_user, login):
    client = login(make_user(Role.LEADER))
    schema = client.get(reverse("api-schema"), {"format": "json"})
    assert schema.status_code == 200, schema.content
    document = schema.json()
    assert document["info"]["title"] == "落实 API"
    assert "指标" in document["info"]["description"]
    paths = document["paths"]
    expected = {"/api/v1/plans/", "/api/v1/tasks/", "/api/v1/departments/", "/api/v1/targets/",
                "/api/v1/indicators/", "/api/v1/indicator-targets/", "/api/v1/values/",
                "/api/v1/statuses/", "/api/v1/auth/token/"}
    assert expected <= set(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            text = operation.get("summary", "") + operation.get("description", "")
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (path, method, text)
    assert client.get(reverse("api-docs")).status_code == 200


def test_token_holders_read_the_schema(make_user, api_key):
    api = APIClient()
    key = api_key(make_user(Role.LEADER))
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api-schema")).status_code == 200


def test_the_schema_documents_the_token_and_the_statuses(make_user, api_key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(make_user(Role.LEADER))}")
    document = api.get(reverse("api-schema"), {"format": "json"}).json()
    token = document["components"]["securitySchemes"]["tokenAuth"]
    assert (token["type"], token["in"], token["name"]) == ("apiKey", "header", "Authorization")
    assert {"tokenAuth": []} in document["paths"]["/api/v1/plans/"]["get"]["security"]
    statuses = document["paths"]["/api/v1/statuses/"]["get"]
    assert [p["name"] for p in statuses["parameters"]] == ["period"]
    rows = statuses["responses"]["200"]["content"]["application/json"]["schema"]
    assert rows["type"] == "array" and rows["items"]["$ref"].endswith("/StatusRow")
    # Whole numbers are integers with the databases' bounds (a larger one is a 400).
    plan = next(p for p in document["paths"]["/api/v1/tasks/"]["get"]["parameters"]
                if p["name"] == "plan")
    assert plan["schema"] == {"type": "integer", "minimum": -(2**63 - 1), "maximum": 2**63 - 1}
