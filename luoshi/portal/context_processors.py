def navigation(request):
    """The top bar's entries, for signed-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .topbar import navigation_entries

    return {"nav_entries": navigation_entries(request)}
