-- Stored bytes over time for the console's chart: one row a day (UTC, yyyy-MM-dd), written by the usage history recorder.
-- total_bytes counts a blob once per repository linking it (no deduplication), unique_bytes once (what the storage holds).
CREATE TABLE usage_history (
    day TEXT COLLATE "C" PRIMARY KEY,
    total_bytes BIGINT NOT NULL,
    unique_bytes BIGINT NOT NULL
);
