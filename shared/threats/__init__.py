"""The threat model's plain data and what renders it, shared by the threats worker (which
makes models) and the gateway (which serves them): the model (`model.py`), the rule
catalogue's texts (`catalogue.py`), the Markdown report (`report.py`) and the OWASP Threat
Dragon export (`dragon.py`). Pure functions over plain data: no I/O but reading the
catalogue file, no import of any service (docs/architecture.md, "Import rules").
"""
