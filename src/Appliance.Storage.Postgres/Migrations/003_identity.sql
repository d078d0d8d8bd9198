-- Namespace grants, robot accounts and local groups (see Appliance.Core/Identity). Times in unix seconds.

-- principal is "" for anonymous grants; namespace is a name, a prefix pattern ending in '*', or '*'.
CREATE TABLE grants (
    kind TEXT NOT NULL CHECK (kind IN ('user', 'group', 'robot', 'anonymous')),
    principal TEXT COLLATE "C" NOT NULL,
    namespace TEXT COLLATE "C" NOT NULL,
    permission TEXT NOT NULL CHECK (permission IN ('pull', 'push', 'admin')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, principal, namespace)
);

-- Secrets only as hashes; after a rotation the previous one stays valid until previous_secret_valid_until. first_used
-- tells the first use from the later ones in the one update that records a use.
CREATE TABLE robots (
    name TEXT COLLATE "C" PRIMARY KEY,
    description TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    role TEXT CHECK (role IN ('pull', 'push', 'admin', 'metrics')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT,
    previous_secret_hash TEXT,
    previous_secret_valid_until BIGINT,
    first_used BIGINT,
    last_used BIGINT
);

CREATE TABLE local_groups (
    name TEXT COLLATE "C" PRIMARY KEY,
    created_at BIGINT NOT NULL
);

-- Members are user names, local or from the directory, hence no reference to users.
CREATE TABLE group_members (
    group_name TEXT COLLATE "C" NOT NULL REFERENCES local_groups(name) ON DELETE CASCADE,
    user_name TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (group_name, user_name)
);
CREATE INDEX group_members_by_user ON group_members(user_name);
