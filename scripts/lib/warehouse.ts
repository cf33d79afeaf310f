import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HandoffError } from "./errors";

/**
 * The catalog name a warehouse file is attached under. DuckDB would otherwise
 * name the catalog after the file, and a file called handoff.duckdb would make
 * `handoff.<table>` ambiguous between that catalog and the schema `handoff`.
 */
export const warehouseCatalog = "handoff_warehouse";

/** Memory DuckDB's block allocator may keep resident: a quarter of RAM, at most 4 GB. */
export function blockAllocatorMegabytes(totalBytes: number = os.totalmem()): number {
  return Math.min(4096, Math.floor(totalBytes / 4 / 1024 / 1024));
}

/** Opens a DuckDB database with the session settings every run relies on. */
export async function openDuckDb(file: string): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const inMemory = file === ":memory:";
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  if (!inMemory) {
    await connection.run(`attach '${file.replace(/'/g, "''")}' as ${warehouseCatalog}`);
    await connection.run(`use ${warehouseCatalog}`);
  }
  // Zone-less timestamps are UTC everywhere in Handoff.
  await connection.run("set TimeZone = 'UTC'");
  // Spills go beside the warehouse file (the in-memory primary database would
  // put them in ./.tmp of whatever folder the run started in).
  const tempDirectory = inMemory ? path.join(os.tmpdir(), `handoff-duckdb-${process.pid}`) : `${file}.tmp`;
  await connection.run(`set temp_directory = '${tempDirectory.replace(/'/g, "''")}'`);
  // A runaway query fails with a clear DuckDB error instead of filling the disk.
  await connection.run(`set max_temp_directory_size = '${process.env.HANDOFF_MAX_TEMP ?? "20GB"}'`);
  // Keep freed buffer blocks for the next model instead of handing them back
  // to the OS and faulting fresh pages in again: a build of many tables
  // frees and reuses gigabytes. At 1M leads this halved the page faults and
  // cut the system time by a third. Up to a quarter of RAM, at most 4 GB.
  await connection.run(`set block_allocator_memory = '${blockAllocatorMegabytes()}MiB'`);
  // Strings are stored dictionary-encoded or plain, not FSST-compressed: FSST
  // (training a symbol table per segment, then compressing every string)
  // was the largest cost of writing a table of ids. At 1M leads, whole builds
  // are about a tenth faster (README, Performance), for a warehouse file of
  // 2.7 GB instead of 1.6 GB and about 1 GB more peak memory.
  await connection.run("set disabled_compression_methods = 'fsst'");
  return { instance, connection };
}

/** Writes everything to the database file (no WAL left beside it). */
export async function checkpointDuckDb(connection: DuckDBConnection): Promise<void> {
  const reader = await connection.runAndReadAll("select current_database() as name");
  const name = String(reader.getRowObjectsJS()[0]?.name ?? "");
  await connection.run(name === "memory" ? "checkpoint" : `checkpoint ${name}`);
}

export function closeDuckDb(handle: { instance: DuckDBInstance; connection: DuckDBConnection }): void {
  handle.connection.closeSync();
  handle.instance.closeSync();
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // A killed process nobody has reaped yet (a zombie) still answers signal 0.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/**
 * A lock file beside the warehouse: one run at a time. A lock left by a
 * process that no longer exists (killed with -9) is taken over.
 */
export function acquireLock(warehouseFile: string): () => void {
  const lockFile = `${warehouseFile}.lock`;
  mkdirSync(path.dirname(warehouseFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockFile, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder: { pid?: number; startedAt?: string } = {};
      try {
        holder = JSON.parse(readFileSync(lockFile, "utf8")) as typeof holder;
      } catch {
        // An unreadable lock was cut short by a crash while being written.
      }
      if (holder.pid && processIsAlive(holder.pid)) {
        throw new HandoffError(
          `another run (pid ${holder.pid}, started ${holder.startedAt ?? "at an unknown time"}) holds ${warehouseFile}; wait for it to finish (the lock is ${lockFile})`,
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new HandoffError(`could not take the lock ${lockFile}`);
}

/**
 * Build, then swap: the work happens on a copy of the warehouse file, which
 * replaces the original (an atomic rename) only when `work` succeeds. A failed
 * or killed run leaves the previous outputs readable and unchanged.
 */
export async function withWarehouseCopy<T>(
  warehouseFile: string,
  work: (connection: DuckDBConnection) => Promise<{ commit: boolean; value: T }>,
): Promise<T> {
  const release = acquireLock(warehouseFile);
  const nextFile = `${warehouseFile}.next`;
  const cleanup = (): void => {
    rmSync(nextFile, { force: true });
    rmSync(`${nextFile}.wal`, { force: true });
    release();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    process.stderr.write(`\ninterrupted (${signal}): ${warehouseFile} is unchanged\n`);
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    rmSync(nextFile, { force: true });
    rmSync(`${nextFile}.wal`, { force: true });
    if (existsSync(`${warehouseFile}.wal`)) {
      // A WAL beside the warehouse means it was last closed uncleanly by some
      // other program; opening it once replays the WAL into the file.
      const handle = await openDuckDb(warehouseFile);
      await checkpointDuckDb(handle.connection);
      closeDuckDb(handle);
    }
    if (existsSync(warehouseFile)) copyFileSync(warehouseFile, nextFile);
    const handle = await openDuckDb(nextFile);
    let outcome: { commit: boolean; value: T };
    try {
      outcome = await work(handle.connection);
      if (outcome.commit) await checkpointDuckDb(handle.connection);
    } finally {
      closeDuckDb(handle);
    }
    if (outcome.commit) renameSync(nextFile, warehouseFile);
    return outcome.value;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    cleanup();
  }
}

/** Whether the warehouse already holds raw data (the Salesforce lead table). */
export async function hasRawData(warehouseFile: string, leadSchema = "salesforce"): Promise<boolean> {
  if (!existsSync(warehouseFile)) return false;
  const instance = await DuckDBInstance.create(warehouseFile, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      "select count(*)::integer as n from information_schema.tables where table_schema = $1 and table_name = 'lead'",
      [leadSchema],
    );
    return Number(reader.getRowObjectsJS()[0]?.n ?? 0) > 0;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
