/**
 * The words of demo profiles, all written for Concord: headlines, biographies assembled from
 * sentences that each mention only facts true of the mediator, earlier careers, credentials
 * (from invented issuers) and office labels.
 */
import type { Format } from '../directory/types.ts';
import type { Rng } from './random.ts';

/** How a practice area reads inside a sentence ("… most of her cases involve ___ disputes"). */
const AREA_PHRASES: Record<string, string> = {
  family: 'family',
  workplace: 'workplace',
  commercial: 'business',
  construction: 'construction',
  elder: 'elder care',
  community: 'neighbour',
  international: 'cross-border',
  'real-estate': 'housing',
  estate: 'inheritance',
  healthcare: 'healthcare',
  insurance: 'insurance',
  education: 'school',
};

/** "___ mediator serving Austin". */
const AREA_TITLES: Record<string, string> = {
  family: 'Family',
  workplace: 'Workplace',
  commercial: 'Commercial',
  construction: 'Construction',
  elder: 'Elder',
  community: 'Community',
  international: 'International',
  'real-estate': 'Real estate',
  estate: 'Estate',
  healthcare: 'Healthcare',
  insurance: 'Insurance',
  education: 'Education',
};

const HEADLINES: Record<string, string[]> = {
  family: [
    'Family mediator helping parents build workable parenting plans',
    'Divorce and separation mediation that keeps children at the centre',
    'Calm, practical mediation for separating couples',
    'Helping families agree on parenting, property and support',
  ],
  workplace: ['Workplace mediator helping teams work together again', 'Resolving conflict between colleagues before it escalates'],
  commercial: ['Commercial mediator for contract and partnership disputes', 'Business disputes settled without the cost of court'],
  construction: ['Construction mediator for defects, delays and payment disputes'],
  elder: ['Elder mediation for families making care decisions together', 'Helping families plan care for an ageing parent'],
  community: ['Community mediator for neighbours and local groups', 'Neighbour disputes settled with a conversation, not a lawsuit'],
  international: ['Cross-border mediation for families and businesses'],
  'real-estate': ['Mediation for landlords, tenants and co-owners', 'Property and housing disputes resolved quickly and fairly'],
  estate: ['Estate mediation that helps families divide an inheritance fairly', 'Settling wills and trusts disputes without splitting the family'],
  healthcare: ['Healthcare mediator for patients, families and providers'],
  insurance: ['Insurance and injury claims settled through mediation', 'Experienced mediator for personal injury settlements'],
  education: ['Education mediator for parents, students and schools', 'Special education disputes resolved with the child in mind'],
};

export const PRIOR_CAREERS = [
  'a family lawyer',
  'a litigator',
  'a teacher',
  'a social worker',
  'a human resources manager',
  'a project manager in construction',
  'a small-business owner',
  'a hospital administrator',
  'a union representative',
  'a financial planner',
  'a family therapist',
  'an insurance adjuster',
  'a property manager',
];

interface CredentialKind {
  title: string;
  /** Practice areas it goes with; empty for any. */
  areas: string[];
  issuers: string[];
}

// Invented issuers: generic-sounding, not the names of real organisations.
export const CREDENTIALS: CredentialKind[] = [
  { title: 'Certified Family Mediator', areas: ['family'], issuers: ['Stonebridge Academy of Family Practice', 'Meridian Council for Dispute Resolution'] },
  { title: 'Parenting Coordination Certificate', areas: ['family'], issuers: ['Stonebridge Academy of Family Practice', 'Fairhaven Institute for Conflict Studies'] },
  { title: 'Collaborative Practice Training', areas: ['family', 'estate'], issuers: ['Harbourline Collaborative Practice Circle'] },
  { title: 'Certified Workplace Mediator', areas: ['workplace'], issuers: ['Kestrel Workplace Resolution Institute', 'Northbridge Institute of Mediation'] },
  {
    title: 'Registered Civil and Commercial Mediator',
    areas: ['commercial', 'construction', 'real-estate', 'insurance', 'international'],
    issuers: ['Meridian Council for Dispute Resolution', 'Regional Mediation Standards Board'],
  },
  { title: 'Elder Mediation Certificate', areas: ['elder', 'estate', 'healthcare'], issuers: ['Fairhaven Institute for Conflict Studies'] },
  { title: 'Construction Dispute Resolution Certificate', areas: ['construction'], issuers: ['Northbridge Institute of Mediation'] },
  { title: 'Special Education Mediation Training', areas: ['education'], issuers: ['Ridgeview University Center for Conflict Studies'] },
  { title: 'Community Mediation Practicum', areas: ['community', 'real-estate'], issuers: ['Lantern Street Community Mediation Service'] },
  { title: 'Advanced Certificate in Conflict Resolution', areas: [], issuers: ['Ridgeview University', 'Lakemont College'] },
  { title: 'Master of Dispute Resolution', areas: [], issuers: ['Lakemont College of Law', 'Ridgeview University'] },
  { title: 'Basic Mediation Training (40 hours)', areas: [], issuers: ['Northbridge Institute of Mediation', 'Regional Mediation Standards Board'] },
];

