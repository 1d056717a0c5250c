"""Waiters: definitions (botocore's and Smithy's formats) compiled and polled.

spec, matchers, definitions      the formats as data; compiled acceptors and waiters
botocore_format, smithy_format   document -> {name: definition}, with every problem named
load                             a path or dict -> WaiterModel (lazy for shipped files)
model                            WaiterModel: binds a definition to a client
waiter, options                  Waiter / AsyncWaiter drivers; their options checked
judge, state                     the I/O-free decisions of one wait; tenacity's retry state
policy, backoff                  delays, limits and deadline as tenacity strategies
outcome, results, errors         what a call gave; how a wait ends
events, summary                  per-attempt hook and log; a timeout's summary
"""
