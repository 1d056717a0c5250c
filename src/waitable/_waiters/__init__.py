"""Waiters: definitions (botocore's and Smithy's formats) compiled and polled.

spec, matchers, definitions      the formats as data; compiled acceptors and waiters
botocore_format, smithy_format   document -> {name: WaiterDefinition}, every problem named
smithy_shapes                    Smithy's shapes, for checking paths against them
waiter, options                  Waiter / AsyncWaiter drivers; their one options record
durable, state                   durable waits: start, poll, advance; the WaitState record
judge                            the I/O-free decisions of one wait
policy, retrying                 delays, limits and deadline; tenacity's state and strategies
attempts                         what a call gave, hooks, logs, summaries; WaitResult
"""
