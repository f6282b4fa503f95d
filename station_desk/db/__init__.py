"""Storage: SQLAlchemy models, the engine and its pragmas, migrations, sessions and repositories."""
