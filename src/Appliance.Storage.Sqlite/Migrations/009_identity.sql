-- Namespace grants, robot accounts and local groups (see Appliance.Core/Identity). Times in unix seconds.

-- principal is "" for anonymous grants; namespace is a name, a prefix pattern ending in '*', or '*'.
CREATE TABLE grants (
    kind TEXT NOT NULL CHECK (kind IN ('user', 'group', 'robot', 'anonymous')),
    principal TEXT NOT NULL,
    namespace TEXT NOT NULL,
    permission TEXT NOT NULL CHECK (permission IN ('pull', 'push', 'admin')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (kind, principal, namespace)
) WITHOUT ROWID;

-- Secrets only as hashes; after a rotation the previous one stays valid until previous_secret_valid_until. first_used
-- tells the first use from the later ones in the one update that records a use.
CREATE TABLE robots (
    name TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    role TEXT CHECK (role IN ('pull', 'push', 'admin', 'metrics')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER,
    previous_secret_hash TEXT,
    previous_secret_valid_until INTEGER,
    first_used INTEGER,
    last_used INTEGER
) WITHOUT ROWID;

CREATE TABLE local_groups (
    name TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Members are user names, local or from the directory, hence no reference to users.
CREATE TABLE group_members (
    group_name TEXT NOT NULL REFERENCES local_groups(name) ON DELETE CASCADE,
    user_name TEXT NOT NULL,
    PRIMARY KEY (group_name, user_name)
) WITHOUT ROWID;
CREATE INDEX group_members_by_user ON group_members(user_name);
