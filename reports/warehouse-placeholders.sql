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
-- Regenerate after adding or changing a report table, from a warehouse where
-- every model has run (statements for tables it lacks are kept):
--   npm run reports:build -- --update-placeholders [--warehouse FILE]

create table handoff.dim_lead_definition_examples (
  "example_id" VARCHAR,
  "definition_version_id" VARCHAR,
  "example_description" VARCHAR,
  "expected_verdict" VARCHAR,
  "actual_verdict" VARCHAR,
  "is_fit_met" BOOLEAN,
  "is_behavior_met" BOOLEAN
);

create table handoff.dim_lead_definitions (
  "definition_version_id" VARCHAR,
  "criterion" VARCHAR,
  "criterion_kind" VARCHAR,
  "criterion_text" VARCHAR,
  "change_reason" VARCHAR,
  "criterion_order" BIGINT,
  "is_proposed" BOOLEAN,
  "is_in_force_now" BOOLEAN,
  "effective_from" DATE,
  "effective_to" DATE
);

create table handoff.fct_identity_gaps (
  "person_contact_id" VARCHAR,
  "email" VARCHAR,
  "company" VARCHAR,
  "identity_gap_reason" VARCHAR,
  "contacts" BIGINT,
  "qualifications" BIGINT,
  "first_mql_at" TIMESTAMP,
  "last_mql_at" TIMESTAMP
);

create table handoff.rpt_biweekly_definition_changes (
  "period_start_date" DATE,
  "period_end_date" DATE,
  "effective_from" DATE,
  "definition_version_id" VARCHAR,
  "previous_version_id" VARCHAR,
  "change_reason" VARCHAR,
  "criterion" VARCHAR,
  "previous_criterion_text" VARCHAR,
  "criterion_text" VARCHAR,
  "previous_version_handed_off" HUGEINT,
  "previous_version_sales_ready" HUGEINT,
  "previous_version_converted" HUGEINT,
  "previous_version_precision" DOUBLE,
  "previous_version_recall" DOUBLE
);

create table handoff.rpt_biweekly_dispositions (
  "period_start_date" DATE,
  "period_end_date" DATE,
  "breakdown" VARCHAR,
  "breakdown_value" VARCHAR,
  "handoffs" BIGINT,
  "converted" HUGEINT,
  "working" HUGEINT,
  "no_response" HUGEINT,
  "bad_fit" HUGEINT,
  "undispositioned" HUGEINT,
  "missing" HUGEINT,
  "missing_rate" DOUBLE,
  "previous_missing_rate" DOUBLE,
  "bad_fit_rate" DOUBLE,
  "previous_bad_fit_rate" DOUBLE,
  "missing_rank" BIGINT
);

create table handoff.rpt_biweekly_review (
  "period_start_date" DATE,
  "period_end_date" DATE,
  "agenda_item" VARCHAR,
  "metric" VARCHAR,
  "unit" VARCHAR,
  "agenda_item_order" INTEGER,
  "metric_order" INTEGER,
  "this_period" DOUBLE,
  "previous_period" DOUBLE,
  "change_from_previous" DOUBLE
);

create table handoff.rpt_biweekly_sla (
  "period_start_date" DATE,
  "period_end_date" DATE,
  "sla_tier" VARCHAR,
  "handoffs" BIGINT,
  "met" HUGEINT,
  "breached" HUGEINT,
  "overdue" HUGEINT,
  "sales_attainment" DOUBLE,
  "previous_sales_attainment" DOUBLE,
  "p50_working_minutes_to_touch" DOUBLE,
  "p90_working_minutes_to_touch" DOUBLE,
  "previous_p90_working_minutes_to_touch" DOUBLE,
  "context_attainment" DOUBLE,
  "previous_context_attainment" DOUBLE,
  "sales_ready_share" DOUBLE,
  "previous_sales_ready_share" DOUBLE
);

