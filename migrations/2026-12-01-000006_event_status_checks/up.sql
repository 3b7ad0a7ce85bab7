-- The statuses a timeline entry moves between are read as the application status enum, which
-- refuses an unknown value; the database now refuses one too, like applications.status.
ALTER TABLE application_events
    ADD CONSTRAINT application_events_from_status_check CHECK (from_status IN (
        'wishlist', 'applied', 'screening', 'interviewing', 'offer', 'accepted', 'rejected', 'withdrawn')),
    ADD CONSTRAINT application_events_to_status_check CHECK (to_status IN (
        'wishlist', 'applied', 'screening', 'interviewing', 'offer', 'accepted', 'rejected', 'withdrawn'));
