-- Job postings and the feeds they come from. Postings from a feed are shared by every user of the
-- instance; a person's own posting (pasted or typed in) has an owner and is theirs alone.

-- Fuzzy company and title matching ("did you mean"). Trusted since PostgreSQL 13: the database
-- owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Feeds an operator manages (`careerhub-admin jobs source add greenhouse:TOKEN`). `locator` is the
-- board token, site or name for the job-board APIs and the URL for the others.
CREATE TABLE job_sources (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('greenhouse', 'lever', 'ashby', 'jsonld', 'feed', 'csv', 'json')),
    locator text NOT NULL CHECK (char_length(locator) BETWEEN 1 AND 2000),
    -- The company a feed without company names is about (an RSS feed of one employer).
    company_name text CHECK (char_length(company_name) BETWEEN 1 AND 200),
    active boolean NOT NULL DEFAULT true,
    -- Conditional requests: what the last answer said, sent back as If-None-Match / If-Modified-Since.
    etag text CHECK (char_length(etag) <= 1000),
    last_modified text CHECK (char_length(last_modified) <= 200),
    last_run_at timestamptz,
    last_status text CHECK (last_status IN ('imported', 'unchanged', 'failed')),
    last_error text CHECK (char_length(last_error) <= 2000),
    added_count integer NOT NULL DEFAULT 0 CHECK (added_count >= 0),
    updated_count integer NOT NULL DEFAULT 0 CHECK (updated_count >= 0),
    closed_count integer NOT NULL DEFAULT 0 CHECK (closed_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, locator)
);
CREATE TRIGGER job_sources_set_updated_at BEFORE UPDATE ON job_sources
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

-- One row per company, found again by its web domain or its normalised name ("ACME Inc." and
-- "Acme" are one company).
CREATE TABLE companies (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    name_key text NOT NULL UNIQUE CHECK (char_length(name_key) BETWEEN 1 AND 200),
    domain text CHECK (domain ~ '^[a-z0-9.-]+$'),
    website text CHECK (char_length(website) <= 2000),
    industry text CHECK (char_length(industry) <= 200),
    size text CHECK (char_length(size) <= 100),
    location text CHECK (char_length(location) <= 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX companies_domain_key ON companies (domain) WHERE domain IS NOT NULL;
CREATE INDEX companies_name_trgm ON companies USING gin (name gin_trgm_ops);
CREATE TRIGGER companies_set_updated_at BEFORE UPDATE ON companies
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

CREATE TABLE job_postings (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id),
    -- Shown and searched; the company's name when the posting was imported.
    company_name text NOT NULL CHECK (char_length(company_name) BETWEEN 1 AND 200),
    -- A person's own posting; NULL for one from a feed.
    owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
    source_id uuid REFERENCES job_sources (id) ON DELETE SET NULL,
    -- The source's id for the posting: re-importing updates the same row.
    external_id text CHECK (char_length(external_id) BETWEEN 1 AND 500),
    title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
    locations text[] NOT NULL DEFAULT '{}' CHECK (array_position(locations, NULL) IS NULL),
    workplace text CHECK (workplace IN ('remote', 'hybrid', 'on_site')),
    employment_type text CHECK (employment_type IN
        ('full_time', 'part_time', 'contract', 'temporary', 'internship', 'volunteer', 'other')),
    salary_min integer CHECK (salary_min >= 0),
    salary_max integer CHECK (salary_max >= 0),
    salary_currency text CHECK (salary_currency ~ '^[A-Z]{3}$'),
    salary_interval text CHECK (salary_interval IN ('hour', 'day', 'week', 'month', 'year')),
    -- The description sanitised by ammonia (safe to show) and as plain text (searched, matched).
    description_html text NOT NULL DEFAULT '' CHECK (char_length(description_html) <= 200000),
    description_text text NOT NULL DEFAULT '' CHECK (char_length(description_text) <= 100000),
    -- Skill keys of the profile's normaliser, from the source's list or found in the text.
    required_skills text[] NOT NULL DEFAULT '{}' CHECK (array_position(required_skills, NULL) IS NULL),
    preferred_skills text[] NOT NULL DEFAULT '{}' CHECK (array_position(preferred_skills, NULL) IS NULL),
    url text CHECK (char_length(url) <= 2000),
    posted_at timestamptz,
    valid_through timestamptz,
    -- A posting gone from its feed is closed, not deleted: applications point at it.
    closed_at timestamptz,
    -- What the source said last time (a hash of the mapped posting), so re-importing an unchanged
    -- posting writes nothing.
    content_hash bytea NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- What "newest" and "posted within" go by: when it was posted, or first seen if that is
    -- earlier (a feed's date in the future does not keep a posting on top).
    listed_at timestamptz GENERATED ALWAYS AS (least(posted_at, first_seen_at)) STORED,
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', company_name), 'B')
        || setweight(to_tsvector('english', left(description_text, 20000)), 'C')
    ) STORED,
    CHECK (salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max),
    CHECK ((salary_min IS NULL AND salary_max IS NULL) = (salary_currency IS NULL)),
    UNIQUE (source_id, external_id)
);
CREATE INDEX job_postings_search ON job_postings USING gin (search);
CREATE INDEX job_postings_title_trgm ON job_postings USING gin (title gin_trgm_ops);
CREATE INDEX job_postings_newest ON job_postings (listed_at DESC, id DESC) WHERE closed_at IS NULL;
CREATE INDEX job_postings_company ON job_postings (company_id);
CREATE INDEX job_postings_owner ON job_postings (owner_id) WHERE owner_id IS NOT NULL;
CREATE TRIGGER job_postings_set_updated_at BEFORE UPDATE ON job_postings
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

-- An application can point at the posting it is for; closing or losing the posting keeps the
-- application.
ALTER TABLE applications ADD COLUMN job_posting_id uuid REFERENCES job_postings (id) ON DELETE SET NULL;
CREATE INDEX applications_job_posting ON applications (job_posting_id) WHERE job_posting_id IS NOT NULL;
