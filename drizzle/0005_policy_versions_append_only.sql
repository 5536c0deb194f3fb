-- Published policy pack versions are immutable: a change of policy is a new version, never an edit
-- (SPEC §3). The database itself refuses UPDATE, DELETE and TRUNCATE of policy_versions.
CREATE OR REPLACE FUNCTION policy_versions_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'policy_versions is append-only: publish a new version instead';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER policy_versions_no_update BEFORE UPDATE OR DELETE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION policy_versions_append_only();
--> statement-breakpoint
CREATE TRIGGER policy_versions_no_truncate BEFORE TRUNCATE ON policy_versions
  FOR EACH STATEMENT EXECUTE FUNCTION policy_versions_append_only();
