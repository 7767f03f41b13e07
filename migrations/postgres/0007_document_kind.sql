-- What kind of document the reader took each document for (claim form, invoice, letter, …)
-- and how sure it was; NULL until the document is read.
ALTER TABLE documents ADD COLUMN kind TEXT;
ALTER TABLE documents ADD COLUMN kind_confidence DOUBLE PRECISION;
