-- Postings a person keeps an eye on, with a note of their own.
CREATE TABLE saved_jobs (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    job_posting_id uuid NOT NULL REFERENCES job_postings (id) ON DELETE CASCADE,
    note text CHECK (char_length(note) BETWEEN 1 AND 2000),
    saved_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, job_posting_id)
);
CREATE INDEX saved_jobs_newest_idx ON saved_jobs (user_id, saved_at DESC);
CREATE INDEX saved_jobs_posting_idx ON saved_jobs (job_posting_id);

-- "Track this job" twice opens the same application: one per person and posting.
CREATE UNIQUE INDEX applications_one_per_posting_idx ON applications (user_id, job_posting_id)
    WHERE job_posting_id IS NOT NULL;
