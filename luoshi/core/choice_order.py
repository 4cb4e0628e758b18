"""Department (and other) pickers in the order people look for names: pinyin, with a Chinese
empty choice (全部 / 请选择) instead of Django's "---------"."""

from luoshi.domain.collation import pinyin_key


def in_pinyin_order(field, empty_label=None) -> None:
    """Re-order a ModelChoiceField's choices by pinyin (its queryset still validates)."""
    objects = sorted(field.queryset, key=lambda o: pinyin_key(str(o)))
    choices = [(o.pk, str(o)) for o in objects]
    from django import forms

    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    if not multiple and (empty_label is not None or not field.required):
        choices.insert(0, ("", empty_label if empty_label is not None else field.empty_label))
    field.widget.choices = choices  # what renders; the queryset still validates
