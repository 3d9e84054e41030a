import { Faker, base, en, en_US } from '@faker-js/faker';
import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { ArticleKind } from '../db/schema.ts';
import { DEFAULT_CATEGORIES, ensureCategories } from '../articles/categories.ts';
import { authorForMediator } from '../articles/authors.ts';
import { articleSlug, tagSlug } from '../articles/write.ts';
import { deriveExcerpt, wordCount } from '../articles/text.ts';
import { articleTextIndexFor } from '../articles/text-search.ts';
import { rebuildRelated } from '../articles/related.ts';

/**
 * Synthetic articles in bulk, for benchmarks and for trying the publication at volume:
 * `npm run seed -- --articles N`. Titles and bodies are assembled from a word bank of mediation
 * topics written for Concord, so articles on one topic share words that articles on others do
 * not, and TF-IDF has something to find. Names and places come from faker.
 *
 * Deterministic: the same count, seed, `now` and mediators give the same articles. The fast
 * path writes rows in batches (no revisions: nobody wrote these), indexes them for search, then
 * ranks related reading for the whole publication at once (rebuildRelated).
 */
export interface GenerateOptions {
  articles: number;
  seed: number;
  /** Publication dates spread over the three years before this. Default: the current time. */
  now?: Date;
  log?: (msg: string) => void;
}

export interface GenerateResult {
  articles: number;
  authors: number;
  insertMs: number;
  relatedMs: number;
}

interface Topic {
  category: string;
  /** Words and phrases that say what the topic is about. */
  words: string[];
  tags: string[];
}

