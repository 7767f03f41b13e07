-- The time zone an organization's handlers read times in (an IANA name such as
-- Europe/Amsterdam, checked against the time zone database when set with
-- `klarefi orgs brand --time-zone`); NULL means Europe/Amsterdam.
ALTER TABLE organizations ADD COLUMN time_zone TEXT;
