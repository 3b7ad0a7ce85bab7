-- A CV version remembers the digest of everything its document is made from, so a cached
-- download is one indexed read instead of hashing every input row on each request. The digest
-- is filled when a download needs it and cleared, in the same transaction, by any change to an
-- input (the triggers below); clearing always updates the version row, so a fill that races an
-- edit waits for it and then reads what it committed.
ALTER TABLE cv_versions ADD COLUMN inputs_digest bytea;

-- What `document::resolve` reads for a version, as one hash. A new input of the resolver must be
-- added here and given a trigger below.
CREATE FUNCTION cv_inputs_digest(version uuid) RETURNS bytea
LANGUAGE sql VOLATILE AS $$
  SELECT sha256(convert_to(concat_ws(chr(31),
           (to_jsonb(v) - 'inputs_digest' - 'updated_at')::text,
           concat_ws(chr(30), u.display_name, u.email, u.locale),
           (SELECT p::text FROM profiles p WHERE p.user_id = v.user_id),
           (SELECT string_agg(e::text, chr(30) ORDER BY e.id)
              FROM profile_entries e WHERE e.user_id = v.user_id),
           (SELECT string_agg(s::text, chr(30) ORDER BY s.id)
              FROM profile_skills s WHERE s.user_id = v.user_id),
           (SELECT string_agg(i::text, chr(30) ORDER BY i.entry_id)
              FROM cv_version_entries i WHERE i.cv_version_id = v.id),
           (SELECT string_agg(k::text, chr(30) ORDER BY k.skill_id)
              FROM cv_version_skills k WHERE k.cv_version_id = v.id)
         ), 'UTF8'))
    FROM cv_versions v JOIN users u ON u.id = v.user_id
   WHERE v.id = version
$$;

-- An edit of the version row itself clears its digest; setting the digest alone is not an edit
-- (named to run after cv_versions_set_updated_at, whose stamp it takes back).
CREATE FUNCTION cv_versions_update_digest() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'inputs_digest' - 'updated_at')
     IS NOT DISTINCT FROM (to_jsonb(OLD) - 'inputs_digest' - 'updated_at') THEN
    NEW.updated_at := OLD.updated_at;
  ELSE
    NEW.inputs_digest := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER cv_versions_update_digest BEFORE UPDATE ON cv_versions
  FOR EACH ROW EXECUTE FUNCTION cv_versions_update_digest();

-- A change to the person's profile or name clears every version of theirs.
CREATE FUNCTION cv_inputs_clear_for_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    UPDATE cv_versions SET inputs_digest = NULL WHERE user_id = NEW.id;
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE cv_versions SET inputs_digest = NULL WHERE user_id = OLD.user_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE cv_versions SET inputs_digest = NULL WHERE user_id = NEW.user_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cv_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON profiles
  FOR EACH ROW EXECUTE FUNCTION cv_inputs_clear_for_user();
CREATE TRIGGER cv_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON profile_entries
  FOR EACH ROW EXECUTE FUNCTION cv_inputs_clear_for_user();
CREATE TRIGGER cv_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON profile_skills
  FOR EACH ROW EXECUTE FUNCTION cv_inputs_clear_for_user();
CREATE TRIGGER cv_inputs_changed AFTER UPDATE OF display_name, email, locale ON users
  FOR EACH ROW
  WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name
        OR OLD.email IS DISTINCT FROM NEW.email
        OR OLD.locale IS DISTINCT FROM NEW.locale)
  EXECUTE FUNCTION cv_inputs_clear_for_user();

-- A change to the items or skills a version includes clears that version.
CREATE FUNCTION cv_inputs_clear_for_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE cv_versions SET inputs_digest = NULL WHERE id = OLD.cv_version_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE cv_versions SET inputs_digest = NULL WHERE id = NEW.cv_version_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cv_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON cv_version_entries
  FOR EACH ROW EXECUTE FUNCTION cv_inputs_clear_for_version();
CREATE TRIGGER cv_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON cv_version_skills
  FOR EACH ROW EXECUTE FUNCTION cv_inputs_clear_for_version();
