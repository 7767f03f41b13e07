-- No query reads cases by organization and time (there is no case listing), and every new
-- case paid for this index: one more B-tree to write in each session create.
DROP INDEX IF EXISTS cases_org;
