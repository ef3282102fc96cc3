"""What two or more archdesign services share: settings, contracts, the Celery app, the event
bus, the LLM gateway, errors and logging."""
