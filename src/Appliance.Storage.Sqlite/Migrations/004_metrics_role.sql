-- The metrics role (Prometheus' account) joins the roles a user may have; SQLite changes a CHECK only by copying the table.
CREATE TABLE users_with_metrics_role (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('pull', 'push', 'admin', 'metrics')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO users_with_metrics_role SELECT name, role, password_hash, created_at, updated_at FROM users;
DROP TABLE users;
ALTER TABLE users_with_metrics_role RENAME TO users;
