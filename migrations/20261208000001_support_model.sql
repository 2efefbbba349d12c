-- The support model (SPEC §2) replaces the single "Support" field of the basics: a value
-- already entered moves into it, as its e-mail or its site, in the working document and in
-- the live (released) one. Review snapshots and saved versions stay as they were made.
UPDATE offerings SET document = json_remove(
        json_set(document,
            CASE WHEN json_extract(document, '$.basics.support') LIKE 'http%'
                 THEN '$.support.site_url' ELSE '$.support.email' END,
            json_extract(document, '$.basics.support')),
        '$.basics.support')
WHERE json_extract(document, '$.basics.support') <> ''
  AND json_extract(document, '$.support') IS NULL;

UPDATE offerings SET live_document = json_remove(
        json_set(live_document,
            CASE WHEN json_extract(live_document, '$.basics.support') LIKE 'http%'
                 THEN '$.support.site_url' ELSE '$.support.email' END,
            json_extract(live_document, '$.basics.support')),
        '$.basics.support')
WHERE live_document IS NOT NULL
  AND json_extract(live_document, '$.basics.support') <> ''
  AND json_extract(live_document, '$.support') IS NULL;

UPDATE offerings SET document = json_remove(document, '$.basics.support')
WHERE json_extract(document, '$.basics.support') IS NOT NULL;
UPDATE offerings SET live_document = json_remove(live_document, '$.basics.support')
WHERE json_extract(live_document, '$.basics.support') IS NOT NULL;
