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

const B62_CODES = Array.from(B62, (c) => c.charCodeAt(0));
const SUFFIX_CODES = Array.from(SUFFIX, (c) => c.charCodeAt(0));
const codes: number[] = new Array<number>(18).fill(48);

/**
 * An 18-char Salesforce id for record number n under a key prefix ("00Q", "005", ...).
 * Built from char codes so the result is a flat string (cheap to write many times).
 */
export function sfId(prefix: string, n: number): string {
  codes[0] = prefix.charCodeAt(0);
  codes[1] = prefix.charCodeAt(1);
  codes[2] = prefix.charCodeAt(2);
  codes[3] = POD.charCodeAt(0);
  codes[4] = POD.charCodeAt(1);
  codes[5] = 48;
  let v = Math.floor(n);
  for (let i = 14; i >= 6; i--) {
    codes[i] = B62_CODES[v % 62] as number;
    v = Math.floor(v / 62);
  }
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = codes[chunk * 5 + i] as number;
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    codes[15 + chunk] = SUFFIX_CODES[bits] as number;
  }
  return String.fromCharCode.apply(null, codes);
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