export const OFFICE_LABELS = ['Main office', 'Downtown office', 'Head office'];
export const EXTRA_OFFICE_LABELS = ['Branch office', 'Northside office', 'Westside office', 'Satellite office'];

// ---------------------------------------------------------------------------------------------
// Biography sentences, written for Concord. Each takes the facts it may mention.

export interface Facts {
  first: string;
  city: string;
  regionName: string;
  countryName: string;
  years: number;
  areas: string[];
  formats: Format[];
  /** Names, as the site lists them. */
  languages: string[];
  free: boolean;
  sliding: boolean;
  onlineOnly: boolean;
  prior: string;
  usSpelling: boolean;
}

type Sentence = (f: Facts) => string | null;

const yearsPhrase = (n: number) => (n === 1 ? 'a year' : `${n} years`);
const listPhrase = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
const areaList = (f: Facts) => listPhrase(f.areas.map((a) => AREA_PHRASES[a] ?? a));
const spell = (f: Facts, text: string) => (f.usSpelling ? text.replace(/neighbour/g, 'neighbor').replace(/centre/g, 'center').replace(/ageing/g, 'aging') : text);

/** The first sentence: where and how long (exactly one, so facts never repeat). */
const OPENING: Sentence[] = [
  (f) => (f.onlineOnly ? `${f.first} has mediated online for ${yearsPhrase(f.years)}, working with clients across ${f.regionName}.` : `${f.first} has worked as a mediator in ${f.city} for ${yearsPhrase(f.years)}.`),
  (f) => `${f.first} mediates ${areaList(f)} matters for people across ${f.regionName}, and has done so for ${yearsPhrase(f.years)}.`,
  (f) => (f.years >= 10 ? `Over ${yearsPhrase(f.years)} of practice, ${f.first} has helped hundreds of people reach agreements they could keep.` : `${f.first} opened a mediation practice ${yearsPhrase(f.years)} ago after completing formal mediation training.`),
];

const INTRO: Sentence[] = [
  (f) => `Before turning to mediation, ${f.first} worked as ${f.prior}.`,
  (f) => `Most of ${f.first}'s cases involve ${areaList(f)} disputes.`,
  (f) => `${f.first} came to mediation after seeing how much a courtroom battle can cost people, in money and in goodwill.`,
  (f) => (f.onlineOnly ? null : `Clients come from ${f.city} and the towns around it, and from further afield for online sessions.`),
];

const APPROACH: Sentence[] = [
  () => 'Every mediation starts with a short private conversation with each party, so nobody walks into the first joint session unprepared.',
  () => 'The goal is an agreement both of you can live with, written in plain words you will still understand years from now.',
  () => 'Sessions move at a pace that suits the people in the room, with breaks whenever someone needs one.',
  () => 'When emotions run high, the conversation slows down rather than stops.',
  () => 'Each person gets time to be heard without interruption before anyone talks about solutions.',
  () => 'Practical questions come first: what needs deciding, by when, and what information is still missing.',
  () => 'Where it helps, the parties can sit in separate rooms while proposals are carried back and forth.',
  () => 'What is said in mediation stays in mediation unless everyone agrees otherwise.',
  () => 'Options are written on a shared page as the discussion goes, so everyone can see what is on the table.',
  () => 'A short checklist goes out before the first meeting, because mediation works best when documents arrive early.',
  () => 'A mediator takes no sides and gives neither party legal advice, so each of you is encouraged to get independent advice before signing anything.',
  () => 'Many disputes settle in one or two sessions; more tangled ones are broken into smaller questions and taken one at a time.',
  (f) => (f.areas.includes('family') ? "Children's needs stay at the centre of every conversation about parenting time." : null),
  (f) => (f.areas.includes('workplace') ? 'Workplace sessions often end with a short written plan for how colleagues will raise problems in future.' : null),
  (f) => (f.areas.includes('commercial') ? 'In business disputes the focus is on keeping a working relationship intact wherever that is still possible.' : null),
  (f) => (f.areas.includes('construction') ? 'Construction disputes are handled with the drawings, schedules and invoices on the table from the first day.' : null),
  (f) => (f.areas.includes('elder') ? "Conversations about an older relative's care include everyone who will share the load, and the relative too wherever possible." : null),
  (f) => (f.areas.includes('community') ? 'Disagreements between neighbours are often settled on site, walking the boundary together.' : null),
];

