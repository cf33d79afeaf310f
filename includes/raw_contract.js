// @ts-check
// The raw contract: every table Handoff reads, with the columns and types that
// Fivetran's Salesforce and HubSpot connectors (and a routing tool's log) write.
// One place for it: declarations, the loader's contract check, the BigQuery
// analyzer's catalog and the README table all read this file.

/** @typedef {"string" | "int64" | "float64" | "bool" | "timestamp" | "date"} RawType */
/** @typedef {{ type: RawType, description: string }} RawColumn */
/**
 * `eventTime`, on append-only event logs only: the column that orders the
 * log. Their staging models are incremental on it (includes/event_logs.js),
 * and the benchmark holds back the newest events by it.
 * `readOnly`, on history tables that log every field of a record: the fields
 * Handoff reads. Staging keeps only those rows; a real portal logs hundreds of
 * properties, most of them never read. A model that reads another field must
 * add it here (test/staging.test.ts checks every model's field names).
 * @typedef {{ column: string, values: string[] }} ReadOnly
 * @typedef {{ description: string, key: string[], eventTime?: string, readOnly?: ReadOnly, columns: Record<string, RawColumn> }} RawTable
 */

/**
 * @param {RawType} type
 * @param {string} description
 * @returns {RawColumn}
 */
function col(type, description) {
  return { type, description };
}

/** Systems, with the Dataform var that names each one's schema and its default. */
const systems = {
  salesforce: { schemaVar: "salesforce_schema", defaultSchema: "salesforce", description: "Salesforce, as Fivetran's Salesforce connector syncs it." },
  hubspot: { schemaVar: "hubspot_schema", defaultSchema: "hubspot", description: "HubSpot marketing automation, as Fivetran's HubSpot connector syncs it." },
  routing: { schemaVar: "routing_schema", defaultSchema: "routing", description: "The assignment and notification log a routing tool (LeanData, Chili Piper, Distribution Engine) keeps." },
};

