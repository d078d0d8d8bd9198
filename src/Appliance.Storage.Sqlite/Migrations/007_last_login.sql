-- When each user last logged in (unix seconds; null: never). Updated at most once a minute per user, so pulls that fetch a
-- token every few minutes do not each become a write.
ALTER TABLE users ADD COLUMN last_login INTEGER;