const PRACTICAL: Sentence[] = [
  (f) => {
    const ways = [
      f.formats.includes('in_person') ? `in person in ${f.city}` : null,
      f.formats.includes('online') ? 'by video' : null,
      f.formats.includes('phone') ? 'by phone' : null,
    ].filter((w): w is string => !!w);
    return ways.length ? `Sessions are available ${listPhrase(ways)}.` : null;
  },
  (f) => (f.languages.length > 1 ? `${f.first} mediates in ${listPhrase(f.languages)}.` : null),
  (f) => (f.free ? 'The first consultation is free and carries no obligation.' : null),
  (f) => (f.sliding ? 'Fees follow a sliding scale when cost would otherwise stand in the way.' : null),
  () => 'Evening and weekend appointments can be arranged on request.',
  (f) => (f.formats.includes('online') ? 'Anyone new to video sessions is offered a short test call beforehand.' : null),
  () => 'A written summary of what was agreed follows within a few days of the final session.',
];

const PERSONAL: Sentence[] = [
  (f) => `Outside paid work, ${f.first} volunteers with a local community mediation service.`,
  (f) => `${f.first} also trains new mediators and supervises practice hours for people working toward accreditation.`,
  (f) => (f.onlineOnly ? null : `${f.first} lives in ${f.city} and takes a keen interest in how people there settle disagreements without going to court.`),
  (f) => `When not mediating, ${f.first} can usually be found on a hiking trail or in the garden.`,
  (f) => `${f.first} believes that people in conflict usually know more about the way forward than any outsider does.`,
  (f) => `${f.first} keeps a small caseload so that every client gets prompt replies and unhurried sessions.`,
];

function paragraph(rng: Rng, sentences: Sentence[], facts: Facts, min: number, max: number): string[] {
  const usable = sentences.map((s) => s(facts)).filter((s): s is string => !!s);
  return rng.sample(usable, rng.int(min, max));
}

export function composeBio(rng: Rng, facts: Facts): string {
  const opening = [...paragraph(rng, OPENING, facts, 1, 1), ...paragraph(rng, INTRO, facts, 1, 2)].join(' ');
  const paragraphs = [opening, paragraph(rng, APPROACH, facts, 2, 4).join(' ')];
  if (rng.chance(0.7)) {
    const practical = paragraph(rng, PRACTICAL, facts, 2, 3);
    // Some profiles use a list, so the Markdown renderer sees more than plain paragraphs.
    paragraphs.push(rng.chance(0.2) ? `**What to expect**\n\n${practical.map((s) => `- ${s}`).join('\n')}` : practical.join(' '));
  }
  if (rng.chance(0.4)) paragraphs.push(paragraph(rng, PERSONAL, facts, 1, 2).join(' '));
  return spell(facts, paragraphs.join('\n\n'));
}

/** "Family mediator serving Austin" now and then; otherwise a headline of the first practice area. */
export function composeHeadline(rng: Rng, f: Facts): string {
  const headlines = HEADLINES[f.areas[0]!] ?? HEADLINES.family!;
  return rng.chance(0.15)
    ? `${AREA_TITLES[f.areas[0]!] ?? 'Family'} mediator serving ${f.onlineOnly ? f.regionName : f.city}`
    : spell(f, rng.pick(headlines));
}
