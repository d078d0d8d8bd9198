-- Whether an index in the manifest's repository has ever listed it. Such a platform manifest belongs to a multi-arch
-- image: once no index lists it and no tag names it, garbage collection takes it by default, so deleting a multi-arch
-- image gives its space back. Manifests pushed by digest that no index ever listed stay (oc-mirror relies on them).
ALTER TABLE manifests ADD COLUMN index_child INTEGER NOT NULL DEFAULT 0;

-- Children of the indexes stored today; children of indexes deleted before this version cannot be told apart.
UPDATE manifests SET index_child = 1
WHERE EXISTS (SELECT 1 FROM manifest_references r JOIN manifests parent ON parent.id = r.manifest_id
              WHERE r.kind = 1 AND parent.repository_id = manifests.repository_id AND r.digest = manifests.digest);
