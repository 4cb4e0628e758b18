"""The core's background work (core.jobs keeps each job's state, progress and error)."""

from django_tasks import task

from .jobs import job_run


@task()
def verify_audit_chain(job_id: int, by_id: int | None, origin: str) -> None:
    from .audit_chain import verify_for_job

    job_run(job_id, lambda progress: verify_for_job(by_id, origin, progress))
