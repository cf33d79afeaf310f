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
};
