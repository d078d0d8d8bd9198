-- Stored bytes over time for the console's chart: one row a day (UTC, yyyy-MM-dd), written by the usage history recorder.
-- total_bytes counts a blob once per repository linking it (no deduplication), unique_bytes once (what the storage holds).
CREATE TABLE usage_history (
    day TEXT PRIMARY KEY,
    total_bytes INTEGER NOT NULL,
    unique_bytes INTEGER NOT NULL
) WITHOUT ROWID;
