-- What the pull-through cache fetched from an upstream (kind 0: a blob, 1: a manifest) into a repository, and when a pull
-- last used it: content unused for upstreams.unusedDays leaves its repository, and garbage collection reclaims it.
CREATE TABLE upstream_cached (
    repository TEXT NOT NULL,
    digest TEXT NOT NULL,
    kind INTEGER NOT NULL,
    size INTEGER NOT NULL,
    upstream TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    last_used INTEGER NOT NULL,
    PRIMARY KEY (repository, digest)
) WITHOUT ROWID;
CREATE INDEX upstream_cached_by_last_use ON upstream_cached(last_used);

-- The digest each tag the cache resolved had upstream, and when it was last asked there (a HEAD after upstreams.tagTtl).
CREATE TABLE upstream_tags (
    repository TEXT NOT NULL,
    tag TEXT NOT NULL,
    digest TEXT NOT NULL,
    checked_at INTEGER NOT NULL,
    PRIMARY KEY (repository, tag)
) WITHOUT ROWID;
