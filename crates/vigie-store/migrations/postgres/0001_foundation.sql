-- vigie foundation schema (PostgreSQL). Keep in step with migrations/sqlite/0001_foundation.sql.
-- Only ciphertext and coarse metadata live here: see DESIGN.md section 2.

CREATE TABLE instance (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    salt BYTEA NOT NULL,
    secret_check BYTEA NOT NULL,
    receipt_kdf TEXT NOT NULL,
    audit_public_key BYTEA NOT NULL,
    escrow_public_key BYTEA,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    roles TEXT NOT NULL,
    public_key BYTEA NOT NULL,
    kdf TEXT NOT NULL,
    kdf_salt BYTEA NOT NULL,
    verifier BYTEA NOT NULL,
    wrapped_secret BYTEA NOT NULL,
    escrow_slot BYTEA,
    contact_sealed BYTEA,
    totp_sealed BYTEA,
    totp_last_step BIGINT,
    must_change_password BOOLEAN NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_mac BYTEA NOT NULL,
    PRIMARY KEY (user_id, code_mac)
);

CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    generation BIGINT NOT NULL,
    public_key BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE team_keys (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    generation BIGINT NOT NULL,
    public_key BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, generation)
);

CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members(user_id);

-- holder: 'user:<uuid>' or 'escrow'. One slot per generation and holder.
CREATE TABLE team_key_slots (
    team_id TEXT NOT NULL,
    generation BIGINT NOT NULL,
    holder TEXT NOT NULL,
    wrapped BYTEA NOT NULL,
    PRIMARY KEY (team_id, generation, holder),
    FOREIGN KEY (team_id, generation) REFERENCES team_keys(team_id, generation) ON DELETE CASCADE
);
CREATE INDEX team_key_slots_holder ON team_key_slots(holder);

CREATE TABLE sessions (
    id_hash BYTEA PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sealed_secret BYTEA NOT NULL,
    stage TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_throttle (
    account_key BYTEA PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    day TEXT NOT NULL,
    at BIGINT,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    object TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash BYTEA NOT NULL,
    hash BYTEA NOT NULL
);
CREATE INDEX audit_log_kind ON audit_log(kind, seq);
CREATE INDEX audit_log_day ON audit_log(day, seq);

-- Append-only: the chain and its signed checkpoints detect tampering; these triggers stop mistakes.
CREATE FUNCTION vigie_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION vigie_audit_append_only();

CREATE TABLE audit_checkpoints (
    upto_seq BIGINT PRIMARY KEY,
    head_hash BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    signature BYTEA NOT NULL
);

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