create table handoff.rpt_definition_outcomes_quarterly (
  "quarter_start_date" DATE,
  "quarter_label" VARCHAR,
  "definition_version_id" VARCHAR,
  "segment_type" VARCHAR,
  "segment_value" VARCHAR,
  "handed_off" BIGINT,
  "handed_off_in_force" HUGEINT,
  "sales_ready" HUGEINT,
  "converted" HUGEINT,
  "converted_sales_ready" HUGEINT,
  "missed" HUGEINT,
  "false_positives" HUGEINT,
  "pipeline_amount" DOUBLE,
  "pipeline_amount_all" DOUBLE,
  "conversion_rate" DOUBLE,
  "precision" DOUBLE,
  "recall" DOUBLE,
  "is_proposed_version" BOOLEAN,
  "is_in_force_in_quarter" BOOLEAN,
  "is_outcome_window_complete" BOOLEAN
);

create table handoff.rpt_demo (week date, seam varchar, p50_seconds double);

create table handoff.rpt_disposition_coverage (
  "team_id" VARCHAR,
  "owner_id" VARCHAR,
  "owner_name" VARCHAR,
  "handoffs" BIGINT,
  "due" HUGEINT,
  "dispositioned_in_time" HUGEINT,
  "missing" HUGEINT,
  "converted" HUGEINT,
  "working" HUGEINT,
  "no_response" HUGEINT,
  "bad_fit" HUGEINT,
  "coverage" DOUBLE,
  "missing_rate" DOUBLE
);

create table handoff.rpt_recent_handoff_timeline (
  "handoff_id" VARCHAR,
  "lead_id" VARCHAR,
  "owner_id" VARCHAR,
  "owner_name" VARCHAR,
  "lead_tier" VARCHAR,
  "source_channel" VARCHAR,
  "trigger_form_name" VARCHAR,
  "missing_steps" VARCHAR,
  "step" VARCHAR,
  "source_system" VARCHAR,
  "recency_rank" BIGINT,
  "step_order" INTEGER,
  "is_out_of_order" BOOLEAN,
  "is_during_working_hours" BOOLEAN,
  "mql_at" TIMESTAMP,
  "occurred_at" TIMESTAMP,
  "seconds_since_previous_step" BIGINT,
  "working_seconds_since_previous_step" HUGEINT
);

create table handoff.rpt_seam_latency_weekly (
  "week_start_date" DATE,
  "seam" VARCHAR,
  "lead_tier" VARCHAR,
  "source_channel" VARCHAR,
  "seam_order" INTEGER,
  "handoffs" BIGINT,
  "p50_seconds" DOUBLE,
  "p90_seconds" DOUBLE,
  "p95_seconds" DOUBLE,
  "p50_working_seconds" DOUBLE,
  "p90_working_seconds" DOUBLE,
  "p95_working_seconds" DOUBLE,
  "total_working_seconds" HUGEINT,
  "share_of_working_delay" DOUBLE
);

create table handoff.rpt_sla_open_breaches (
  "handoff_id" VARCHAR,
  "lead_id" VARCHAR,
  "owner_id" VARCHAR,
  "team_id" VARCHAR,
  "owner_name" VARCHAR,
  "sla_tier" VARCHAR,
  "source_channel" VARCHAR,
  "trigger_form_name" VARCHAR,
  "breach_rank" BIGINT,
  "seconds_past_due" BIGINT,
  "working_seconds_open" HUGEINT,
  "mql_at" TIMESTAMP,
  "sla_started_at" TIMESTAMP,
  "sla_due_at" TIMESTAMP
);

create table handoff.rpt_sla_weekly (
  "week_start_date" DATE,
  "team_id" VARCHAR,
  "owner_id" VARCHAR,
  "sla_tier" VARCHAR,
  "source_channel" VARCHAR,
  "handoffs" BIGINT,
  "met" HUGEINT,
  "breached" HUGEINT,
  "open" HUGEINT,
  "overdue" HUGEINT,
  "not_routed" HUGEINT,
  "sales_attainment" DOUBLE,
  "p50_working_minutes_to_touch" DOUBLE,
  "p90_working_minutes_to_touch" DOUBLE,
  "context_met" HUGEINT,
  "context_attainment" DOUBLE,
  "sales_ready" HUGEINT,
  "sales_ready_share" DOUBLE,
  "dispositioned" HUGEINT,
  "bad_fit" HUGEINT,
  "bad_fit_rate" DOUBLE
);
