import { describe, expect, it } from "vitest";
import { bigQueryIdentifiersToDuckDb, dataformConditionLabelsToDuckDb } from "../scripts/lib/sql-identifiers";

describe("BigQuery identifiers to DuckDB", () => {
  it("drops the project from a three-part reference, in either backtick style", () => {
    expect(bigQueryIdentifiersToDuckDb("select * from `my-project.handoff.fct_handoffs`")).toBe('select * from "handoff"."fct_handoffs"');
    expect(bigQueryIdentifiersToDuckDb("select * from `my-project`.`handoff`.`fct`")).toBe('select * from "handoff"."fct"');
    expect(bigQueryIdentifiersToDuckDb("select * from `handoff.fct`")).toBe('select * from "handoff"."fct"');
  });

  it("leaves string literals, double-quoted names and comments alone", () => {
    const sql = "select 'it''s `not.a.ref`' as a, \"`x`\" as b -- `p.d.t` here\n/* `p.d.t` */ from `p.d.t`";
    expect(bigQueryIdentifiersToDuckDb(sql)).toBe("select 'it''s `not.a.ref`' as a, \"`x`\" as b -- `p.d.t` here\n/* `p.d.t` */ from \"d\".\"t\"");
  });

  it("quotes a double quote inside a backticked name", () => {
    expect(bigQueryIdentifiersToDuckDb('select `we"ird` from t')).toBe('select "we""ird" from t');
  });

  it("reports an unterminated literal rather than guessing", () => {
    expect(() => bigQueryIdentifiersToDuckDb("select 'open")).toThrow(/unterminated string literal/);
    expect(() => bigQueryIdentifiersToDuckDb("select `open")).toThrow(/unterminated backtick/);
  });
});

describe("Dataform's rowConditions labels", () => {
  it("re-quotes BigQuery backslash escapes as DuckDB doubled quotes, on the generated label line only", () => {
    const sql = "SELECT\n  'step in (\\'a\\', \\'b\\')' AS failing_row_condition,\n  *\nFROM t\nWHERE NOT (step in ('a', 'b'))";
    expect(dataformConditionLabelsToDuckDb(sql)).toBe("SELECT\n  'step in (''a'', ''b'')' AS failing_row_condition,\n  *\nFROM t\nWHERE NOT (step in ('a', 'b'))");
  });
});
