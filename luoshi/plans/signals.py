"""Signals through which apps above the ledger take part in a plan import without the ledger
importing them (plans stands below monitoring and later apps)."""

from django.dispatch import Signal

# Sent inside the import's transaction once a new plan version is saved, with
# ``plan``, ``previous`` (the version it replaces, or None), ``by`` and ``origin``.
# Each receiver returns a list of sentences (Chinese, for people) saying what it did;
# they are kept on the plan as ``import_notes``. A receiver that raises undoes the import.
plan_accepted = Signal()

# Sent while a document is reviewed, before anything is saved, with ``zone``, ``parsed``
# (a luoshi.domain.plandoc.Plan) and ``previous``. Receivers return a list of sentences
# saying what accepting would do (e.g. which indicator targets it would leave alone).
plan_review_requested = Signal()


def collect_notes(responses) -> list[str]:
    """The sentences of every receiver's response, in order."""
    return [str(line) for _receiver, lines in responses for line in (lines or [])]
