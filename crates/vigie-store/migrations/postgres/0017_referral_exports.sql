-- Referrals' expiry and extracts sent as age files (issue 11, item 8). Keep in step with
-- migrations/sqlite/0017_referral_exports.sql.
--
-- The hourly job looks for referrals still proposed by their day.
CREATE INDEX case_referrals_proposed ON case_referrals(status, proposed_day);

-- An extract a caseworker produced as an age file for a partner without an account: once
-- downloaded it cannot be recalled, so only the fact is kept, in clear: the file, its team, the
-- kind of partner, the details sent (DetailField codes, comma-separated) and the day. Neither the
-- extract nor the recipient's key is stored: the audit entry says an age file left.
CREATE TABLE referral_exports (
    id TEXT PRIMARY KEY,
    file_id TEXT NOT NULL REFERENCES case_files(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL REFERENCES teams(id),
    partner_kind TEXT NOT NULL,
    fields TEXT NOT NULL,
    overridden BOOLEAN NOT NULL,
    day TEXT NOT NULL
);
CREATE INDEX referral_exports_file ON referral_exports(file_id);