// The word bank: thirty topics, each with its own words and tags (about two hundred tags in all).
const TOPICS: Topic[] = [
  { category: 'family', words: ['parenting plan', 'custody', 'school holidays', 'pickups', 'bedtimes', 'stepparents', 'child support', 'handovers', 'weekends', 'birthdays', 'teenagers', 'routines', 'grandparents', 'relocation', 'homework', 'summer camp'], tags: ['co-parenting', 'parenting plans', 'child support', 'custody', 'school holidays', 'relocation', 'grandparents'] },
  { category: 'family', words: ['pension', 'mortgage', 'savings', 'spousal support', 'assets', 'debts', 'valuation', 'household budget', 'tax returns', 'family home', 'disclosure', 'retirement accounts', 'refinancing', 'joint accounts', 'credit cards'], tags: ['divorce', 'property division', 'spousal support', 'pensions', 'financial disclosure', 'family home', 'budgets'] },
  { category: 'family', words: ['care home', 'dementia', 'caregiver', 'siblings', 'power of attorney', 'respite', 'nursing', 'medication', 'ageing parent', 'hospital discharge', 'home care', 'assisted living', 'driving', 'living arrangements'], tags: ['elder care', 'dementia', 'caregivers', 'care homes', 'power of attorney', 'siblings', 'ageing parents'] },
  { category: 'family', words: ['will', 'estate', 'executor', 'probate', 'heirlooms', 'trust', 'beneficiaries', 'family farm', 'bequest', 'inheritance tax', 'keepsakes', 'cottage', 'jewellery', 'photographs'], tags: ['inheritance', 'wills', 'estates', 'probate', 'trusts', 'executors', 'family farms'] },
  { category: 'workplace', words: ['team', 'manager', 'colleagues', 'meetings', 'workload', 'deadlines', 'feedback', 'morale', 'remote work', 'shift rota', 'hybrid office', 'project', 'performance review', 'promotion'], tags: ['team conflict', 'managers', 'remote work', 'workload', 'feedback', 'morale', 'hybrid work'] },
  { category: 'workplace', words: ['grievance', 'complaint', 'investigation', 'harassment', 'union', 'disciplinary', 'human resources', 'policy', 'witness', 'retaliation', 'apology', 'return to work', 'sick leave', 'code of conduct'], tags: ['grievances', 'harassment', 'unions', 'investigations', 'human resources', 'apologies', 'return to work'] },
  { category: 'workplace', words: ['dismissal', 'redundancy', 'severance', 'settlement agreement', 'notice period', 'reference letter', 'non-compete', 'tribunal', 'payout', 'restructuring', 'garden leave', 'outplacement'], tags: ['redundancy', 'severance', 'dismissal', 'employment tribunals', 'settlement agreements', 'non-compete clauses', 'references'] },
  { category: 'business', words: ['contract', 'supplier', 'invoice', 'delivery', 'warranty', 'breach', 'purchase order', 'penalty clause', 'specifications', 'liability', 'damages', 'late payment', 'procurement', 'logistics'], tags: ['contracts', 'suppliers', 'breach of contract', 'warranties', 'late payment', 'liability', 'procurement'] },
  { category: 'business', words: ['subcontractor', 'building site', 'defects', 'delays', 'variations', 'retention', 'architect', 'snagging', 'foundations', 'scaffolding', 'drawings', 'payment claim', 'quantity surveyor', 'concrete'], tags: ['construction', 'building defects', 'project delays', 'subcontractors', 'architects', 'retention payments', 'building sites'] },
  { category: 'business', words: ['business partner', 'shareholder', 'buyout', 'company valuation', 'founders', 'equity', 'board', 'deadlock', 'dividends', 'exit', 'succession', 'startup', 'investors', 'vesting'], tags: ['partnerships', 'shareholders', 'founders', 'buyouts', 'family business', 'deadlock', 'succession'] },
  { category: 'business', words: ['landlord', 'tenant', 'lease', 'rent arrears', 'deposit', 'repairs', 'eviction', 'service charge', 'break clause', 'dilapidations', 'shopfront', 'rent review', 'mould', 'inventory'], tags: ['leases', 'landlords', 'tenants', 'rent arrears', 'deposits', 'repairs', 'evictions'] },
  { category: 'community', words: ['hedge', 'fence', 'boundary', 'noise', 'parking', 'barking dog', 'party wall', 'drainage', 'trees', 'garden', 'extension', 'bonfire', 'driveway', 'security camera'], tags: ['neighbours', 'noise', 'boundaries', 'parking', 'trees', 'party walls', 'pets'] },
  { category: 'community', words: ['volunteers', 'committee', 'chairperson', 'congregation', 'sports club', 'fundraising', 'bylaws', 'elections', 'members', 'hall bookings', 'treasurer', 'allotments', 'choir', 'newsletter'], tags: ['volunteers', 'committees', 'clubs', 'faith communities', 'nonprofits', 'bylaws', 'community groups'] },
  { category: 'community', words: ['pupil', 'teacher', 'special educational needs', 'learning plan', 'headteacher', 'exclusion', 'bullying', 'classroom', 'school bus', 'assessment', 'playground', 'attendance', 'tutoring', 'school board'], tags: ['schools', 'special education', 'bullying', 'teachers', 'school exclusions', 'school transport', 'students'] },
  { category: 'community', words: ['patient', 'clinician', 'hospital', 'treatment', 'consent', 'medical error', 'nurse', 'ward', 'surgery', 'diagnosis', 'waiting list', 'pharmacy', 'records', 'bedside'], tags: ['healthcare', 'patients', 'medical complaints', 'hospitals', 'informed consent', 'clinicians', 'nursing'] },
  { category: 'business', words: ['insurance claim', 'adjuster', 'injury', 'policyholder', 'whiplash', 'premium', 'underwriter', 'coverage', 'accident', 'medical reports', 'loss adjuster', 'flood damage', 'excess', 'claimant'], tags: ['insurance', 'personal injury', 'insurance claims', 'adjusters', 'coverage', 'accidents', 'flood damage'] },
  { category: 'community', words: ['refund', 'retailer', 'online order', 'faulty goods', 'chargeback', 'repair shop', 'car dealer', 'guarantee', 'receipt', 'customer service', 'courier', 'returns', 'subscription', 'trading standards'], tags: ['consumer disputes', 'refunds', 'retailers', 'faulty goods', 'car repairs', 'online shopping', 'guarantees'] },
  { category: 'community', words: ['homeowners association', 'condominium', 'maintenance fees', 'renovations', 'shared areas', 'elevator', 'roof', 'stairwell', 'bike storage', 'annual meeting', 'reserve fund', 'balconies', 'laundry room', 'caretaker'], tags: ['homeowners associations', 'condominiums', 'maintenance fees', 'renovations', 'shared spaces', 'housing co-ops', 'building boards'] },
  { category: 'family', words: ['jurisdiction', 'abduction convention', 'time zones', 'interpreter', 'visas', 'passports', 'airfares', 'embassy', 'dual nationality', 'long-distance parenting', 'video calls with children', 'school abroad', 'emigration'], tags: ['cross-border', 'international families', 'interpreters', 'jurisdiction', 'emigration', 'time zones', 'dual nationality'] },
  { category: 'choosing', words: ['video call', 'breakout rooms', 'camera', 'internet connection', 'screen sharing', 'digital signature', 'headset', 'platform', 'waiting room', 'mute button', 'chat box', 'password', 'quiet room', 'test call'], tags: ['online mediation', 'video calls', 'breakout rooms', 'technology', 'digital signatures', 'remote sessions', 'privacy'] },
  { category: 'practice', words: ['active listening', 'reframing', 'open questions', 'empathy', 'summarising', 'silence', 'impasse', 'caucus', 'agenda', 'options', 'interests', 'positions', 'brainstorming', 'reality testing'], tags: ['listening', 'reframing', 'questioning', 'caucus', 'impasse', 'empathy', 'interests and positions'] },
  { category: 'practice', words: ['impartiality', 'conflict of interest', 'confidentiality', 'informed consent', 'professional indemnity', 'record keeping', 'supervision', 'complaints procedure', 'code of ethics', 'disclosure duty', 'data protection', 'terms of engagement'], tags: ['ethics', 'impartiality', 'confidentiality', 'supervision', 'practice management', 'record keeping', 'professional standards'] },
  { category: 'practice', words: ['course', 'accreditation', 'mentor', 'role play', 'assessment day', 'certificate', 'practice hours', 'continuing education', 'apprenticeship', 'observation', 'co-mediation', 'reflective journal', 'trainer', 'portfolio'], tags: ['training', 'accreditation', 'mentoring', 'role play', 'continuing education', 'certification', 'new mediators'] },
  { category: 'choosing', words: ['credentials', 'experience', 'hourly rate', 'first call', 'facilitative style', 'evaluative style', 'availability', 'office location', 'reviews', 'specialism', 'languages spoken', 'referrals', 'directory listing', 'shortlist'], tags: ['choosing a mediator', 'credentials', 'mediation fees', 'mediation styles', 'first consultation', 'questions to ask', 'costs'] },
  { category: 'choosing', words: ['documents', 'goals', 'priorities', 'opening statement', 'support person', 'lawyer', 'timeline', 'notes', 'breaks', 'bank statements', 'calendar', 'questions list', 'childcare on the day', 'travel'], tags: ['preparation', 'documents', 'goals', 'lawyers', 'support persons', 'first session', 'checklists'] },
  { category: 'practice', words: ['domestic abuse', 'power imbalance', 'screening questions', 'safety plan', 'shuttle mediation', 'intimidation', 'coercive control', 'separate rooms', 'staggered arrival', 'risk', 'protective order', 'advocate', 'exit plan'], tags: ['screening', 'safety', 'power imbalance', 'shuttle mediation', 'domestic abuse', 'coercive control', 'risk assessment'] },
  { category: 'choosing', words: ['memorandum of understanding', 'settlement terms', 'signatures', 'court approval', 'enforceability', 'review clause', 'drafting', 'consent order', 'deadlines for payment', 'binding agreement', 'cooling-off period', 'schedule of payments'], tags: ['agreements', 'enforcement', 'consent orders', 'drafting', 'court approval', 'review clauses', 'memoranda'] },
  { category: 'news', words: ['court programme', 'referral scheme', 'pilot scheme', 'judges', 'case backlog', 'legislation', 'public funding', 'evaluation report', 'statistics', 'ministry', 'consultation paper', 'annual report', 'legal aid'], tags: ['courts', 'court referral', 'pilot schemes', 'legislation', 'public funding', 'research', 'legal aid'] },
  { category: 'community', words: ['restorative justice', 'harm', 'accountability', 'victim', 'offender', 'circle', 'youth worker', 'reparation', 'probation', 'graffiti', 'vandalism', 'shoplifting', 'community service'], tags: ['restorative justice', 'youth', 'victims', 'circles', 'accountability', 'reparation', 'probation'] },
  { category: 'business', words: ['land use', 'farmers', 'water rights', 'wind farm', 'planning permission', 'pollution', 'conservation', 'stakeholders', 'public consultation', 'footpath', 'quarry', 'irrigation', 'wetlands', 'grazing'], tags: ['environment', 'land use', 'water rights', 'planning', 'farming', 'public consultation', 'conservation'] },
];

