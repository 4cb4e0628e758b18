from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Normalisation(models.TextChoices):
    EFFICACY = "efficacy", _("Efficacy coefficient (60 + 40 × share of the range)")
    MINMAX = "minmax", _("Min-max (0–100)")
    ZSCORE = "zscore", _("Standard score (50 + 10 × z)")
    RANK = "rank", _("Rank percentile")


class MissingRule(models.TextChoices):
    REWEIGHT = "reweight", _("Leave it out; the group's other indicators share its weight")
    GROUP_MEAN = "group_mean", _("Score it at the zone's mean on the group's other indicators")
    ZERO = "zero", _("Score it 0")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Kind(models.TextChoices):
    LEVEL = "level", _("Level")
    GROWTH = "growth", _("Growth")
    RATIO = "ratio", _("Ratio")
    INTENSITY = "intensity", _("Intensity")
    QUALITATIVE = "qualitative", _("Qualitative")


class Evidence(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("evidence", "Published")
    REPORTED = "reported", pgettext_lazy("evidence", "Reported")
    INFERRED = "inferred", _("Inferred")
    STAND_IN = "stand_in", _("Stand-in (not found)")
    LOCAL = "local", _("Set locally")
