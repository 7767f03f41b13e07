-- An organization's branding on the applicant pages and the case file (klarefi orgs brand):
-- the name the applicant knows, a logo (PNG or JPEG, checked from its bytes), a primary
-- colour with enough contrast on white, and how to reach the insurer's support.
ALTER TABLE organizations ADD COLUMN display_name TEXT;
ALTER TABLE organizations ADD COLUMN brand_color TEXT;
ALTER TABLE organizations ADD COLUMN support_contact TEXT;
ALTER TABLE organizations ADD COLUMN logo_type TEXT;
ALTER TABLE organizations ADD COLUMN logo BLOB;
ALTER TABLE organizations ADD COLUMN brand_updated_at BIGINT;
