"""The benchmark's background work (through core.jobs: state, progress and error kept)."""

from django_tasks import task

from luoshi.core.jobs import job_run


@task()
def evaluate_zone(job_id: int, zone_id: int, by_id: int | None, origin: str) -> None:
    from django.urls import reverse

    from luoshi.accounts.models import User, Zone
    from luoshi.core.jobs import JobFailure

    from .services import evaluations_run_all

    def work(progress) -> str:
        zone = Zone.objects.get(pk=zone_id)
        by = User.objects.filter(pk=by_id).first()
        try:
            evaluations_run_all(zone=zone, by=by, origin=origin, progress=progress)
        except ValueError as error:
            raise JobFailure(str(error)) from error
        return reverse("benchmark:index")

    job_run(job_id, work)
