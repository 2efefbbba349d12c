-- Members (SPEC §1, issue 18 item 3): an owner invites by e-mail. A user with that address
-- joins at once; anyone else is invited here until their first sign-in (local or single
-- sign-on) takes the invitation.
CREATE TABLE invitations (
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email           TEXT NOT NULL COLLATE NOCASE,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    invited_by      TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (organisation_id, email)
);
CREATE INDEX invitations_by_email ON invitations (email);
