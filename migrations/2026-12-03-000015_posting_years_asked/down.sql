ALTER TABLE job_postings DROP COLUMN years_asked;
