-- Feed rows unique by (person, row hash) when matched and by row hash when not, instead of one unique
-- index on the random row hash: a merge inserts in person order, so the new index takes a batch as one
-- ordered pass (and serves reads by person, replacing feed_rows_person_idx). A row hash names one
-- ID number, so the existing rows, unique by hash, satisfy both.
DROP INDEX "feed_rows_hash_uq";--> statement-breakpoint
DROP INDEX "feed_rows_person_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "feed_rows_person_hash_uq" ON "feed_rows" USING btree ("person_id","row_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "feed_rows_unmatched_hash_uq" ON "feed_rows" USING btree ("row_hash") WHERE person_id IS NULL;