from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import security_views, token_views, two_factor_views, views

directory = [
    path("departments/", views.DepartmentListView.as_view(), name="departments"),
    path("departments/<int:pk>/", views.DepartmentManageView.as_view(),
         name="department-manage"),
    path("departments/import/", views.DepartmentImportView.as_view(), name="department-import"),
    path("departments/template.xlsx", views.DepartmentTemplateView.as_view(),
         name="department-template"),
    path("departments/import/errors.xlsx",
         views.ImportErrorReportView.as_view(kind="departments"),
         name="department-import-errors"),
    path("users/", views.UserListView.as_view(), name="users"),
    path("users/<int:pk>/", views.UserManageView.as_view(), name="user-manage"),
    path("users/import/", views.UserImportView.as_view(), name="user-import"),
    path("users/template.xlsx", views.UserTemplateView.as_view(), name="user-template"),
    path("users/import/errors.xlsx", views.ImportErrorReportView.as_view(kind="users"),
         name="user-import-errors"),
]

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("two-factor/", two_factor_views.TwoFactorView.as_view(), name="two-factor"),
    path("two-factor/verify/", two_factor_views.TwoFactorVerifyView.as_view(),
         name="two-factor-verify"),
    path("two-factor/setup/", two_factor_views.TwoFactorSetupView.as_view(),
         name="two-factor-setup"),
    path("two-factor/codes/", two_factor_views.TwoFactorCodesView.as_view(),
         name="two-factor-codes"),
    path("tokens/", token_views.TokenListView.as_view(), name="api-tokens"),
    path("tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(),
         name="api-token-revoke"),
    path("security/roles/", security_views.RolesView.as_view(), name="security-roles"),
    path("security/two-factor/", security_views.TwoFactorStatesView.as_view(),
         name="security-two-factor"),
    path("security/encryption/", security_views.EncryptionView.as_view(),
         name="security-encryption"),
    path("security/policy/", security_views.PolicyView.as_view(), name="security-policy"),
    path("security/lockouts/", security_views.LockoutsView.as_view(), name="security-lockouts"),
    path("directory/", include((directory, "directory"))),
]
