-- Retention policies, one per scope (a namespace pattern such as ci-*, or a repository name optionally ending in *), their
-- rules in order as JSON (RetentionRuleText).
CREATE TABLE retention_policies (
    scope TEXT COLLATE "C" PRIMARY KEY,
    rules TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- When a manifest was last pulled, written in batches off the pull path (each manifest at most once a minute), for "keep
-- tags pulled within 30 days". Goes with its manifest.
CREATE TABLE manifest_pulls (
    manifest_id BIGINT PRIMARY KEY REFERENCES manifests(id) ON DELETE CASCADE,
    pulled_at BIGINT NOT NULL
);
