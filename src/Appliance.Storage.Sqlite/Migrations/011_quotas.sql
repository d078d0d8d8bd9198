-- Quotas per namespace (the first path component of repository names), and the namespaces' use kept current by triggers
-- on repository_blobs, so a push is checked against a figure read in one row instead of a sum over the namespace's blobs.

-- The row named '*' is the default quota of namespaces without one of their own ('*' is never a namespace name).
CREATE TABLE quotas (
    namespace TEXT PRIMARY KEY,
    limit_bytes INTEGER NOT NULL,
    warn_percent INTEGER NOT NULL,
    reject_percent INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Computed, not stored: the column costs nothing and every statement below names the namespace the same way.
ALTER TABLE repositories ADD COLUMN namespace TEXT GENERATED ALWAYS AS (
    CASE WHEN instr(name, '/') > 0 THEN substr(name, 1, instr(name, '/') - 1) ELSE name END) VIRTUAL;

-- How many repositories of a namespace link each blob: a blob counts in the namespace's use while this is above zero,
-- once however many of its repositories link it.
CREATE TABLE namespace_blobs (
    namespace TEXT NOT NULL,
    digest TEXT NOT NULL,
    links INTEGER NOT NULL,
    PRIMARY KEY (namespace, digest)
) WITHOUT ROWID;

-- announced_state: the quota state (0 ok, 1 warning, 2 rejecting) last logged and audited for the namespace.
CREATE TABLE namespace_usage (
    namespace TEXT PRIMARY KEY,
    used_bytes INTEGER NOT NULL,
    announced_state INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO namespace_blobs (namespace, digest, links)
SELECT r.namespace, rb.digest, count(*) FROM repository_blobs rb JOIN repositories r ON r.id = rb.repository_id GROUP BY r.namespace, rb.digest;
INSERT INTO namespace_usage (namespace, used_bytes)
SELECT nb.namespace, sum(b.size) FROM namespace_blobs nb JOIN blobs b ON b.digest = nb.digest GROUP BY nb.namespace;

-- Repositories are never deleted, so a link's namespace can always be read from its repository's row.
CREATE TRIGGER repository_blobs_namespace_link AFTER INSERT ON repository_blobs
BEGIN
    INSERT INTO namespace_blobs (namespace, digest, links)
    SELECT namespace, NEW.digest, 1 FROM repositories WHERE id = NEW.repository_id
    ON CONFLICT (namespace, digest) DO UPDATE SET links = links + 1;
    -- The namespace's first link of the blob: its bytes now count.
    INSERT INTO namespace_usage (namespace, used_bytes)
    SELECT nb.namespace, b.size FROM repositories r
    JOIN namespace_blobs nb ON nb.namespace = r.namespace AND nb.digest = NEW.digest
    JOIN blobs b ON b.digest = NEW.digest
    WHERE r.id = NEW.repository_id AND nb.links = 1
    ON CONFLICT (namespace) DO UPDATE SET used_bytes = used_bytes + excluded.used_bytes;
END;

CREATE TRIGGER repository_blobs_namespace_unlink AFTER DELETE ON repository_blobs
BEGIN
    UPDATE namespace_blobs SET links = links - 1
    WHERE namespace = (SELECT namespace FROM repositories WHERE id = OLD.repository_id) AND digest = OLD.digest;
    -- The namespace's last link of the blob: its bytes no longer count.
    UPDATE namespace_usage SET used_bytes = used_bytes - coalesce((SELECT size FROM blobs WHERE digest = OLD.digest), 0)
    WHERE namespace = (SELECT namespace FROM repositories WHERE id = OLD.repository_id)
      AND EXISTS (SELECT 1 FROM namespace_blobs nb WHERE nb.namespace = namespace_usage.namespace AND nb.digest = OLD.digest AND nb.links <= 0);
    DELETE FROM namespace_blobs
    WHERE namespace = (SELECT namespace FROM repositories WHERE id = OLD.repository_id) AND digest = OLD.digest AND links <= 0;
END;
