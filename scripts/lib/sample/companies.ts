// The firmographic universe the sample draws prospects from: a fixed list of
// target accounts plus a few hundred generated companies. It is built from a
// constant seed, NOT the run's seed, so company names, domains and the target
// account list are the same in every sample (the sales-ready policy names them).

import { Rng, Weighted } from "./prng";

export interface Company {
  index: number;
  name: string;
  domain: string;
  industry: string;
  employees: number;
  /** Annual revenue in USD; null when the data vendor has none. */
  annualRevenue: number | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  isTarget: boolean;
}

export const INDUSTRIES = [
  "Software",
  "Financial Services",
  "Healthcare",
  "Manufacturing",
  "Retail",
  "Education",
  "Government",
  "Media",
  "Telecommunications",
  "Energy",
  "Transportation",
  "Insurance",
  "Professional Services",
  "Nonprofit",
] as const;

/** The sample company's named target accounts (ABM list): ~20 good-fit companies. */
const TARGETS: ReadonlyArray<Omit<Company, "index" | "isTarget">> = [
  { name: "Brightlane Software", domain: "brightlane.io", industry: "Software", employees: 850, annualRevenue: 142_000_000, country: "US" },
  { name: "Northwind Financial Group", domain: "northwindfinancial.com", industry: "Financial Services", employees: 4200, annualRevenue: 1_350_000_000, country: "US" },
  { name: "Helix Health Systems", domain: "helixhealth.com", industry: "Healthcare", employees: 12000, annualRevenue: 2_900_000_000, country: "US" },
  { name: "Veridian Cloud", domain: "veridiancloud.com", industry: "Software", employees: 1400, annualRevenue: 310_000_000, country: "US" },
  { name: "QuantaPay", domain: "quantapay.co.uk", industry: "Financial Services", employees: 620, annualRevenue: 95_000_000, country: "GB" },
  { name: "Kestrel Manufacturing", domain: "kestrelmfg.com", industry: "Manufacturing", employees: 3100, annualRevenue: 870_000_000, country: "US" },
  { name: "Orbital Retail Co.", domain: "orbitalretail.com", industry: "Retail", employees: 7800, annualRevenue: 2_100_000_000, country: "US" },
  { name: "Lumafin AG", domain: "lumafin.de", industry: "Financial Services", employees: 2300, annualRevenue: 610_000_000, country: "DE" },
  { name: "Tessellate AI", domain: "tessellate.ai", industry: "Software", employees: 310, annualRevenue: 48_000_000, country: "US" },
  { name: "Cobalt Logistics", domain: "cobaltlogistics.com", industry: "Transportation", employees: 5400, annualRevenue: 1_700_000_000, country: "US" },
  { name: "Harbor Bank plc", domain: "harborbank.co.uk", industry: "Financial Services", employees: 9000, annualRevenue: 3_200_000_000, country: "GB" },
  { name: "Sakura Digital K.K.", domain: "sakuradigital.co.jp", industry: "Software", employees: 1800, annualRevenue: 380_000_000, country: "JP" },
  { name: "Meridian Insurance", domain: "meridianinsure.com", industry: "Insurance", employees: 6100, annualRevenue: 2_400_000_000, country: "US" },
  { name: "Pinnacle Medical Group", domain: "pinnaclemed.com", industry: "Healthcare", employees: 2600, annualRevenue: 540_000_000, country: "US" },
  { name: "Southern Cross Energy", domain: "southerncrossenergy.com.au", industry: "Energy", employees: 3500, annualRevenue: 1_100_000_000, country: "AU" },
  { name: "Datacrest", domain: "datacrest.io", industry: "Software", employees: 450, annualRevenue: 61_000_000, country: "CA" },
  { name: "Atlas Robotics GmbH", domain: "atlasrobotics.de", industry: "Manufacturing", employees: 1200, annualRevenue: 290_000_000, country: "DE" },
  { name: "Evergreen Markets", domain: "evergreenmarkets.com", industry: "Retail", employees: 15000, annualRevenue: 4_800_000_000, country: "US" },
  { name: "Stratus Commerce", domain: "stratuscommerce.com", industry: "Software", employees: 950, annualRevenue: 176_000_000, country: "US" },
  { name: "NovaTerra SA", domain: "novaterra.fr", industry: "Manufacturing", employees: 2800, annualRevenue: 720_000_000, country: "FR" },
];

/** Domains of the target accounts, for the sales-ready policy. */
export const targetAccountDomains: readonly string[] = TARGETS.map((t) => t.domain);

export const FREE_MAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com"] as const;

export interface University {
  name: string;
  domain: string;
  country: string;
}

