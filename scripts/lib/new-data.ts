import type { DuckDBConnection } from "@duckdb/node-api";
import { HandoffError } from "./errors";
import { RawTableSpec, rawTables } from "./raw-data";
import { quoteIdent } from "./sql-identifiers";

// New data for an incremental run, made from data already loaded: the newest
// events of the append-only raw logs are held back (moved to temporary
// tables), the graph is built, and then they "arrive" (are moved back). The
// benchmark and the incremental tests use it; a real schedule gets its new
// rows from the connectors.

const relation = (spec: RawTableSpec): string => `${quoteIdent(spec.schema)}.${quoteIdent(spec.table)}`;
const heldBack = (spec: RawTableSpec): string => quoteIdent(`held_back__${spec.system}__${spec.table}`);

/** The append-only event logs of the raw contract (those with an `eventTime`). */
export function eventLogs(specs: RawTableSpec[] = rawTables()): (RawTableSpec & { eventTime: string })[] {
  return specs.filter((spec): spec is RawTableSpec & { eventTime: string } => Boolean(spec.eventTime));
}

/**
 * The event time after which about `share` of all raw rows lie (all of them
 * in the event logs): the cutoff that makes that share "new".
 */
export async function cutoffForShare(connection: DuckDBConnection, share: number, specs: RawTableSpec[] = rawTables()): Promise<string> {
  if (!(share > 0 && share < 1)) throw new HandoffError(`the share of new data must be between 0 and 1, got ${share}`);
  let total = 0;
  for (const spec of specs) {
    const reader = await connection.runAndReadAll(`select count(*)::bigint as n from ${relation(spec)}`);
    total += Number(reader.getRowObjectsJS()[0]?.n ?? 0);
  }
  const newest = eventLogs(specs)
    .map((spec) => `select ${quoteIdent(spec.eventTime)} as event_at from ${relation(spec)} where ${quoteIdent(spec.eventTime)} is not null`)
    .join("\nunion all\n");
  const offset = Math.max(0, Math.round(total * share) - 1);
  const reader = await connection.runAndReadAll(`select strftime(event_at, '%Y-%m-%dT%H:%M:%S.%gZ') as cutoff from (${newest}) order by event_at desc limit 1 offset ${offset}`);
  const cutoff = reader.getRowObjectsJS()[0]?.cutoff;
  if (typeof cutoff !== "string") throw new HandoffError("the raw event logs are empty: there is no data to hold back");
  return cutoff;
}

/** Moves every event at or after `cutoff` out of the raw logs; returns how many. */
export async function holdBackEvents(connection: DuckDBConnection, cutoff: string, specs: RawTableSpec[] = rawTables()): Promise<number> {
  let moved = 0;
  for (const spec of eventLogs(specs)) {
    const condition = `${quoteIdent(spec.eventTime)} >= timestamp '${new Date(cutoff).toISOString().replace("T", " ").replace("Z", "")}'`;
    await connection.run(`create or replace temp table ${heldBack(spec)} as select * from ${relation(spec)} where ${condition}`);
    const reader = await connection.runAndReadAll(`select count(*)::bigint as n from ${heldBack(spec)}`);
    moved += Number(reader.getRowObjectsJS()[0]?.n ?? 0);
    await connection.run(`delete from ${relation(spec)} where ${condition}`);
  }
  return moved;
}

/** Moves the held-back events back into the raw logs (the new data arrives); returns how many. */
export async function releaseHeldBackEvents(connection: DuckDBConnection, specs: RawTableSpec[] = rawTables()): Promise<number> {
  let moved = 0;
  for (const spec of eventLogs(specs)) {
    const reader = await connection.runAndReadAll(`select count(*)::bigint as n from ${heldBack(spec)}`);
    moved += Number(reader.getRowObjectsJS()[0]?.n ?? 0);
    await connection.run(`insert into ${relation(spec)} by name select * from ${heldBack(spec)}`);
    await connection.run(`drop table ${heldBack(spec)}`);
  }
  return moved;
}
