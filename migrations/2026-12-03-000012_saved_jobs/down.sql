DROP INDEX applications_one_per_posting_idx;
DROP TABLE saved_jobs;
