-- How long each phase of a scan took, measured where it happened: collect and evaluate by the worker, store by the
-- database (from the first statement of the results transaction to its last). Null for scans that never finished
-- and for scans stored before this migration. Columns only: the table's row-level security is unchanged.

-- AlterTable
ALTER TABLE "scans" ADD COLUMN     "collect_ms" INTEGER,
ADD COLUMN     "evaluate_ms" INTEGER,
ADD COLUMN     "store_ms" INTEGER;
