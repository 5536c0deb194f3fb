DROP INDEX "feed_rows_hash_uq";--> statement-breakpoint
DROP INDEX "feed_rows_batch_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "feed_rows_hash_uq" ON "feed_rows" USING btree ("row_hash");--> statement-breakpoint
CREATE INDEX "feed_rows_batch_idx" ON "feed_rows" USING brin ("batch_id");