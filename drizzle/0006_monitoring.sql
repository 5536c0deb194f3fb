DROP INDEX "feed_rows_unprocessed_idx";--> statement-breakpoint
DROP INDEX "feed_rows_unmatched_idx";--> statement-breakpoint
CREATE INDEX "feed_batches_pending_idx" ON "feed_batches" USING btree ("id") WHERE run_id IS NULL AND rows_added > 0;--> statement-breakpoint
ALTER TABLE "feed_rows" DROP COLUMN "processed_run_id";