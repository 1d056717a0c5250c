"""Paginators: botocore's ``paginators-1.json`` compiled into page iterators.

spec            the format as data; its JSON Schema is generated from it
definitions     PaginatorDefinition: tokens, keys, compiled expressions
format          document -> definitions, with every problem named
tokens          resume tokens, encoded exactly as botocore encodes them
listing         the I/O-free state of one listing: what to ask next, when to stop
pages           PageIterator / AsyncPageIterator drive it
paginator       Paginator / AsyncPaginator: a definition bound to an operation
model           PaginatorModel: binds definitions to a client
"""
