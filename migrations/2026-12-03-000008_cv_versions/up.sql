-- CV versions: a name, a template and a page size, the profile sections shown (in order), and
-- which profile items and skills they include. Items and skills are included by reference, so a
-- typo fixed in the profile is fixed in every version; a version keeps only what it overrides
-- (headline, summary, an item's highlights reworded for this version).
--
-- Rendered files are cached by a hash of what was rendered (the assembled document, the format
-- and the renderer's version), so a repeat download is one indexed read.

-- The join tables below reference (id, user_id), so a version can only ever include its own
-- owner's items.
ALTER TABLE profile_entries ADD CONSTRAINT profile_entries_id_user_key UNIQUE (id, user_id);
ALTER TABLE profile_skills ADD CONSTRAINT profile_skills_id_user_key UNIQUE (id, user_id);

CREATE TABLE cv_versions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
    template text NOT NULL DEFAULT 'classic' CHECK (template IN ('classic', 'modern', 'compact')),
    -- NULL: from the owner's locale (Letter for the US and Canada, A4 elsewhere).
    page_size text CHECK (page_size IN ('a4', 'letter')),
    -- NULL: the profile's.
    headline text CHECK (char_length(headline) <= 200),
    summary text CHECK (char_length(summary) <= 5000),
    -- The profile sections shown, in the order shown.
    sections text[] NOT NULL DEFAULT '{}' CHECK (
        sections <@ ARRAY['experience', 'education', 'certification', 'project', 'achievement',
                          'language']::text[]),
    show_skills boolean NOT NULL DEFAULT true,
    -- The application this version was tailored for; it stays when the application goes.
    tailored_for uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, user_id),
    FOREIGN KEY (tailored_for, user_id) REFERENCES applications (id, user_id)
        ON DELETE SET NULL (tailored_for)
);
CREATE UNIQUE INDEX cv_versions_user_name_idx ON cv_versions (user_id, lower(btrim(name)));
CREATE TRIGGER cv_versions_set_updated_at BEFORE UPDATE ON cv_versions
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

CREATE TABLE cv_version_entries (
    cv_version_id uuid NOT NULL,
    entry_id uuid NOT NULL,
    user_id uuid NOT NULL,
    -- NULL: the item's own highlights; otherwise reworded for this version.
    highlights text[] CHECK (cardinality(highlights) <= 30),
    PRIMARY KEY (cv_version_id, entry_id),
    FOREIGN KEY (cv_version_id, user_id) REFERENCES cv_versions (id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (entry_id, user_id) REFERENCES profile_entries (id, user_id) ON DELETE CASCADE
);
CREATE INDEX cv_version_entries_entry_idx ON cv_version_entries (entry_id);
CREATE INDEX cv_version_entries_user_idx ON cv_version_entries (user_id);

CREATE TABLE cv_version_skills (
    cv_version_id uuid NOT NULL,
    skill_id uuid NOT NULL,
    user_id uuid NOT NULL,
    -- Shown first and marked (a tailored version highlights the skills the job asks for).
    highlighted boolean NOT NULL DEFAULT false,
    PRIMARY KEY (cv_version_id, skill_id),
    FOREIGN KEY (cv_version_id, user_id) REFERENCES cv_versions (id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (skill_id, user_id) REFERENCES profile_skills (id, user_id) ON DELETE CASCADE
);
CREATE INDEX cv_version_skills_skill_idx ON cv_version_skills (skill_id);
CREATE INDEX cv_version_skills_user_idx ON cv_version_skills (user_id);

CREATE TABLE document_renders (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- SHA-256 of the renderer's version, the format and the document rendered.
    content_hash bytea NOT NULL CHECK (octet_length(content_hash) = 32),
    -- Only PDF and DOCX are cached today; the values are every format a CV downloads as.
    format text NOT NULL CHECK (format IN ('pdf', 'docx', 'md', 'txt', 'json')),
    body bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, content_hash)
);
-- Retention deletes renders nobody downloaded for a while.
CREATE INDEX document_renders_last_used_idx ON document_renders (last_used_at);
