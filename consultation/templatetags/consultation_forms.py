from django import template

register = template.Library()


@register.filter
def item_id(field_id: str, counter: int) -> str:
    """The id of a radio or checkbox: the first takes the field's id, so error links reach it."""
    return field_id if counter == 1 else f"{field_id}-{counter}"


@register.filter
def is_chosen(bound_field, value) -> bool:
    chosen = bound_field.value()
    if isinstance(chosen, list | tuple):
        return str(value) in [str(c) for c in chosen]
    return chosen is not None and str(chosen) == str(value)


@register.filter
def field_named(form, name):
    return form[name]
