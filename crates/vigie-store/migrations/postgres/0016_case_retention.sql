-- Legal basis and retention of victims' files (issue 11, items 6 and 11). Keep in step with
-- migrations/sqlite/0016_case_retention.sql.
--
-- legal_basis: what the file holds offence data on ('victim_mandate': acting on the victim's
-- behalf; 'agrement': the association's agrément). Existing files were opened on the victim's
-- behalf, the default.
-- hold_until_day: the last day of the latest compensation deadline (or hearing) of the file's court
-- cases, which are sealed: the application writes it each time a caseworker saves a court case, so
-- that the retention job, which reads nothing sealed, keeps an archived file until it has run.
-- archived_day: the day the retention job moved the file to the restricted archive (status
-- 'archived'), two years after its last contact by default.
ALTER TABLE case_files ADD COLUMN legal_basis TEXT NOT NULL DEFAULT 'victim_mandate';
ALTER TABLE case_files ADD COLUMN hold_until_day TEXT;
ALTER TABLE case_files ADD COLUMN archived_day TEXT;
CREATE INDEX case_files_retention ON case_files(status, last_contact_day);

-- Set when a file of the team is erased: the sealed index still holds its name, which the server
-- cannot remove; the next request of a team member that opens the index drops the names of files
-- that no longer exist and seals it again.
ALTER TABLE case_name_index ADD COLUMN prune BOOLEAN NOT NULL DEFAULT FALSE;
