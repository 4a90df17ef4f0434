"""The tamper-evident audit trail: the hash-chained history and its verification."""
