"""What every page says about the monitoring data it shows: whether any of it is synthetic."""


def synthetic_banner(request):
    """A 演示数据(合成) banner on every page while the zone it shows holds synthetic values (one
    query): the user's zone, the one an observer switched to (?zone=), an indicator's zone, or,
    on the city overview, any of the zones it lists."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from luoshi.accounts.scoping import read_scope
    from luoshi.plans.selectors import zones_visible_to

    from .selectors import any_synthetic_values

    zones = zones_visible_to(user)
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match else ""
    code = request.GET.get("zone", "").strip()
    if view == "monitoring:city":
        shown = zones
    elif view == "monitoring:indicator-detail":
        shown = zones.filter(indicators__pk=match.kwargs.get("pk"))
    elif code:
        shown = zones.filter(code=code)
    else:  # the user's own zone: its key, without a subquery on zones
        shown = [user.zone_id] if read_scope(user).reads_zone(user.zone_id) else []
    return {"synthetic_data": any_synthetic_values(shown)}
