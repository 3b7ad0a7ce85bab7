DROP TRIGGER job_postings_generation_truncate ON job_postings;
DROP TRIGGER job_postings_generation_delete ON job_postings;
DROP TRIGGER job_postings_generation_update ON job_postings;
DROP TRIGGER job_postings_generation_insert ON job_postings;
DROP FUNCTION job_postings_next_generation();
DROP TABLE job_postings_generation;
