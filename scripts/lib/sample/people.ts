// Names and job titles for prospects.

import { Weighted } from "./prng";

export const FIRST_NAMES = [
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William",
  "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Christopher", "Karen", "Daniel", "Lisa",
  "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily", "Andrew", "Michelle", "Joshua",
  "Amanda", "Kevin", "Melissa", "Brian", "Stephanie", "Ryan", "Rebecca", "Jacob", "Laura", "Nicholas", "Rachel",
  "Tyler", "Megan", "Aaron", "Olivia", "Noah", "Sophia", "Liam", "Emma", "Ava", "Mia", "Lucas", "Chloe", "Ethan",
  "Grace", "Priya", "Arjun", "Ananya", "Rahul", "Wei", "Mei", "Jun", "Hiroshi", "Yuki", "Haruto", "Sakura", "Kenji",
  "Lena", "Jürgen", "Lukas", "Hannah", "Felix", "Sophie", "Zoë", "François", "Camille", "Léa", "Hugo", "José",
  "María", "Mateus", "Ana", "Siobhán", "Seán", "Niamh", "Oliver", "Amelia", "Isla", "Freya", "Lars", "Ingrid",
  "Sven", "Astrid", "Fatima", "Omar", "Aisha", "Tariq", "Chidi", "Ngozi", "Kwame", "Thandiwe",
];

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
  "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson",
  "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Patel", "Shah", "Gupta", "Singh",
  "Kumar", "Chen", "Wang", "Li", "Zhang", "Liu", "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto",
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Dubois", "Lefèvre",
  "Moreau", "Laurent", "Silva", "Santos", "Oliveira", "O'Brien", "O'Connor", "Murphy", "Kelly", "Byrne",
  "MacDonald", "Campbell", "Stewart", "Johansson", "Andersson", "Nilsson", "Larsen", "de Vries", "van Dijk",
  "Bakker", "Okafor", "Mensah", "Abdullah", "Haddad", "Cohen", "Kowalski", "Nowak", "Novak", "Rossi", "Russo",
];

export type Seniority = "exec" | "director" | "manager" | "ic" | "low";

export interface Title {
  title: string;
  seniority: Seniority;
}

/** Job titles, weighted the way inbound B2B leads actually arrive. */
export const TITLES = new Weighted<Title>([
  [{ title: "VP Marketing", seniority: "exec" }, 4],
  [{ title: "VP, Marketing", seniority: "exec" }, 1],
  [{ title: "VP of Sales", seniority: "exec" }, 3],
  [{ title: "VP Revenue Operations", seniority: "exec" }, 2],
  [{ title: "Chief Revenue Officer", seniority: "exec" }, 1.5],
  [{ title: "CFO", seniority: "exec" }, 1.5],
  [{ title: "CEO", seniority: "exec" }, 2],
  [{ title: "Founder", seniority: "exec" }, 1.5],
  [{ title: "Head of Revenue Operations", seniority: "director" }, 4],
  [{ title: "Head of Growth", seniority: "director" }, 2],
  [{ title: "Director of Sales", seniority: "director" }, 4],
  [{ title: "Director of Marketing Operations", seniority: "director" }, 3],
  [{ title: "Director, Demand Generation", seniority: "director" }, 2],
  [{ title: "Head of Sales Operations", seniority: "director" }, 2],
  [{ title: "Marketing Manager", seniority: "manager" }, 7],
  [{ title: "Sales Operations Manager", seniority: "manager" }, 5],
  [{ title: "RevOps Manager", seniority: "manager" }, 4],
  [{ title: "Demand Generation Manager", seniority: "manager" }, 4],
  [{ title: "Marketing Operations Manager", seniority: "manager" }, 4],
  [{ title: "Sales Manager", seniority: "manager" }, 3],
  [{ title: "Data Analyst", seniority: "ic" }, 5],
  [{ title: "Business Analyst", seniority: "ic" }, 3],
  [{ title: "Marketing Specialist", seniority: "ic" }, 4],
  [{ title: "Marketing Coordinator", seniority: "ic" }, 3],
  [{ title: "Sales Development Representative", seniority: "ic" }, 3],
  [{ title: "Account Executive", seniority: "ic" }, 2],
  [{ title: "Software Engineer", seniority: "ic" }, 2],
  [{ title: "Consultant", seniority: "low" }, 3],
  [{ title: "Freelancer", seniority: "low" }, 1],
  [{ title: "Intern", seniority: "low" }, 1.5],
  [{ title: "Student", seniority: "low" }, 1.5],
]);

export const STUDENT_TITLES: readonly Title[] = [
  { title: "Student", seniority: "low" },
  { title: "Graduate Student", seniority: "low" },
  { title: "MBA Candidate", seniority: "low" },
  { title: "Research Assistant", seniority: "low" },
  { title: "Professor", seniority: "low" },
];

/** ASCII slug of a name for an email local part ("Jürgen" -> "jurgen", "O'Brien" -> "obrien"). */
export function emailSlug(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

export const FIRST_SLUGS: readonly string[] = FIRST_NAMES.map(emailSlug);
export const LAST_SLUGS: readonly string[] = LAST_NAMES.map(emailSlug);
