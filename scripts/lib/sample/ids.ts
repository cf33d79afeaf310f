// Salesforce-looking record ids: 3-char key prefix, 2-char pod, a reserved 0,
// a 9-char base-62 record number, then the 3-char case-safe checksum suffix
// Salesforce appends to make an 18-char id.

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const POD = "8c";

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** The 18-char form of a 15-char Salesforce id. */
export function sfId18(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      if (isUpper(id15.charCodeAt(chunk * 5 + i))) bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return id15 + suffix;
}

/** An 18-char Salesforce id for record number n under a key prefix ("00Q", "005", ...). */
export function sfId(prefix: string, n: number): string {
  let digits = "";
  let v = Math.floor(n);
  for (let i = 0; i < 9; i++) {
    digits = B62[v % 62] + digits;
    v = Math.floor(v / 62);
  }
  return sfId18(prefix + POD + "0" + digits);
}

/** Sequential Salesforce ids for one object, starting at a realistic-looking record number. */
export class SfIdSequence {
  private n: number;

  constructor(
    private readonly prefix: string,
    start: number,
  ) {
    this.n = start;
  }

  next(): string {
    this.n += 1;
    return sfId(this.prefix, this.n);
  }
}
