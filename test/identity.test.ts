import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse, TestWarehouse } from "./helpers/warehouse";

// Identity: which HubSpot person is which Salesforce lead (int_contact_identities),
// what that does to handoffs (int_handoffs_qualified, fct_handoffs), and who is
// left unmatched (fct_identity_gaps). Each person below is independent.

const mql = (contactId: number, timestamp: string) => ({ contact_id: contactId, name: "lifecyclestage", value: "marketingqualifiedlead", timestamp });
const stage = (contactId: number, value: string, timestamp: string) => ({ contact_id: contactId, name: "lifecyclestage", value, timestamp });
const lead = (id: string, email: string | null, createdDate = "2026-11-02 14:00:00") => ({ id, email, created_date: createdDate, is_deleted: "false" });

let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await buildWarehouse(
    {
      salesforce: {
        lead: [
          lead("00QA", "anna@a.com"),
          lead("00QB", "ben@b.com"),
          lead("00QC", "cara@c.com"),
          lead("00QD", "dan@d.com"),
          lead("00QF1", "fay@f.com"),
          lead("00QF2", " FAY@f.com"),
          lead("00QG1", "gus@g.com"),
          lead("00QG2", "gus.other@g.com"),
          { ...lead("00QIDEL", "ivy@i.com"), is_deleted: "true" },
          lead("00QI", "ivy@i.com"),
          lead("00QJ", null),
          lead("00QK", "kim@k.com"),
          lead("00QL", "lee@l.com"),
        ],
        user: [{ id: "005NY", name: "Rosa Diaz", time_zone_sid_key: "America/New_York", user_role_id: "00E_smb", is_active: "true" }],
      },
      hubspot: {
        contact: [
          // The lead id the sync wrote back wins over the email (which is another lead's).
          { id: 201, property_email: "ben@b.com", property_salesforceleadid: "00QA", property_createdate: "2026-11-01 10:00:00" },
          // Email only: lowercased and trimmed on both sides.
          { id: 202, property_email: "  Cara@C.com ", property_salesforceleadid: "  ", property_createdate: "2026-11-01 10:00:00" },
          // One person, two contacts: 204 was merged into 203 (HubSpot copied its
          // history onto 203), and 204 was created first.
          { id: 203, property_email: "dan@d.com", property_salesforceleadid: "00QD", property_createdate: "2026-11-01 11:00:00", _fivetran_deleted: "false" },
          { id: 204, property_email: "DAN@d.com", property_salesforceleadid: null, property_createdate: "2026-11-01 09:00:00", _fivetran_deleted: "true" },
          // No lead with this email.
          { id: 205, property_email: "eve@e.com", property_company: "Eve Co", property_createdate: "2026-11-01 10:00:00" },
          // Two live leads share the email.
          { id: 206, property_email: "fay@f.com", property_createdate: "2026-11-01 10:00:00" },
          // Two contacts of one person claim two different leads.
          { id: 207, property_email: "gus@g.com", property_salesforceleadid: "00QG1", property_createdate: "2026-11-01 10:00:00" },
          { id: 208, property_email: "gus@g.com", property_salesforceleadid: "00QG2", property_createdate: "2026-11-01 12:00:00", _fivetran_deleted: "true" },
          // A lead id that does not exist, and an email that matches nothing.
          { id: 209, property_email: "hal@h.com", property_salesforceleadid: "00QNOPE", property_createdate: "2026-11-01 10:00:00" },
          // A lead id of a deleted lead; the email still finds the live lead.
          { id: 210, property_email: "ivy@i.com", property_salesforceleadid: "00QIDEL", property_createdate: "2026-11-01 10:00:00" },
          // No email and no lead id.
          { id: 211, property_email: null, property_createdate: "2026-11-01 10:00:00" },
          // No email, but the lead id matches.
          { id: 212, property_email: " ", property_salesforceleadid: "00QJ", property_createdate: "2026-11-01 10:00:00" },
          // Unmatched but never qualified: not a gap in a handoff.
          { id: 213, property_email: "lou@l.com", property_createdate: "2026-11-01 10:00:00" },
          // Two contacts with no email, each its own person, both naming lead 00QK:
          // one lead, one stream of qualifications.
          { id: 214, property_email: null, property_salesforceleadid: "00QK", property_createdate: "2026-11-01 10:00:00" },
          { id: 215, property_email: null, property_salesforceleadid: "00QK", property_createdate: "2026-11-01 10:00:00" },
          // The same, qualifying at the same moment: the handoff's contact is the lower id, every run.
          { id: 217, property_email: null, property_salesforceleadid: "00QL", property_createdate: "2026-11-01 10:00:00" },
          { id: 216, property_email: null, property_salesforceleadid: "00QL", property_createdate: "2026-11-01 10:00:00" },
          // Unmatched; created as a subscriber and qualified in the same second.
          { id: 218, property_email: "zed@z.com", property_createdate: "2026-11-02 15:00:00" },
        ],
        contact_property_history: [
          mql(201, "2026-11-02 15:00:00"),
          mql(202, "2026-11-02 15:00:00"),
          // the merge copied 204's history onto 203: the same qualification twice
          stage(204, "lead", "2026-11-02 14:30:00"),
          mql(204, "2026-11-02 15:00:00"),
          stage(203, "lead", "2026-11-02 14:30:00"),
          mql(203, "2026-11-02 15:00:00"),
          // ... and 203 was set to MQL again while already MQL
          mql(203, "2026-11-03 10:00:00"),
          // eve: qualified once, with a repeated MQL row
          mql(205, "2026-11-02 15:00:00"),
          mql(205, "2026-11-04 15:00:00"),
          // fay: qualified, recycled, qualified again
          mql(206, "2026-11-02 15:00:00"),
          stage(206, "lead", "2026-11-05 15:00:00"),
          mql(206, "2026-11-09 15:00:00"),
          mql(207, "2026-11-02 15:00:00"),
          mql(208, "2026-11-02 16:00:00"),
          mql(209, "2026-11-02 15:00:00"),
          mql(210, "2026-11-02 15:00:00"),
          mql(211, "2026-11-02 15:00:00"),
          mql(212, "2026-11-02 15:00:00"),
          stage(213, "lead", "2026-11-02 15:00:00"),
          mql(214, "2026-11-02 15:00:00"),
          mql(215, "2026-11-02 15:30:00"),
          mql(217, "2026-11-02 15:00:00"),
          mql(216, "2026-11-02 15:00:00"),
          // same-second changes happened in the stages' order (subscriber, then
          // MQL), not alphabetically: the later MQL row is a repeat
          mql(218, "2026-11-02 15:00:00"),
          stage(218, "subscriber", "2026-11-02 15:00:00"),
          mql(218, "2026-11-06 15:00:00"),
          // after the run's as-of time: has not happened yet
          mql(213, "2026-11-30 15:00:00"),
        ],
        contact_form_submission: [
          // submitted by the merged-away contact: still the person's trigger form
          { contact_id: 204, conversion_id: "c-dan", form_id: "f-demo", timestamp: "2026-11-02 14:55:00" },
        ],
        form: [{ guid: "f-demo", name: "Demo Request", form_type: "HUBSPOT" }],
      },
    },
    { asOf: "2026-11-23T12:00:00Z", actions: ["fct_handoffs", "fct_handoff_steps", "fct_identity_gaps"] },
  );
});
afterAll(() => warehouse?.close());

