-- The console sorts repositories by their last push: the newest manifest of a repository is found without a scan.
CREATE INDEX manifests_by_repository_time ON manifests(repository_id, created_at);
