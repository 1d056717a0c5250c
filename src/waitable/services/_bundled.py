"""The bundled waiter files (``waiters/*.json``) as Python data: a short command
reads its service's waiters without importing ``json``. Generated from the files by
tests/services/test_bundled_documents.py, which checks they are equal."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DOCUMENTS: dict[str, Any] = {
    "command": {
        "Run": {
            "CommandSucceeds": {
                "documentation": "Wait until Command exits with status 0 "
                "(run without a shell). A run that "
                "outlasts its Timeout retries; a command "
                "that cannot be found fails at once.",
                "minDelay": 1,
                "maxDelay": 10,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "ExitCode == `0`",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "retry", "matcher": {"errorType": "Timeout"}},
                ],
            },
            "OutputMatches": {
                "documentation": "Wait until the JMESPath Query over "
                "Command's JSON output equals Expected.",
                "minDelay": 1,
                "maxDelay": 10,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "input.Query "
                                "!= null "
                                "&& "
                                "(output.QueryResult "
                                "== "
                                "input.Expected "
                                "|| "
                                "to_string(output.QueryResult) "
                                "== "
                                "input.Expected)",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    }
                ],
            },
        }
    },
    "dns": {
        "Resolve": {
            "NameResolves": {
                "documentation": "Wait until Name resolves (to the address "
                "Expected, when given). Names not found "
                "yet, timeouts and other answers retry.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "length(output.Records) "
                                "> `0` && "
                                "(input.Expected "
                                "== null "
                                "|| "
                                "contains(output.Records, "
                                "input.Expected))",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "InvalidParameter"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "NameGone": {
                "documentation": "Wait until Name no longer resolves (the name, "
                "or its records of Type, are gone).",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {"state": "success", "matcher": {"errorType": "NameNotFound"}},
                    {"state": "success", "matcher": {"errorType": "NoRecords"}},
                    {"state": "failure", "matcher": {"errorType": "InvalidParameter"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
        }
    },
    "file": {
        "Stat": {
            "PathExists": {
                "documentation": "Wait until Path exists (a file, a folder or anything else).",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Exists",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    }
                ],
            },
            "PathGone": {
                "documentation": "Wait until Path no longer exists.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Exists",
                                "expected": "false",
                                "comparator": "booleanEquals",
                            }
                        },
                    }
                ],
            },
        },
        "Search": {
            "FileContains": {
                "documentation": "Wait until the file at Path contains Text.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Contains",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    }
                ],
            }
        },
    },
    "grpc": {
        "Check": {
            "HealthServing": {
                "documentation": "Wait until the gRPC server at Host:Port "
                "answers the standard health check "
                "(grpc.health.v1.Health/Check) of Service "
                "(the whole server by default) with "
                "SERVING. NOT_SERVING, UNKNOWN, "
                "SERVICE_UNKNOWN, refusals and timeouts "
                "retry; a server without the health service "
                "or refusing the credentials fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Status",
                                "expected": "SERVING",
                                "comparator": "stringEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "HealthNotImplemented"}},
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "PermissionDenied"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "HealthStatusIs": {
                "documentation": "Wait until the health check of Service "
                "answers Status (SERVING, NOT_SERVING, "
                "UNKNOWN or SERVICE_UNKNOWN: NOT_SERVING "
                "while a server drains, say). A server "
                "without the health service or refusing "
                "the credentials fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.Status == input.Status",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "HealthNotImplemented"}},
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "PermissionDenied"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
        }
    },
    "http": {
        "Request": {
            "UrlReady": {
                "documentation": "Wait until Url answers with a 2xx status. "
                "Refused connections, timeouts and other "
                "statuses retry. With BodyMatches or "
                "HeaderMatches, the body or a header must "
                "match too.",
                "minDelay": 1,
                "maxDelay": 10,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.Status "
                                ">= `200` && "
                                "output.Status "
                                "< `300` && "
                                "(input.BodyMatches "
                                "== null || "
                                "output.BodyMatched) "
                                "&& "
                                "(input.HeaderMatches "
                                "== null || "
                                "output.HeaderMatched)",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "InvalidParameter"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "StatusIs": {
                "documentation": "Wait until Url answers with the HTTP status "
                "given as Status. With BodyMatches or "
                "HeaderMatches, the body or a header must "
                "match too.",
                "minDelay": 1,
                "maxDelay": 10,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.Status "
                                "== "
                                "input.Status "
                                "&& "
                                "(input.BodyMatches "
                                "== null || "
                                "output.BodyMatched) "
                                "&& "
                                "(input.HeaderMatches "
                                "== null || "
                                "output.HeaderMatched)",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "InvalidParameter"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "JsonMatches": {
                "documentation": "Wait until the JMESPath Query over Url's "
                "JSON body equals Expected. With "
                "BodyMatches or HeaderMatches, the body or "
                "a header must match too.",
                "minDelay": 1,
                "maxDelay": 10,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "input.Query "
                                "!= null "
                                "&& "
                                "(output.QueryResult "
                                "== "
                                "input.Expected "
                                "|| "
                                "to_string(output.QueryResult) "
                                "== "
                                "input.Expected) "
                                "&& "
                                "(input.BodyMatches "
                                "== null "
                                "|| "
                                "output.BodyMatched) "
                                "&& "
                                "(input.HeaderMatches "
                                "== null "
                                "|| "
                                "output.HeaderMatched)",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "InvalidParameter"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "UrlGone": {
                "documentation": "Wait until Url refuses connections or answers 404 or 410.",
                "minDelay": 1,
                "maxDelay": 10,
                "acceptors": [
                    {"state": "success", "matcher": {"errorType": "ConnectionRefused"}},
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Status == `404` || Status == `410`",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "InvalidParameter"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
        }
    },
    "mysql": {
        "Query": {
            "MysqlReady": {
                "documentation": "Wait until the MySQL or MariaDB server at "
                "Host:Port (or Socket) accepts a login and "
                "answers Query (SELECT 1 by default). "
                "Refusals, timeouts and a server shutting "
                "down retry; a wrong password or a missing "
                "database fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Rows != null",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "DatabaseNotFound"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "QueryMatches": {
                "documentation": "Wait until Query's first value equals "
                "Expected (SELECT COUNT(*) FROM jobs WHERE "
                "done, say). A wrong password or a missing "
                "database fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.Result "
                                "== "
                                "input.Expected "
                                "|| "
                                "to_string(output.Result) "
                                "== "
                                "input.Expected",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "DatabaseNotFound"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
        }
    },
    "postgres": {
        "Query": {
            "PostgresReady": {
                "documentation": "Wait until the PostgreSQL server at "
                "Host:Port accepts a connection and "
                "answers Query (SELECT 1 by default). "
                "Refusals, timeouts and a server "
                "starting up retry; a wrong password or "
                "a missing database fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Rows != null",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "DatabaseNotFound"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "QueryMatches": {
                "documentation": "Wait until Query's first value equals "
                "Expected (SELECT count(*) FROM jobs "
                "WHERE done, say). A wrong password or a "
                "missing database fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.Result "
                                "== "
                                "input.Expected "
                                "|| "
                                "to_string(output.Result) "
                                "== "
                                "input.Expected",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "DatabaseNotFound"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
        }
    },
    "rabbitmq": {
        "Connect": {
            "BrokerReady": {
                "documentation": "Wait until the RabbitMQ broker at "
                "Host:Port accepts an AMQP connection: "
                "a login to VirtualHost (/ by default). "
                "Refusals, timeouts and a broker "
                "shutting down retry; a wrong password "
                "or a missing virtual host fails at "
                "once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Connected",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "VirtualHostNotFound"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "QueueExists": {
                "documentation": "Wait until Queue exists (it is looked "
                "up, never created). A missing queue, "
                "refusals and timeouts retry; a wrong "
                "password, a missing virtual host or no "
                "permission on the queue fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.Queue == input.Queue && output.Messages != null",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "VirtualHostNotFound"}},
                    {"state": "failure", "matcher": {"errorType": "AccessRefused"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "QueueHasMessages": {
                "documentation": "Wait until Queue holds at least "
                "Minimum messages ready to "
                "deliver. A missing queue retries; "
                "a wrong password, a missing "
                "virtual host or no permission on "
                "the queue fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.Queue "
                                "== "
                                "input.Queue "
                                "&& "
                                "output.Messages "
                                ">= "
                                "input.Minimum",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "VirtualHostNotFound"}},
                    {"state": "failure", "matcher": {"errorType": "AccessRefused"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "QueueEmpty": {
                "documentation": "Wait until Queue holds no message ready "
                "to deliver (its consumers have drained "
                "it). A missing queue retries; a wrong "
                "password, a missing virtual host or no "
                "permission on the queue fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.Queue == input.Queue && output.Messages == `0`",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "failure", "matcher": {"errorType": "VirtualHostNotFound"}},
                    {"state": "failure", "matcher": {"errorType": "AccessRefused"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
        }
    },
    "redis": {
        "Execute": {
            "RedisReady": {
                "documentation": "Wait until the Redis server at Host:Port "
                "answers PING (loading its data, refusing "
                "or timing out retries; a wrong password "
                "fails at once).",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Result == `true` || Result == 'PONG'",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "ResultMatches": {
                "documentation": "Wait until Command's result equals "
                'Expected (GET ready gives "1" once a '
                "key is set, say). A wrong password "
                "fails at once.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.Result "
                                "== "
                                "input.Expected "
                                "|| "
                                "to_string(output.Result) "
                                "== "
                                "input.Expected",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "failure", "matcher": {"errorType": "AuthenticationFailed"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
        }
    },
    "tcp": {
        "Connect": {
            "PortOpen": {
                "documentation": "Wait until a TCP connection to Host:Port succeeds.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "Open",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    },
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
            "PortClosed": {
                "documentation": "Wait until connections to Host:Port are refused.",
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {"state": "success", "matcher": {"errorType": "ConnectionRefused"}},
                    {"state": "retry", "matcher": {"success": False}},
                ],
            },
        }
    },
}
