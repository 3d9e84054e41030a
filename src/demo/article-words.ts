/**
 * The word bank of generated articles, written for Concord: thirty mediation topics, each with
 * its own words and tags, and the sentences and titles they are dropped into. Articles on one
 * topic share words that articles on others do not, so related reading has something to find.
 */

export interface Topic {
  category: string;
  /** Words and phrases that say what the topic is about. */
  words: string[];
  tags: string[];
}

// The word bank: thirty topics, each with its own words and tags (about two hundred tags in all).
export const TOPICS: Topic[] = [
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
export const SENTENCES = [
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

export const HEADINGS = ['What usually happens', 'Before you start', 'A worked example', 'What to watch for', 'After the agreement', 'Questions people ask'];

export const ARTICLE_TITLES = [
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
export const NEWS_TITLES = ['{city} expands mediation for {a}', 'New guidance on {a} published in {city}', 'Survey: {a} disputes settle faster with mediation', '{city} pilots free help with {a}'];
export const VIDEO_TITLES = ['Video: {a} explained', 'Video: a role play about {a}', 'Video: {name} on {a} and {b}'];
