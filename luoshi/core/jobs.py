"""Background jobs: the one way long work runs (a bulletin's build, later an assessment's
scoring). A service records a ``Job`` and hands its work to django-tasks; the worker (``luoshi
db_worker`` with the database queue, or RQ on Redis) runs it through ``job_run``, which keeps
the job's state, progress and error, so the page of the job can show them while it runs.

Jobs are enqueued inside the request's transaction with the database queue (the job and its
queue row commit together) and after the commit with any other queue (the worker could else
look for a job not yet committed)."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Job

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]  # (percent done, what it is doing now)


class JobFailure(Exception):
    """A failure worth telling the user as it is (its message is already in their words)."""


def job_enqueue(*, task, kind: str, subject: str, by, origin: str, zone_code: str = "",
                viewer_perm: str = "", args: tuple = ()) -> Job:
    """Record a job and queue ``task(job_id, *args)``."""
    job = Job.objects.create(kind=kind, subject=subject, requested_by=by, origin=origin,
                             zone_code=zone_code, viewer_perm=viewer_perm)

    def enqueue() -> None:
        result = task.enqueue(job.pk, *args)
        Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])

    if settings.LUOSHI_TASKS_BACKEND in ("database", "immediate"):
        enqueue()
    else:
        transaction.on_commit(enqueue)
    job.refresh_from_db()
    return job


def job_run(job_id: int, work: Callable[[Progress], str]) -> None:
    """Run ``work(progress)`` for the job; it returns the URL of what it made. Its writes are
    undone when it fails, and the failure is kept on the job in words."""
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING, started_at=timezone.now(),
                                         progress=0, step=_("Starting"))

    def progress(percent: int, step: str) -> None:
        Job.objects.filter(pk=job_id).update(progress=max(0, min(100, percent)), step=step[:200])

    try:
        with transaction.atomic():
            url = work(progress)
    except JobFailure as failure:
        _finish(job_id, Job.State.FAILED, error=str(failure))
    except Exception as error:  # the worker keeps running; the job says what went wrong
        log.exception("job %s failed", job_id)
        _finish(job_id, Job.State.FAILED, error=_("Internal error: %(error)s") % {
            "error": f"{type(error).__name__}: {error}"})
    else:
        _finish(job_id, Job.State.SUCCEEDED, result_url=url or "")


def _finish(job_id: int, state: str, *, error: str = "", result_url: str = "") -> None:
    fields = {"state": state, "finished_at": timezone.now(), "error": error,
              "result_url": result_url}
    if state == Job.State.SUCCEEDED:
        fields.update(progress=100, step=pgettext("job state", "Done"))
    Job.objects.filter(pk=job_id).update(**fields)


def job_visible_to(job: Job, user) -> bool:
    """The one who asked, and holders of the job's permission in its zone."""
    if job.requested_by_id == user.pk:
        return True
    zone = getattr(user, "zone", None)
    return bool(job.viewer_perm and user.has_perm(job.viewer_perm)
                and zone is not None and zone.code == job.zone_code)


def jobs_visible_to(user):
    """The jobs ``job_visible_to`` lets the user see, newest first."""
    from django.db.models import Q

    zone = getattr(user, "zone", None)
    perms = [perm for perm in Job.objects.filter(zone_code=getattr(zone, "code", None))
             .values_list("viewer_perm", flat=True).distinct() if perm and user.has_perm(perm)]
    watched = Q(zone_code=zone.code, viewer_perm__in=perms) if zone is not None else Q(pk__in=[])
    return Job.objects.filter(Q(requested_by=user) | watched).select_related("requested_by")
