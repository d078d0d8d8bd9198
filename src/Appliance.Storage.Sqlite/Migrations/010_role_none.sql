-- The role "none" (a user who may do only what namespace grants give) joins the roles a user may have; SQLite changes a
-- CHECK only by copying the table.
CREATE TABLE users_with_role_none (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('pull', 'push', 'admin', 'metrics', 'none')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_login INTEGER
) WITHOUT ROWID;
INSERT INTO users_with_role_none (name, role, password_hash, created_at, updated_at, last_login)
    SELECT name, role, password_hash, created_at, updated_at, last_login FROM users;
DROP TABLE users;
ALTER TABLE users_with_role_none RENAME TO users;
