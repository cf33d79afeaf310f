import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import rawContract from "../includes/raw_contract.js";
import { repoRoot } from "../scripts/lib/compiled-graph";
import { buildWarehouse, TestWarehouse } from "./helpers/warehouse";

// Given raw rows in the connectors' shapes; expected staging rows.
let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await buildWarehouse({
    salesforce: {
      lead: [
        { id: "00Q1", owner_id: "005A", status: "Open - Not Contacted", email: " Ann.Lee@Acme.COM ", company: "Acme", number_of_employees: 250, created_date: "2026-03-02 14:00:00", is_converted: "false", is_deleted: "false" },
        // the connector wrote the same row twice
        { id: "00Q1", owner_id: "005A", status: "Open - Not Contacted", email: " Ann.Lee@Acme.COM ", company: "Acme", number_of_employees: 250, created_date: "2026-03-02 14:00:00", is_converted: "false", is_deleted: "false" },
        { id: "00Q2", email: "gone@example.com", created_date: "2026-03-02 14:00:00", is_deleted: "true" },
        { id: "00Q3", email: null, created_date: "2026-03-03 09:00:00", is_converted: null, converted_date: null },
      ],
      lead_history: [
        { id: "017a", lead_id: "00Q1", field: "Owner", old_value: "00GQ", new_value: "005A", created_date: "2026-03-02 14:05:00", is_deleted: "false" },
        { id: "017b", lead_id: "00Q1", field: "Status", old_value: "Open", new_value: "Working", created_date: "2026-03-03 09:00:00", is_deleted: "true" },
        // a field Handoff does not read
        { id: "017c", lead_id: "00Q1", field: "Phone", old_value: null, new_value: "555-0100", created_date: "2026-03-03 09:30:00", is_deleted: "false" },
      ],
      task: [
        { id: "00T1", who_id: "00Q1", owner_id: "005A", type: "Call", status: "Completed", call_disposition: "Left Voicemail", activity_date: "2026-03-02", created_date: "2026-03-02 15:00:00", completed_date_time: "2026-03-02 15:01:00", is_deleted: "false" },
        { id: "00T1", who_id: "00Q1", owner_id: "005A", type: "Call", status: "Completed", call_disposition: "Left Voicemail", activity_date: "2026-03-02", created_date: "2026-03-02 15:00:00", completed_date_time: "2026-03-02 15:01:00", is_deleted: "false" },
        { id: "00T2", who_id: "00Q1", type: "Email", created_date: "2026-03-02 16:00:00", is_deleted: "true" },
      ],
      user: [
        { id: "005A", name: "Rosa Diaz", email: "Rosa@Corp.com", time_zone_sid_key: "America/New_York", user_role_id: "00E_smb", is_active: "true" },
        { id: "005B", name: "No Zone", time_zone_sid_key: "  ", user_role_id: "00E_smb", is_active: null },
      ],
      opportunity: [
        { id: "006A", account_id: "001A", name: "Acme - New", stage_name: "Discovery", amount: 42000.5, is_won: "false", is_closed: "false", created_date: "2026-04-01 10:00:00", close_date: "2026-06-30", is_deleted: "false" },
        { id: "006B", name: "Deleted", created_date: "2026-04-01 10:00:00", is_deleted: "true" },
      ],
      campaign: [
        { id: "701A", name: "Webinar: Pipeline 'Forecasting'", type: "Webinar", is_deleted: "false" },
        { id: "701B", name: "Old", type: "Email", is_deleted: "true" },
      ],
      campaign_member: [
        { id: "00vA", campaign_id: "701A", lead_id: "00Q1", status: "Attended", has_responded: "true", first_responded_date: "2026-03-01", created_date: "2026-02-20 10:00:00", is_deleted: "false" },
      ],
    },
    hubspot: {
      contact: [
        { id: 101, property_email: "ANN.LEE@acme.com ", property_company: "Acme", property_numemployees: "100-500", property_salesforceleadid: "00Q1", property_createdate: "2026-02-20 10:00:00", _fivetran_deleted: "false" },
        { id: 102, property_email: "ann.lee@acme.com", property_numemployees: "1000+", property_salesforceleadid: "", property_createdate: "2026-02-21 10:00:00", _fivetran_deleted: "true" },
      ],
      contact_property_history: [
        { contact_id: 101, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: "2026-03-02 13:55:00", source: "WORKFLOWS", source_id: "wf1" },
        { contact_id: 101, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp: "2026-03-02 13:55:00", source: "WORKFLOWS", source_id: "wf1" },
        { contact_id: 101, name: "hubspotscore", value: "55", timestamp: "2026-03-02 13:55:00", source: "CALCULATED", source_id: null },
        // a cleared property, written once with no value and once empty: one change
        { contact_id: 101, name: "hs_lead_status", value: null, timestamp: "2026-03-03 09:00:00", source: "CRM_UI", source_id: "u2" },
        { contact_id: 101, name: "hs_lead_status", value: "", timestamp: "2026-03-03 09:00:00", source: "CRM_UI", source_id: "u1" },
        // a property Handoff does not read
        { contact_id: 101, name: "jobtitle", value: "CFO", timestamp: "2026-03-03 09:00:00", source: "CRM_UI", source_id: "u3" },
      ],
      contact_form_submission: [
        { contact_id: 101, conversion_id: "c1", form_id: "f-demo", timestamp: "2026-03-02 13:54:30", page_url: "https://example.com/demo", title: "Book a demo" },
      ],
      form: [{ guid: "f-demo", name: "Demo Request", form_type: "HUBSPOT" }],
    },
    routing: {
      routing_log: [
        { id: "r1", lead_id: "00Q1", event: "Assigned", owner_id: "005A", channel: "round_robin", occurred_at: "2026-03-02 14:05:00" },
        { id: "r1", lead_id: "00Q1", event: "Assigned", owner_id: "005A", channel: "round_robin", occurred_at: "2026-03-02 14:05:00" },
        { id: "r2", lead_id: "00Q1", event: "notified", owner_id: "005A", channel: "slack", occurred_at: "2026-03-02 14:05:20" },
      ],
    },
  });
});
afterAll(() => warehouse?.close());

