-- vigie foundation schema (SQLite). Keep in step with migrations/postgres/0001_foundation.sql.
-- Only ciphertext and coarse metadata live here: see DESIGN.md section 2.

CREATE TABLE instance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    salt BLOB NOT NULL,
    secret_check BLOB NOT NULL,
    receipt_kdf TEXT NOT NULL,
    audit_public_key BLOB NOT NULL,
    escrow_public_key BLOB,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    roles TEXT NOT NULL,
    public_key BLOB NOT NULL,
    kdf TEXT NOT NULL,
    kdf_salt BLOB NOT NULL,
    verifier BLOB NOT NULL,
    wrapped_secret BLOB NOT NULL,
    escrow_slot BLOB,
    contact_sealed BLOB,
    totp_last_step BIGINT,
    totp_sealed BLOB,
    must_change_password BOOLEAN NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_mac BLOB NOT NULL,
    PRIMARY KEY (user_id, code_mac)
);

CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    generation BIGINT NOT NULL,
    public_key BLOB NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE team_keys (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    generation BIGINT NOT NULL,
    public_key BLOB NOT NULL,
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
    wrapped BLOB NOT NULL,
    PRIMARY KEY (team_id, generation, holder),
    FOREIGN KEY (team_id, generation) REFERENCES team_keys(team_id, generation) ON DELETE CASCADE
);
CREATE INDEX team_key_slots_holder ON team_key_slots(holder);

CREATE TABLE sessions (
    id_hash BLOB PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sealed_secret BLOB NOT NULL,
    stage TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_throttle (
    account_key BLOB PRIMARY KEY,
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
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
);
CREATE INDEX audit_log_kind ON audit_log(kind, seq);
CREATE INDEX audit_log_day ON audit_log(day, seq);

-- Append-only: the chain and its signed checkpoints detect tampering; these triggers stop mistakes.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE audit_checkpoints (
    upto_seq BIGINT PRIMARY KEY,
    head_hash BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    signature BLOB NOT NULL
);

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
