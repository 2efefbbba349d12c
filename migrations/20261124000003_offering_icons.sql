-- An offering's icon (SVG, checked on upload, or PNG), kept apart from the versioned document.
CREATE TABLE offering_icons (
    offering_id  TEXT PRIMARY KEY NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/svg+xml', 'image/png')),
    bytes        BLOB NOT NULL,
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