export const UNIVERSITIES: readonly University[] = [
  { name: "Stanford University", domain: "stanford.edu", country: "US" },
  { name: "University of Michigan", domain: "umich.edu", country: "US" },
  { name: "Arizona State University", domain: "asu.edu", country: "US" },
  { name: "Boston University", domain: "bu.edu", country: "US" },
  { name: "University of Texas at Austin", domain: "utexas.edu", country: "US" },
  { name: "University of Oxford", domain: "ox.ac.uk", country: "GB" },
  { name: "University College London", domain: "ucl.ac.uk", country: "GB" },
  { name: "University of Manchester", domain: "manchester.ac.uk", country: "GB" },
  { name: "Technische Universität München", domain: "tum.de", country: "DE" },
  { name: "University of Toronto", domain: "utoronto.ca", country: "CA" },
  { name: "University of Sydney", domain: "sydney.edu.au", country: "AU" },
];

const COUNTRIES = new Weighted<string>([
  ["US", 54],
  ["GB", 10],
  ["DE", 7],
  ["CA", 6],
  ["AU", 5],
  ["FR", 4],
  ["JP", 3],
  ["NL", 3],
  ["IN", 3],
  ["SE", 2],
  ["SG", 2],
  ["BR", 1],
]);

const TLD: Record<string, readonly string[]> = {
  US: [".com", ".com", ".com", ".io", ".co"],
  GB: [".co.uk", ".co.uk", ".com"],
  DE: [".de", ".de", ".com"],
  CA: [".ca", ".com"],
  AU: [".com.au", ".com.au", ".com"],
  FR: [".fr", ".com"],
  JP: [".co.jp", ".jp"],
  NL: [".nl", ".com"],
  IN: [".in", ".com"],
  SE: [".se", ".com"],
  SG: [".sg", ".com"],
  BR: [".com.br"],
};

const LEGAL: Record<string, readonly string[]> = {
  US: ["", "", "Inc.", "LLC", "Corp."],
  GB: ["", "Ltd", "plc"],
  DE: ["GmbH", "AG", ""],
  CA: ["", "Inc.", "Ltd."],
  AU: ["Pty Ltd", ""],
  FR: ["SA", "SAS", ""],
  JP: ["K.K.", ""],
  NL: ["B.V.", ""],
  IN: ["Pvt Ltd", ""],
  SE: ["AB", ""],
  SG: ["Pte Ltd", ""],
  BR: ["Ltda", ""],
};

const STEMS = [
  "Acorn", "Apex", "Arbor", "Aster", "Beacon", "Birch", "Bluefin", "Boulder", "Bright", "Cascade", "Cedar",
  "Citadel", "Clover", "Coral", "Crescent", "Crimson", "Delta", "Drift", "Echo", "Ember", "Falcon", "Fathom",
  "Fern", "Flint", "Forge", "Frontier", "Garnet", "Glacier", "Granite", "Hawthorn", "Horizon", "Indigo",
  "Iron", "Juniper", "Keystone", "Lantern", "Larch", "Linden", "Lumen", "Magnolia", "Maple", "Marble",
  "Meadow", "Mesa", "Monarch", "Nimbus", "Northstar", "Oakridge", "Onyx", "Orchid", "Osprey", "Pacific",
  "Paragon", "Pebble", "Pinecrest", "Pioneer", "Prairie", "Quarry", "Quartz", "Raven", "Redwood", "Ridge",
  "Riverbend", "Sable", "Sage", "Sequoia", "Silverline", "Slate", "Sparrow", "Spruce", "Summit", "Tidal",
  "Timber", "Trailhead", "Vale", "Vantage", "Vertex", "Willow", "Zephyr", "Alder", "Anchor", "Bastion",
  "Cobblestone", "Copper", "Driftwood", "Elm", "Gale", "Halcyon", "Heron", "Kingfisher", "Lark", "Mariner",
];

const INDUSTRY_WORDS: Record<string, readonly string[]> = {
  Software: ["Software", "Labs", "Systems", "Cloud", "Data", "Analytics", "Technologies", "AI", "Digital"],
  "Financial Services": ["Capital", "Financial", "Bank", "Wealth", "Payments", "Credit Union", "Partners"],
  Healthcare: ["Health", "Medical", "Care", "Clinics", "Biosciences", "Pharma"],
  Manufacturing: ["Industries", "Manufacturing", "Components", "Robotics", "Materials", "Machining"],
  Retail: ["Retail", "Goods", "Outfitters", "Market", "Brands", "Home"],
  Education: ["Learning", "Academy", "Education", "Schools"],
  Government: ["County", "City Services", "Transit Authority", "Public Works"],
  Media: ["Media", "Studios", "Publishing", "Entertainment"],
  Telecommunications: ["Telecom", "Networks", "Communications", "Broadband"],
  Energy: ["Energy", "Power", "Renewables", "Utilities"],
  Transportation: ["Logistics", "Freight", "Transport", "Shipping"],
  Insurance: ["Insurance", "Mutual", "Assurance", "Underwriters"],
  "Professional Services": ["Consulting", "Advisors", "Group", "Partners", "Associates"],
  Nonprofit: ["Foundation", "Alliance", "Trust", "Network"],
};

