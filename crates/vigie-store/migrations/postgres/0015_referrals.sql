-- Referrals of a person's file to a partner (orientations, issue 11). Keep in step with
-- migrations/sqlite/0015_referrals.sql.
--
-- Clear: the file, the casework team, the partner account, the kind of partner, the status with its
-- coded reason or outcome, and days. The extract and the follow-up notes are sealed under the
-- referral's own key, wrapped for the partner while the referral is open, for the team and the
-- escrow; closing or revoking deletes the partner's slot and starts a key generation they never held.
CREATE TABLE case_referrals (
    id TEXT PRIMARY KEY,
    file_id TEXT NOT NULL REFERENCES case_files(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL REFERENCES teams(id),
    partner_id TEXT NOT NULL REFERENCES users(id),
    partner_kind TEXT NOT NULL,
    status TEXT NOT NULL,
    decline_reason TEXT,
    outcome TEXT,
    proposed_day TEXT NOT NULL,
    answered_day TEXT,
    closed_day TEXT
);
CREATE INDEX case_referrals_file ON case_referrals(file_id);
CREATE INDEX case_referrals_partner ON case_referrals(partner_id, status);

CREATE TABLE referral_key_slots (
    referral_id TEXT NOT NULL REFERENCES case_referrals(id) ON DELETE CASCADE,
    key_generation BIGINT NOT NULL,
    holder TEXT NOT NULL,
    holder_generation BIGINT NOT NULL,
    wrapped BYTEA NOT NULL,
    PRIMARY KEY (referral_id, key_generation, holder)
);

-- Sealed: each version of the extract (the caseworker's), each follow-up note (the partner's).
CREATE TABLE referral_parts (
    id TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES case_referrals(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    key_generation BIGINT NOT NULL,
    author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    day TEXT NOT NULL,
    sealed BYTEA NOT NULL,
    UNIQUE (referral_id, seq)
);
