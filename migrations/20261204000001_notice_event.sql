-- Notifications as facts (`domain::notice::Notice` as JSON), worded in each reader's language
-- under the bell and in e-mails; `message` keeps the English sentence. Older rows have none.
ALTER TABLE notifications ADD COLUMN event TEXT;
-- The language a user last chose or signed in with (a locale code): their e-mails' language.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