// Sentences written for Concord; {a} {b} {c} are the topic's words, {name} a person, {city} a place.
const SENTENCES = [
  'When {a} comes up, most people want to talk about {b} first.',
  'A mediator helps both sides list what matters about {a} before anyone proposes a solution.',
  'In {city}, {name} has seen many disagreements over {a} settle once {b} was on the table.',
  'Questions about {a} and {b} are easier when each person has time to explain.',
  'Writing down what was agreed about {a} avoids arguments later.',
  'It often helps to separate {a} from {b} and deal with one at a time.',
  'Bring what you have about {a}: notes, letters and any figures on {b}.',
  'The hardest part is usually {a}, because it touches on {b} and {c}.',
  'Agreements about {a} work best when they say who does what, and by when.',
  'Some come to mediation after months of silence about {a}.',
  'A short private meeting before the joint meeting can calm worries about {b}.',
  'Nobody has to decide about {a} on the day; it is fine to take proposals home.',
  'Where {a} affects others, such as {b}, their views can be heard too.',
  'Costs stay lower when {a} is settled early, before {b} turns into a formal claim.',
  'A good first step is to agree on the facts about {a}.',
  'Many disagreements about {a} are really about {b}.',
  '{name} suggests listing three options for {a} and weighing each against {b}.',
  'Plain words matter: an agreement on {a} should still make sense years later.',
  'Talking about {b} early kept the conversation about {a} from stalling.',
  'After two meetings, the two sides had a draft on {a} and a date to review {c}.',
  'Check what the agreement says about {a} if circumstances change.',
  'The mediator asked each side what a fair outcome on {a} would look like.',
  'Feelings about {a} run high, so the meeting moved at a slower pace.',
  'Once {b} was sorted out, {a} took less than an hour.',
  'Experience from {city} shows that {a} rarely needs a court when {b} is discussed openly.',
  '{name}, who works in {city}, keeps a checklist for {a}.',
];

