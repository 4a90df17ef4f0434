"""State machines as data: states, transition tables, labels and guards by name.

Nothing here imports from ``app``: the tables are tested and drawn without a database.
"""
