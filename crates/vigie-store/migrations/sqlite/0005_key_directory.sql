-- Hardening (issue 9): the key directory's MACs and checkpoints that leave the database.
-- Keep in step with migrations/postgres/0005_key_directory.sql.

-- A MAC under a key derived from the instance secret (never in the database) over each fact that
-- decides for whom keys are wrapped: a planted or altered row has none that checks.
ALTER TABLE instance ADD COLUMN directory_mac BLOB;
ALTER TABLE users ADD COLUMN directory_mac BLOB;
ALTER TABLE team_keys ADD COLUMN directory_mac BLOB;
ALTER TABLE team_members ADD COLUMN directory_mac BLOB;

-- Checkpoints, second format: numbered, each chained to the one before, carrying the key directory's
-- digest and version; every one is also appended to a file outside the database (checkpoints.log).
CREATE TABLE checkpoint_chain (
    number BIGINT PRIMARY KEY,
    upto_seq BIGINT NOT NULL,
    head_hash BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    directory_version BIGINT NOT NULL,
    directory_digest BLOB NOT NULL,
    prev_hash BLOB NOT NULL,
    signature BLOB NOT NULL
);

-- Append-only, like the audit log (the outside copy is what catches someone who drops these).
CREATE TRIGGER checkpoint_chain_no_update BEFORE UPDATE ON checkpoint_chain
BEGIN SELECT RAISE(ABORT, 'checkpoint_chain is append-only'); END;
CREATE TRIGGER checkpoint_chain_no_delete BEFORE DELETE ON checkpoint_chain
BEGIN SELECT RAISE(ABORT, 'checkpoint_chain is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
