"""The bulletins' background work, run by the django-tasks worker through core.jobs (which
keeps each job's state, progress and error)."""

from django_tasks import task

from luoshi.core.jobs import job_run


@task()
def build_draft(job_id: int, bulletin_id: int, snapshot_id: int | None) -> None:
    from .services import draft_build

    job_run(job_id, lambda progress: draft_build(bulletin_id, snapshot_id, progress))


@task()
def rebuild_draft(job_id: int, bulletin_id: int) -> None:
    from .services import draft_rebuild

    job_run(job_id, lambda progress: draft_rebuild(bulletin_id, progress))


@task()
def publish_draft(job_id: int, bulletin_id: int, by_id: int | None, origin: str) -> None:
    from .services import publish

    job_run(job_id, lambda progress: publish(bulletin_id, by_id, origin, progress))
