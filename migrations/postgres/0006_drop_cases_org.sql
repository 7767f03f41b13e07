-- No query reads cases by organization and time (there is no case listing), and every new
-- case paid for this index: one more B-tree to write in each session create.
-- Dropping an index locks its table; behind a long transaction the lock request would make
-- every query on cases wait, so give up after a few seconds (the next start tries again).
SET LOCAL lock_timeout = '5s';
DROP INDEX IF EXISTS cases_org;
