-- The bytes of the blobs no other repository links, per repository, kept current by the triggers below so the console sorts
-- 10,000 repositories by size without computing the figure for each of them. A link changes the figure only when it makes
-- the blob's first or second link (or, removed, leaves one or none): each trigger looks at no more than three links of the blob.
ALTER TABLE repositories ADD COLUMN unique_bytes INTEGER NOT NULL DEFAULT 0;

UPDATE repositories SET unique_bytes = (
    SELECT coalesce(sum(b.size), 0) FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest
    WHERE rb.repository_id = repositories.id
      AND NOT EXISTS (SELECT 1 FROM repository_blobs o WHERE o.digest = rb.digest AND o.repository_id <> repositories.id));

CREATE TRIGGER repository_blobs_link AFTER INSERT ON repository_blobs
BEGIN
    -- Its first link: the blob is unique to this repository.
    UPDATE repositories SET unique_bytes = unique_bytes + (SELECT size FROM blobs WHERE digest = NEW.digest)
    WHERE id = NEW.repository_id
      AND NOT EXISTS (SELECT 1 FROM repository_blobs WHERE digest = NEW.digest AND repository_id <> NEW.repository_id);
    -- Its second link: no longer unique to the repository that had it.
    UPDATE repositories SET unique_bytes = unique_bytes - (SELECT size FROM blobs WHERE digest = NEW.digest)
    WHERE id = (SELECT repository_id FROM repository_blobs WHERE digest = NEW.digest AND repository_id <> NEW.repository_id)
      AND (SELECT count(*) FROM (SELECT 1 FROM repository_blobs WHERE digest = NEW.digest LIMIT 3)) = 2;
END;

CREATE TRIGGER repository_blobs_unlink AFTER DELETE ON repository_blobs
BEGIN
    -- Its last link: the repository that lost it no longer holds its bytes.
    UPDATE repositories SET unique_bytes = unique_bytes - (SELECT size FROM blobs WHERE digest = OLD.digest)
    WHERE id = OLD.repository_id
      AND NOT EXISTS (SELECT 1 FROM repository_blobs WHERE digest = OLD.digest);
    -- One link left: the blob is now unique to that repository.
    UPDATE repositories SET unique_bytes = unique_bytes + (SELECT size FROM blobs WHERE digest = OLD.digest)
    WHERE id = (SELECT repository_id FROM repository_blobs WHERE digest = OLD.digest)
      AND (SELECT count(*) FROM (SELECT 1 FROM repository_blobs WHERE digest = OLD.digest LIMIT 2)) = 1;
END;