const HEADINGS = ['What usually happens', 'Before you start', 'A worked example', 'What to watch for', 'After the agreement', 'Questions people ask'];

const ARTICLE_TITLES = [
  '{A}: what to expect in mediation',
  'How to talk about {a} without a fight',
  'Five questions about {a} and {b}',
  'When {a} meets {b}: a practical guide',
  'Mediating {a} in {city}',
  'What {name} learned from {a} disputes',
  '{A} and {b}: keeping the conversation going',
  'A checklist for {a}',
  'Why disagreements over {a} settle',
  'Getting {a} right the first time',
  'Common ground on {a}',
];
const NEWS_TITLES = ['{city} expands mediation for {a}', 'New guidance on {a} published in {city}', 'Survey: {a} disputes settle faster with mediation', '{city} pilots free help with {a}'];
const VIDEO_TITLES = ['Video: {a} explained', 'Video: a role play about {a}', 'Video: {name} on {a} and {b}'];

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Inserts per statement: about 20 columns a row, under both engines' limits on bound values. */
const BATCH = 1000;
const DAY_MS = 86_400_000;

interface Draft {
  kind: ArticleKind;
  title: string;
  body: string;
  plain: string;
  categories: string[];
  tags: string[];
  author: number;
  publishedAt: string;
  sourceName: string | null;
  sourceUrl: string | null;
  videoUrl: string | null;
  videoId: string | null;
  videoSeconds: number | null;
}

class ArticleGenerator {
  private readonly faker: Faker;
  constructor(
    seed: number,
    private readonly now: Date,
    private readonly authors: number,
  ) {
    this.faker = new Faker({ locale: [en_US, en, base] });
    this.faker.seed([seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, 0x5eed]);
  }

