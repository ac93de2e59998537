"""Reminders to departments (``lawgov remind``): ``compose`` (pure: who gets what message) and
``send`` (I/O: SMTP and group-robot webhooks, bounded time-outs)."""
