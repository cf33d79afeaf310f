/**
 * Dataform 3 writes references BigQuery-style: `project.dataset.table` in
 * backticks. DuckDB reads `"schema"."table"` instead, and has no project. This
 * tokenizer rewrites only backtick-quoted identifiers; string literals,
 * double-quoted identifiers and comments pass through untouched.
 */
export function bigQueryIdentifiersToDuckDb(sql: string): string {
  let out = "";
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === "'" || ch === '"') {
      const stop = endOfQuoted(sql, i, ch);
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === "`") {
      // A chain such as `a`.`b`.`c` or `a.b.c`: gather every part.
      const parts: string[] = [];
      let j = i;
      for (;;) {
        const close = sql.indexOf("`", j + 1);
        if (close === -1) throw new Error(`unterminated backtick identifier at offset ${j}`);
        parts.push(...sql.slice(j + 1, close).split("."));
        j = close + 1;
        if (sql[j] === "." && sql[j + 1] === "`") {
          j += 1;
          continue;
        }
        break;
      }
      // Three parts are project.dataset.table: DuckDB has one database here.
      const kept = parts.length === 3 ? parts.slice(1) : parts;
      out += kept.map((part) => `"${part.replace(/"/g, '""')}"`).join(".");
      i = j;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** Index just past the closing quote of a quoted token starting at `start`. */
function endOfQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  throw new Error(`unterminated ${quote === "'" ? "string literal" : "quoted identifier"} at offset ${start}`);
}

/** A DuckDB identifier, quoted. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Dataform labels each rowConditions check with the condition as a BigQuery
 * string literal (backslash escapes), on a line of its own:
 *   'status in (\'a\')' AS failing_row_condition,
 * DuckDB has no backslash escapes, so those labels are re-quoted. Only this
 * generated line shape is touched.
 */
export function dataformConditionLabelsToDuckDb(sql: string): string {
  return sql.replace(/^(\s*)'((?:[^'\\]|\\.)*)'(\s+AS failing_row_condition,?\s*)$/gm, (_line, indent: string, body: string, rest: string) => {
    const text = body.replace(/\\(.)/g, (_escape, character: string) => ({ n: "\n", r: "\r", t: "\t" })[character] ?? character);
    return `${indent}'${text.replace(/'/g, "''")}'${rest}`;
  });
}

/**
 * DuckDB copies a CTE referenced more than once into memory before reading it.
 * For an import CTE (`name as (select * from "schema"."table")`) the copy buys
 * nothing, since reading the table again costs no more than reading the copy,
 * and it reads every column where the query needs a few: a third of some
 * models' time at a million leads. Such CTEs are marked `not materialized`, so
 * DuckDB reads the table itself wherever the CTE is used. Only that shape, at
 * the start of a line, is touched; the result is the same either way. Other
 * cheap CTEs read twice say so in the model (`dialect.notMaterialized()`).
 */
export function inlineImportCtes(sql: string): string {
  return sql.replace(/^([ \t]*)(\w+) as \((\s*select \* from "(?:[^"]|"")+"(?:\."(?:[^"]|"")+")*\s*)\)/gm, "$1$2 as not materialized ($3)");
}
