-- Casework teams (issue 11): caseworkers only; help requests (and, later, victims' files) go to them.
-- Keep in step with migrations/sqlite/0009_casework_teams.sql.
--
-- A team's kind is also in the key directory: each generation of a casework team's key is MACed with
-- it (DirectoryEntry::TeamKey), so a row turned from one kind to the other no longer checks.
ALTER TABLE teams ADD COLUMN kind TEXT NOT NULL DEFAULT 'report';

-- The casework team that help requests reach (none: `/aide` cannot take requests yet). Help requests
-- are sealed only for a team whose checked kind is casework, whatever this column says.
ALTER TABLE instance ADD COLUMN help_team_id TEXT REFERENCES teams(id);
