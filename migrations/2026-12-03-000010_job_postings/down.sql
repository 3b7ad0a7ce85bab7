ALTER TABLE applications DROP COLUMN job_posting_id;
DROP TABLE job_postings;
DROP TABLE companies;
DROP TABLE job_sources;
DROP EXTENSION IF EXISTS pg_trgm;
