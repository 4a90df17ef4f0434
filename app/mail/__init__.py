"""E-mail: an outbox written in the business transaction, sent after the commit."""
