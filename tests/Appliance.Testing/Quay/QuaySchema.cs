namespace Appliance.Testing.Quay;

/// <summary>
/// The part of Quay's SQLite schema (quay/quay <c>data/database.py</c>, peewee: table = lower-case model name, a foreign key
/// <c>x</c> is column <c>x_id</c>) that a takeover reads, plus the tables whose rows do not move, at the alembic revision
/// Quay 3.12 (what mirror-registry 2.0.x runs) leaves. Written from those public facts, not copied.
/// </summary>
internal static class QuaySchema
{
    /// <summary>The alembic head of Quay 3.12.0 to 3.12.18 (data/migrations/versions/3f8d7acdf7f9_add_artifact_type_column.py).</summary>
    public const string MirrorRegistry2Version = "3f8d7acdf7f9";

    public const string Ddl = """
        CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
        CREATE TABLE "user" (
            id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(36), username VARCHAR(255) NOT NULL, password_hash VARCHAR(255),
            email VARCHAR(255) NOT NULL, verified INTEGER NOT NULL DEFAULT 0, stripe_id VARCHAR(255),
            organization INTEGER NOT NULL DEFAULT 0, robot INTEGER NOT NULL DEFAULT 0, invoice_email INTEGER NOT NULL DEFAULT 0,
            invalid_login_attempts INTEGER NOT NULL DEFAULT 0, last_invalid_login DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
            removed_tag_expiration_s INTEGER NOT NULL DEFAULT 1209600, enabled INTEGER NOT NULL DEFAULT 1,
            invoice_email_address VARCHAR(255), given_name VARCHAR(255), family_name VARCHAR(255), company VARCHAR(255),
            location VARCHAR(255), maximum_queued_builds_count INTEGER, creation_date DATETIME, last_accessed DATETIME);
        CREATE UNIQUE INDEX user_username ON "user" (username);
        CREATE TABLE robotaccounttoken (
            id INTEGER NOT NULL PRIMARY KEY, robot_account_id INTEGER NOT NULL REFERENCES "user" (id), token VARCHAR(255) NOT NULL,
            fully_migrated INTEGER NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX robotaccounttoken_robot_account_id ON robotaccounttoken (robot_account_id);
        CREATE TABLE teamrole (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL);
        CREATE TABLE team (
            id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, organization_id INTEGER NOT NULL REFERENCES "user" (id),
            role_id INTEGER NOT NULL REFERENCES teamrole (id), description TEXT NOT NULL DEFAULT '');
        CREATE TABLE teammember (
            id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES "user" (id), team_id INTEGER NOT NULL REFERENCES team (id));
        CREATE TABLE visibility (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL);
        CREATE TABLE repositorykind (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL);
        CREATE TABLE repository (
            id INTEGER NOT NULL PRIMARY KEY, namespace_user_id INTEGER REFERENCES "user" (id), name VARCHAR(255) NOT NULL,
            visibility_id INTEGER NOT NULL REFERENCES visibility (id), description TEXT, badge_token VARCHAR(255) NOT NULL,
            kind_id INTEGER NOT NULL REFERENCES repositorykind (id), trust_enabled INTEGER NOT NULL DEFAULT 0, state INTEGER NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX repository_namespace_user_id_name ON repository (namespace_user_id, name);
        CREATE TABLE role (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL);
        CREATE TABLE repositorypermission (
            id INTEGER NOT NULL PRIMARY KEY, team_id INTEGER REFERENCES team (id), user_id INTEGER REFERENCES "user" (id),
            repository_id INTEGER NOT NULL REFERENCES repository (id), role_id INTEGER NOT NULL REFERENCES role (id));
        CREATE TABLE imagestorage (
            id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(255) NOT NULL, image_size BIGINT, uncompressed_size BIGINT,
            uploading INTEGER, cas_path INTEGER NOT NULL DEFAULT 1, content_checksum VARCHAR(255));
        CREATE INDEX imagestorage_content_checksum ON imagestorage (content_checksum);
        CREATE TABLE imagestoragelocation (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL);
        CREATE TABLE imagestorageplacement (
            id INTEGER NOT NULL PRIMARY KEY, storage_id INTEGER NOT NULL REFERENCES imagestorage (id),
            location_id INTEGER NOT NULL REFERENCES imagestoragelocation (id));
        CREATE TABLE mediatype (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL UNIQUE);
        CREATE TABLE manifest (
            id INTEGER NOT NULL PRIMARY KEY, repository_id INTEGER NOT NULL REFERENCES repository (id), digest VARCHAR(255) NOT NULL,
            media_type_id INTEGER NOT NULL REFERENCES mediatype (id), manifest_bytes TEXT NOT NULL, config_media_type VARCHAR(255),
            layers_compressed_size BIGINT, subject VARCHAR(255), subject_backfilled INTEGER NOT NULL DEFAULT 0,
            artifact_type VARCHAR(255), artifact_type_backfilled INTEGER NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX manifest_repository_id_digest ON manifest (repository_id, digest);
        CREATE TABLE tagkind (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL);
        CREATE TABLE tag (
            id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, repository_id INTEGER NOT NULL REFERENCES repository (id),
            manifest_id INTEGER REFERENCES manifest (id), lifetime_start_ms BIGINT NOT NULL, lifetime_end_ms BIGINT,
            immutable INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0, reversion INTEGER NOT NULL DEFAULT 0,
            tag_kind_id INTEGER NOT NULL REFERENCES tagkind (id), linked_tag_id INTEGER REFERENCES tag (id));
        CREATE UNIQUE INDEX tag_repository_id_name_lifetime_end_ms ON tag (repository_id, name, lifetime_end_ms);
        CREATE TABLE manifestchild (
            id INTEGER NOT NULL PRIMARY KEY, repository_id INTEGER NOT NULL REFERENCES repository (id),
            manifest_id INTEGER NOT NULL REFERENCES manifest (id), child_manifest_id INTEGER NOT NULL REFERENCES manifest (id));
        CREATE TABLE manifestblob (
            id INTEGER NOT NULL PRIMARY KEY, repository_id INTEGER NOT NULL REFERENCES repository (id),
            manifest_id INTEGER NOT NULL REFERENCES manifest (id), blob_id INTEGER NOT NULL REFERENCES imagestorage (id));
        CREATE UNIQUE INDEX manifestblob_manifest_id_blob_id ON manifestblob (manifest_id, blob_id);
        CREATE TABLE repositorynotification (
            id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(255) NOT NULL, repository_id INTEGER NOT NULL REFERENCES repository (id),
            event_id INTEGER NOT NULL, method_id INTEGER NOT NULL, title VARCHAR(255), config_json TEXT NOT NULL,
            event_config_json TEXT NOT NULL DEFAULT '{}', number_of_failures INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE repositorybuildtrigger (
            id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(255) NOT NULL, service_id INTEGER NOT NULL,
            repository_id INTEGER NOT NULL REFERENCES repository (id), connected_user_id INTEGER NOT NULL REFERENCES "user" (id));
        CREATE TABLE repomirrorconfig (
            id INTEGER NOT NULL PRIMARY KEY, repository_id INTEGER NOT NULL REFERENCES repository (id),
            external_reference TEXT NOT NULL, is_enabled INTEGER NOT NULL DEFAULT 1);
        CREATE TABLE label (id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(255) NOT NULL, key VARCHAR(255) NOT NULL, value TEXT NOT NULL);
        CREATE TABLE manifestlabel (
            id INTEGER NOT NULL PRIMARY KEY, repository_id INTEGER NOT NULL REFERENCES repository (id),
            manifest_id INTEGER NOT NULL REFERENCES manifest (id), label_id INTEGER NOT NULL REFERENCES label (id));
        INSERT INTO visibility (id, name) VALUES (1, 'public'), (2, 'private');
        INSERT INTO repositorykind (id, name) VALUES (1, 'image'), (2, 'application');
        INSERT INTO role (id, name) VALUES (1, 'admin'), (2, 'write'), (3, 'read');
        INSERT INTO teamrole (id, name) VALUES (1, 'admin'), (2, 'creator'), (3, 'member');
        INSERT INTO imagestoragelocation (id, name) VALUES (1, 'default');
        INSERT INTO tagkind (id, name) VALUES (1, 'tag');
        """;
}
