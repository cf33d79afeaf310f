import { describe, expect, it } from "vitest";
import { bigQueryIdentifiersToDuckDb, dataformConditionLabelsToDuckDb, inlineImportCtes } from "../scripts/lib/sql-identifiers";
import { closeDuckDb, openDuckDb } from "../scripts/lib/warehouse";

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

describe("import CTEs on DuckDB", () => {
  const model = [
    "with",
    "",
    "handoffs as (",
    '    select * from "handoff"."steps"',
    "),",
    "",
    "firsts as (",
    "    select lead_id, min(mql_at) as first_mql_at from handoffs group by lead_id",
    "),",
    "",
    "final as (",
    "    select handoffs.*, firsts.first_mql_at from handoffs inner join firsts on handoffs.lead_id = firsts.lead_id",
    ")",
    "",
    "select * from final",
  ].join("\n");

  it("marks only `select * from <table>` CTEs as not materialized", () => {
    const rewritten = inlineImportCtes(model);
    expect(rewritten).toContain('handoffs as not materialized (\n    select * from "handoff"."steps"\n)');
    expect(rewritten).toContain("firsts as (\n");
    expect(rewritten).toContain("final as (\n");
    expect(inlineImportCtes("select 'a as (select * from \"x\")' as text")).toBe("select 'a as (select * from \"x\")' as text");
  });

  it("keeps DuckDB from copying a twice-read table, with the same result", async () => {
    const handle = await openDuckDb(":memory:");
    try {
      await handle.connection.run("create schema handoff");
      await handle.connection.run("create table handoff.steps as select 'l' || (i % 7) as lead_id, timestamp '2026-01-01' + to_seconds(i) as mql_at from range(100) as t(i)");
      const plan = async (sql: string) => (await handle.connection.runAndReadAll(`explain ${sql}`)).getRows().map((row) => String(row[1])).join("\n");
      const rows = async (sql: string) => JSON.stringify((await handle.connection.runAndReadAll(`${sql} order by all`)).getRowObjectsJson());
      expect(await plan(model)).toMatch(/\bCTE\b/);
      expect(await plan(inlineImportCtes(model))).not.toMatch(/\bCTE\b/);
      expect(await rows(inlineImportCtes(model))).toBe(await rows(model));
    } finally {
      closeDuckDb(handle);
    }
  });
});
