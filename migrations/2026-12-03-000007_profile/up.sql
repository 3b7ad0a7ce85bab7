-- The master profile: everything about a person's career, once. CV versions, the public page and
-- job match scores all read it.
--
-- One `profiles` row per person (made the first time the profile is opened or imported). The
-- sections (experience, education, certifications, projects, achievements, languages, career
-- goals) share one shape: an ordered list of items, each visible on the public page or not, with a
-- name, an organisation and a span of months. What differs per section lives in `details`, a JSON
-- object whose shape the application reads through one type per section
-- (careerhub_domain::profile); an unknown shape is an error when read, never a guess. Ordering,
-- hiding, import de-duplication and erasure are therefore one piece of code, not seven.
--
-- Skills have their own table: they are normalised ("JS" = "JavaScript") to a key that is unique
-- per person, and the jobs area matches postings against that key.

CREATE TABLE profiles (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- The public address /p/{slug}: stored lowercased, so uniqueness is case-insensitive.
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$' AND slug NOT LIKE '%--%'),
    visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'link', 'public')),
    -- Link-only visibility: /p/{slug}?key=… ; only the SHA-256 of the key is kept (like calendar
    -- feeds), the owner sees the address once when it is made and can replace it.
    link_key_hash bytea UNIQUE CHECK (octet_length(link_key_hash) = 32),
    headline text CHECK (char_length(headline) <= 200),
    summary text CHECK (char_length(summary) <= 5000),
    location text CHECK (char_length(location) <= 200),
    email_shown boolean NOT NULL DEFAULT false,
    phone text CHECK (char_length(phone) <= 40),
    website_url text CHECK (char_length(website_url) <= 2000),
    linkedin_url text CHECK (char_length(linkedin_url) <= 2000),
    github_url text CHECK (char_length(github_url) <= 2000),
    target_roles text[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(target_roles) <= 10 AND array_position(target_roles, NULL) IS NULL),
    salary_min integer CHECK (salary_min >= 0),
    salary_max integer CHECK (salary_max >= 0),
    salary_currency text CHECK (salary_currency ~ '^[A-Z]{3}$'),
    work_arrangement text CHECK (work_arrangement IN ('onsite', 'hybrid', 'remote')),
    willing_to_relocate boolean NOT NULL DEFAULT false,
    notice_weeks smallint CHECK (notice_weeks BETWEEN 0 AND 52),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max),
    CHECK ((salary_min IS NULL AND salary_max IS NULL) OR salary_currency IS NOT NULL)
);
CREATE TRIGGER profiles_set_updated_at BEFORE UPDATE ON profiles
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

-- A changed slug keeps redirecting to the profile for a while (retention removes it after).
CREATE TABLE profile_slug_redirects (
    old_slug text PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES profiles (user_id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);
CREATE INDEX profile_slug_redirects_user_idx ON profile_slug_redirects (user_id);
CREATE INDEX profile_slug_redirects_expires_idx ON profile_slug_redirects (expires_at);

CREATE TABLE profile_entries (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES profiles (user_id) ON DELETE CASCADE,
    section text NOT NULL CHECK (section IN (
        'experience', 'education', 'certification', 'project', 'achievement', 'language', 'goal')),
    -- Order within the section, as the person arranged it (0 first).
    position integer NOT NULL CHECK (position >= 0),
    -- Shown on the public page; hidden items stay available to CV versions.
    visible boolean NOT NULL DEFAULT true,
    -- The item's name: the position held, the institution, the certificate, the project, ...
    title text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    -- The company, issuer or client.
    organisation text CHECK (char_length(organisation) <= 200),
    -- Months: always the first day of the month.
    starts_on date CHECK (extract(day FROM starts_on) = 1),
    ends_on date CHECK (extract(day FROM ends_on) = 1),
    details jsonb NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(details) = 'object' AND octet_length(details::text) <= 60000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX profile_entries_user_section_idx ON profile_entries (user_id, section, position);
CREATE TRIGGER profile_entries_set_updated_at BEFORE UPDATE ON profile_entries
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

CREATE TABLE profile_skills (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES profiles (user_id) ON DELETE CASCADE,
    -- careerhub_domain::skills::key of the name: "js", "JavaScript" and "javascript" share one.
    skill_key text NOT NULL CHECK (char_length(skill_key) BETWEEN 1 AND 80 AND skill_key = lower(skill_key)),
    name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 60),
    category text NOT NULL DEFAULT 'technical'
        CHECK (category IN ('technical', 'soft', 'language', 'tool')),
    level smallint CHECK (level BETWEEN 1 AND 5),
    years smallint CHECK (years BETWEEN 0 AND 60),
    is_primary boolean NOT NULL DEFAULT false,
    position integer NOT NULL CHECK (position >= 0),
    visible boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, skill_key)
);
CREATE INDEX profile_skills_user_position_idx ON profile_skills (user_id, position);
CREATE INDEX profile_skills_key_idx ON profile_skills (skill_key);
CREATE TRIGGER profile_skills_set_updated_at BEFORE UPDATE ON profile_skills
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();
