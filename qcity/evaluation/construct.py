"""Building trusted pydantic models quickly.

The engine makes tens of thousands of result models from values it has just
checked itself; pydantic's ``model_construct`` walks every field in Python and
costs more than validating.  :func:`construct` does what ``model_construct``
does, defaults included, with the per-class work done once.
``tests/test_construct.py`` checks that it equals normal validation.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

M = TypeVar("M", bound=BaseModel)
_PLANS: dict[type, tuple[dict[str, Any], tuple]] = {}


def _plan(cls: type) -> tuple[dict[str, Any], tuple]:
    """A template with every field in declaration order (serialisation keeps that order)
    holding the plain defaults, and the fields whose default comes from a factory."""
    plan = _PLANS.get(cls)
    if plan is None:
        template, factories = {}, []
        for name, info in cls.model_fields.items():
            template[name] = None
            if info.default_factory is not None:
                factories.append((name, info.default_factory))
            elif info.default is not PydanticUndefined:
                template[name] = info.default
        plan = _PLANS[cls] = (template, tuple(factories))
    return plan


def construct(cls: type[M], **values: Any) -> M:
    return construct_from(cls, values)


def construct_from(cls: type[M], values: dict[str, Any]) -> M:
    """:func:`construct` from a dict of field values (which it does not keep)."""
    template, factories = _plan(cls)
    data = {**template, **values}  # every key is already in the template: the order stays
    for name, factory in factories:
        if name not in values:
            data[name] = factory()
    return _make(cls, data, set(values))


class Preset:
    """:func:`construct` with some fields fixed in advance: the engine builds one result
    a city for each metric, and most of a result's fields belong to the metric."""

    __slots__ = ("cls", "base", "factories", "fixed", "sets")

    def __init__(self, cls: type[BaseModel], **fixed: Any):
        template, factories = _plan(cls)
        self.cls = cls
        self.base = {**template, **fixed}
        self.factories = tuple(f for f in factories if f[0] not in fixed)
        self.fixed = frozenset(fixed)
        self.sets: dict[tuple, frozenset] = {}  # the fields set, by the names given

    def __call__(self, **values: Any):
        data = {**self.base, **values}
        for name, factory in self.factories:
            if name not in values:
                data[name] = factory()
        names = tuple(values)
        given = self.sets.get(names)
        if given is None:  # the engine gives the same names for every city
            given = self.sets[names] = self.fixed.union(names)
        # a set of its own for each model: pydantic updates it in place (model_copy)
        return _make(self.cls, data, set(given))


_set = object.__setattr__


def _make(cls, data: dict, fields_set: set):
    obj = cls.__new__(cls)
    _set(obj, "__dict__", data)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj
