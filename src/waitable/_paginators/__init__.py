"""Paginators: botocore's ``paginators-1.json`` compiled into page iterators.

definitions     the format as data (its JSON Schema); PaginatorDefinition
format          document -> {name: PaginatorDefinition}, every problem named
listing         the I/O-free state of one listing; resume tokens as botocore encodes them
paginator       Paginator / AsyncPaginator and the page iterators that drive a listing
"""
