-- Hardening (issue 9): the key directory's MACs and checkpoints that leave the database.
-- Keep in step with migrations/sqlite/0005_key_directory.sql.

-- A MAC under a key derived from the instance secret (never in the database) over each fact that
-- decides for whom keys are wrapped: a planted or altered row has none that checks.
ALTER TABLE instance ADD COLUMN directory_mac BYTEA;
ALTER TABLE users ADD COLUMN directory_mac BYTEA;
ALTER TABLE team_keys ADD COLUMN directory_mac BYTEA;
ALTER TABLE team_members ADD COLUMN directory_mac BYTEA;

-- Checkpoints, second format: numbered, each chained to the one before, carrying the key directory's
-- digest and version; every one is also appended to a file outside the database (checkpoints.log).
CREATE TABLE checkpoint_chain (
    number BIGINT PRIMARY KEY,
    upto_seq BIGINT NOT NULL,
    head_hash BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    directory_version BIGINT NOT NULL,
    directory_digest BYTEA NOT NULL,
    prev_hash BYTEA NOT NULL,
    signature BYTEA NOT NULL
);

-- Append-only, like the audit log (the outside copy is what catches someone who drops these).
CREATE FUNCTION vigie_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER checkpoint_chain_append_only BEFORE UPDATE OR DELETE ON checkpoint_chain
FOR EACH ROW EXECUTE FUNCTION vigie_checkpoints_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
FOR EACH ROW EXECUTE FUNCTION vigie_checkpoints_append_only();
