-- 0005 (ours, not in Orleans' scripts): at most one state row per grain.
--
-- Orleans' PostgreSQL table has no key, and its first-write INSERT ... WHERE NOT EXISTS can insert
-- twice when two activations of one grain race (a split brain during a membership change). Two rows
-- make every later ReadFromStorageKey fail ("more than one element") and the grain unusable. With
-- this index the loser's INSERT ... ON CONFLICT DO NOTHING (migration 0003) inserts nothing, answers
-- NULL, and Orleans reports a version conflict: the webhook answers 503 and Sentry retries.
-- Fails if the table already holds duplicates: remove them first (keep the highest version).

CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage_grain
    ON OrleansStorage (serviceid, grainidhash, graintypehash, grainidn0, grainidn1, graintypestring,
                       COALESCE(grainidextensionstring, ''));
