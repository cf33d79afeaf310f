// @ts-check
// Column documentation. Each concept is described once in `descriptions`; each
// model's `columns` config picks the columns it outputs, in output order. A
// test checks that every model's documented columns are exactly the columns it
// produces.

/** @type {Record<string, string>} */
const descriptions = {
  // ids
  lead_id: "Salesforce lead id.",
  contact_id: "HubSpot contact id.",
  owner_id: "Salesforce user (or queue) id that owns the record.",
  user_id: "Salesforce user id.",
  team_id: "Team of a user: the Salesforce role id.",
  task_id: "Salesforce task id.",
  opportunity_id: "Salesforce opportunity id.",
  account_id: "Salesforce account id.",
  campaign_id: "Salesforce campaign id.",
  campaign_member_id: "Salesforce campaign member id.",
  lead_history_id: "Salesforce lead history row id.",
  routing_event_id: "Routing-tool event id.",
  form_id: "HubSpot form guid.",
  conversion_id: "HubSpot form submission id.",
  converted_opportunity_id: "Opportunity created when the lead converted.",
  converted_contact_id: "Contact created or matched when the lead converted.",
  converted_account_id: "Account created or matched when the lead converted.",
  salesforce_lead_id: "Salesforce lead id that the HubSpot-Salesforce sync wrote on the contact.",
  change_source_id: "Id of what set the property (workflow, user, form).",

  // strings
  lead_status: "Salesforce lead status.",
  lead_source: "Salesforce lead source.",
  email: "Email address, lowercased and trimmed.",
  email_domain: "The part of the email after the @.",
  first_name: "First name.",
  last_name: "Last name.",
  title: "Job title.",
  company: "Company name.",
  industry: "Industry.",
  country: "Country.",
  employee_range: "Employee range as HubSpot stores it (1-5, ..., 1000+).",
  lifecycle_stage: "Current HubSpot lifecycle stage.",
  hubspot_lead_status: "Current HubSpot lead status (hs_lead_status).",
  analytics_source: "HubSpot original source (hs_analytics_source).",
  field_name: "Field that changed (Owner, Status, ...).",
  old_value: "Value before the change.",
  new_value: "Value after the change.",
  task_type: "Task type: Call, Email, Meeting, Other.",
  task_subtype: "Task subtype.",
  subject: "Task subject.",
  task_status: "Task status.",
  call_disposition: "Call result the rep logged.",
  user_name: "User's full name.",
  time_zone: "IANA time zone name of the user, as set in Salesforce.",
  opportunity_name: "Opportunity name.",
  stage_name: "Opportunity stage.",
  campaign_name: "Campaign name.",
  campaign_type: "Campaign type.",
  member_status: "Campaign member status.",
  property_name: "HubSpot property name.",
  property_value: "Value the property took.",
  change_source: "What set the property: FORM, CRM_UI, WORKFLOWS, ...",
  page_url: "Page the form was on.",
  page_title: "Title of that page.",
  form_name: "Form name.",
  form_type: "HubSpot form type.",
  event_type: "Routing event: assigned or notified.",
  channel: "Routing channel (round_robin, territory, ...) or notification channel (email, slack).",

  // numerics
  employee_count: "Number of employees.",
  employee_count_min: "Lower bound of the HubSpot employee range.",
  annual_revenue: "Annual revenue.",
  amount: "Opportunity amount.",

  // booleans
  is_converted: "The lead was converted.",
  is_active: "The user is active.",
  is_won: "The opportunity was won.",
  is_closed: "The opportunity is closed.",
  has_responded: "The campaign member responded.",
  is_deleted_in_hubspot: "The contact was deleted or merged away in HubSpot.",

  // dates and timestamps
  created_at: "When the record was created (UTC).",
  converted_date: "Date the lead converted.",
  activity_date: "Task activity date.",
  completed_at: "When the task was completed (UTC).",
  close_date: "Opportunity close date.",
  first_responded_date: "Date the member first responded.",
  changed_at: "When the change happened (UTC).",
  submitted_at: "When the form was submitted (UTC).",
  occurred_at: "When the event happened (UTC).",

  // handoff path
  handoff_id: "One handoff: the lead id and the handoff number, e.g. 00Q...-2.",
  handoff_number: "1 for a lead's first qualification, 2 for the next after it was recycled, and so on.",
  person_contact_id: "The person's HubSpot contact: the first live contact among those sharing an email.",
  clock_owner_id: "Whose working-hours clock measures the step: the owner, or (unassigned) for the fallback clock.",
  trigger_form_id: "The form whose submission triggered the handoff: the latest one at or before qualifying.",
  first_touch_owner_id: "User who made the first sales touch.",
  trigger_form_name: "Name of the trigger form.",
  owner_name: "Owner's name.",
  lead_tier: "Lead tier from the policy's tier rules on the trigger form: hand_raiser or standard.",
  source_channel: "Where the lead came from: HubSpot's original source, else the Salesforce lead source.",
  routed_source_system: "Where the first assignment was recorded: routing_log or salesforce_lead_history.",
  notification_channel: "How the owner was notified (email, slack, ...).",
  first_touch_type: "Type of the first sales touch: Call, Email or Meeting.",
  missing_steps: "Steps that have not happened (space-separated), or null when the path is complete.",
  match_method: "How the contact was matched to its lead: salesforce_lead_id or email.",
  identity_gap_reason: "Why no single lead matches: no_salesforce_lead, email_matches_several_leads, conflicting_salesforce_lead_ids, salesforce_lead_id_not_found or no_email_to_match.",
  step: "Step of the handoff path: form_submitted, mql, synced, routed, notified, first_touch.",
  previous_step: "The step before this one on the path (the previous step that happened).",
  source_system: "System that recorded the step: hubspot, salesforce or routing; for assignments, where it was recorded.",
  schedule_scope: "Which working-hours rule applies: owner, team or default.",
  holiday_name: "Company holiday on that date, if any.",
  seam: "A seam between two steps: submit_to_mql, mql_to_sync, sync_to_route, route_to_notify, notify_to_first_touch, or the whole path submit_to_first_touch.",
  step_order: "Position of the step on the path, 1 to 6.",
  seam_order: "Position of the seam on the path, 1 to 6 (6 is the whole path).",
  iso_day_of_week: "ISO weekday, 1 = Monday ... 7 = Sunday.",
  start_minute: "Start of the working day, minutes after local midnight.",
  end_minute: "End of the working day, minutes after local midnight.",
  working_seconds: "Working seconds in the day.",
  working_seconds_before: "Working seconds on the owner's clock before this day began.",
  working_days_before: "Working days on the owner's clock before this day.",
  working_position_seconds: "Position of the moment on the owner's working-hours clock: working seconds since the clock's first day.",
  contacts: "Number of HubSpot contacts behind the person.",
  qualifications: "Times the person became marketing-qualified.",
  handoffs: "Number of handoffs.",
  p50_seconds: "Median seam length, wall clock.",
  p90_seconds: "90th percentile seam length, wall clock.",
  p95_seconds: "95th percentile seam length, wall clock.",
  p50_working_seconds: "Median seam length, working hours.",
  p90_working_seconds: "90th percentile seam length, working hours.",
  p95_working_seconds: "95th percentile seam length, working hours.",
  total_working_seconds: "Sum of the seam's working seconds over the handoffs.",
  share_of_working_delay: "The seam's share of all working seconds spent in the five seams by these handoffs (null for the whole path).",
  is_duplicate_contact: "The contact is a duplicate or merged-away record of a person known by another contact.",
  is_fallback_time_zone: "The owner has no time zone (or one the engines do not know), so the policy's fallback zone is used.",
  is_working_day: "The owner works on this date (a working weekday and not a holiday).",
  is_during_working_hours: "The step happened inside the owner's working hours.",
  is_out_of_order: "The step happened before the step that precedes it on the path (e.g. a touch before routing).",
  has_form_submission: "A form submission triggered the handoff.",
  is_routed: "The lead was assigned to a person.",
  is_notified: "The owner was notified by the routing tool.",
  is_touched: "Sales touched the lead (call, email or meeting).",
  is_path_complete: "Every step happened.",
  is_touched_before_routed: "Out of order: the first touch came before the lead was routed.",
  is_touched_before_notified: "Out of order: the first touch came before the owner was notified.",
  calendar_date: "Local calendar date in the owner's time zone.",
  week_start_date: "Monday of the week (UTC) the handoff qualified in.",
  day_started_at: "Local midnight that starts the owner's calendar day, in UTC.",
  day_ended_at: "Local midnight that ends the owner's calendar day (the next day's start), in UTC.",
  utc_date: "A UTC date the owner's local day overlaps: the join key that finds a moment's local day without converting the moment to local time.",
  local_date: "The owner's local calendar date on which the step happened.",
  work_started_at: "Start of the working day (UTC).",
  work_ended_at: "End of the working day (UTC).",
  form_submitted_at: "Step 1: when the trigger form was submitted (UTC).",
  mql_at: "Step 2: when the contact became marketing-qualified (UTC).",
  previous_mql_at: "When the lead's previous handoff qualified.",
  next_mql_at: "When the lead's next handoff qualified; this handoff's steps end there.",
  synced_at: "Step 3: when the lead existed in Salesforce: its creation, or the MQL moment if it was created earlier (UTC).",
  routed_at: "Step 4: first assignment to a person at or after sync (UTC).",
  notified_at: "Step 5: first notification of the owner at or after routing (UTC).",
  first_touch_at: "Step 6: first call, email or meeting on the lead at or after sync (UTC).",
  first_mql_at: "First time the person qualified.",
  last_mql_at: "Last time the person qualified.",
  assigned_at: "When the lead was assigned (UTC).",
  seconds_since_previous_step: "Wall-clock seconds since the previous step.",
  working_seconds_since_previous_step: "Working seconds on the owner's clock since the previous step.",
  submit_to_mql_seconds: "Form submit to MQL, wall clock.",
  mql_to_sync_seconds: "MQL to Salesforce sync, wall clock.",
  sync_to_route_seconds: "Sync to routing, wall clock.",
  route_to_notify_seconds: "Routing to notification, wall clock.",
  notify_to_first_touch_seconds: "Notification (or routing, when none was sent) to first touch, wall clock.",
  submit_to_first_touch_seconds: "The whole path: form submit (or MQL when no form) to first touch, wall clock.",
  submit_to_mql_working_seconds: "Form submit to MQL, owner's working hours.",
  mql_to_sync_working_seconds: "MQL to sync, owner's working hours.",
  sync_to_route_working_seconds: "Sync to routing, owner's working hours.",
  route_to_notify_working_seconds: "Routing to notification, owner's working hours.",
  notify_to_first_touch_working_seconds: "Notification (or routing) to first touch, owner's working hours.",
  submit_to_first_touch_working_seconds: "The whole path, owner's working hours.",

  // definition
  definition_version_id: "Version of the sales-ready definition (includes/policy.js).",
  hubspot_score: "HubSpot score at the handoff (hubspotscore), the latest value at or before qualifying.",
  content_actions_within_30_days: "Form submissions (content, events, any form) in the 30 days up to the handoff.",
  is_target_account: "Fit: the email domain is a target account.",
  passes_employee_count: "Fit: the employee count is in the version's range.",
  passes_industry: "Fit: the industry is one the version lists (or it lists none).",
  passes_country: "Fit: the country is one the version lists (or it lists none).",
  passes_email_domain: "Fit: a company email, not free mail or a university.",
  passes_title: "Fit: the title is not excluded (students, interns).",
  is_hand_raiser: "Behavior: the trigger form asks for sales (demo, contact sales, pricing).",
  passes_content_actions: "Behavior: enough content actions in the version's window.",
  passes_score: "Behavior: the HubSpot score reaches the version's threshold.",
  is_fit_met: "Fit met: company email and title allowed, and a target account or the firmographic criteria.",
  is_behavior_met: "Behavior met: a hand-raiser form, enough content actions, or the score.",
  is_sales_ready: "Sales-ready under this version: fit and behavior.",
  is_version_in_force: "This version was in force on the day the lead qualified.",
  is_proposed_version: "This version is a proposal (no effective date yet): a what-if.",
  is_proposed: "The version is a proposal, not yet in force.",
  is_in_force_now: "The version is in force at the run's as-of date.",
  passed_criteria: "Criteria that passed (space-separated).",
  failed_criteria: "Criteria that failed (space-separated); 'behavior' when no behavior criterion passed; null when sales-ready.",
  criterion: "Criterion name, as the columns of fct_lead_readiness name it.",
  criterion_kind: "fit or behavior.",
  criterion_text: "The criterion in words.",
  criterion_order: "Order of the criterion within its version.",
  change_reason: "Why this version was written: what the previous one got wrong.",
  effective_from: "First day the version is in force; null for a proposal.",
  effective_to: "Day the next version took over; null while in force.",
  example_id: "Example id: version and position.",
  example_description: "The example lead in words.",
  expected_verdict: "The verdict the example is written with: sales_ready or not_sales_ready.",
  actual_verdict: "The verdict the SQL classification gives.",

  // dispositions
  crm_value: "The CRM value as written (a lead status or hs_lead_status value).",
  crm_system: "Where the value came from: salesforce, hubspot, salesforce_conversion.",
  disposition: "One of converted, working, no_response, bad_fit; null when there is none (yet).",
  is_mapped: "The policy maps this CRM value (possibly to 'no disposition yet').",
  set_at: "When the value was set (UTC).",
  disposition_source_system: "Where the current disposition came from.",
  disposition_crm_value: "The CRM value behind the current disposition.",
  disposition_history: "Every disposition change in this handoff, oldest first: disposition (system: value, date).",
  unmapped_values: "CRM values seen in this handoff that the policy does not map (comma-separated; empty when none).",
  disposition_changes: "Number of disposition changes in this handoff.",
  working_days_to_first_disposition: "Owner's working days from the handoff to the first disposition.",
  working_days_since_handoff: "Owner's working days from the handoff to the as-of time.",
  is_dispositioned: "The handoff has a disposition.",
  is_due: "The policy's window for a disposition has passed.",
  is_missing: "No disposition although the policy's window has passed.",
  is_dispositioned_in_time: "The first disposition came within the policy's window.",
  first_dispositioned_at: "When the first disposition was set.",
  disposition_set_at: "When the current disposition was set.",

  // SLA
  sla_tier: "SLA tier of the handoff (the lead tier): hand_raiser or standard.",
  sla_kind: "How the tier's due time is set: working_minutes after routing, or end_of_working_day.",
  sla_working_minutes: "For working_minutes tiers: the working minutes allowed from routing to first touch.",
  started_position: "Position of routing on the owner's working-hours clock.",
  sla_status: "met (touched by the due time), breached (touched late), open (not touched, not yet due), overdue (not touched, past due), not_routed (no owner yet: the sales clock has not started).",
  sla_started_at: "When the sales clock started: routing (UTC).",
  sla_due_at: "When the first touch is due (UTC).",
  source_campaign_id: "The campaign that sourced the lead: its first campaign membership up to the handoff.",
  source_campaign_name: "Name of the source campaign.",
  content_consumed: "Content forms the lead submitted up to the handoff (comma-separated).",
  missing_context: "Context checks that failed (space-separated), or null when complete.",
  content_actions: "Content form submissions up to the handoff.",
  context_checks_passed: "How many of the eight context checks passed.",
  context_score: "Share of the eight context checks that passed, 0 to 1.",
  has_source_campaign: "Context: a source campaign is known.",
  has_trigger_action: "Context: the form that triggered the handoff is known.",
  has_content_consumed: "Context: the lead consumed at least one piece of content before the handoff.",
  has_company: "Context: company present.",
  has_title: "Context: title present.",
  has_employee_count: "Context: employee count present.",
  has_industry: "Context: industry present.",
  has_country: "Context: country present.",
  definition_version_in_force: "The sales-ready definition version in force when the lead qualified.",
  failed_criteria_in_force: "Criteria the handoff failed under the definition in force.",
  is_sales_sla_met: "Sales met the SLA; null while open or not routed.",
  is_context_sla_met: "Marketing met the context SLA: context_score reaches the policy threshold.",
  is_sales_ready_in_force: "Sales-ready under the definition in force when it qualified.",
  is_bad_fit: "Sales disposed of the handoff as a bad fit.",
  working_seconds_to_first_touch: "Routing to first touch on the owner's working-hours clock (negative when touched before routing).",
  seconds_to_first_touch: "Routing to first touch, wall clock.",
  seconds_past_due: "How late: for a breach, first touch minus due time; for an overdue handoff, as-of time minus due time.",
  working_seconds_open: "For an overdue handoff: working seconds from routing to the as-of time.",
  breach_rank: "1 for the oldest breach.",
  met: "Handoffs touched by the due time.",
  breached: "Handoffs touched after the due time.",
  open: "Handoffs not yet touched and not yet due.",
  overdue: "Handoffs not touched and past due.",
  not_routed: "Handoffs with no owner yet.",
  sales_attainment: "Sales SLA attainment: met / (met + breached + overdue).",
  p50_working_minutes_to_touch: "Median working minutes from routing to first touch (touched handoffs).",
  p90_working_minutes_to_touch: "90th percentile working minutes from routing to first touch.",
  context_met: "Handoffs that met the context SLA.",
  context_attainment: "Marketing context SLA attainment: context_met / handoffs.",
  sales_ready: "Handoffs sales-ready under the definition in force.",
  sales_ready_share: "Share of handoffs sales-ready under the definition in force.",
  dispositioned: "Handoffs with a disposition.",
  bad_fit: "Handoffs disposed of as bad fit.",
  bad_fit_rate: "bad_fit / dispositioned.",

  // outcomes and reviews
  opportunity_created_at: "When the opportunity was created (UTC).",
  pipeline_amount: "Opportunity amount the handoff became (0 when none); in the quarterly review, of sales-ready handoffs.",
  pipeline_amount_all: "Opportunity amount of every converted handoff, sales-ready or not.",
  is_pipeline: "The handoff became pipeline: an opportunity within the policy's window.",
  is_outcome_window_complete: "Every handoff counted has had the policy's full window to become pipeline.",
  quarter_start_date: "First day of the quarter the handoffs qualified in.",
  quarter_label: "The quarter, e.g. 2026-Q3.",
  segment_type: "What the segment splits by: all, lead_tier or source_channel.",
  segment_value: "The segment's value ('all' for the whole quarter).",
  handed_off: "Handoffs in the quarter and segment (every version sees the same ones).",
  handed_off_in_force: "Of those, the handoffs this version was in force for.",
  converted: "Handoffs that became pipeline.",
  converted_sales_ready: "Sales-ready handoffs that became pipeline.",
  missed: "Converted handoffs this version did not call sales-ready.",
  false_positives: "Sales-ready handoffs that sales disposed of as bad fit.",
  conversion_rate: "converted / handed_off.",
  precision: "Of the handoffs this version called sales-ready, the share that became pipeline.",
  recall: "Of the handoffs that became pipeline, the share this version called sales-ready.",
  is_in_force_in_quarter: "The version was in force for at least one handoff of the quarter.",
  period_start_date: "First day (a Monday) of the two-week review period.",
  period_end_date: "Last day of the two-week review period.",
  previous_sales_attainment: "Sales attainment in the previous period.",
  previous_p90_working_minutes_to_touch: "p90 working minutes to first touch in the previous period.",
  previous_context_attainment: "Context attainment in the previous period.",
  previous_sales_ready_share: "Sales-ready share in the previous period.",
  breakdown: "What the row breaks the period down by: all, source_channel, source_campaign or owner.",
  breakdown_value: "The value of the breakdown.",
  working: "Handoffs dispositioned working.",
  no_response: "Handoffs dispositioned no response.",
  undispositioned: "Handoffs with no disposition yet.",
  missing: "Handoffs missing a disposition after the policy's window.",
  due: "Handoffs whose disposition window has passed.",
  missing_rate: "missing / due.",
  previous_missing_rate: "Missing rate in the previous period with handoffs.",
  previous_bad_fit_rate: "Bad-fit rate in the previous period with handoffs.",
  missing_rank: "Rank within the period and breakdown by missing dispositions (1 = most).",
  previous_version_id: "The version this one replaced.",
  previous_criterion_text: "The criterion's wording in the previous version (null when new).",
  previous_version_handed_off: "Handoffs the previous version was in force for.",
  previous_version_sales_ready: "Of all handoffs, those the previous version called sales-ready (quarters it was in force).",
  previous_version_converted: "Handoffs that became pipeline (quarters the previous version was in force).",
  previous_version_precision: "The previous version's precision over the quarters it was in force.",
  previous_version_recall: "The previous version's recall over the quarters it was in force.",
  agenda_item: "One of the three standing items: SLA performance, Disposition trends, Definition changes.",
  agenda_item_order: "1, 2 or 3.",
  metric: "The figure, in words.",
  metric_order: "Order within the agenda item.",
  unit: "share (0 to 1), minutes or count.",
  this_period: "The figure this period.",
  previous_period: "The figure the previous period.",
  change_from_previous: "this_period - previous_period.",
  dispositioned_in_time: "Handoffs dispositioned within the policy's window.",
  coverage: "Disposition coverage: dispositioned_in_time / due.",
  recency_rank: "1 for the handoff that qualified last.",
  leads: "Number of leads.",
  changes: "Number of changes to this value.",
  first_set_at: "First time the value was set (UTC).",
  last_set_at: "Last time the value was set (UTC).",
};