const all = (model: string, orderBy: string) => warehouse.rows(`select * from handoff.${model} order by ${orderBy}`);

describe("staging", () => {
  it("stg_salesforce__leads: drops deleted rows and duplicates, normalizes emails, defaults booleans", async () => {
    const rows = await all("stg_salesforce__leads", "lead_id");
    expect(rows.map((row) => row.lead_id)).toEqual(["00Q1", "00Q3"]);
    expect(rows[0]).toMatchObject({ email: "ann.lee@acme.com", email_domain: "acme.com", lead_status: "Open - Not Contacted", employee_count: 250, created_at: "2026-03-02 14:00:00", is_converted: false });
    expect(rows[1]).toMatchObject({ email: null, email_domain: null, is_converted: false });
  });

  it("stg_salesforce__lead_history: live changes to the fields Handoff reads, named by the house style", async () => {
    expect(await all("stg_salesforce__lead_history", "lead_history_id")).toEqual([
      { lead_history_id: "017a", lead_id: "00Q1", field_name: "Owner", old_value: "00GQ", new_value: "005A", changed_at: "2026-03-02 14:05:00" },
    ]);
  });

  it("stg_salesforce__tasks: who_id becomes lead_id; duplicates and deleted tasks go", async () => {
    expect(await all("stg_salesforce__tasks", "task_id")).toEqual([
      {
        task_id: "00T1", lead_id: "00Q1", owner_id: "005A", task_type: "Call", task_subtype: null, subject: null, task_status: "Completed",
        call_disposition: "Left Voicemail", activity_date: "2026-03-02", created_at: "2026-03-02 15:00:00", completed_at: "2026-03-02 15:01:00",
      },
    ]);
  });

  it("stg_salesforce__users: blank time zones become null, roles are teams", async () => {
    expect(await all("stg_salesforce__users", "user_id")).toEqual([
      { user_id: "005A", team_id: "00E_smb", user_name: "Rosa Diaz", email: "rosa@corp.com", time_zone: "America/New_York", is_active: true },
      { user_id: "005B", team_id: "00E_smb", user_name: "No Zone", email: null, time_zone: null, is_active: false },
    ]);
  });

  it("stg_salesforce__opportunities", async () => {
    expect(await all("stg_salesforce__opportunities", "opportunity_id")).toEqual([
      { opportunity_id: "006A", account_id: "001A", opportunity_name: "Acme - New", stage_name: "Discovery", amount: 42000.5, is_won: false, is_closed: false, created_at: "2026-04-01 10:00:00", close_date: "2026-06-30" },
    ]);
  });

  it("stg_salesforce__campaigns and campaign members keep names with quotes intact", async () => {
    expect(await all("stg_salesforce__campaigns", "campaign_id")).toEqual([{ campaign_id: "701A", campaign_name: "Webinar: Pipeline 'Forecasting'", campaign_type: "Webinar" }]);
    expect(await all("stg_salesforce__campaign_members", "campaign_member_id")).toEqual([
      { campaign_member_id: "00vA", campaign_id: "701A", lead_id: "00Q1", member_status: "Attended", has_responded: true, first_responded_date: "2026-03-01", created_at: "2026-02-20 10:00:00" },
    ]);
  });

  it("stg_hubspot__contacts: keeps merged-away contacts flagged, parses the employee range", async () => {
    const rows = await all("stg_hubspot__contacts", "contact_id");
    expect(rows.map((row) => [row.contact_id, row.email, row.salesforce_lead_id, row.employee_range, row.employee_count_min, row.is_deleted_in_hubspot])).toEqual([
      ["101", "ann.lee@acme.com", "00Q1", "100-500", 100, false],
      ["102", "ann.lee@acme.com", null, "1000+", 1000, true],
    ]);
  });

  it("stg_hubspot__contact_property_history: one row per change to a property Handoff reads", async () => {
    expect(await all("stg_hubspot__contact_property_history", "property_name")).toEqual([
      { contact_id: "101", change_source_id: "u1", property_name: "hs_lead_status", property_value: "", change_source: "CRM_UI", changed_at: "2026-03-03 09:00:00" },
      { contact_id: "101", change_source_id: null, property_name: "hubspotscore", property_value: "55", change_source: "CALCULATED", changed_at: "2026-03-02 13:55:00" },
      { contact_id: "101", change_source_id: "wf1", property_name: "lifecyclestage", property_value: "marketingqualifiedlead", change_source: "WORKFLOWS", changed_at: "2026-03-02 13:55:00" },
    ]);
  });

  it("stg_hubspot__form_submissions and forms", async () => {
    expect(await all("stg_hubspot__form_submissions", "conversion_id")).toEqual([
      { conversion_id: "c1", contact_id: "101", form_id: "f-demo", page_url: "https://example.com/demo", page_title: "Book a demo", submitted_at: "2026-03-02 13:54:30" },
    ]);
    expect(await all("stg_hubspot__forms", "form_id")).toEqual([{ form_id: "f-demo", form_name: "Demo Request", form_type: "HUBSPOT" }]);
  });

  it("stg_routing__routing_events: lowercases the event and drops duplicates", async () => {
    expect(await all("stg_routing__routing_events", "routing_event_id")).toEqual([
      { routing_event_id: "r1", lead_id: "00Q1", owner_id: "005A", event_type: "assigned", channel: "round_robin", occurred_at: "2026-03-02 14:05:00" },
      { routing_event_id: "r2", lead_id: "00Q1", owner_id: "005A", event_type: "notified", channel: "slack", occurred_at: "2026-03-02 14:05:20" },
    ]);
  });
});

