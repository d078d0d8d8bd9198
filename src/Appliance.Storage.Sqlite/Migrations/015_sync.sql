-- Sync jobs (repositories kept copied from their upstreams on a schedule) and the record of each run.
CREATE TABLE sync_jobs (
    name TEXT PRIMARY KEY,
    repositories TEXT NOT NULL,
    tag_pattern TEXT,
    version_range TEXT,
    platforms TEXT NOT NULL,
    interval_seconds INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY,
    job_name TEXT NOT NULL REFERENCES sync_jobs (name) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    images_copied INTEGER NOT NULL DEFAULT 0,
    images_present INTEGER NOT NULL DEFAULT 0,
    bytes_copied INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    summary TEXT
);
CREATE INDEX sync_runs_by_job ON sync_runs (job_name, started_at);
