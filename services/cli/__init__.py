"""The `archdesign` command line: a thin front over the services and their cores."""
