"""Template helpers: masking filters (wrapping ``fazhi.core.masking``, the one masking module) and
``querystring`` for pagination and filter links.

    {% load fazhi_tags %}
    {{ person.phone|mask_phone }}  {{ person.id_number|mask_id }}  {{ person.address|mask_address }}
    <a href="{% querystring "page" page.next_page_number %}">下一页</a>
    <a href="{% querystring page=3 status="" %}">…</a>   {# empty or None removes the parameter #}
"""

from __future__ import annotations

from django import template
from django.http import QueryDict

from fazhi.core import masking

register = template.Library()


@register.filter
def mask_phone(value):
    return masking.mask_phone(None if value is None else str(value))


@register.filter
def mask_id(value):
    return masking.mask_id_number(None if value is None else str(value))


@register.filter
def mask_address(value):
    return masking.mask_address(None if value is None else str(value))


@register.filter
def mask_name(value):
    """A natural person's name on a public page: 张三 → 张*."""
    return masking.mask_name(None if value is None else str(value))


@register.filter
def changed_keys(event):
    """The field names an audit event changed (values are not shown: they may be personal data)."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


@register.simple_tag(takes_context=True)
def querystring(context, *args, **kwargs):
    """The current GET parameters with some changed: ``{% querystring "page" 2 %}`` or
    ``{% querystring page=2 %}``. A value of None or "" removes the parameter. Returns "?…" (or "?"
    when nothing is left, which still links to the bare page)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    if len(args) % 2:
        raise template.TemplateSyntaxError("querystring 需要成对的参数名和值")
    changes = dict(zip(args[::2], args[1::2]))
    changes.update(kwargs)
    for key, value in changes.items():
        key = str(key)
        if value is None or value == "":
            params.pop(key, None)
        elif isinstance(value, (list, tuple)):
            params.setlist(key, [str(v) for v in value])
        else:
            params[key] = str(value)
    return "?" + params.urlencode()