describe("history fields the models read", () => {
  it("every field or property a model filters on is in the raw contract's readOnly list, so staging keeps it", () => {
    const readOnly = (system: "salesforce" | "hubspot", table: string): string[] => (rawContract.tables[system] as Record<string, { readOnly?: { values: string[] } }>)[table]?.readOnly?.values ?? [];
    const used = (column: string): Set<string> => {
      const names = new Set<string>();
      for (const file of sqlxFiles(path.join(repoRoot, "definitions"))) {
        for (const match of readFileSync(file, "utf8").matchAll(new RegExp(`\\b${column}\\s*(?:=|in\\s*\\()\\s*'([^']+)'`, "g"))) names.add(match[1]!);
      }
      return names;
    };
    const properties = used("property_name");
    const fields = used("field_name");
    expect(properties.size).toBeGreaterThan(0);
    expect(fields.size).toBeGreaterThan(0);
    for (const name of properties) expect(readOnly("hubspot", "contact_property_history"), `property_name '${name}'`).toContain(name);
    for (const name of fields) expect(readOnly("salesforce", "lead_history"), `field_name '${name}'`).toContain(name);
  });
});

function sqlxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sqlxFiles(path.join(dir, entry.name)) : entry.name.endsWith(".sqlx") ? [path.join(dir, entry.name)] : [],
  );
}
