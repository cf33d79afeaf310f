import rawContract from "../../../includes/raw_contract.js";

export type RawType = "string" | "int64" | "float64" | "bool" | "timestamp" | "date";

export interface ContractColumn {
  name: string;
  type: RawType;
}

export interface ContractTable {
  system: string;
  table: string;
  /** "system.table" */
  key: string;
  columns: ContractColumn[];
}

/** Every table of the raw contract, in contract order, with its columns in contract order. */
export function contractTables(): ContractTable[] {
  const out: ContractTable[] = [];
  const tables = rawContract.tables as Record<string, Record<string, { columns: Record<string, { type: RawType }> }>>;
  for (const [system, systemTables] of Object.entries(tables)) {
    for (const [table, def] of Object.entries(systemTables)) {
      out.push({
        system,
        table,
        key: `${system}.${table}`,
        columns: Object.entries(def.columns).map(([name, c]) => ({ name, type: c.type })),
      });
    }
  }
  return out;
}
