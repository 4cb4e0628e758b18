"""What every page says about the zone's monitoring data: whether any of it is synthetic."""


def synthetic_banner(request):
    """A 演示数据(合成) banner on every page while the zone holds synthetic values (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.zone_id is None:
        return {}
    from .selectors import has_synthetic_values

    return {"synthetic_data": has_synthetic_values(user.zone)}
