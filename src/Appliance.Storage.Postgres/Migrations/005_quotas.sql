-- Quotas per namespace and the namespaces' use, as SQLite's migration 011: the same tables, the figures kept current by
-- triggers on repository_blobs. Replicas push side by side here, so the triggers are per statement and take their row
-- locks in one order (namespace_blobs by namespace and digest, then namespace_usage by namespace): two statements that
-- touch the same namespaces wait for each other instead of deadlocking.

-- The row named '*' is the default quota of namespaces without one of their own.
CREATE TABLE quotas (
    namespace TEXT COLLATE "C" PRIMARY KEY,
    limit_bytes BIGINT NOT NULL,
    warn_percent INTEGER NOT NULL,
    reject_percent INTEGER NOT NULL,
    updated_at BIGINT NOT NULL
);

ALTER TABLE repositories ADD COLUMN namespace TEXT COLLATE "C" GENERATED ALWAYS AS (split_part(name, '/', 1)) STORED;

CREATE TABLE namespace_blobs (
    namespace TEXT COLLATE "C" NOT NULL,
    digest TEXT COLLATE "C" NOT NULL,
    links BIGINT NOT NULL,
    PRIMARY KEY (namespace, digest)
);

-- announced_state: the quota state (0 ok, 1 warning, 2 rejecting) last logged and audited for the namespace.
CREATE TABLE namespace_usage (
    namespace TEXT COLLATE "C" PRIMARY KEY,
    used_bytes BIGINT NOT NULL,
    announced_state INTEGER NOT NULL DEFAULT 0
);

INSERT INTO namespace_blobs (namespace, digest, links)
SELECT r.namespace, rb.digest, count(*) FROM repository_blobs rb JOIN repositories r ON r.id = rb.repository_id GROUP BY r.namespace, rb.digest;
INSERT INTO namespace_usage (namespace, used_bytes)
SELECT nb.namespace, sum(b.size) FROM namespace_blobs nb JOIN blobs b ON b.digest = nb.digest GROUP BY nb.namespace;

-- Repositories are never deleted, so a link's namespace can always be read from its repository's row.
CREATE FUNCTION namespace_usage_linked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A count equal to what this statement added: the namespace's first links of the blob, whose bytes now count.
    WITH added AS (
        SELECT r.namespace, n.digest, count(*) AS links FROM new_links n JOIN repositories r ON r.id = n.repository_id
        GROUP BY r.namespace, n.digest
    ), counted AS (
        INSERT INTO namespace_blobs (namespace, digest, links)
        SELECT namespace, digest, links FROM added ORDER BY namespace, digest
        ON CONFLICT (namespace, digest) DO UPDATE SET links = namespace_blobs.links + excluded.links
        RETURNING namespace, digest, links
    )
    INSERT INTO namespace_usage (namespace, used_bytes)
    SELECT c.namespace, CAST(sum(b.size) AS BIGINT) FROM counted c
    JOIN added a ON a.namespace = c.namespace AND a.digest = c.digest
    JOIN blobs b ON b.digest = c.digest
    WHERE c.links = a.links
    GROUP BY c.namespace ORDER BY c.namespace
    ON CONFLICT (namespace) DO UPDATE SET used_bytes = namespace_usage.used_bytes + excluded.used_bytes;
    RETURN NULL;
END $$;

-- Each statement groups the removed links again (a transition table is readable throughout the function): the updated
-- counts are only visible to the statements after the update.
CREATE FUNCTION namespace_usage_unlinked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM namespace_blobs nb
    JOIN (SELECT DISTINCT r.namespace, o.digest FROM old_links o JOIN repositories r ON r.id = o.repository_id) u
      ON u.namespace = nb.namespace AND u.digest = nb.digest
    ORDER BY nb.namespace, nb.digest FOR UPDATE OF nb;
    UPDATE namespace_blobs nb SET links = nb.links - u.links
    FROM (SELECT r.namespace, o.digest, count(*) AS links FROM old_links o JOIN repositories r ON r.id = o.repository_id
          GROUP BY r.namespace, o.digest) u
    WHERE nb.namespace = u.namespace AND nb.digest = u.digest;
    -- The namespace's last links of the blob: its bytes no longer count.
    PERFORM 1 FROM namespace_usage
    WHERE namespace IN (SELECT r.namespace FROM old_links o JOIN repositories r ON r.id = o.repository_id)
    ORDER BY namespace FOR UPDATE;
    UPDATE namespace_usage nu SET used_bytes = nu.used_bytes - freed.bytes
    FROM (SELECT nb.namespace, CAST(sum(b.size) AS BIGINT) AS bytes FROM namespace_blobs nb
          JOIN (SELECT DISTINCT r.namespace, o.digest FROM old_links o JOIN repositories r ON r.id = o.repository_id) u
            ON u.namespace = nb.namespace AND u.digest = nb.digest
          JOIN blobs b ON b.digest = nb.digest
          WHERE nb.links <= 0 GROUP BY nb.namespace) freed
    WHERE nu.namespace = freed.namespace;
    DELETE FROM namespace_blobs nb
    USING (SELECT DISTINCT r.namespace, o.digest FROM old_links o JOIN repositories r ON r.id = o.repository_id) u
    WHERE nb.namespace = u.namespace AND nb.digest = u.digest AND nb.links <= 0;
    RETURN NULL;
END $$;

CREATE TRIGGER repository_blobs_namespace_link AFTER INSERT ON repository_blobs
REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION namespace_usage_linked();

CREATE TRIGGER repository_blobs_namespace_unlink AFTER DELETE ON repository_blobs
REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION namespace_usage_unlinked();
