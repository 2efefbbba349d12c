-- Catalog search on SQLite FTS5: one row per offering with its search text (the name, display
-- names in every language, tags, category: domain::catalog::search_text), kept in step with
-- `offerings.search_text` by triggers, so every write path (save, publish, import, delete)
-- updates the index in its own transaction. Words are folded to lowercase without diacritics.
CREATE VIRTUAL TABLE offerings_fts USING fts5(
    offering_id UNINDEXED,
    search_text,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO offerings_fts (offering_id, search_text) SELECT id, search_text FROM offerings;

CREATE TRIGGER offerings_fts_insert AFTER INSERT ON offerings BEGIN
    INSERT INTO offerings_fts (offering_id, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER offerings_fts_update AFTER UPDATE OF search_text ON offerings
WHEN old.search_text IS NOT new.search_text BEGIN
    DELETE FROM offerings_fts WHERE offering_id = old.id;
    INSERT INTO offerings_fts (offering_id, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER offerings_fts_delete AFTER DELETE ON offerings BEGIN
    DELETE FROM offerings_fts WHERE offering_id = old.id;
END;
