"""The format-agnostic core every capability shares (waiters, paginators, services).

Errors, frozen records, text helpers for messages, JSON documents with line and column,
field tables and their checks, the JMESPath cache, and finding an operation on a client.
It imports nothing else from waitable.
"""
