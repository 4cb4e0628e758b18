from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.utils import translation
from django.utils.cache import patch_cache_control


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


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; on a government
    intranet the UI is Chinese by default whatever the browser says.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """Pages and files for a signed-in user are not kept by browsers or proxies (等保2.0 剩余
    信息保护): Cache-Control: no-store, private, unless a view said otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header(
                "Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
