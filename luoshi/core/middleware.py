from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Send anonymous users to the login page, except where the API answers for itself.

    The REST API authenticates tokens inside DRF, after middleware runs, and must answer
    401/403 rather than redirect; static files and the schema are public.
    """

    open_prefixes = ("/api/", "/static/", "/i18n/")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.open_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