describe("identity resolution", () => {
  it("matches by the lead id the sync wrote back, else by lowercased, trimmed email, and names every gap", async () => {
    const rows = await warehouse.rows(
      `select contact_id, person_contact_id, lead_id, match_method, identity_gap_reason, is_duplicate_contact
       from handoff.int_contact_identities order by cast(contact_id as integer)`,
    );
    expect(rows).toEqual([
      { contact_id: "201", person_contact_id: "201", lead_id: "00QA", match_method: "salesforce_lead_id", identity_gap_reason: null, is_duplicate_contact: false },
      { contact_id: "202", person_contact_id: "202", lead_id: "00QC", match_method: "email", identity_gap_reason: null, is_duplicate_contact: false },
      { contact_id: "203", person_contact_id: "203", lead_id: "00QD", match_method: "salesforce_lead_id", identity_gap_reason: null, is_duplicate_contact: false },
      { contact_id: "204", person_contact_id: "203", lead_id: "00QD", match_method: "salesforce_lead_id", identity_gap_reason: null, is_duplicate_contact: true },
      { contact_id: "205", person_contact_id: "205", lead_id: null, match_method: null, identity_gap_reason: "no_salesforce_lead", is_duplicate_contact: false },
      { contact_id: "206", person_contact_id: "206", lead_id: null, match_method: null, identity_gap_reason: "email_matches_several_leads", is_duplicate_contact: false },
      { contact_id: "207", person_contact_id: "207", lead_id: null, match_method: null, identity_gap_reason: "conflicting_salesforce_lead_ids", is_duplicate_contact: false },
      { contact_id: "208", person_contact_id: "207", lead_id: null, match_method: null, identity_gap_reason: "conflicting_salesforce_lead_ids", is_duplicate_contact: true },
      { contact_id: "209", person_contact_id: "209", lead_id: null, match_method: null, identity_gap_reason: "salesforce_lead_id_not_found", is_duplicate_contact: false },
      { contact_id: "210", person_contact_id: "210", lead_id: "00QI", match_method: "email", identity_gap_reason: null, is_duplicate_contact: false },
      { contact_id: "211", person_contact_id: "211", lead_id: null, match_method: null, identity_gap_reason: "no_email_to_match", is_duplicate_contact: false },
      { contact_id: "212", person_contact_id: "212", lead_id: "00QJ", match_method: "salesforce_lead_id", identity_gap_reason: null, is_duplicate_contact: false },
      { contact_id: "213", person_contact_id: "213", lead_id: null, match_method: null, identity_gap_reason: "no_salesforce_lead", is_duplicate_contact: false },
      { contact_id: "214", person_contact_id: "214", lead_id: "00QK", match_method: "salesforce_lead_id", identity_gap_reason: null, is_duplicate_contact: false },
      { contact_id: "215", person_contact_id: "215", lead_id: "00QK", match_method: "salesforce_lead_id", identity_gap_reason: null, is_duplicate_contact: false },
      { contact_id: "216", person_contact_id: "216", lead_id: "00QL", match_method: "salesforce_lead_id", identity_gap_reason: null, is_duplicate_contact: false },
      { contact_id: "217", person_contact_id: "217", lead_id: "00QL", match_method: "salesforce_lead_id", identity_gap_reason: null, is_duplicate_contact: false },
      { contact_id: "218", person_contact_id: "218", lead_id: null, match_method: null, identity_gap_reason: "no_salesforce_lead", is_duplicate_contact: false },
    ]);
  });

  it("a matched person gets one handoff per qualification, whatever the number of contacts and repeated MQL rows", async () => {
    const rows = await warehouse.rows(
      `select handoff_id, lead_id, contact_id, handoff_number, mql_at, trigger_form_id, trigger_form_name, form_submitted_at
       from handoff.fct_handoffs order by handoff_id`,
    );
    expect(rows).toEqual([
      { handoff_id: "00QA-1", lead_id: "00QA", contact_id: "201", handoff_number: 1, mql_at: "2026-11-02 15:00:00", trigger_form_id: null, trigger_form_name: null, form_submitted_at: null },
      { handoff_id: "00QC-1", lead_id: "00QC", contact_id: "202", handoff_number: 1, mql_at: "2026-11-02 15:00:00", trigger_form_id: null, trigger_form_name: null, form_submitted_at: null },
      // one handoff for dan, not two (or three), credited to the live contact,
      // with the form the merged-away contact submitted
      { handoff_id: "00QD-1", lead_id: "00QD", contact_id: "203", handoff_number: 1, mql_at: "2026-11-02 15:00:00", trigger_form_id: "f-demo", trigger_form_name: "Demo Request", form_submitted_at: "2026-11-02 14:55:00" },
      { handoff_id: "00QI-1", lead_id: "00QI", contact_id: "210", handoff_number: 1, mql_at: "2026-11-02 15:00:00", trigger_form_id: null, trigger_form_name: null, form_submitted_at: null },
      { handoff_id: "00QJ-1", lead_id: "00QJ", contact_id: "212", handoff_number: 1, mql_at: "2026-11-02 15:00:00", trigger_form_id: null, trigger_form_name: null, form_submitted_at: null },
      { handoff_id: "00QK-1", lead_id: "00QK", contact_id: "214", handoff_number: 1, mql_at: "2026-11-02 15:00:00", trigger_form_id: null, trigger_form_name: null, form_submitted_at: null },
      { handoff_id: "00QL-1", lead_id: "00QL", contact_id: "216", handoff_number: 1, mql_at: "2026-11-02 15:00:00", trigger_form_id: null, trigger_form_name: null, form_submitted_at: null },
    ]);
  });

  it("fct_identity_gaps: every qualified person with no single lead, with the reason, contacts and qualifications", async () => {
    const rows = await warehouse.rows(`select * from handoff.fct_identity_gaps order by cast(person_contact_id as integer)`);
    expect(rows).toEqual([
      // the repeated MQL row is not a second qualification
      { person_contact_id: "205", email: "eve@e.com", company: "Eve Co", identity_gap_reason: "no_salesforce_lead", contacts: 1, qualifications: 1, first_mql_at: "2026-11-02 15:00:00", last_mql_at: "2026-11-02 15:00:00" },
      // recycled and qualified again: two qualifications
      { person_contact_id: "206", email: "fay@f.com", company: null, identity_gap_reason: "email_matches_several_leads", contacts: 1, qualifications: 2, first_mql_at: "2026-11-02 15:00:00", last_mql_at: "2026-11-09 15:00:00" },
      { person_contact_id: "207", email: "gus@g.com", company: null, identity_gap_reason: "conflicting_salesforce_lead_ids", contacts: 2, qualifications: 1, first_mql_at: "2026-11-02 15:00:00", last_mql_at: "2026-11-02 15:00:00" },
      { person_contact_id: "209", email: "hal@h.com", company: null, identity_gap_reason: "salesforce_lead_id_not_found", contacts: 1, qualifications: 1, first_mql_at: "2026-11-02 15:00:00", last_mql_at: "2026-11-02 15:00:00" },
      { person_contact_id: "211", email: null, company: null, identity_gap_reason: "no_email_to_match", contacts: 1, qualifications: 1, first_mql_at: "2026-11-02 15:00:00", last_mql_at: "2026-11-02 15:00:00" },
      { person_contact_id: "218", email: "zed@z.com", company: null, identity_gap_reason: "no_salesforce_lead", contacts: 1, qualifications: 1, first_mql_at: "2026-11-02 15:00:00", last_mql_at: "2026-11-02 15:00:00" },
    ]);
  });
});
