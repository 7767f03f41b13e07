-- The integrator's own key/value pairs on a case (`metadata` on session create and process):
-- a JSON object of strings, returned on reads and in webhooks.
ALTER TABLE cases ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