const INDUSTRY_WEIGHTS = new Weighted<string>([
  ["Software", 26],
  ["Financial Services", 13],
  ["Healthcare", 10],
  ["Manufacturing", 10],
  ["Retail", 8],
  ["Education", 5],
  ["Government", 4],
  ["Media", 4],
  ["Telecommunications", 3],
  ["Energy", 3],
  ["Transportation", 4],
  ["Insurance", 4],
  ["Professional Services", 8],
  ["Nonprofit", 3],
]);

/** Revenue per employee by industry (USD), for a plausible annual revenue. */
const REVENUE_PER_EMPLOYEE: Record<string, number> = {
  Software: 220_000,
  "Financial Services": 380_000,
  Healthcare: 160_000,
  Manufacturing: 260_000,
  Retail: 190_000,
  Education: 90_000,
  Government: 110_000,
  Media: 200_000,
  Telecommunications: 420_000,
  Energy: 650_000,
  Transportation: 240_000,
  Insurance: 400_000,
  "Professional Services": 170_000,
  Nonprofit: 70_000,
};

/** A few names that exercise CSV quoting, as real CRMs have them. */
const ODD_NAMES: ReadonlyArray<Omit<Company, "index" | "isTarget">> = [
  { name: "O'Malley, Burke & Co.", domain: "omalleyburke.com", industry: "Professional Services", employees: 140, annualRevenue: 24_000_000, country: "US" },
  { name: "Granite Partners, LLC", domain: "granitepartners.com", industry: "Financial Services", employees: 60, annualRevenue: 31_000_000, country: "US" },
  { name: 'Vertex "VX" Systems', domain: "vxsystems.com", industry: "Software", employees: 380, annualRevenue: 52_000_000, country: "US" },
  { name: "Müller & Söhne Maschinenbau GmbH", domain: "mueller-soehne.de", industry: "Manufacturing", employees: 720, annualRevenue: 160_000_000, country: "DE" },
];

const UNIVERSE_SEED = 20260101;
const GENERATED_COMPANIES = 560;

function round(n: number, to: number): number {
  return Math.round(n / to) * to;
}

function buildUniverse(): Company[] {
  const rng = new Rng(UNIVERSE_SEED, 1);
  const out: Company[] = [];
  const domains = new Set<string>();
  const push = (c: Omit<Company, "index" | "isTarget">, isTarget: boolean) => {
    domains.add(c.domain);
    out.push({ ...c, index: out.length, isTarget });
  };
  for (const t of TARGETS) push(t, true);
  for (const c of ODD_NAMES) push(c, false);
  let guard = 0;
  while (out.length < TARGETS.length + ODD_NAMES.length + GENERATED_COMPANIES && guard++ < 100_000) {
    const industry = INDUSTRY_WEIGHTS.sample(rng);
    const country = COUNTRIES.sample(rng);
    const stem = rng.pick(STEMS);
    const word = rng.pick(INDUSTRY_WORDS[industry] as readonly string[]);
    const legal = rng.pick(LEGAL[country] as readonly string[]);
    const base = `${stem} ${word}`;
    const name = legal && industry !== "Government" ? `${base} ${legal}` : base;
    const slug = (stem + word).toLowerCase().replace(/[^a-z0-9]/g, "");
    const domain = slug + rng.pick(TLD[country] as readonly string[]);
    if (domains.has(domain) || out.some((c) => c.name === name)) continue;
    // Company size: mostly small and mid-size, a long tail of large ones.
    const sizeClass = rng.next();
    let employees: number;
    if (sizeClass < 0.6) employees = Math.max(2, Math.round(rng.lognormal(45, 0.9)));
    else if (sizeClass < 0.85) employees = Math.round(rng.range(200, 999));
    else employees = Math.round(Math.min(120_000, rng.lognormal(3000, 1.0) + 1000));
    if (sizeClass < 0.6 && employees >= 200) employees = rng.int(110, 195);
    const rpe = (REVENUE_PER_EMPLOYEE[industry] as number) * rng.lognormal(1, 0.35);
    const annualRevenue = rng.chance(0.12) ? null : round(employees * rpe, employees > 1000 ? 1_000_000 : 10_000);
    push({ name, domain, industry, employees, annualRevenue, country }, false);
  }
  return out;
}

/** The company universe: targets first, then the rest; index = position. */
export const companies: readonly Company[] = buildUniverse();

/** Relative chance that a prospect comes from each company (bigger companies, and target accounts via ABM, send more). */
export const companyWeights: readonly number[] = companies.map(
  (c) => Math.pow(Math.max(c.employees, 5), 0.15) * (c.isTarget ? 1.6 : 1),
);

/** HubSpot's employee-range string for an employee count. */
export function employeeRange(n: number): string {
  if (n <= 5) return "1-5";
  if (n <= 25) return "5-25";
  if (n <= 50) return "25-50";
  if (n <= 100) return "50-100";
  if (n <= 500) return "100-500";
  if (n <= 1000) return "500-1000";
  return "1000+";
}

export const countryWeights = COUNTRIES;
