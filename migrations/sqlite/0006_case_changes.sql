-- PostgreSQL's migration 0006 notifies other instances of case changes for their case caches.
-- One server process owns a SQLite database and sees its own commits, so there is nothing to
-- add here; the file keeps the two migration lists the same.
SELECT 1;
