-- Staging for registry imports (CSV/XLSX): rows are validated, encrypted and COPYed here, checked
-- set-wise (regions, scope, duplicates, household consistency) and merged in one transaction, then
-- deleted. UNLOGGED: the rows are transient and the file can always be imported again.
-- ID numbers appear here only encrypted (id_cipher) and blind-indexed (id_index), as in persons.
CREATE UNLOGGED TABLE "registry_import_stage" (
	"load_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"household_no" text NOT NULL,
	"region_code" char(12) NOT NULL,
	"residence" text,
	"address" text,
	"id_cipher" bytea NOT NULL,
	"id_index" bytea NOT NULL,
	"id_mask" text NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"relation" text NOT NULL,
	"monthly_income_fen" bigint NOT NULL,
	"labor_capacity" text NOT NULL,
	"disability_grade" smallint,
	"disability_type" text,
	"serious_illness" boolean NOT NULL,
	"student_stage" text,
	"employed" boolean NOT NULL,
	"care_level" text,
	"supporter" text NOT NULL,
	"category" text,
	"category_from" date,
	"error" text,
	CONSTRAINT "registry_import_stage_pk" PRIMARY KEY ("load_id", "row_no")
);
--> statement-breakpoint
CREATE INDEX "registry_import_stage_index_idx" ON "registry_import_stage" USING btree ("load_id", "id_index");
--> statement-breakpoint
CREATE INDEX "registry_import_stage_household_idx" ON "registry_import_stage" USING btree ("load_id", "household_no");
