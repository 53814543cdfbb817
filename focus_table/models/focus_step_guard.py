"""Fields that only a workflow step may change.

Every logged-in user can call ``write``, ``create``, ``copy`` or ``load`` over RPC with
any values, so what a step decides (the state, who needs to know, the decision
dates...) is enforced here, on the server, for every model that inherits this mixin.

Each model declares its stored fields in exactly one of two lists:

* ``_step_fields``: changed only inside a method decorated with :func:`step` (or by
  the superuser); a plain write that changes them is refused, whatever the user's
  groups;
* ``_free_fields``: changed by a plain write, within the access rules.

Stored computed fields that are read-only are guarded as well: only the ORM sets
them. A test fails when a stored field is in neither list.

Steps are marked with a context variable of the running thread, never with a
context key: RPC clients choose the context, not this variable.
"""

import contextlib
import contextvars
import functools

from odoo import api, fields, models
from odoo.exceptions import UserError

_ACTIVE_STEP = contextvars.ContextVar("focus_table_active_step", default=None)
# The time steps record; set only while the demo history is replayed.
_STEP_CLOCK = contextvars.ContextVar("focus_table_step_clock", default=None)

# Fields the mail framework writes on every thread (followers, activities...).
THREAD_FIELD_PREFIXES = ("message_", "activity_", "website_message_")


def step(method):
    """Mark ``method`` as a workflow step: inside it, guarded fields may change.

    The step checks who calls it and what state the records are in; the guard only
    makes sure that nothing but a step changes what steps own.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        token = _ACTIVE_STEP.set(f"{self._name}.{method.__name__}")
        try:
            return method(self, *args, **kwargs)
        finally:
            _ACTIVE_STEP.reset(token)

    return wrapper


def in_step():
    """Whether a workflow step is running in this thread."""
    return _ACTIVE_STEP.get() is not None


def step_now():
    """The time a step records: now, or the time of the step being replayed."""
    return _STEP_CLOCK.get() or fields.Datetime.now()


def step_today(record):
    """The date a step records, in the user's time zone when it is today."""
    replayed = _STEP_CLOCK.get()
    return replayed.date() if replayed else fields.Date.context_today(record)


@contextlib.contextmanager
def replayed_at(when):
    """Run steps as if at ``when`` (a datetime): the demo replays a past history.

    Like the step marker, a context variable of the thread, out of RPC's reach.
    """
    token = _STEP_CLOCK.set(fields.Datetime.to_datetime(when))
    try:
        yield
    finally:
        _STEP_CLOCK.reset(token)


class FocusStepGuard(models.AbstractModel):
    _name = "focus.step.guard"
    _description = "Fields Changed by Workflow Steps Only"

    # Stored fields that only a step changes, and those a plain write may change.
    _step_fields = frozenset()
    _free_fields = frozenset()
    # Step fields that a creator may set (rules and constraints check the value).
    _create_fields = frozenset()
    # States in which the record is frozen: nothing but a step changes it.
    _frozen_states = ()

    # ------------------------------------------------------------------
    # Policy
    # ------------------------------------------------------------------
    @api.model
    def _guard_applies(self):
        return not (self.env.su or in_step())

    @api.model
    def _guarded_fields(self):
        """Step fields, and the stored read-only computed fields the ORM fills."""
        computed = {
            name
            for name, field in self._fields.items()
            if field.store and field.compute and field.readonly
        }
        return self._step_fields | computed

    def _step_field_free(self, fname):
        """Whether this record's step field ``fname`` may change by a plain write.

        Models open a step field in some states (a draft's table, say).
        """
        return False

    def _check_step_state(self, allowed, step_label):
        """Refuse the step ``step_label`` ("approved") on records whose state is
        not in ``allowed``: the one message of every step."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(record)s cannot be %(step)s while it is %(state)s.",
                        record=record.display_name,
                        step=step_label,
                        state=states[record.state],
                    )
                )

    def _is_frozen(self):
        return "state" in self._fields and self.state in self._frozen_states

    # ------------------------------------------------------------------
    # Value comparison: a write that sets the current value changes nothing
    # ------------------------------------------------------------------
    def _guard_changes(self, field, value):
        self.ensure_one()
        try:
            new = field.convert_to_cache(value, self)
        except (ValueError, TypeError):
            return True
        current = field.convert_to_cache(self[field.name], self)
        if field.type in ("one2many", "many2many"):
            return set(new or ()) != set(current or ())
        return new != current

    def _guard_message(self, fnames):
        labels = sorted(
            self._fields[name]._description_string(self.env) for name in fnames
        )
        return self.env._(
            "%(fields)s of %(record)s can only be changed by the step of the process "
            "that owns it.",
            fields=", ".join(labels),
            record=self.display_name or self._description,
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _check_guarded_write(self, vals):
        if not self._guard_applies():
            return
        names = {name for name in vals if not name.startswith(THREAD_FIELD_PREFIXES)}
        guarded = self._guarded_fields() & names
        for record in self:
            frozen = record._is_frozen()
            if frozen and names:
                raise UserError(
                    self.env._(
                        "%(record)s can no longer be changed: it was rejected or "
                        "closed. Only the steps that act on it (re-opening, the "
                        "retention purge) change it now.",
                        record=record.display_name,
                    )
                )
            changed = {
                name
                for name in guarded
                if not (name in self._step_fields and record._step_field_free(name))
                and record._guard_changes(record._fields[name], vals[name])
            }
            if changed:
                raise UserError(record._guard_message(changed))

    @api.model
    def _check_guarded_create(self, vals_list):
        if not self._guard_applies():
            return
        guarded = self._guarded_fields() - self._create_fields
        empty = self.browse()
        for vals in vals_list:
            preset = guarded & set(vals)
            if not preset:
                continue
            defaults = self.default_get(list(preset))
            changed = set()
            for name in preset:
                field = self._fields[name]
                try:
                    value = field.convert_to_cache(vals[name], empty)
                    default = field.convert_to_cache(defaults.get(name), empty)
                except (ValueError, TypeError):
                    changed.add(name)
                    continue
                if field.type in ("one2many", "many2many"):
                    value, default = set(value or ()), set(default or ())
                if (value or False) != (default or False):
                    changed.add(name)
            if changed:
                raise UserError(empty._guard_message(changed))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_guarded_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_guarded_write(vals)
        res = super().write(vals)
        if self._guard_applies() and vals:
            # Odoo checks the rules on the records as they were: a plain write must
            # also leave them within the writer's rules (an action handed to
            # another agency by its owner would leave them), as create does.
            self.check_access("write")
        return res