/** @type {Record<keyof typeof systems, Record<string, RawTable>>} */
const tables = {
  salesforce: {
    lead: {
      description: "Salesforce leads: one row per lead, the current state of each field.",
      key: ["id"],
      columns: {
        id: col("string", "Salesforce lead id."),
        owner_id: col("string", "Current owner: a user id, or a queue id while the lead waits in a queue."),
        status: col("string", "Lead status picklist value (Open - Not Contacted, Working - Contacted, ...)."),
        lead_source: col("string", "Lead source picklist value."),
        email: col("string", "Email address as typed; Handoff lowercases and trims it."),
        first_name: col("string", "First name."),
        last_name: col("string", "Last name."),
        title: col("string", "Job title."),
        company: col("string", "Company name."),
        industry: col("string", "Industry picklist value."),
        number_of_employees: col("int64", "Employee count."),
        annual_revenue: col("float64", "Annual revenue in the org currency."),
        country: col("string", "Country."),
        created_date: col("timestamp", "When the lead was created in Salesforce (UTC)."),
        is_converted: col("bool", "Whether the lead was converted."),
        converted_date: col("date", "Date of conversion."),
        converted_opportunity_id: col("string", "Opportunity created at conversion, if any."),
        converted_contact_id: col("string", "Contact created or matched at conversion."),
        converted_account_id: col("string", "Account created or matched at conversion."),
        is_deleted: col("bool", "Soft-deleted in Salesforce."),
      },
    },
    lead_history: {
      description: "Field history of leads; Handoff reads the Owner and Status fields.",
      key: ["id"],
      eventTime: "created_date",
      readOnly: { column: "field", values: ["Owner", "Status"] },
      columns: {
        id: col("string", "History row id."),
        lead_id: col("string", "Lead whose field changed."),
        field: col("string", "Field name: Owner, Status, ..."),
        old_value: col("string", "Value before the change."),
        new_value: col("string", "Value after the change (a user or queue id for Owner)."),
        created_date: col("timestamp", "When the change happened (UTC)."),
        is_deleted: col("bool", "Soft-deleted in Salesforce."),
      },
    },
    task: {
      description: "Sales activities: calls, emails and meetings logged against leads.",
      key: ["id"],
      columns: {
        id: col("string", "Task id."),
        who_id: col("string", "Lead or contact the task is about."),
        owner_id: col("string", "User who owns the task."),
        type: col("string", "Task type: Call, Email, Meeting, Other."),
        task_subtype: col("string", "Task subtype: Call, Email, Task."),
        subject: col("string", "Subject line."),
        status: col("string", "Task status: Completed, Not Started, ..."),
        call_disposition: col("string", "Call result as the rep logged it."),
        activity_date: col("date", "Due or activity date."),
        created_date: col("timestamp", "When the task was created (UTC)."),
        completed_date_time: col("timestamp", "When the task was completed (UTC)."),
        is_deleted: col("bool", "Soft-deleted in Salesforce."),
      },
    },
    user: {
      description: "Salesforce users: the reps leads are routed to.",
      key: ["id"],
      columns: {
        id: col("string", "User id."),
        name: col("string", "Full name."),
        email: col("string", "Email address."),
        time_zone_sid_key: col("string", "The user's time zone, an IANA name such as America/New_York."),
        user_role_id: col("string", "Role id; Handoff uses it as the team."),
        is_active: col("bool", "Whether the user is active."),
      },
    },
    opportunity: {
      description: "Opportunities: the pipeline a converted lead becomes.",
      key: ["id"],
      columns: {
        id: col("string", "Opportunity id."),
        account_id: col("string", "Account id."),
        name: col("string", "Opportunity name."),
        stage_name: col("string", "Stage picklist value."),
        amount: col("float64", "Amount in the org currency."),
        is_won: col("bool", "Closed won."),
        is_closed: col("bool", "Closed, won or lost."),
        created_date: col("timestamp", "When the opportunity was created (UTC)."),
        close_date: col("date", "Expected or actual close date."),
        is_deleted: col("bool", "Soft-deleted in Salesforce."),
      },
    },
    campaign: {
      description: "Marketing campaigns.",
      key: ["id"],
      columns: {
        id: col("string", "Campaign id."),
        name: col("string", "Campaign name."),
        type: col("string", "Campaign type: Webinar, Content, Paid Search, Event, ..."),
        is_deleted: col("bool", "Soft-deleted in Salesforce."),
      },
    },
    campaign_member: {
      description: "Leads' membership in campaigns: which campaign sourced or touched a lead.",
      key: ["id"],
      columns: {
        id: col("string", "Campaign member id."),
        campaign_id: col("string", "Campaign id."),
        lead_id: col("string", "Lead id."),
        status: col("string", "Member status: Sent, Registered, Attended, Responded, ..."),
        has_responded: col("bool", "Whether the member responded."),
        first_responded_date: col("date", "Date of first response."),
        created_date: col("timestamp", "When the membership was created (UTC)."),
        is_deleted: col("bool", "Soft-deleted in Salesforce."),
      },
    },
  },
  hubspot: {
    contact: {
      description: "HubSpot contacts, one row per contact, current property values.",
      key: ["id"],
      columns: {
        id: col("int64", "HubSpot contact id (vid)."),
        property_email: col("string", "Email address as captured."),
        property_firstname: col("string", "First name."),
        property_lastname: col("string", "Last name."),
        property_company: col("string", "Company name."),
        property_jobtitle: col("string", "Job title."),
        property_industry: col("string", "Industry."),
        property_numemployees: col("string", "Employee range as HubSpot stores it (1-5, 5-25, 25-50, 50-100, 100-500, 500-1000, 1000+)."),
        property_annualrevenue: col("float64", "Annual revenue."),
        property_country: col("string", "Country."),
        property_lifecyclestage: col("string", "Current lifecycle stage."),
        property_hs_lead_status: col("string", "Current HubSpot lead status."),
        property_hs_analytics_source: col("string", "Original source (ORGANIC_SEARCH, PAID_SEARCH, EMAIL_MARKETING, ...)."),
        property_salesforceleadid: col("string", "Salesforce lead id the HubSpot-Salesforce sync wrote back."),
        property_createdate: col("timestamp", "When the contact was created (UTC)."),
        _fivetran_deleted: col("bool", "Deleted (or merged away) in HubSpot."),
      },
    },
    contact_property_history: {
      description: "Every value a contact property took, with when and from what source.",
      key: ["contact_id", "name", "timestamp", "value"],
      eventTime: "timestamp",
      readOnly: { column: "name", values: ["lifecyclestage", "hs_lead_status", "hubspotscore"] },
      columns: {
        contact_id: col("int64", "Contact id."),
        name: col("string", "Property name: lifecyclestage, hs_lead_status, hubspotscore, ..."),
        value: col("string", "The value the property took."),
        timestamp: col("timestamp", "When the property took the value (UTC)."),
        source: col("string", "What set it: FORM, CRM_UI, WORKFLOWS, SALESFORCE, ..."),
        source_id: col("string", "Id of what set it (workflow, user, form)."),
      },
    },
    contact_form_submission: {
      description: "Form submissions by contacts.",
      key: ["contact_id", "conversion_id"],
      eventTime: "timestamp",
      columns: {
        contact_id: col("int64", "Contact id."),
        conversion_id: col("string", "Submission id."),
        form_id: col("string", "Form guid."),
        timestamp: col("timestamp", "When the form was submitted (UTC)."),
        page_url: col("string", "Page the form was on."),
        title: col("string", "Title of that page."),
      },
    },
    form: {
      description: "HubSpot forms.",
      key: ["guid"],
      columns: {
        guid: col("string", "Form guid."),
        name: col("string", "Form name, e.g. Demo Request, Ebook Download."),
        form_type: col("string", "Form type: HUBSPOT, CAPTURED, ..."),
      },
    },
  },
  routing: {
    routing_log: {
      description: "Assignment and notification events from the routing tool.",
      key: ["id"],
      eventTime: "occurred_at",
      columns: {
        id: col("string", "Event id."),
        lead_id: col("string", "Salesforce lead id."),
        event: col("string", "assigned or notified."),
        owner_id: col("string", "The user assigned or notified."),
        channel: col("string", "How: round_robin, territory, account_match for assignments; email, slack for notifications."),
        occurred_at: col("timestamp", "When it happened (UTC)."),
      },
    },
  },
};

/**
 * A raw table's contract, or undefined when the system has no such table.
 * @param {keyof typeof systems} system
 * @param {string} table
 * @returns {RawTable | undefined}
 */
function tableOf(system, table) {
  return tables[system][table];
}

module.exports = { systems, tables, tableOf };
