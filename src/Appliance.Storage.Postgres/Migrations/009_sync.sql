-- Sync jobs (repositories kept copied from their upstreams on a schedule) and the record of each run.
CREATE TABLE sync_jobs (
    name TEXT COLLATE "C" PRIMARY KEY,
    repositories TEXT NOT NULL,
    tag_pattern TEXT,
    version_range TEXT,
    platforms TEXT NOT NULL,
    interval_seconds BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE sync_runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name TEXT COLLATE "C" NOT NULL REFERENCES sync_jobs (name) ON DELETE CASCADE,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    images_copied BIGINT NOT NULL DEFAULT 0,
    images_present BIGINT NOT NULL DEFAULT 0,
    bytes_copied BIGINT NOT NULL DEFAULT 0,
    failures BIGINT NOT NULL DEFAULT 0,
    summary TEXT
);
CREATE INDEX sync_runs_by_job ON sync_runs (job_name, started_at);
