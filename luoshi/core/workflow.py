"""Taking a step of a review workflow (luoshi.domain.workflow) on a record: the one service every
app's workflow goes through (values, corrections, and supervision's reports, extension requests
and notices).

The table says whether the step is allowed; this checks it for the user, moves the record's
state, and keeps the step (WorkflowStep: from, to, who, when, why, through which door). The
caller saves the record, in the same transaction, with whatever else the step changes, and is
audited as every write is.
"""

from collections.abc import Callable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.domain.workflow import Refusal, Transition, Workflow, WorkflowError

from .models import WorkflowStep


def _default_message(refusal: Refusal, record: Model) -> str:
    if refusal is Refusal.WRONG_STATE:
        state = getattr(record, "get_state_display", lambda: record.state)()
        return _("%(value)s is %(state)s and cannot be changed this way.") % {
            "value": record, "state": state}
    if refusal is Refusal.FOUR_EYES:
        return _("You recorded this yourself; another person must review it.")
    if refusal is Refusal.REASON_REQUIRED:
        return _("Say why.")
    return _("You may not do this.")


def step_check(workflow: Workflow, record: Model, action: str, *, by, may: Callable[[str], bool],
               reason: str = "", author_id: int | None = None,
               messages: Mapping[Refusal, str] | None = None) -> Transition:
    """The transition ``action`` of ``record`` (its ``state`` field) for user ``by``, who holds
    the rights ``may`` grants; PermissionDenied or ValidationError in words for the user,
    ``messages`` overriding the defaults."""
    if by is None:  # a step is a person's act (four eyes): never a command's
        raise PermissionDenied(_("A person must take this step."))
    try:
        return workflow.check(action, record.state, has_right=may(workflow.transition(
            action).right), reason=reason, is_author=author_id is not None and author_id == by.pk)
    except WorkflowError as error:
        text = (messages or {}).get(error.refusal) or _default_message(error.refusal, record)
        if error.refusal in (Refusal.NO_RIGHT, Refusal.FOUR_EYES):
            raise PermissionDenied(text) from error
        raise ValidationError(text) from error


def step_take(workflow: Workflow, record: Model, action: str, *, by, may: Callable[[str], bool],
              origin: str, reason: str = "", author_id: int | None = None,
              messages: Mapping[Refusal, str] | None = None) -> WorkflowStep:
    """Check the step, move ``record.state`` (not saved) and keep the step; returns it."""
    transition = step_check(workflow, record, action, by=by, may=may, reason=reason,
                            author_id=author_id, messages=messages)
    before, record.state = record.state, transition.target
    return WorkflowStep.objects.create(
        content_type=ContentType.objects.get_for_model(type(record)), object_pk=str(record.pk),
        workflow=workflow.name, action=action, from_state=before, to_state=transition.target,
        by=by, at=timezone.now(), reason=reason.strip(), origin=origin[:60])


def steps_of(record: Model):
    """A record's steps, oldest first."""
    return WorkflowStep.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)),
        object_pk=str(record.pk)).select_related("by")
