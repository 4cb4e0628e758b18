def navigation(request):
    """The current plan for the top navigation (one query, only for signed-in users)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from luoshi.plans.selectors import plan_current_for

    return {"nav_plan": plan_current_for(user)}
