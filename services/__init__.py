"""The archdesign services: gateway, intent, dsl, layout, persistence (and the command line)."""