/**
 * Documentation for the given columns, in order. Throws on a column that has
 * no description, so a model cannot ship undocumented columns.
 * @param {...string} columns
 * @returns {Record<string, string>}
 */
function pick(...columns) {
  /** @type {Record<string, string>} */
  const picked = {};
  for (const column of columns) {
    const description = descriptions[column];
    if (!description) throw new Error(`includes/docs.js: no description for column "${column}"`);
    picked[column] = description;
  }
  return picked;
}

module.exports = {
  descriptions,
  pick,

  stg_salesforce__leads: pick(
    "lead_id", "owner_id", "converted_opportunity_id", "converted_contact_id", "converted_account_id",
    "lead_status", "lead_source", "email", "email_domain", "first_name", "last_name", "title", "company", "industry", "country",
    "employee_count", "annual_revenue",
    "is_converted",
    "created_at", "converted_date"
  ),
  stg_salesforce__lead_history: pick("lead_history_id", "lead_id", "field_name", "old_value", "new_value", "changed_at"),
  stg_salesforce__tasks: pick(
    "task_id", "lead_id", "owner_id",
    "task_type", "task_subtype", "subject", "task_status", "call_disposition",
    "activity_date", "created_at", "completed_at"
  ),
  stg_salesforce__users: pick("user_id", "team_id", "user_name", "email", "time_zone", "is_active"),
  stg_salesforce__opportunities: pick(
    "opportunity_id", "account_id", "opportunity_name", "stage_name", "amount", "is_won", "is_closed", "created_at", "close_date"
  ),
  stg_salesforce__campaigns: pick("campaign_id", "campaign_name", "campaign_type"),
  stg_salesforce__campaign_members: pick(
    "campaign_member_id", "campaign_id", "lead_id", "member_status", "has_responded", "first_responded_date", "created_at"
  ),
  stg_hubspot__contacts: pick(
    "contact_id", "salesforce_lead_id",
    "email", "email_domain", "first_name", "last_name", "company", "title", "industry", "employee_range", "country",
    "lifecycle_stage", "hubspot_lead_status", "analytics_source",
    "employee_count_min", "annual_revenue",
    "is_deleted_in_hubspot",
    "created_at"
  ),
  stg_hubspot__contact_property_history: pick("contact_id", "change_source_id", "property_name", "property_value", "change_source", "changed_at"),
  stg_hubspot__form_submissions: pick("conversion_id", "contact_id", "form_id", "page_url", "page_title", "submitted_at"),
  stg_hubspot__forms: pick("form_id", "form_name", "form_type"),
  stg_routing__routing_events: pick("routing_event_id", "lead_id", "owner_id", "event_type", "channel", "occurred_at"),

  int_owner_schedules: pick("owner_id", "team_id", "time_zone", "schedule_scope", "iso_day_of_week", "start_minute", "end_minute", "is_fallback_time_zone"),
  int_owner_working_days: pick(
    "owner_id", "time_zone", "holiday_name", "working_seconds", "working_seconds_before", "working_days_before", "is_working_day", "calendar_date", "day_started_at", "day_ended_at", "work_started_at", "work_ended_at"
  ),
  int_owner_working_days_by_utc_date: pick(
    "owner_id", "time_zone", "holiday_name", "working_seconds", "working_seconds_before", "working_days_before", "is_working_day", "calendar_date", "day_started_at", "day_ended_at", "work_started_at", "work_ended_at", "utc_date"
  ),
  int_contact_identities: pick("contact_id", "person_contact_id", "lead_id", "match_method", "identity_gap_reason", "is_duplicate_contact"),
  int_handoffs_qualified: pick("handoff_id", "lead_id", "contact_id", "handoff_number", "mql_at", "previous_mql_at", "next_mql_at"),
  int_lead_assignments_unioned: pick("lead_id", "owner_id", "assigned_at", "source_system"),
  int_handoff_steps_pivoted: pick(
    "handoff_id", "lead_id", "contact_id", "owner_id", "trigger_form_id", "first_touch_owner_id",
    "trigger_form_name", "routed_source_system", "notification_channel", "first_touch_type",
    "handoff_number",
    "form_submitted_at", "mql_at", "synced_at", "routed_at", "notified_at", "first_touch_at", "next_mql_at"
  ),
  fct_handoff_steps: pick(
    "handoff_id", "lead_id", "owner_id", "clock_owner_id", "step", "previous_step", "source_system", "time_zone", "step_order", "working_position_seconds",
    "is_out_of_order", "is_during_working_hours", "local_date", "occurred_at", "seconds_since_previous_step", "working_seconds_since_previous_step"
  ),
  fct_handoffs: pick(
    "handoff_id", "lead_id", "contact_id", "owner_id", "team_id", "trigger_form_id",
    "owner_name", "trigger_form_name", "lead_tier", "source_channel", "routed_source_system", "notification_channel", "first_touch_type", "missing_steps",
    "handoff_number",
    "has_form_submission", "is_routed", "is_notified", "is_touched", "is_path_complete", "is_touched_before_routed", "is_touched_before_notified",
    "form_submitted_at", "mql_at", "synced_at", "routed_at", "notified_at", "first_touch_at",
    "submit_to_mql_seconds", "mql_to_sync_seconds", "sync_to_route_seconds", "route_to_notify_seconds", "notify_to_first_touch_seconds", "submit_to_first_touch_seconds",
    "submit_to_mql_working_seconds", "mql_to_sync_working_seconds", "sync_to_route_working_seconds", "route_to_notify_working_seconds",
    "notify_to_first_touch_working_seconds", "submit_to_first_touch_working_seconds"
  ),
  rpt_seam_latency_weekly: pick(
    "week_start_date", "seam", "lead_tier", "source_channel", "seam_order", "handoffs",
    "p50_seconds", "p90_seconds", "p95_seconds", "p50_working_seconds", "p90_working_seconds", "p95_working_seconds",
    "total_working_seconds", "share_of_working_delay"
  ),
  fct_identity_gaps: pick("person_contact_id", "email", "company", "identity_gap_reason", "contacts", "qualifications", "first_mql_at", "last_mql_at"),

  int_handoff_features: pick(
    "handoff_id", "lead_id", "email_domain", "industry", "country", "title", "company", "trigger_form_name",
    "employee_count", "hubspot_score", "content_actions_within_30_days", "mql_at"
  ),
  fct_lead_readiness: pick(
    "handoff_id", "lead_id", "definition_version_id", "passed_criteria", "failed_criteria",
    "passes_email_domain", "passes_title", "is_target_account", "passes_employee_count", "passes_industry", "passes_country",
    "is_hand_raiser", "passes_content_actions", "passes_score",
    "is_fit_met", "is_behavior_met", "is_sales_ready", "is_version_in_force", "is_proposed_version", "mql_at"
  ),
  dim_lead_definitions: pick(
    "definition_version_id", "criterion", "criterion_kind", "criterion_text", "change_reason", "criterion_order",
    "is_proposed", "is_in_force_now", "effective_from", "effective_to"
  ),
  dim_lead_definition_examples: pick(
    "example_id", "definition_version_id", "example_description", "expected_verdict", "actual_verdict", "is_fit_met", "is_behavior_met"
  ),
  int_disposition_events: pick("lead_id", "crm_system", "crm_value", "disposition", "is_mapped", "set_at"),
  fct_handoff_dispositions: pick(
    "handoff_id", "lead_id", "owner_id", "disposition", "disposition_source_system", "disposition_crm_value", "disposition_history", "unmapped_values",
    "disposition_changes", "working_days_to_first_disposition", "working_days_since_handoff",
    "is_dispositioned", "is_due", "is_missing", "is_dispositioned_in_time", "mql_at", "first_dispositioned_at", "disposition_set_at"
  ),

  int_handoff_sla_due: pick("handoff_id", "clock_owner_id", "sla_tier", "sla_kind", "sla_working_minutes", "started_position", "sla_started_at", "sla_due_at"),
  int_handoff_context: pick(
    "handoff_id", "source_campaign_id", "source_campaign_name", "content_consumed", "missing_context", "content_actions", "context_checks_passed",
    "has_source_campaign", "has_trigger_action", "has_content_consumed", "has_company", "has_title", "has_employee_count", "has_industry", "has_country"
  ),
  fct_handoff_sla: pick(
    "handoff_id", "lead_id", "owner_id", "team_id", "source_campaign_id",
    "owner_name", "sla_tier", "sla_kind", "sla_status", "source_channel", "source_campaign_name", "trigger_form_name", "content_consumed", "missing_context",
    "definition_version_in_force", "failed_criteria_in_force", "disposition",
    "sla_working_minutes", "context_checks_passed", "context_score",
    "is_touched", "is_sales_sla_met", "is_context_sla_met", "is_sales_ready_in_force", "is_bad_fit",
    "form_submitted_at", "mql_at", "sla_started_at", "sla_due_at", "first_touch_at",
    "working_seconds_to_first_touch", "seconds_to_first_touch", "seconds_past_due", "working_seconds_open", "submit_to_first_touch_seconds"
  ),
  rpt_sla_weekly: pick(
    "week_start_date", "team_id", "owner_id", "sla_tier", "source_channel",
    "handoffs", "met", "breached", "open", "overdue", "not_routed", "sales_attainment", "p50_working_minutes_to_touch", "p90_working_minutes_to_touch",
    "context_met", "context_attainment", "sales_ready", "sales_ready_share", "dispositioned", "bad_fit", "bad_fit_rate"
  ),
  rpt_sla_open_breaches: pick(
    "handoff_id", "lead_id", "owner_id", "team_id", "owner_name", "sla_tier", "source_channel", "trigger_form_name",
    "breach_rank", "seconds_past_due", "working_seconds_open", "mql_at", "sla_started_at", "sla_due_at"
  ),

  int_handoff_outcomes: pick("handoff_id", "opportunity_id", "pipeline_amount", "is_pipeline", "is_won", "is_outcome_window_complete", "opportunity_created_at"),
  rpt_definition_outcomes_quarterly: pick(
    "quarter_start_date", "quarter_label", "definition_version_id", "segment_type", "segment_value",
    "handed_off", "handed_off_in_force", "sales_ready", "converted", "converted_sales_ready", "missed", "false_positives",
    "pipeline_amount", "pipeline_amount_all", "conversion_rate", "precision", "recall",
    "is_proposed_version", "is_in_force_in_quarter", "is_outcome_window_complete"
  ),
  int_handoff_review_facts: pick(
    "handoff_id", "owner_id", "team_id", "owner_name", "sla_tier", "sla_status", "source_channel", "source_campaign_name", "disposition",
    "working_seconds_to_first_touch", "context_score", "is_context_sla_met", "is_sales_ready_in_force", "is_missing", "is_due", "is_dispositioned_in_time",
    "period_start_date", "period_end_date"
  ),
  rpt_biweekly_sla: pick(
    "period_start_date", "period_end_date", "sla_tier", "handoffs", "met", "breached", "overdue",
    "sales_attainment", "previous_sales_attainment", "p50_working_minutes_to_touch", "p90_working_minutes_to_touch", "previous_p90_working_minutes_to_touch",
    "context_attainment", "previous_context_attainment", "sales_ready_share", "previous_sales_ready_share"
  ),
  rpt_biweekly_dispositions: pick(
    "period_start_date", "period_end_date", "breakdown", "breakdown_value", "handoffs", "converted", "working", "no_response", "bad_fit", "undispositioned",
    "missing", "missing_rate", "previous_missing_rate", "bad_fit_rate", "previous_bad_fit_rate", "missing_rank"
  ),
  rpt_biweekly_definition_changes: pick(
    "period_start_date", "period_end_date", "effective_from", "definition_version_id", "previous_version_id", "change_reason", "criterion",
    "previous_criterion_text", "criterion_text", "previous_version_handed_off", "previous_version_sales_ready", "previous_version_converted",
    "previous_version_precision", "previous_version_recall"
  ),
  rpt_unmapped_dispositions: pick("crm_system", "crm_value", "leads", "changes", "first_set_at", "last_set_at"),
  rpt_disposition_coverage: pick(
    "team_id", "owner_id", "owner_name", "handoffs", "due", "dispositioned_in_time", "missing", "converted", "working", "no_response", "bad_fit", "coverage", "missing_rate"
  ),
  rpt_recent_handoff_timeline: pick(
    "handoff_id", "lead_id", "owner_id", "owner_name", "lead_tier", "source_channel", "trigger_form_name", "missing_steps", "step", "source_system",
    "recency_rank", "step_order", "is_out_of_order", "is_during_working_hours", "mql_at", "occurred_at", "seconds_since_previous_step", "working_seconds_since_previous_step"
  ),
  rpt_biweekly_review: pick(
    "period_start_date", "period_end_date", "agenda_item", "metric", "unit", "agenda_item_order", "metric_order", "this_period", "previous_period", "change_from_previous"
  ),
};
