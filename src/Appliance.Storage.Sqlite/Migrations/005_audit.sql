-- The audit trail: who changed what, from where. Kept for audit.retention (90 days by default).
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    action TEXT NOT NULL,
    user TEXT,
    client_address TEXT,
    repository TEXT,
    digest TEXT,
    detail TEXT
);
CREATE INDEX audit_events_by_time ON audit_events(time);
CREATE INDEX audit_events_by_user ON audit_events(user, time);
CREATE INDEX audit_events_by_repository ON audit_events(repository, time);