  private fill(template: string, topic: Topic, other: Topic): string {
    const f = this.faker;
    const word = () => f.helpers.arrayElement(f.datatype.boolean(0.8) ? topic.words : other.words);
    const [a, b, c] = [word(), word(), word()];
    return template
      .replace('{A}', capitalise(a))
      .replace('{a}', a)
      .replace('{b}', b)
      .replace('{c}', c)
      .replace('{name}', () => f.person.fullName())
      .replace('{city}', () => f.location.city());
  }

  next(): Draft {
    const f = this.faker;
    const topic = f.helpers.arrayElement(TOPICS);
    const other = f.datatype.boolean(0.5) ? f.helpers.arrayElement(TOPICS) : topic;
    const roll = f.number.float({ min: 0, max: 1 });
    const kind: ArticleKind = roll < 0.85 ? 'article' : roll < 0.95 ? 'news' : 'video';
    const titles = kind === 'news' ? NEWS_TITLES : kind === 'video' ? VIDEO_TITLES : ARTICLE_TITLES;
    const title = this.fill(f.helpers.arrayElement(titles), topic, topic);

    const paragraphs: string[] = [];
    const markdown: string[] = [];
    const count = kind === 'news' ? f.number.int({ min: 2, max: 3 }) : f.number.int({ min: 3, max: 6 });
    for (let p = 0; p < count; p++) {
      if (p > 0 && kind === 'article' && f.datatype.boolean(0.3)) {
        const heading = f.helpers.arrayElement(HEADINGS);
        paragraphs.push(heading);
        markdown.push(`## ${heading}`);
      }
      const text = Array.from({ length: f.number.int({ min: 3, max: 5 }) }, () => this.fill(f.helpers.arrayElement(SENTENCES), topic, other)).join(' ');
      paragraphs.push(text);
      markdown.push(text);
    }

    const tags = new Set(f.helpers.arrayElements(topic.tags, { min: 2, max: 4 }));
    if (other !== topic && f.datatype.boolean(0.4)) tags.add(f.helpers.arrayElement(other.tags));
    const categories = new Set([topic.category]);
    if (other !== topic && f.datatype.boolean(0.25)) categories.add(other.category);
    if (kind === 'news') categories.add('news');

    const publishedAt = new Date(this.now.getTime() - f.number.int({ min: 0, max: 3 * 365 * DAY_MS })).toISOString();
    const city = f.location.city();
    const videoId = kind === 'video' ? f.string.fromCharacters('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 11) : null;
    return {
      kind,
      title,
      body: markdown.join('\n\n'),
      plain: paragraphs.join('\n'),
      categories: [...categories],
      tags: [...tags],
      // Some authors write far more than others, as on any real publication.
      author: Math.min(this.authors - 1, Math.floor(this.authors * f.number.float({ min: 0, max: 1 }) ** 2)),
      publishedAt,
      sourceName: kind === 'news' ? `The ${city} Ledger` : null,
      sourceUrl: kind === 'news' ? `https://news.example.org/${articleSlug(title)}` : null,
      videoUrl: videoId ? `https://www.youtube.com/watch?v=${videoId}` : null,
      videoId,
      videoSeconds: kind === 'video' ? f.number.int({ min: 90, max: 1500 }) : null,
    };
  }
}

/**
 * Adds `articles` published synthetic articles by existing mediators (up to 2,000 of them
 * become authors), then ranks related reading for the whole publication.
 */
export async function generateArticles(db: Db, engine: Engine, opts: GenerateOptions): Promise<GenerateResult> {
  const total = opts.articles;
  if (!Number.isInteger(total) || total < 0) throw new Error(`articles must be a whole number ≥ 0, got ${total}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => {});
  const started = performance.now();
  if (total === 0) return { articles: 0, authors: 0, insertMs: 0, relatedMs: 0 };

  const mediators = await db.selectFrom('mediators').select('id').orderBy('id').limit(Math.min(2000, Math.max(1, Math.ceil(total / 10)))).execute();
  if (!mediators.length) throw new Error('Articles need authors: add mediators first (npm run seed -- --mediators N).');
  const { authors, tagIds, categoryIds } = await db.transaction().execute(async (trx) => {
    await ensureCategories(trx, DEFAULT_CATEGORIES);
    const authors: number[] = [];
    for (const m of mediators) authors.push(await authorForMediator(trx, m.id, now));
    const tags = [...new Map(TOPICS.flatMap((t) => t.tags).map((name) => [tagSlug(name), name])).entries()];
    await trx.insertInto('tags').values(tags.map(([slug, name]) => ({ slug, name }))).onConflict((oc) => oc.column('slug').doNothing()).execute();
    const tagRows = await trx.selectFrom('tags').select(['id', 'slug']).where('slug', 'in', tags.map(([slug]) => slug)).execute();
    const categoryRows = await trx.selectFrom('categories').select(['id', 'slug']).execute();
    return { authors, tagIds: new Map(tagRows.map((t) => [t.slug, t.id])), categoryIds: new Map(categoryRows.map((c) => [c.slug, c.id])) };
  });

  // Slugs follow titles, numbered when a title repeats (and around any already taken).
  const taken = new Set((await db.selectFrom('articles').select('slug').execute()).map((r) => r.slug));
  const nextNumber = new Map<string, number>();
  const freeSlug = (title: string) => {
    const base = articleSlug(title);
    let n = nextNumber.get(base) ?? 1;
    let slug = n === 1 ? base : `${base}-${n}`;
    while (taken.has(slug)) slug = `${base}-${++n}`;
    nextNumber.set(base, n + 1);
    taken.add(slug);
    return slug;
  };

  const generator = new ArticleGenerator(opts.seed, now, authors.length);
  const index = articleTextIndexFor(engine);
  let made = 0;
  let lastLog = performance.now();
  while (made < total) {
    const drafts = Array.from({ length: Math.min(BATCH, total - made) }, () => generator.next());
    const rows = drafts.map((d) => ({
      kind: d.kind,
      slug: freeSlug(d.title),
      title: d.title,
      excerpt: deriveExcerpt(d.plain.split('\n')[0]!),
      excerpt_written: 0,
      body: d.body,
      source_name: d.sourceName,
      source_url: d.sourceUrl,
      video_url: d.videoUrl,
      video_provider: d.videoId ? ('youtube' as const) : null,
      video_id: d.videoId,
      video_seconds: d.videoSeconds,
      reading_minutes: d.videoSeconds ? Math.max(1, Math.round(d.videoSeconds / 60)) : Math.max(1, Math.round(wordCount(d.plain) / 220)),
      status: 'published' as const,
      created_at: d.publishedAt,
      updated_at: d.publishedAt,
      published_at: d.publishedAt,
    }));
    await db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('articles').values(rows).returning(['id', 'slug']).execute();
      const idBySlug = new Map(inserted.map((r) => [r.slug, r.id]));
      const ids = rows.map((r) => idBySlug.get(r.slug)!);
      await trx.insertInto('article_authors').values(drafts.map((d, i) => ({ article_id: ids[i]!, author_id: authors[d.author]!, position: 0 }))).execute();
      await trx.insertInto('article_categories').values(drafts.flatMap((d, i) => d.categories.map((c) => ({ article_id: ids[i]!, category_id: categoryIds.get(c)! })))).execute();
      await trx.insertInto('article_tags').values(drafts.flatMap((d, i) => d.tags.map((t) => ({ article_id: ids[i]!, tag_id: tagIds.get(tagSlug(t))! })))).execute();
      await index.index(trx, drafts.map((d, i) => ({ id: ids[i]!, title: d.title, excerpt: rows[i]!.excerpt, body: d.plain, tags: d.tags })));
    });
    made += drafts.length;
    if (performance.now() - lastLog > 3000 || made === total) {
      log(`inserted ${made} of ${total} articles (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      lastLog = performance.now();
    }
  }
  const insertMs = performance.now() - started;

  const relatedStarted = performance.now();
  await db.transaction().execute((trx) => rebuildRelated(trx, { now, log: (msg) => log(`related reading: ${msg}`) }));
  const relatedMs = performance.now() - relatedStarted;
  // Statistics for the new rows, so both planners pick the article indexes.
  await sql`ANALYZE`.execute(db);
  return { articles: made, authors: authors.length, insertMs, relatedMs };
}
