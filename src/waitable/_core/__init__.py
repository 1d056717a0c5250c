"""The format-agnostic core every capability shares (waiters, paginators, services).

Frozen records, text helpers for messages, JSON documents with line and column (and the
bundled files), field tables and their checks, the JMESPath cache, shapes, finding an
operation on a client and the one name lookup. It imports nothing else from waitable
but ``waitable._errors``.
"""
