"""The gateway's service modules, one per area (auth, projects, design, versions): they decide
(access, validation, what to store, what to answer) and call the data layer; the routes only
parse the request, call one service function and answer. Services never commit unless the
area's contract needs the row visible at once (design.prepare, before it enqueues)."""
