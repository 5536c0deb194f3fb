-- The registry import stages its rows in temporary tables (one transaction); this table, used by the
-- first import, has had no reader or writer since.
DROP TABLE IF EXISTS "registry_import_stage";
