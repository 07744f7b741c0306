-- Rotating the instance secret: which retained previous secret still peppers a password lock or a
-- receipt (its id, NULL for the current one). Keep in step with
-- migrations/sqlite/0023_instance_rotation.sql, which says why.
ALTER TABLE users ADD COLUMN pepper TEXT;
ALTER TABLE reports ADD COLUMN receipt_pepper TEXT;
