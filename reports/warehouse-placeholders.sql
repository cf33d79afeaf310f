-- Empty, typed stand-ins for report tables the warehouse does not have yet.
--
-- scripts/build-reports.ts copies the warehouse to a snapshot for Evidence and,
-- for every table a source query (sources/handoff/*.sql) reads that the
-- warehouse lacks, runs that table's statement below on the SNAPSHOT (never on
-- the warehouse). Evidence then writes a zero-row parquet file with these
-- columns, page queries still bind, and pages show <NoData> ("No data yet")
-- instead of a query error. A missing table with no statement here is
-- reported by the build and its pages show a query error.
--
-- One `create table handoff.<name> (...)` per report table, with the columns
-- the pages use (DuckDB types). Keep it in step with the model's columns.

create table handoff.rpt_demo (week date, seam varchar, p50_seconds double);
