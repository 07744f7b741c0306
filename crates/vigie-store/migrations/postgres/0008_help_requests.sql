-- Help requests (demandes d'aide, issue 11) travel in `reports`: a follow-up code and a conversation
-- sealed for one team, the caseworkers' instead of the handlers'. Keep in step with
-- migrations/sqlite/0008_help_requests.sql.
--
-- Clear metadata of a help request, as DESIGN.md allows for lists and triage: its kind, who asks
-- (victim, family, witness, professional) and how soon (today, this week, no rush). Its category is
-- 'other' and its district empty unless the person gave an arrondissement.
ALTER TABLE reports ADD COLUMN kind TEXT NOT NULL DEFAULT 'report';
ALTER TABLE reports ADD COLUMN asker TEXT;
ALTER TABLE reports ADD COLUMN urgency TEXT;
CREATE INDEX reports_kind ON reports(kind, number);

