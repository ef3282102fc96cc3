"""HTTP gateway: auth, validation, sessions, enqueue, job status, WebSockets, versions API."""
