"""Persistence service: data models, migrations, versions, history and the final stage."""
