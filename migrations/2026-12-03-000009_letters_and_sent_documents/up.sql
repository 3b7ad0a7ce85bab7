-- Cover letters with every saved version kept, the templates they start from, and the exact
-- documents an application went out with.

-- Letter templates: NULL user_id is a default every person sees (seeded here); a person's own
-- are theirs alone. Bodies hold {{placeholders}} filled when a letter is printed.
CREATE TABLE letter_templates (
    id uuid PRIMARY KEY,
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
    body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX letter_templates_user_idx ON letter_templates (user_id);
CREATE TRIGGER letter_templates_set_updated_at BEFORE UPDATE ON letter_templates
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

INSERT INTO letter_templates (id, user_id, name, body) VALUES
('01900000-0000-7000-8000-00000000c001', NULL, 'Classic application',
'Dear {{hiring_manager}},

I am writing to apply for the {{position}} role at {{company}}: the work your team does is the work I want to do next.

In my recent roles I have worked with {{top_skills}}, and I would bring that experience to {{company}} from the first week.

I would welcome the chance to talk about how I can help. Thank you for your time.

Kind regards,
{{my_name}}'),
('01900000-0000-7000-8000-00000000c002', NULL, 'Short and direct',
'Hello {{hiring_manager}},

I would like to be considered for the {{position}} position at {{company}}. My strengths are {{top_skills}}.

My CV is attached; I am happy to talk whenever suits you.

Best,
{{my_name}}
{{my_email}}'),
('01900000-0000-7000-8000-00000000c003', NULL, 'Referral',
'Dear {{hiring_manager}},

A colleague suggested I get in touch about the {{position}} opening at {{company}}.

I am {{my_headline}}, with hands-on experience in {{top_skills}}. I would enjoy learning more about the team and what it needs most.

Thank you, and I look forward to hearing from you.

Sincerely,
{{my_name}}');

CREATE TABLE letters (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    -- The application whose details fill the placeholders; the letter stays when it goes.
    application_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, user_id),
    FOREIGN KEY (application_id, user_id) REFERENCES applications (id, user_id)
        ON DELETE SET NULL (application_id)
);
CREATE INDEX letters_user_idx ON letters (user_id, updated_at DESC);
CREATE TRIGGER letters_set_updated_at BEFORE UPDATE ON letters
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

-- Every save is a version; the newest is the letter's text. Restoring an old one saves it again
-- as the newest, so the history only grows.
CREATE TABLE letter_versions (
    letter_id uuid NOT NULL,
    user_id uuid NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (letter_id, number),
    FOREIGN KEY (letter_id, user_id) REFERENCES letters (id, user_id) ON DELETE CASCADE
);
CREATE INDEX letter_versions_user_idx ON letter_versions (user_id);

-- What an application went out with, copied when the person marks it sent: later edits of the
-- profile, the CV version or the letter do not change it, and it outlives them (the source
-- columns become NULL).
CREATE TABLE sent_documents (
    id uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('cv', 'cover_letter')),
    cv_version_id uuid,
    letter_id uuid,
    -- The version's or letter's name when it was sent.
    name text NOT NULL,
    -- A CvDocument, or the letter as printed ({"title", "body"}).
    content jsonb NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (application_id, kind),
    FOREIGN KEY (application_id, user_id) REFERENCES applications (id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (cv_version_id, user_id) REFERENCES cv_versions (id, user_id)
        ON DELETE SET NULL (cv_version_id),
    FOREIGN KEY (letter_id, user_id) REFERENCES letters (id, user_id)
        ON DELETE SET NULL (letter_id),
    CHECK (kind = 'cv' OR cv_version_id IS NULL),
    CHECK (kind = 'cover_letter' OR letter_id IS NULL)
);
CREATE INDEX sent_documents_user_idx ON sent_documents (user_id);
CREATE INDEX sent_documents_cv_version_idx ON sent_documents (cv_version_id);
CREATE INDEX sent_documents_letter_idx ON sent_documents (letter_id);

-- The tracker left these open until versions and letters existed. A deleted version or letter
-- leaves the application (and its sent copy) in place.
ALTER TABLE applications
    ADD CONSTRAINT applications_cv_version_fkey FOREIGN KEY (cv_version_id, user_id)
        REFERENCES cv_versions (id, user_id) ON DELETE SET NULL (cv_version_id),
    ADD CONSTRAINT applications_cover_letter_fkey FOREIGN KEY (cover_letter_id, user_id)
        REFERENCES letters (id, user_id) ON DELETE SET NULL (cover_letter_id);
CREATE INDEX applications_cv_version_idx ON applications (cv_version_id) WHERE cv_version_id IS NOT NULL;
CREATE INDEX applications_cover_letter_idx ON applications (cover_letter_id) WHERE cover_letter_id IS NOT NULL;
