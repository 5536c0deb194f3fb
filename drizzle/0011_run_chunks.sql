-- A run's work list as one row per chunk of households (an array of ids) instead of one row per
-- household: listing a million households was a million-row insert. Runs still unfinished keep the
-- households after their cursor, in chunks of 10,000. The id arrays are stored uncompressed: compressing
-- a million ids took half a second of a run's start, to save space for the few minutes a run lasts.
CREATE TABLE "monitoring_run_chunks" (
	"run_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"last_household_id" bigint NOT NULL,
	"household_ids" bigint[] NOT NULL,
	CONSTRAINT "monitoring_run_chunks_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
ALTER TABLE "monitoring_run_chunks" ALTER COLUMN "household_ids" SET STORAGE EXTERNAL;
--> statement-breakpoint
INSERT INTO "monitoring_run_chunks" ("run_id", "seq", "last_household_id", "household_ids")
SELECT run_id, seq, max(household_id), array_agg(household_id ORDER BY household_id)
FROM (
  SELECT h.run_id, h.household_id,
         ((row_number() OVER (PARTITION BY h.run_id ORDER BY h.household_id)) - 1) / 10000 AS seq
  FROM "monitoring_run_households" h JOIN "monitoring_runs" r ON r.id = h.run_id
  WHERE r.status <> 'done' AND h.household_id > r.cursor
) x
GROUP BY run_id, seq;
--> statement-breakpoint
DROP TABLE "monitoring_run_households" CASCADE;